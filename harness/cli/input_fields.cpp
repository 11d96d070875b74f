#include "input_fields.hpp"

#include <string>

#include "input_quote.hpp"
#include "line_error.hpp"
#include "mxconf/reference/hexfloat.hpp"

namespace mxconf::cli {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

void require_field_count(const std::vector<std::string_view>& fields, std::size_t expected, std::string_view what) {
  if (fields.size() != expected)
    throw LineError("expected " + std::to_string(expected) + " " + std::string(what) + ", found " +
                    std::to_string(fields.size()));
}

bool has_hex_prefix(std::string_view text) {
  return text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
}

std::uint64_t parse_hex_field(std::string_view text, std::string_view what) {
  // Hex only with 0x (issue 9): a bare 448 is not silently the pattern 0x448.
  if (!has_hex_prefix(text))
    throw LineError(std::string(what) + " " + quote_input(text) +
                    " has no 0x prefix: codes and bit patterns are hex with 0x (for example 0x7e)");
  const auto code = parse_hex_code(text);
  if (!code) throw LineError(std::string(what) + " " + quote_input(text) + " is not a hex code (0x and 1 to 16 hex digits)");
  return *code;
}

}  // namespace mxconf::cli
