#include "exact_decimal.hpp"

namespace mxconf::cli {
namespace {

// 2^512 and 2^-512 already take over 150 decimal digits; refusing before building the integer keeps inputs like
// 0x1p+100000 cheap.
constexpr std::int64_t kMaxBinaryExponent = 512;

}  // namespace

std::optional<std::string> short_decimal(const ExactValue& value, std::size_t max_length) {
  if (!value.is_finite()) return std::nullopt;
  const std::string sign = value.negative() ? "-" : "";
  if (value.is_zero()) return sign + "0";
  const std::int64_t exponent = value.exponent();
  if (exponent > kMaxBinaryExponent || exponent < -kMaxBinaryExponent) return std::nullopt;
  std::string text;
  if (exponent >= 0) {
    text = BigInt(value.significand() << static_cast<unsigned>(exponent)).str();
  } else {
    // m * 2^-k = (m * 5^k) / 10^k: the digits of m * 5^k with the point k places from the right.
    const auto places = static_cast<std::size_t>(-exponent);
    BigInt five_power = 1;
    for (std::size_t i = 0; i < places; ++i) five_power *= 5;
    std::string digits = BigInt(value.significand() * five_power).str();
    if (digits.size() <= places) digits.insert(0, places - digits.size() + 1, '0');
    text = digits.substr(0, digits.size() - places) + "." + digits.substr(digits.size() - places);
  }
  text = sign + text;
  if (text.size() > max_length) return std::nullopt;
  return text;
}

}  // namespace mxconf::cli
