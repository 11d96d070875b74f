// How an error message quotes what the user typed: at most ~80 characters, control bytes and bytes that are not
// UTF-8 written as \xNN, so that a 200 MB line or binary garbage gives one short, printable line (issue 9).
#pragma once

#include <string>
#include <string_view>

namespace mxconf::cli {

inline constexpr std::size_t kQuoteLimit = 80;

// The text between single quotes, escaped and cut at kQuoteLimit bytes of input ("... (N bytes)" when cut).
std::string quote_input(std::string_view text);

// The length of a UTF-8 byte order mark at the start of `text` (3), or 0.
inline std::size_t bom_length(std::string_view text) { return text.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

}  // namespace mxconf::cli
