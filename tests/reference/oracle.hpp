// An independent brute-force oracle for the reference's decode and element rounding (tests only).
//
// It is deliberately built differently from reference/src/codec.cpp, in the style of universal's
// ocp_e4m3_conformance oracle (peer-lessons §3 "Other techniques"):
//   * decode: the bit layouts are transcribed here from spec-rules §1 (not read from format.cpp's table), and each
//     code's value is computed from its fields (S, E, M) with integer arithmetic;
//   * rounding: every finite value of the destination is listed and sorted; an input is rounded by searching that
//     list for the two values that bracket it and comparing exact distances, the mode applied by its IEEE 754
//     definition (ties to even = the neighbour whose code is even; e8m0 ties to the even code), then the overflow
//     rules of spec-rules §2.2/§2.3 and the policies of policy.hpp.
// ExactValue's arithmetic (add, compare, constructors) is used as a primitive; decode/encode/round_to_format never
// are. Only formats of at most 16 bits have a rounding grid (all values of fp32/fp64 are not enumerated).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "mxconf/reference/exact_value.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/policy.hpp"
#include "mxconf/reference/rounding.hpp"

namespace mxtest {

using mxconf::BigInt;
using mxconf::ExactValue;
using mxconf::FormatId;
using mxconf::Rounding;

// ---- Bit layouts, transcribed from spec-rules §1 (and IEEE 754 for the wide formats). ----

enum class Kind {
  ieee,    // E all ones: M = 0 Inf, else NaN (e5m2 §1.2, fp16, bf16, fp32, fp64)
  fn,      // only S.1111.111 is NaN, no Inf (e4m3 §1.1; NVFP4's unsigned ue4m3: 0x7f NaN)
  fnuz,    // 0x80 (the would-be -0) is the only NaN; no Inf, no -0 (LLVM Float8E4M3FNUZ/E5M2FNUZ)
  finite,  // every code a number (e3m2, e2m3, e2m1 §1.3)
  int8,    // two's complement q, value q * 2^-6 (§1.4)
  e8m0,    // 2^(c-127) for c = 0..254, 0xff NaN, no zero, no sign (§1.5)
};

struct Layout {
  FormatId id;
  const char* name;
  int bits;
  bool sign;  // a sign bit in the MSB (sign-magnitude); false for int8 (two's complement) and unsigned formats
  int ebits, mbits, bias;
  Kind kind;
};

inline const Layout& layout(FormatId id) {
  // clang-format off
  static const Layout rows[] = {
    {FormatId::e4m3,     "e4m3",      8, true,  4,  3,    7, Kind::fn},      // §1.1: bias 7, 0x7f/0xff NaN
    {FormatId::e5m2,     "e5m2",      8, true,  5,  2,   15, Kind::ieee},    // §1.2: bias 15, IEEE-like
    {FormatId::e3m2,     "e3m2",      6, true,  3,  2,    3, Kind::finite},  // §1.3: bias 3
    {FormatId::e2m3,     "e2m3",      6, true,  2,  3,    1, Kind::finite},  // §1.3: bias 1
    {FormatId::e2m1,     "e2m1",      4, true,  2,  1,    1, Kind::finite},  // §1.3: bias 1
    {FormatId::int8,     "int8",      8, false, 0,  0,    0, Kind::int8},    // §1.4: q * 2^-6 (no sign bit)
    {FormatId::e8m0,     "e8m0",      8, false, 8,  0,  127, Kind::e8m0},    // §1.5: 2^(c-127)
    {FormatId::fp32,     "fp32",     32, true,  8, 23,  127, Kind::ieee},
    {FormatId::bf16,     "bf16",     16, true,  8,  7,  127, Kind::ieee},
    {FormatId::fp16,     "fp16",     16, true,  5, 10,   15, Kind::ieee},
    {FormatId::fp64,     "fp64",     64, true, 11, 52, 1023, Kind::ieee},
    {FormatId::e4m3fnuz, "e4m3fnuz",  8, true,  4,  3,    8, Kind::fnuz},
    {FormatId::e5m2fnuz, "e5m2fnuz",  8, true,  5,  2,   16, Kind::fnuz},
    {FormatId::ue4m3,    "ue4m3",     7, false, 4,  3,    7, Kind::fn},
  };
  // clang-format on
  for (const auto& r : rows)
    if (r.id == id) return r;
  throw std::logic_error("oracle: no layout");
}

inline bool oracle_has_inf(const Layout& l) { return l.kind == Kind::ieee; }
inline bool oracle_has_nan(const Layout& l) { return l.kind != Kind::finite && l.kind != Kind::int8; }
inline bool oracle_has_zero(const Layout& l) { return l.kind != Kind::e8m0; }
inline bool oracle_has_negative_zero(const Layout& l) { return l.sign && l.kind != Kind::fnuz; }
inline std::uint64_t oracle_sign_bit(const Layout& l) { return l.sign ? std::uint64_t{1} << (l.bits - 1) : 0; }

inline ExactValue pow2_value(std::int64_t k) { return ExactValue::finite(false, BigInt(1), k); }

// Magnitude of a binary code from its fields, ignoring special encodings. E may exceed the field (used for the
// value one step beyond the largest finite, as if the exponent range were unbounded).
inline ExactValue binary_magnitude(const Layout& l, std::uint64_t magnitude_code) {
  const std::uint64_t m_mask = (std::uint64_t{1} << l.mbits) - 1;
  const std::uint64_t e = magnitude_code >> l.mbits;
  const std::uint64_t m = magnitude_code & m_mask;
  if (l.kind == Kind::e8m0) return pow2_value(static_cast<std::int64_t>(e) - l.bias);  // no subnormals
  if (e == 0)  // subnormal: 0.M * 2^(1 - bias)
    return ExactValue::finite(false, BigInt(m), 1 - l.bias - l.mbits);
  // normal: 1.M * 2^(E - bias)
  return ExactValue::finite(false, (BigInt(1) << l.mbits) + m, static_cast<std::int64_t>(e) - l.bias - l.mbits);
}

// The value of a code, from first principles. NaN sign is the sign bit except in fnuz (one unsigned NaN).
inline ExactValue oracle_decode(FormatId id, std::uint64_t code) {
  const Layout& l = layout(id);
  if (l.kind == Kind::int8) {
    const auto q = static_cast<std::int64_t>(code) - (code >= 128 ? 256 : 0);
    return ExactValue::dyadic(q, -6);
  }
  if (l.kind == Kind::e8m0 && code == 0xff) return ExactValue::nan(false);
  const bool negative = l.sign && ((code >> (l.bits - 1)) & 1) != 0;
  const std::uint64_t magnitude = code & ~oracle_sign_bit(l) & (l.bits == 64 ? ~0ull : (1ull << l.bits) - 1);
  const std::uint64_t e_all = (std::uint64_t{1} << l.ebits) - 1;
  const std::uint64_t m_all = (std::uint64_t{1} << l.mbits) - 1;
  const std::uint64_t e = magnitude >> l.mbits;
  const std::uint64_t m = magnitude & m_all;
  switch (l.kind) {
    case Kind::ieee:
      if (e == e_all) return m == 0 ? ExactValue::infinity(negative) : ExactValue::nan(negative, m);
      break;
    case Kind::fn:
      if (e == e_all && m == m_all) return ExactValue::nan(negative, m);
      break;
    case Kind::fnuz:
      if (code == 0x80) return ExactValue::nan(false);
      break;
    default:
      break;
  }
  const ExactValue v = binary_magnitude(l, magnitude);
  return negative ? v.negated() : v;
}

// ---- Exact helpers. ----

inline ExactValue sub(const ExactValue& a, const ExactValue& b) { return mxconf::add(a, b.negated()); }
inline bool lt(const ExactValue& a, const ExactValue& b) { return mxconf::compare(a, b) < 0; }
inline bool eq(const ExactValue& a, const ExactValue& b) { return mxconf::compare(a, b) == 0; }

// floor(v) of a finite v >= 0, as an integer.
inline BigInt floor_nonnegative(const ExactValue& v) {
  if (v.is_zero()) return 0;
  if (v.exponent() >= 0) return v.significand() << static_cast<unsigned>(v.exponent());
  return v.significand() >> static_cast<unsigned>(-v.exponent());
}

// The exact value of a native double, through frexp/ldexp (a third, independent decoder for fp32/fp64 codes).
inline ExactValue exact_from_double(double d);

// ---- The rounding oracle. ----

struct Point {
  ExactValue value;
  std::uint64_t code = 0;   // for the beyond points: not a real code
  bool even = false;        // the code's LSB is 0 (for a beyond point: the parity the next code would have)
  bool beyond = false;      // one step past the largest finite (or below the most negative), unbounded range
};

// The result of the oracle: a code, or the error the policies ask for (a thrown InvalidArgument).
struct Outcome {
  bool error = false;
  std::uint64_t code = 0;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

inline std::string describe(const Outcome& o) {
  if (o.error) return "error";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(o.code));
  return buffer;
}

// Where x sits on the grid: found once, used for every mode.
struct Bracket {
  enum class Where { exact, between, above_all, below_all } where = Where::between;
  std::size_t lo = 0, hi = 0;  // indices into points; exact: lo == hi
};

class Grid {
 public:
  Grid(FormatId id, mxconf::Int8Range range) : l_(layout(id)), range_(range) {
    if (l_.bits > 16) throw std::logic_error("oracle grid: format too wide");
    std::uint64_t max_pos_magnitude_code = 0;
    ExactValue max_pos = ExactValue::zero(false);
    for (std::uint64_t c = 0; c < (std::uint64_t{1} << l_.bits); ++c) {
      const ExactValue v = oracle_decode(l_.id, c);
      if (!v.is_finite()) continue;
      if (v.is_zero() && v.negative()) {
        negative_zero_code_ = c;
        continue;
      }
      if (l_.kind == Kind::int8 && c == 0x80 && range == mxconf::Int8Range::symmetric) continue;  // never emitted
      if (!v.negative() && lt(max_pos, v)) {
        max_pos = v;
        max_pos_magnitude_code = c;
      }
      points_.push_back(Point{v, c, (c & 1) == 0, false});
    }
    std::sort(points_.begin(), points_.end(), [](const Point& a, const Point& b) { return lt(a.value, b.value); });
    for (std::size_t i = 1; i < points_.size(); ++i)
      if (!lt(points_[i - 1].value, points_[i].value)) throw std::logic_error("oracle grid: duplicate value");
    max_pos_code_ = max_pos_magnitude_code;
    // One step beyond the largest finite: the code after it, read with an unbounded exponent (e4m3 0x7f -> 480,
    // e5m2 0x7c -> 65536, e2m1 0x8 -> 8, int8 q = 128 -> 2, e8m0 0xff -> 2^128).
    const std::uint64_t next = max_pos_magnitude_code + 1;
    const ExactValue top = l_.kind == Kind::int8 ? ExactValue::dyadic(128, -6) : binary_magnitude(l_, next);
    points_.push_back(Point{top, next, (next & 1) == 0, true});
    if (l_.sign) {  // sign-magnitude: the mirror image
      max_neg_code_ = max_pos_code_ | oracle_sign_bit(l_);
      points_.insert(points_.begin(), Point{top.negated(), next | oracle_sign_bit(l_), (next & 1) == 0, true});
    } else if (l_.kind == Kind::int8) {
      // The most negative allowed q is -127 (symmetric) or -128 (full); beyond it q - 1.
      const std::int64_t q_min = range == mxconf::Int8Range::symmetric ? -127 : -128;
      max_neg_code_ = static_cast<std::uint64_t>(q_min) & 0xff;
      points_.insert(points_.begin(), Point{ExactValue::dyadic(q_min - 1, -6), 0, ((q_min - 1) & 1) == 0, true});
    }
  }

  const Layout& format() const { return l_; }
  const std::vector<Point>& points() const { return points_; }
  std::uint64_t max_code(bool negative) const { return negative ? max_neg_code_ : max_pos_code_; }
  const ExactValue& max_value() const { return points_[points_.size() - 2].value; }

  // x finite, non-zero, and non-negative for unsigned formats.
  Bracket locate(const ExactValue& x) const {
    Bracket b;
    const auto it = std::lower_bound(points_.begin(), points_.end(), x,
                                     [](const Point& p, const ExactValue& v) { return lt(p.value, v); });
    if (it == points_.end()) {
      b.where = Bracket::Where::above_all;
      b.lo = b.hi = points_.size() - 1;
      return b;
    }
    const auto i = static_cast<std::size_t>(it - points_.begin());
    if (eq(it->value, x)) {
      b.where = Bracket::Where::exact;
      b.lo = b.hi = i;
      return b;
    }
    if (i == 0) {
      b.where = Bracket::Where::below_all;
      return b;
    }
    b.lo = i - 1;
    b.hi = i;
    return b;
  }

  std::uint64_t nan_code(bool negative, mxconf::NanEncoding enc) const {
    const std::uint64_t sign = negative && enc.sign == mxconf::NanSign::keep ? oracle_sign_bit(l_) : 0;
    switch (l_.kind) {
      case Kind::fnuz: return 0x80;
      case Kind::e8m0: return 0xff;
      case Kind::fn: return sign | ((std::uint64_t{1} << (l_.bits - (l_.sign ? 1 : 0))) - 1);
      case Kind::ieee: {
        const std::uint64_t exponent = ((std::uint64_t{1} << l_.ebits) - 1) << l_.mbits;
        const std::uint64_t mantissa = enc.mantissa == mxconf::NanMantissa::all_ones
                                           ? (std::uint64_t{1} << l_.mbits) - 1
                                           : std::uint64_t{1} << (l_.mbits - 1);
        return sign | exponent | mantissa;
      }
      default: throw std::logic_error("oracle: no NaN");
    }
  }
  std::uint64_t inf_code(bool negative) const {
    return (negative ? oracle_sign_bit(l_) : 0) | (((std::uint64_t{1} << l_.ebits) - 1) << l_.mbits);
  }
  std::uint64_t zero_code(bool negative) const {
    return negative && oracle_has_negative_zero(l_) ? negative_zero_code_ : 0;
  }

  // A result past the largest finite value (spec-rules §2.2, §2.3; policy.hpp Overflow and DirectedOverflow).
  Outcome overflow(bool negative, Rounding mode, const mxconf::ElementPolicies& p) const {
    if (p.overflow == mxconf::Overflow::saturate) return {false, max_code(negative)};
    const bool toward_zero =
        mode == Rounding::rtz || (mode == Rounding::rup && negative) || (mode == Rounding::rdn && !negative);
    if (toward_zero && p.directed_overflow == mxconf::DirectedOverflow::largest_finite)
      return {false, max_code(negative)};
    if (oracle_has_inf(l_)) return {false, inf_code(negative)};
    // An overflow NaN keeps the sign of the value (torch: 464+ulp -> 0x7f, -Inf -> 0xff; spec-rules §5.6).
    if (oracle_has_nan(l_)) return {false, nan_code(negative, {mxconf::NanSign::keep, p.nan_encoding.mantissa})};
    return {false, max_code(negative)};
  }

  // Picks the result for x (finite, non-zero, already made non-negative for unsigned formats) at bracket b.
  Outcome pick(const ExactValue& x, const Bracket& b, Rounding mode, const mxconf::ElementPolicies& p,
               mxconf::StochasticBits sr = {}) const {
    const bool negative = x.negative();
    // E8M0 quirk (policy.hpp E8m0SubnormalRounding::up_above_smallest): (2^-127, 2^-126) -> 0x01 under nearest.
    if (l_.kind == Kind::e8m0 && p.e8m0_subnormal_rounding == mxconf::E8m0SubnormalRounding::up_above_smallest &&
        (mode == Rounding::rne || mode == Rounding::rna) && lt(pow2_value(-127), x) && lt(x, pow2_value(-126)))
      return {false, 0x01};
    const Point* chosen = nullptr;
    switch (b.where) {
      case Bracket::Where::exact: chosen = &points_[b.lo]; break;
      case Bracket::Where::above_all: return overflow(false, mode, p);
      case Bracket::Where::below_all:
        // e8m0 has no zero: everything below 2^-127 is clipped to 2^-127 (spec-rules §2.6: CUDA, torch).
        if (l_.kind == Kind::e8m0) return {false, 0x00};
        return overflow(true, mode, p);
      case Bracket::Where::between: {
        const Point& lo = points_[b.lo];
        const Point& hi = points_[b.hi];
        const Point& toward_zero = negative ? hi : lo;
        const Point& away = negative ? lo : hi;
        switch (mode) {
          case Rounding::rtz: chosen = &toward_zero; break;
          case Rounding::rup: chosen = &hi; break;
          case Rounding::rdn: chosen = &lo; break;
          case Rounding::rne:
          case Rounding::rna: {
            const auto order = mxconf::compare(sub(x, lo.value), sub(hi.value, x));
            if (order < 0) chosen = &lo;
            else if (order > 0) chosen = &hi;
            else if (mode == Rounding::rna) chosen = &away;
            else chosen = lo.even ? &lo : &hi;  // IEEE 754 §4.3.1: the one with an even least significant digit
            break;
          }
          case Rounding::sr: {
            // spec-rules §5.3: D = top K bits of the distance to the toward-zero neighbour, in units of the gap;
            // away from zero iff D + r >= 2^K.
            const ExactValue gap = sub(away.value, toward_zero.value).abs();
            const ExactValue distance = sub(x, toward_zero.value).abs();
            // distance / gap * 2^K: the gap is a power of two on every one of these grids.
            if (!gap.is_power_of_two()) throw std::logic_error("oracle: gap not a power of two");
            const BigInt d = floor_nonnegative(distance.scaled_by_power_of_two(sr.bits - gap.exponent()));
            chosen = d + sr.random >= (BigInt(1) << sr.bits) ? &away : &toward_zero;
            break;
          }
        }
        break;
      }
    }
    if (chosen->beyond) return overflow(negative, mode, p);
    if (chosen->value.is_zero()) return {false, zero_code(negative)};
    return {false, chosen->code};
  }

  // The full conversion of an exact value (what mxconf::encode should return), policies included.
  Outcome encode(const ExactValue& input, Rounding mode, const mxconf::ElementPolicies& p,
                 mxconf::StochasticBits sr = {}) const {
    if (mode == Rounding::sr && (sr.bits < 1 || sr.bits > 64 || (sr.bits < 64 && (sr.random >> sr.bits) != 0)))
      return {true, 0};
    if (input.is_nan()) return encode_nan(input.negative(), p);
    ExactValue x = input;
    const bool is_unsigned = !l_.sign && l_.kind != Kind::int8;
    if (is_unsigned && x.negative() && !x.is_zero()) {
      switch (p.negative_into_unsigned) {
        case mxconf::NegativeIntoUnsigned::magnitude: x = x.abs(); break;
        case mxconf::NegativeIntoUnsigned::nan: return {false, nan_code(false, p.nan_encoding)};
        case mxconf::NegativeIntoUnsigned::error: return {true, 0};
        // ml_dtypes' saturating E8M0 conversion: finite negatives -> code 0; -Inf goes on as +Inf.
        case mxconf::NegativeIntoUnsigned::smallest:
          if (!x.is_inf()) return {false, 0};
          x = x.abs();
          break;
      }
    }
    if (is_unsigned) x = x.abs();
    if (x.is_inf()) {
      const bool neg = x.negative();
      if (p.overflow == mxconf::Overflow::saturate && p.inf_under_saturation == mxconf::InfUnderSaturation::clamp)
        return {false, max_code(neg)};
      // Inf is exact: no directed-rounding exception (IEEE 754 §7.4 applies to finite overflow only).
      if (oracle_has_inf(l_)) return {false, inf_code(neg)};
      if (oracle_has_nan(l_)) return {false, nan_code(neg, {mxconf::NanSign::keep, p.nan_encoding.mantissa})};
      return {false, max_code(neg)};
    }
    if (x.is_zero()) {
      if (!oracle_has_zero(l_))
        return {false, p.zero_into_e8m0 == mxconf::ZeroIntoE8m0::smallest ? 0x00 : nan_code(false, p.nan_encoding)};
      return {false, zero_code(x.negative())};
    }
    return pick(x, locate(x), mode, p, sr);
  }

  Outcome encode_nan(bool negative, const mxconf::ElementPolicies& p) const {
    if (oracle_has_nan(l_)) return {false, nan_code(negative, p.nan_encoding)};
    switch (p.nan_into_finite) {
      case mxconf::NanIntoFinite::positive_max: return {false, max_pos_code_};
      case mxconf::NanIntoFinite::signed_max:
        // int8: -127/64 (the symmetric end) whatever Int8Range says.
        return {false, negative ? (l_.kind == Kind::int8 ? 0x81 : max_neg_code_) : max_pos_code_};
      case mxconf::NanIntoFinite::negative_zero: return {false, zero_code(true)};
      case mxconf::NanIntoFinite::zero_flipped_sign: return {false, zero_code(!negative)};
      case mxconf::NanIntoFinite::error: return {true, 0};
    }
    return {true, 0};
  }

 private:
  Layout l_;
  mxconf::Int8Range range_;
  std::vector<Point> points_;
  std::uint64_t negative_zero_code_ = 0;
  std::uint64_t max_pos_code_ = 0, max_neg_code_ = 0;
};

// Grids are built once per (format, int8 range) and shared.
inline const Grid& grid(FormatId id, mxconf::Int8Range range = mxconf::Int8Range::symmetric) {
  static std::map<std::pair<FormatId, mxconf::Int8Range>, std::unique_ptr<Grid>> cache;
  auto& slot = cache[{id, layout(id).kind == Kind::int8 ? range : mxconf::Int8Range::symmetric}];
  if (!slot) slot = std::make_unique<Grid>(id, range);
  return *slot;
}

inline ExactValue exact_from_double(double d) {
  if (d != d) return ExactValue::nan(std::signbit(d));
  if (d == 0) return ExactValue::zero(std::signbit(d));
  if (d == HUGE_VAL || d == -HUGE_VAL) return ExactValue::infinity(d < 0);
  int e = 0;
  const double f = std::frexp(std::fabs(d), &e);  // |d| = f * 2^e, f in [0.5, 1)
  const auto significand = static_cast<std::uint64_t>(std::ldexp(f, 53));  // exact: 53 bits
  return ExactValue::finite(d < 0, BigInt(significand), static_cast<std::int64_t>(e) - 53);
}

// ---- Policies used by the tests. ----

// The "ocp" profile's element policies (profile.cpp row "ocp"), with NaN into finite formats given an answer
// (positive_max) and negative inputs to unsigned formats taken by magnitude, as the exhaustive tests need.
inline mxconf::ElementPolicies test_policies(mxconf::Overflow overflow = mxconf::Overflow::saturate) {
  using namespace mxconf;
  return ElementPolicies{.overflow = overflow,
                         .directed_overflow = DirectedOverflow::largest_finite,
                         .inf_under_saturation = InfUnderSaturation::clamp,
                         .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
                         .nan_into_finite = NanIntoFinite::positive_max,
                         .int8_range = Int8Range::symmetric,
                         .subnormal_input = SubnormalInput::keep,
                         .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
                         .zero_into_e8m0 = ZeroIntoE8m0::smallest,
                         .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact,
                         .inf_into_finite = InfIntoFinite::max,
                         .e8m0_overflow = E8m0Overflow::after_rounding};
}

inline const char* mode_name(Rounding r) {
  switch (r) {
    case Rounding::rne: return "rne";
    case Rounding::rtz: return "rtz";
    case Rounding::rup: return "rup";
    case Rounding::rdn: return "rdn";
    case Rounding::rna: return "rna";
    case Rounding::sr: return "sr";
  }
  return "?";
}

inline constexpr Rounding kDeterministicModes[] = {Rounding::rne, Rounding::rtz, Rounding::rup, Rounding::rdn,
                                                   Rounding::rna};
inline constexpr FormatId kElementFormats[] = {FormatId::e4m3, FormatId::e5m2, FormatId::e3m2,
                                               FormatId::e2m3, FormatId::e2m1, FormatId::int8};
// Every format the oracle can enumerate (at most 16 bits).
inline constexpr FormatId kSmallFormats[] = {FormatId::e4m3, FormatId::e5m2,     FormatId::e3m2,     FormatId::e2m3,
                                             FormatId::e2m1, FormatId::int8,     FormatId::e8m0,     FormatId::bf16,
                                             FormatId::fp16, FormatId::e4m3fnuz, FormatId::e5m2fnuz, FormatId::ue4m3};

inline std::string hex(std::uint64_t v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(v));
  return buffer;
}

}  // namespace mxtest
