#include "mxconf/reference/hexfloat.hpp"

#include <boost/multiprecision/integer.hpp>
#include <cctype>
#include <charconv>

namespace mxconf {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

std::optional<std::int64_t> parse_exponent(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  // C99 6.4.4.2: one optional sign, then digits (from_chars would take a second '-': "0x1p--1").
  if (s.empty() || s[0] < '0' || s[0] > '9') return std::nullopt;
  std::int64_t e = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), e);
  if (ec != std::errc() || end != s.data() + s.size() || e > (std::int64_t{1} << 40)) return std::nullopt;
  return negative ? -e : e;
}

}  // namespace

std::string to_hex_float(const ExactValue& v) {
  const std::string sign = v.negative() ? "-" : "";
  if (v.is_nan()) return sign + "nan";
  if (v.is_inf()) return sign + "inf";
  if (v.is_zero()) return sign + "0x0p+0";
  // significand is odd: value = 1.f * 2^(floor_log2); f has msb(significand) bits, padded to whole hex digits.
  const auto top = static_cast<unsigned>(boost::multiprecision::msb(v.significand()));
  const std::int64_t exponent = v.floor_log2();
  std::string out = sign + "0x1";
  if (top > 0) {
    BigInt fraction = v.significand() - (BigInt(1) << top);
    const unsigned digits = (top + 3) / 4;
    fraction <<= digits * 4 - top;
    std::string hex(digits, '0');
    for (unsigned i = 0; i < digits; ++i) {
      const auto nibble = static_cast<unsigned>(fraction & 0xf);
      hex[digits - 1 - i] = "0123456789abcdef"[nibble];
      fraction >>= 4;
    }
    while (!hex.empty() && hex.back() == '0') hex.pop_back();
    out += "." + hex;
  }
  out += "p";
  out += exponent >= 0 ? "+" : "-";
  out += std::to_string(exponent >= 0 ? exponent : -exponent);
  return out;
}

std::optional<ExactValue> parse_exact_value(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text == "nan" || text == "NaN" || text == "NAN") return ExactValue::nan(negative);
  if (text == "inf" || text == "Inf" || text == "INF" || text == "infinity") return ExactValue::infinity(negative);

  if (starts_with_ci(text, "0x")) {
    text.remove_prefix(2);
    BigInt significand = 0;
    std::int64_t exponent = 0;
    bool seen_digit = false;
    bool after_point = false;
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '.') {
        if (after_point) return std::nullopt;
        after_point = true;
        continue;
      }
      const int d = hex_digit(c);
      if (d < 0) break;
      seen_digit = true;
      significand = significand * 16 + d;
      if (after_point) exponent -= 4;
    }
    if (!seen_digit) return std::nullopt;
    if (i < text.size()) {
      if (text[i] != 'p' && text[i] != 'P') return std::nullopt;
      const auto e = parse_exponent(text.substr(i + 1));
      if (!e) return std::nullopt;
      exponent += *e;
    }
    return ExactValue::finite(negative, significand, exponent);
  }

  // Decimal: digits[.digits][e[+-]digits], accepted only when the value is dyadic (finite binary expansion).
  BigInt numerator = 0;
  std::int64_t decimal_exponent = 0;
  bool seen_digit = false;
  bool after_point = false;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (after_point) return std::nullopt;
      after_point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    seen_digit = true;
    numerator = numerator * 10 + (c - '0');
    if (after_point) --decimal_exponent;
  }
  if (!seen_digit) return std::nullopt;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return std::nullopt;
    const auto e = parse_exponent(text.substr(i + 1));
    if (!e || *e > 4000 || *e < -4000) return std::nullopt;
    decimal_exponent += *e;
  }
  if (decimal_exponent >= 0) {
    for (std::int64_t k = 0; k < decimal_exponent; ++k) numerator *= 10;
    return ExactValue::finite(negative, numerator, 0);
  }
  // numerator / 10^k = numerator / 5^k * 2^-k: dyadic only if 5^k divides the numerator.
  BigInt five_power = 1;
  for (std::int64_t k = 0; k < -decimal_exponent; ++k) five_power *= 5;
  if (numerator % five_power != 0) return std::nullopt;
  return ExactValue::finite(negative, numerator / five_power, decimal_exponent);
}

std::optional<std::uint64_t> parse_hex_code(std::string_view text) {
  if (starts_with_ci(text, "0x")) text.remove_prefix(2);
  if (text.empty() || text.size() > 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    const int d = hex_digit(c);
    if (d < 0) return std::nullopt;
    v = v << 4 | static_cast<std::uint64_t>(d);
  }
  return v;
}

std::string to_hex_code(std::uint64_t code) {
  char buffer[19] = "0x";
  const auto [end, ec] = std::to_chars(buffer + 2, buffer + sizeof buffer, code, 16);
  return std::string(buffer, end);
}

}  // namespace mxconf
