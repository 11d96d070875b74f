// An exact number: sign, an exact dyadic magnitude (significand * 2^exponent), or a special (Inf, NaN).
//
// Every value of every binary format, every product of two of them and every sum of such products is dyadic, so
// a dyadic magnitude with an arbitrary-precision significand represents everything the reference computes without
// rounding. Decisions that involve a non-dyadic ratio (a/448 in RCEIL) are made by cross-multiplying integers.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <compare>
#include <cstdint>

namespace mxconf {

using BigInt = boost::multiprecision::cpp_int;

class ExactValue {
 public:
  enum class Kind : std::uint8_t { finite, infinity, nan };

  static ExactValue zero(bool negative);
  static ExactValue infinity(bool negative);
  // A NaN remembers its sign and, where the source format has one, its payload (the mantissa field) and
  // whether it was quiet; encoders decide by policy which of these to keep.
  static ExactValue nan(bool negative, std::uint64_t payload = 0, bool quiet = true);
  // (-1)^negative * significand * 2^exponent. significand >= 0.
  static ExactValue finite(bool negative, BigInt significand, std::int64_t exponent);
  // Convenience for tests and tables: an integer times a power of two.
  static ExactValue dyadic(std::int64_t integer, std::int64_t exponent);

  Kind kind() const { return kind_; }
  bool negative() const { return negative_; }
  bool is_finite() const { return kind_ == Kind::finite; }
  bool is_nan() const { return kind_ == Kind::nan; }
  bool is_inf() const { return kind_ == Kind::infinity; }
  bool is_zero() const { return kind_ == Kind::finite && significand_ == 0; }
  std::uint64_t nan_payload() const { return payload_; }
  bool nan_quiet() const { return quiet_; }

  // Normalised: significand odd (or 0 with exponent 0), so equal values have equal fields.
  const BigInt& significand() const { return significand_; }
  std::int64_t exponent() const { return exponent_; }

  // floor(log2 |x|) for a finite non-zero value.
  std::int64_t floor_log2() const;
  // True when |x| is an exact power of two.
  bool is_power_of_two() const;

  ExactValue abs() const;
  ExactValue negated() const;
  // x * 2^k, exact.
  ExactValue scaled_by_power_of_two(std::int64_t k) const;

  // Bitwise-style identity: same kind, sign, magnitude (NaN payloads ignored). -0 and +0 differ.
  bool identical(const ExactValue& other) const;

 private:
  ExactValue(Kind kind, bool negative) : kind_(kind), negative_(negative) {}
  void normalise();

  Kind kind_ = Kind::finite;
  bool negative_ = false;
  bool quiet_ = true;
  std::uint64_t payload_ = 0;
  BigInt significand_ = 0;
  std::int64_t exponent_ = 0;
};

// Compares magnitudes of two finite values: |a| <=> |b|.
std::strong_ordering compare_magnitude(const ExactValue& a, const ExactValue& b);
// Numeric order of two non-NaN values (-0 == +0; -Inf < finite < +Inf).
std::strong_ordering compare(const ExactValue& a, const ExactValue& b);

// Exact arithmetic on finite values (IEEE rules for specials: Inf - Inf and 0 * Inf are NaN).
ExactValue add(const ExactValue& a, const ExactValue& b);
ExactValue multiply(const ExactValue& a, const ExactValue& b);

}  // namespace mxconf
