// Reading the reference's interval files for the device-side sweeps (interval_compare.hpp). Plain C++, tested on
// the CPU (tests/cuda_mx/test_interval_file.cpp).
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "mxconf/device_compare/interval_compare.hpp"

namespace mxconf::device_compare {
namespace {

std::uint32_t parse_hex(const std::string& s, const std::string& where) {
  std::size_t used = 0;
  unsigned long long v = 0;
  try {
    v = std::stoull(s, &used, 16);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != s.size() || s.empty() || v > 0xffffffffull)
    throw std::runtime_error(where + ": '" + s + "' is not a 32-bit hex pattern");
  return static_cast<std::uint32_t>(v);
}

}  // namespace

std::vector<IntervalRow> read_interval_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::vector<IntervalRow> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#' || line[0] == '@' || line.rfind("mxconf-vectors", 0) == 0) continue;
    const std::string where = path + ":" + std::to_string(number);
    std::istringstream fields(line);
    std::string first, last, code;
    if (!(fields >> first >> last >> code)) throw std::runtime_error(where + ": expected 'first last code classes'");
    IntervalRow row{parse_hex(first, where), parse_hex(last, where), -1};
    if (code != "-") row.code = static_cast<std::int32_t>(parse_hex(code, where));
    if (row.code > 0xff) throw std::runtime_error(where + ": code " + code + " does not fit a byte");
    if (!rows.empty() && rows.back().last == 0xffffffffu)
      throw std::runtime_error(where + ": a row after the one ending at 0xffffffff");
    const std::uint32_t expected_first = rows.empty() ? 0u : rows.back().last + 1;
    if (row.first != expected_first || row.last < row.first)
      throw std::runtime_error(where + ": rows must cover the patterns in order without gaps or overlaps (expected a "
                                       "row starting at " + std::to_string(expected_first) + ")");
    rows.push_back(row);
  }
  if (rows.empty() || rows.back().last != 0xffffffffu)
    throw std::runtime_error(path + ": the rows do not reach 0xffffffff");
  return rows;
}

}  // namespace mxconf::device_compare
