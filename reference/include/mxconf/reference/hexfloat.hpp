// C99 hexadecimal floating-point text for exact values: "0x1.cp+8", "-0x0p+0", "nan", "inf", "-inf".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mxconf/reference/exact_value.hpp"

namespace mxconf {

// Normalised: "0x1.<hex fraction without trailing zeros>p<signed exponent>", or 0x0p+0 for zero. NaN prints as
// "nan" or "-nan".
std::string to_hex_float(const ExactValue& v);

// Parses C99 hex floats ("0x1.8p-3", "-0X1P+0", "0x.8p1"), decimal integers and decimals with a finite binary
// expansion ("1.5", "-0.375", "464"), and "nan", "inf", "-inf". Empty when the text is none of these.
std::optional<ExactValue> parse_exact_value(std::string_view text);

// Hex code text: with or without 0x, case-insensitive. Empty when malformed or wider than 64 bits.
std::optional<std::uint64_t> parse_hex_code(std::string_view text);
// Lowercase, 0x-prefixed, no leading zeros beyond one digit ("0x7e", "0x0").
std::string to_hex_code(std::uint64_t code);

}  // namespace mxconf
