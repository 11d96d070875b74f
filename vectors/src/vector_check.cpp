#include "mxconf/vectors/vector_check.hpp"

#include <array>

#include "mxconf/reference/format.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "mxconf/reference/profile.hpp"
#include "mxconf/vectors/case_class.hpp"
#include "mxconf/vectors/observation.hpp"

namespace mxconf::vectors {
namespace {

const FormatSpec& format_named(const VectorFile& f, std::string_view key, const std::string& path) {
  const auto name = f.require(key, path);
  const auto id = find_format(name);
  if (!id) throw VectorFileError(path, 1, "@" + std::string(key) + " names unknown format '" + std::string(name) + "'");
  return format_spec(*id);
}

std::uint64_t hex_field(const Row& row, std::size_t i, const std::string& path, std::uint64_t max,
                        std::string_view what) {
  const auto v = parse_hex_code(row.fields[i]);
  if (!v) throw VectorFileError(path, row.line, std::string(what) + " '" + row.fields[i] + "' is not a hex number");
  if (*v > max)
    throw VectorFileError(path, row.line, std::string(what) + " " + row.fields[i] + " is wider than its format");
  return *v;
}

void check_classes(const Row& row, std::size_t i, const std::string& path) {
  if (!CaseClasses::parse(row.fields[i]))
    throw VectorFileError(path, row.line, "unknown case class in '" + row.fields[i] + "'");
}

void check_columns(const VectorFile& f, const std::string& path, std::size_t expected) {
  if (!f.rows.empty() && f.rows.front().fields.size() != expected)
    throw VectorFileError(path, f.rows.front().line,
                          "this operation needs " + std::to_string(expected) + " columns, @columns names " +
                              std::to_string(f.rows.front().fields.size()));
  if (f.rows.empty()) {
    std::size_t named = 0;
    const auto cols = f.require("columns", path);
    for (std::size_t i = 0; i < cols.size();) {
      while (i < cols.size() && cols[i] == ' ') ++i;
      if (i < cols.size()) ++named;
      while (i < cols.size() && cols[i] != ' ') ++i;
    }
    if (named != expected)
      throw VectorFileError(path, 1, "this operation needs " + std::to_string(expected) + " columns");
  }
}

void check_rounding(const VectorFile& f, const std::string& path) {
  const auto r = f.require("rounding", path);
  if (!parse_rounding(r)) throw VectorFileError(path, 1, "@rounding names unknown mode '" + std::string(r) + "'");
}

std::size_t number_key(const VectorFile& f, std::string_view key, const std::string& path) {
  const std::string text(f.require(key, path));
  std::size_t n = 0;
  for (const char c : text) {
    if (c < '0' || c > '9' || n > 1'000'000) throw VectorFileError(path, 1, "@" + std::string(key) + " is not a count");
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n == 0) throw VectorFileError(path, 1, "@" + std::string(key) + " must be at least 1");
  return n;
}

std::vector<Interval> read_intervals(const VectorFile& f, const std::string& path, const FormatSpec& from,
                                     const FormatSpec& to) {
  check_columns(f, path, 4);
  std::vector<Interval> table;
  for (const Row& row : f.rows) {
    Interval i;
    i.first = hex_field(row, 0, path, code_mask(from), "first pattern");
    i.last = hex_field(row, 1, path, code_mask(from), "last pattern");
    if (row.fields[2] != "-") i.code = hex_field(row, 2, path, code_mask(to), "code");
    check_classes(row, 3, path);
    if (i.last < i.first) throw VectorFileError(path, row.line, "interval ends before it starts");
    if (!table.empty()) {
      if (i.first <= table.back().last) throw VectorFileError(path, row.line, "interval overlaps or is out of order");
      if (i.first != table.back().last + 1) throw VectorFileError(path, row.line, "gap before this interval");
    } else if (i.first != 0) {
      throw VectorFileError(path, row.line, "the first interval must start at pattern 0");
    }
    table.push_back(i);
  }
  if (table.empty() || table.back().last != code_mask(from))
    throw VectorFileError(path, f.rows.empty() ? 1 : f.rows.back().line,
                          "the intervals do not reach the last pattern of " + std::string(from.name));
  return table;
}

void check_block_rows(const VectorFile& f, const std::string& path) {
  const FormatSpec& element = format_named(f, "element", path);
  const std::size_t k = number_key(f, "block", path);
  check_rounding(f, path);
  const bool sr = f.require("rounding", path) == "sr";
  check_columns(f, path, 2 + k + (sr ? k : 0) + 1 + k);
  for (const Row& row : f.rows) {
    check_classes(row, 1, path);
    std::size_t i = 2;
    for (std::size_t j = 0; j < k; ++j) hex_field(row, i++, path, 0xffff'ffff, "fp32 value");
    if (sr)
      for (std::size_t j = 0; j < k; ++j) hex_field(row, i++, path, ~std::uint64_t{0}, "random value");
    hex_field(row, i++, path, 0xff, "scale");
    for (std::size_t j = 0; j < k; ++j) hex_field(row, i++, path, code_mask(element), "element code");
  }
}

void check_dot_rows(const VectorFile& f, const std::string& path) {
  const FormatSpec& element = format_named(f, "element", path);
  const std::size_t k = number_key(f, "block", path);
  const std::size_t pairs = number_key(f, "pairs", path);
  check_columns(f, path, 2 + 2 * pairs * (1 + k) + 2);
  for (const Row& row : f.rows) {
    check_classes(row, 1, path);
    std::size_t i = 2;
    for (std::size_t b = 0; b < 2 * pairs; ++b) {
      hex_field(row, i++, path, 0xff, "scale");
      for (std::size_t j = 0; j < k; ++j) hex_field(row, i++, path, code_mask(element), "element code");
    }
    if (!parse_exact_value(row.fields[i]))
      throw VectorFileError(path, row.line, "exact result '" + row.fields[i] + "' is not a hex float");
    hex_field(row, i + 1, path, 0xffff'ffff, "fp32 result");
  }
}

}  // namespace

std::vector<Interval> intervals_of(const VectorFile& f, const std::string& path) {
  return read_intervals(f, path, format_named(f, "from", path), format_named(f, "to", path));
}

void check_vector_file(const VectorFile& f, const std::string& path) {
  const auto operation = f.require("operation", path);
  if (is_observation(f, path)) check_observation(f, path);  // docs/observations.md: provenance keys, folder
  if (const auto profile = f.find("profile"); profile && !find_profile(*profile))
    throw VectorFileError(path, 1, "@profile names unknown profile '" + std::string(*profile) + "'");
  if (operation == "decode") {
    const FormatSpec& format = format_named(f, "format", path);
    check_columns(f, path, 3);
    for (const Row& row : f.rows) {
      hex_field(row, 0, path, code_mask(format), "code");
      if (!parse_exact_value(row.fields[1]))
        throw VectorFileError(path, row.line, "value '" + row.fields[1] + "' is not a hex float, nan or inf");
      check_classes(row, 2, path);
    }
  } else if (operation == "convert-intervals" || operation == "scale-intervals") {
    if (operation == "convert-intervals") check_rounding(f, path);
    intervals_of(f, path);
  } else if (operation == "convert") {
    const FormatSpec& from = format_named(f, "from", path);
    const FormatSpec& to = format_named(f, "to", path);
    check_rounding(f, path);
    const bool sr = f.require("rounding", path) == "sr";
    if (sr) number_key(f, "sr-bits", path);
    check_columns(f, path, sr ? 4 : 3);
    for (const Row& row : f.rows) {
      std::size_t i = 0;
      hex_field(row, i++, path, code_mask(from), "input");
      if (sr) hex_field(row, i++, path, ~std::uint64_t{0}, "random value");
      hex_field(row, i++, path, code_mask(to), "code");
      check_classes(row, i, path);
    }
  } else if (operation == "quantize") {
    check_block_rows(f, path);
  } else if (operation == "dot") {
    check_dot_rows(f, path);
  } else if (operation == "manifest") {
    check_columns(f, path, 5);
  } else {
    throw VectorFileError(path, 1, "unknown @operation '" + std::string(operation) + "'");
  }
}

}  // namespace mxconf::vectors
