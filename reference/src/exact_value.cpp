#include "mxconf/reference/exact_value.hpp"

#include <boost/multiprecision/integer.hpp>

namespace mxconf {

ExactValue ExactValue::zero(bool negative) { return ExactValue(Kind::finite, negative); }

ExactValue ExactValue::infinity(bool negative) { return ExactValue(Kind::infinity, negative); }

ExactValue ExactValue::nan(bool negative, std::uint64_t payload, bool quiet) {
  ExactValue v(Kind::nan, negative);
  v.payload_ = payload;
  v.quiet_ = quiet;
  return v;
}

ExactValue ExactValue::finite(bool negative, BigInt significand, std::int64_t exponent) {
  ExactValue v(Kind::finite, negative);
  v.significand_ = std::move(significand);
  v.exponent_ = exponent;
  v.normalise();
  return v;
}

ExactValue ExactValue::dyadic(std::int64_t integer, std::int64_t exponent) {
  const bool negative = integer < 0;
  // Built through unsigned arithmetic so INT64_MIN has a magnitude.
  const std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(integer) + 1 : static_cast<std::uint64_t>(integer);
  return finite(negative, BigInt(magnitude), exponent);
}

void ExactValue::normalise() {
  if (significand_ == 0) {
    exponent_ = 0;
    return;
  }
  const auto trailing = static_cast<std::int64_t>(boost::multiprecision::lsb(significand_));
  significand_ >>= trailing;
  exponent_ += trailing;
}

std::int64_t ExactValue::floor_log2() const {
  return static_cast<std::int64_t>(boost::multiprecision::msb(significand_)) + exponent_;
}

bool ExactValue::is_power_of_two() const { return kind_ == Kind::finite && significand_ == 1; }

ExactValue ExactValue::abs() const {
  ExactValue v = *this;
  v.negative_ = false;
  return v;
}

ExactValue ExactValue::negated() const {
  ExactValue v = *this;
  v.negative_ = !negative_;
  return v;
}

ExactValue ExactValue::scaled_by_power_of_two(std::int64_t k) const {
  ExactValue v = *this;
  if (v.kind_ == Kind::finite && v.significand_ != 0) v.exponent_ += k;
  return v;
}

bool ExactValue::identical(const ExactValue& other) const {
  if (kind_ != other.kind_ || negative_ != other.negative_) return false;
  if (kind_ != Kind::finite) return true;
  return significand_ == other.significand_ && exponent_ == other.exponent_;
}

std::strong_ordering compare_magnitude(const ExactValue& a, const ExactValue& b) {
  const bool a_zero = a.significand() == 0;
  const bool b_zero = b.significand() == 0;
  if (a_zero || b_zero) return !a_zero <=> !b_zero;
  const auto la = a.floor_log2();
  const auto lb = b.floor_log2();
  if (la != lb) return la <=> lb;
  // Same binade: align to the smaller exponent and compare the integers.
  const auto e = std::min(a.exponent(), b.exponent());
  const BigInt sa = a.significand() << static_cast<unsigned>(a.exponent() - e);
  const BigInt sb = b.significand() << static_cast<unsigned>(b.exponent() - e);
  if (sa == sb) return std::strong_ordering::equal;
  return sa < sb ? std::strong_ordering::less : std::strong_ordering::greater;
}

std::strong_ordering compare(const ExactValue& a, const ExactValue& b) {
  auto rank = [](const ExactValue& v) {  // -Inf, negative, zero, positive, +Inf
    if (v.is_inf()) return v.negative() ? 0 : 4;
    if (v.is_zero()) return 2;
    return v.negative() ? 1 : 3;
  };
  const int ra = rank(a);
  const int rb = rank(b);
  if (ra != rb) return ra <=> rb;
  if (ra == 1) return compare_magnitude(b, a);
  if (ra == 3) return compare_magnitude(a, b);
  return std::strong_ordering::equal;
}

ExactValue add(const ExactValue& a, const ExactValue& b) {
  if (a.is_nan()) return a;
  if (b.is_nan()) return b;
  if (a.is_inf() && b.is_inf()) return a.negative() == b.negative() ? a : ExactValue::nan(false);
  if (a.is_inf()) return a;
  if (b.is_inf()) return b;
  if (a.is_zero() && b.is_zero()) return ExactValue::zero(a.negative() && b.negative());
  if (a.is_zero()) return b;
  if (b.is_zero()) return a;
  const auto e = std::min(a.exponent(), b.exponent());
  BigInt sa = a.significand() << static_cast<unsigned>(a.exponent() - e);
  BigInt sb = b.significand() << static_cast<unsigned>(b.exponent() - e);
  if (a.negative()) sa = -sa;
  if (b.negative()) sb = -sb;
  BigInt sum = sa + sb;
  // An exact zero sum is +0 (IEEE 754 §6.3 under round to nearest).
  const bool negative = sum < 0;
  if (negative) sum = -sum;
  return ExactValue::finite(negative, std::move(sum), e);
}

ExactValue multiply(const ExactValue& a, const ExactValue& b) {
  const bool negative = a.negative() != b.negative();
  if (a.is_nan()) return a;
  if (b.is_nan()) return b;
  if ((a.is_inf() && b.is_zero()) || (a.is_zero() && b.is_inf())) return ExactValue::nan(false);
  if (a.is_inf() || b.is_inf()) return ExactValue::infinity(negative);
  return ExactValue::finite(negative, a.significand() * b.significand(), a.exponent() + b.exponent());
}

}  // namespace mxconf
