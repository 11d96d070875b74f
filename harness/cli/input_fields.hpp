// The fields of one input line: split on spaces and tabs, counted, and read as hex codes. Failures throw
// LineError saying which field and why; the caller adds the line number.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace mxconf::cli {

// Whitespace-separated fields; a trailing '\r' (CRLF input) is whitespace too.
std::vector<std::string_view> split_fields(std::string_view line);

// LineError "expected <expected> <what>, found <found>" unless fields.size() == expected.
void require_field_count(const std::vector<std::string_view>& fields, std::size_t expected, std::string_view what);

// True when `text` starts with 0x or 0X (and has something after it).
bool has_hex_prefix(std::string_view text);

// A hex code with its 0x prefix, any case (parse_hex_code); a bare number is refused with a hint (issue 9).
// `what` names the field in the message, which quotes at most ~80 escaped characters (input_quote.hpp).
std::uint64_t parse_hex_field(std::string_view text, std::string_view what);

}  // namespace mxconf::cli
