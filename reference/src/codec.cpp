#include "mxconf/reference/codec.hpp"

#include <boost/multiprecision/integer.hpp>
#include <sstream>

#include "mxconf/reference/error.hpp"
#include "enum_names.hpp"

namespace mxconf {
namespace {

std::string hex(std::uint64_t v) {
  std::ostringstream out;
  out << "0x" << std::hex << v;
  return out.str();
}

BigInt pow2(std::int64_t k) { return BigInt(1) << static_cast<unsigned>(k); }

// ---- Codes of special results. ----

std::uint64_t nan_code(const FormatSpec& f, bool negative, NanEncoding enc) {
  const std::uint64_t sign = (negative && enc.sign == NanSign::keep) ? sign_mask(f) : 0;
  switch (f.specials) {
    case Specials::nan_negative_zero:
      return sign_mask(f);  // the one NaN
    case Specials::nan_all_ones:
      return sign | magnitude_mask(f);
    case Specials::ieee: {
      const std::uint64_t exponent = all_ones_exponent(f) << f.mantissa_bits;
      const std::uint64_t mantissa = enc.mantissa == NanMantissa::all_ones
                                         ? (std::uint64_t{1} << f.mantissa_bits) - 1
                                         : std::uint64_t{1} << (f.mantissa_bits - 1);
      return sign | exponent | mantissa;
    }
    case Specials::finite_only:
      break;
  }
  return 0;
}

std::uint64_t inf_code(const FormatSpec& f, bool negative) {
  const std::uint64_t exponent = all_ones_exponent(f) << f.mantissa_bits;
  return (negative ? sign_mask(f) : 0) | exponent;
}

std::uint64_t zero_code(const FormatSpec& f, bool negative) {
  return has_negative_zero(f) && negative ? sign_mask(f) : 0;
}

// +-max finite. For int8 the negative end follows Int8Range (-127 or -128).
std::uint64_t max_code(const FormatSpec& f, bool negative, Int8Range range) {
  if (f.encoding == Encoding::twos_complement) {
    if (!negative) return max_finite_code(f);
    const std::uint64_t magnitude = max_finite_code(f) + (range == Int8Range::full ? 1 : 0);
    return (~magnitude + 1) & code_mask(f);
  }
  return (negative ? sign_mask(f) : 0) | max_finite_code(f);
}

// The result of a NaN input (OFP8; spec-rules §6.8 and §6.10 for the policies).
RoundingTrace round_nan(const ExactValue& x, const FormatSpec& f, const ElementPolicies& p) {
  RoundingTrace t;
  t.rule = RoundingRule::nan_input;
  if (has_nan(f)) {
    t.code = nan_code(f, x.negative(), p.nan_encoding);
    t.clause = "NaN encoding policy (spec-rules §6.8)";
    return t;
  }
  t.clause = "NaN into a format without NaN: NanIntoFinite policy (spec-rules §6.10)";
  const bool negative = x.negative();
  switch (p.nan_into_finite) {
    case NanIntoFinite::positive_max:
      t.code = max_code(f, false, Int8Range::symmetric);
      break;
    case NanIntoFinite::signed_max:
      t.code = max_code(f, negative, Int8Range::symmetric);
      break;
    case NanIntoFinite::negative_zero:
      t.code = zero_code(f, true);
      break;
    case NanIntoFinite::zero_flipped_sign:
      t.code = zero_code(f, !negative);
      break;
    case NanIntoFinite::error:
      throw InvalidArgument(std::string("NaN has no encoding in ") + std::string(f.name) +
                            " (policy nan-into-finite=error)");
  }
  return t;
}

// Overflow beyond the largest finite magnitude, after rounding (OFP8 saturation modes; IEEE 754 §7.4).
RoundingTrace round_overflow(bool negative, const FormatSpec& f, const EncodeOptions& o, bool input_is_inf) {
  const ElementPolicies& p = o.policies;
  RoundingTrace t;
  bool to_max = false;
  if (p.overflow == Overflow::saturate) {
    to_max = !input_is_inf || p.inf_under_saturation == InfUnderSaturation::clamp;
    t.rule = RoundingRule::overflow_saturate;
    t.clause = input_is_inf ? "Inf under saturation: InfUnderSaturation policy (OFP8 saturating mode)"
                            : "overflow, saturating mode (OFP8 §4; OCP MX v1.0 §6.3 clamps normals)";
  } else {
    const bool toward_zero = o.rounding == Rounding::rtz || (o.rounding == Rounding::rup && negative) ||
                             (o.rounding == Rounding::rdn && !negative);
    if (!input_is_inf && toward_zero && p.directed_overflow == DirectedOverflow::largest_finite) {
      to_max = true;
      t.rule = RoundingRule::overflow_directed_to_max;
      t.clause = "directed rounding overflow gives the largest finite value (IEEE 754-2019 §7.4)";
    }
  }
  if (!to_max && !has_inf(f) && !has_nan(f)) {
    to_max = true;  // a finite-only format always clamps (OCP MX v1.0 §5.3: no Inf or NaN encodings)
    t.rule = RoundingRule::overflow_saturate;
    t.clause = "format has neither Inf nor NaN: clamps to max (OCP MX v1.0 §5.3)";
  }
  if (to_max) {
    t.code = max_code(f, negative, o.policies.int8_range);
    if (t.rule != RoundingRule::overflow_directed_to_max) t.rule = RoundingRule::overflow_saturate;
    return t;
  }
  if (has_inf(f)) {
    t.code = inf_code(f, negative);
    t.rule = input_is_inf ? RoundingRule::inf_input : RoundingRule::overflow_to_inf;
    t.clause = "non-saturating mode: overflow gives Inf (OFP8 §4; IEEE 754-2019 §7.4)";
  } else {
    // Every implementation keeps the sign of an overflow NaN, whatever it does with NaN inputs (spec-rules §5.2).
    t.code = nan_code(f, negative, NanEncoding{NanSign::keep, p.nan_encoding.mantissa});
    t.rule = RoundingRule::overflow_to_nan;
    t.clause = "non-saturating mode in a format without Inf: overflow gives NaN (OFP8 §4, E4M3)";
  }
  return t;
}

// The rounded integer N (in units of 2^ulp_exponent) of |x|, and what decided it.
struct GridStep {
  BigInt truncated;  // floor(|x| / 2^ulp)
  bool round_up = false;
  RoundingRule rule = RoundingRule::exact;
  bool exact = true;
};

// code_parity_bias: set for formats without mantissa bits (e8m0), where a tie goes to the even *code*,
// i.e. the even biased exponent.
GridStep round_on_grid(const ExactValue& x, std::int64_t ulp_exponent, const EncodeOptions& o,
                       std::optional<std::int64_t> code_parity_bias) {
  GridStep g;
  const std::int64_t shift = x.exponent() - ulp_exponent;
  if (shift >= 0) {
    g.truncated = x.significand() << static_cast<unsigned>(shift);
    return g;
  }
  const auto d = static_cast<unsigned>(-shift);
  g.truncated = x.significand() >> d;
  const BigInt remainder = x.significand() & (pow2(d) - 1);
  if (remainder == 0) return g;
  g.exact = false;
  const BigInt half = pow2(d - 1);
  const bool negative = x.negative();
  switch (o.rounding) {
    case Rounding::rne:
    case Rounding::rna: {
      if (remainder != half) {
        g.round_up = remainder > half;
        g.rule = RoundingRule::nearest;
        break;
      }
      if (o.rounding == Rounding::rna) {
        g.round_up = true;
        g.rule = RoundingRule::tie_away;
      } else {
        // The even neighbour. In a format with no mantissa bits (e8m0) every significand is 1, so "even" is
        // taken on the code, i.e. the exponent (ml_dtypes PR #398; docs/policies.md "e8m0 ties").
        const bool odd = code_parity_bias ? ((ulp_exponent + *code_parity_bias) & 1) != 0 : (g.truncated & 1) != 0;
        g.round_up = odd;
        g.rule = RoundingRule::tie_to_even;
      }
      break;
    }
    case Rounding::rtz:
      g.rule = RoundingRule::directed;
      break;
    case Rounding::rup:
      g.round_up = !negative;
      g.rule = RoundingRule::directed;
      break;
    case Rounding::rdn:
      g.round_up = negative;
      g.rule = RoundingRule::directed;
      break;
    case Rounding::sr: {
      const int k = o.stochastic.bits;
      // The top k discarded bits, aligned just below the destination's last kept bit (spec-rules §5.3).
      const BigInt top = d >= static_cast<unsigned>(k) ? BigInt(remainder >> (d - k)) : BigInt(remainder << (k - d));
      g.round_up = top + o.stochastic.random >= pow2(k);
      g.rule = RoundingRule::stochastic;
      break;
    }
  }
  return g;
}

void check_stochastic(const EncodeOptions& o) {
  if (o.rounding != Rounding::sr) return;
  const int k = o.stochastic.bits;
  if (k < 1 || k > 64) throw InvalidArgument("stochastic rounding bits must be 1..64, got " + std::to_string(k));
  if (k < 64 && o.stochastic.random >> k != 0)
    throw InvalidArgument("stochastic random value " + hex(o.stochastic.random) + " does not fit in " +
                          std::to_string(k) + " bits");
}

RoundingTrace round_twos_complement(const ExactValue& x, const FormatSpec& f, const EncodeOptions& o) {
  RoundingTrace t;
  const std::int64_t ulp = f.fixed_point_exponent;
  const GridStep g = round_on_grid(x, ulp, o, std::nullopt);
  const BigInt n = g.truncated + (g.round_up ? 1 : 0);
  const bool negative = x.negative();
  const BigInt limit = negative && o.policies.int8_range == Int8Range::full ? pow2(f.bits - 1)
                                                                              : pow2(f.bits - 1) - 1;
  auto code_of = [&](const BigInt& magnitude) {
    const auto m = static_cast<std::uint64_t>(magnitude);
    return (negative ? (~m + 1) : m) & code_mask(f);
  };
  t.below = ExactValue::finite(negative, g.truncated, ulp);
  t.above = ExactValue::finite(negative, g.truncated + (g.exact ? 0 : 1), ulp);
  if (g.truncated <= limit) t.below_code = code_of(g.truncated);
  if (g.truncated + (g.exact ? 0 : 1) <= limit) t.above_code = code_of(g.truncated + (g.exact ? 0 : 1));
  if (n > limit) {
    t.code = max_code(f, negative, o.policies.int8_range);
    t.rule = RoundingRule::overflow_saturate;
    t.clause = negative && o.policies.int8_range == Int8Range::symmetric
                   ? "MXINT8 clamps to -127/64: Int8Range::symmetric (microxcaling; spec-rules §6.11)"
                   : "MXINT8 has no Inf or NaN: clamps (OCP MX v1.0 §5.3.4)";
    return t;
  }
  t.code = code_of(n);
  t.rule = g.rule;
  t.clause = "MXINT8 element: q = round(V * 64) (OCP MX v1.0 §5.3.4)";
  return t;
}

RoundingTrace round_binary(const ExactValue& x, const FormatSpec& f, const EncodeOptions& o) {
  RoundingTrace t;
  const int m = f.mantissa_bits;
  const std::int64_t emin = min_normal_exponent(f);
  const std::int64_t emax = max_exponent(f);
  const bool exponent_only = is_exponent_only(f);
  const bool negative = x.negative();

  // E8M0 quirk: binary32 bit rounding sends (2^-127, 2^-126) to 2^-126 (torch, ml_dtypes).
  if (exponent_only && o.policies.e8m0_subnormal_rounding == E8m0SubnormalRounding::up_above_smallest &&
      (o.rounding == Rounding::rne || o.rounding == Rounding::rna) && x.floor_log2() == emin && !x.is_power_of_two()) {
    t.code = 1;
    t.rule = RoundingRule::nearest;
    t.clause = "E8m0SubnormalRounding::up_above_smallest (torch / ml_dtypes bit rounding)";
    return t;
  }

  const std::int64_t q = std::max<std::int64_t>(x.floor_log2(), emin);  // binade, or the subnormal grid
  const std::int64_t ulp = q - m;
  const GridStep g =
      round_on_grid(x, ulp, o, exponent_only ? std::optional<std::int64_t>(f.bias) : std::nullopt);

  // Encodes N * 2^ulp; empty when beyond max finite.
  const std::uint64_t max_mantissa = max_finite_code(f) & ((std::uint64_t{1} << m) - 1);
  auto code_of = [&](BigInt n, std::int64_t u) -> std::optional<std::uint64_t> {
    if (n == 0) return has_zero(f) ? std::optional(zero_code(f, negative)) : std::nullopt;
    if (n == pow2(m + 1)) {  // carry into the next binade
      n = pow2(m);
      ++u;
    }
    const std::uint64_t sign = negative ? sign_mask(f) : 0;
    if (n < pow2(m)) return sign | static_cast<std::uint64_t>(n);  // subnormal (only on the emin grid)
    const std::int64_t e = u + m;
    const auto mantissa = static_cast<std::uint64_t>(n - pow2(m));
    if (e > emax || (e == emax && mantissa > max_mantissa)) return std::nullopt;
    return sign | (static_cast<std::uint64_t>(e + f.bias) << m) | mantissa;
  };

  const BigInt upper = g.truncated + (g.exact ? 0 : 1);
  t.below = ExactValue::finite(negative, g.truncated, ulp);
  t.above = ExactValue::finite(negative, upper, ulp);
  t.below_code = code_of(g.truncated, ulp);
  t.above_code = code_of(upper, ulp);

  const BigInt n = g.truncated + (g.round_up ? 1 : 0);
  if (n == 0 && !has_zero(f)) {  // below the smallest e8m0 scale: clamp (CUDA "clipped to 2^-127")
    t.code = 0;
    t.rule = RoundingRule::e8m0_clamp_low;
    t.clause = "no zero in e8m0: results below 2^-127 are clipped to 2^-127 (CUDA cuda_fp8.h; OCP MX v1.0 §5.4.1)";
    return t;
  }
  const auto code = code_of(n, ulp);
  if (!code) {
    RoundingTrace over = round_overflow(negative, f, o, false);
    over.below = t.below;
    over.above = t.above;
    over.below_code = t.below_code;
    over.above_code = t.above_code;
    return over;
  }
  t.code = *code;
  t.rule = g.rule;
  switch (g.rule) {
    case RoundingRule::exact: t.clause = "exactly representable"; break;
    case RoundingRule::tie_to_even:
      t.clause = exponent_only ? "tie: even code (policies.md, e8m0 ties)" : "tie: even mantissa (IEEE 754-2019 §4.3.1)";
      break;
    case RoundingRule::tie_away: t.clause = "tie: away from zero (IEEE 754-2019 §4.3.1 roundTiesToAway)"; break;
    case RoundingRule::nearest: t.clause = "nearest neighbour (IEEE 754-2019 §4.3.1)"; break;
    case RoundingRule::directed: t.clause = "directed rounding (IEEE 754-2019 §4.3.2)"; break;
    case RoundingRule::stochastic:
      t.clause = "stochastic: carry of r + top K discarded bits rounds up (PTX cvt.rs; spec-rules §5.3)";
      break;
    default: break;
  }
  return t;
}

using detail::enum_names;
template <typename E>
using N = std::pair<E, std::string_view>;
constexpr auto kRuleNames = enum_names<RoundingRule>(
    N<RoundingRule>{RoundingRule::nan_input, "nan-input"}, N<RoundingRule>{RoundingRule::inf_input, "inf-input"},
    N<RoundingRule>{RoundingRule::zero_input, "zero-input"}, N<RoundingRule>{RoundingRule::exact, "exact"},
    N<RoundingRule>{RoundingRule::nearest, "nearest"}, N<RoundingRule>{RoundingRule::tie_to_even, "tie-to-even"},
    N<RoundingRule>{RoundingRule::tie_away, "tie-away"}, N<RoundingRule>{RoundingRule::directed, "directed"},
    N<RoundingRule>{RoundingRule::stochastic, "stochastic"},
    N<RoundingRule>{RoundingRule::overflow_saturate, "overflow-saturate"},
    N<RoundingRule>{RoundingRule::overflow_to_inf, "overflow-to-inf"},
    N<RoundingRule>{RoundingRule::overflow_to_nan, "overflow-to-nan"},
    N<RoundingRule>{RoundingRule::overflow_directed_to_max, "overflow-directed-to-max"},
    N<RoundingRule>{RoundingRule::e8m0_clamp_low, "e8m0-clamp-low"},
    N<RoundingRule>{RoundingRule::unsigned_negative, "unsigned-negative"},
    N<RoundingRule>{RoundingRule::e8m0_zero, "e8m0-zero"});

}  // namespace

std::string_view to_string(RoundingRule r) { return kRuleNames.name(r); }

ExactValue decode(const FormatSpec& f, std::uint64_t code) {
  if (code > code_mask(f))
    throw InvalidArgument("code " + hex(code) + " does not fit " + std::string(f.name) + " (" +
                          std::to_string(f.bits) + " bits)");
  if (f.encoding == Encoding::twos_complement) {
    const bool negative = (code >> (f.bits - 1)) & 1;
    const std::uint64_t magnitude = negative ? ((~code + 1) & code_mask(f)) : code;
    return ExactValue::finite(negative, BigInt(magnitude), f.fixed_point_exponent);
  }
  const bool negative = has_sign_bit(f) && (code & sign_mask(f)) != 0;
  const std::uint64_t mantissa = mantissa_field(f, code);
  if (is_nan_code(f, code)) {
    const bool quiet = f.mantissa_bits == 0 || ((mantissa >> (f.mantissa_bits - 1)) & 1);
    return ExactValue::nan(f.specials == Specials::nan_negative_zero ? false : negative, mantissa, quiet);
  }
  if (is_inf_code(f, code)) return ExactValue::infinity(negative);
  const std::uint64_t exponent = exponent_field(f, code);
  if (exponent == 0 && f.has_subnormals)  // subnormal or zero: M * 2^(emin - m)
    return ExactValue::finite(negative, BigInt(mantissa), 1 - f.bias - f.mantissa_bits);
  const BigInt significand = (BigInt(1) << f.mantissa_bits) + mantissa;
  return ExactValue::finite(negative, significand, static_cast<std::int64_t>(exponent) - f.bias - f.mantissa_bits);
}

RoundingTrace round_to_format(const ExactValue& input, const FormatSpec& f, const EncodeOptions& o) {
  check_stochastic(o);
  const ElementPolicies& p = o.policies;
  if (input.is_nan()) return round_nan(input, f, p);

  ExactValue x = input;
  const bool unsigned_format = is_unsigned(f);
  if (unsigned_format && x.negative() && !x.is_zero()) {
    switch (p.negative_into_unsigned) {
      case NegativeIntoUnsigned::magnitude:
        x = x.abs();
        break;
      case NegativeIntoUnsigned::nan: {
        RoundingTrace t;
        t.code = nan_code(f, false, p.nan_encoding);
        t.rule = RoundingRule::unsigned_negative;
        t.clause = "negative into an unsigned format: NegativeIntoUnsigned::nan (ml_dtypes)";
        return t;
      }
      case NegativeIntoUnsigned::error:
        throw InvalidArgument("negative value has no encoding in unsigned " + std::string(f.name) +
                              " (policy negative-into-unsigned=error)");
    }
  }
  if (unsigned_format) x = x.abs();  // -0 is 0

  if (x.is_inf()) {
    if (p.overflow == Overflow::non_saturating || p.inf_under_saturation == InfUnderSaturation::keep_special) {
      EncodeOptions nonsat = o;
      nonsat.policies.overflow = Overflow::non_saturating;
      RoundingTrace t = round_overflow(x.negative(), f, nonsat, true);
      if (t.rule != RoundingRule::overflow_saturate) t.rule = RoundingRule::inf_input;
      t.clause = "Inf input (OFP8 §4 conversion of infinities; InfUnderSaturation policy)";
      return t;
    }
    return round_overflow(x.negative(), f, o, true);
  }

  if (x.is_zero()) {
    RoundingTrace t;
    t.rule = RoundingRule::zero_input;
    if (!has_zero(f)) {
      t.rule = RoundingRule::e8m0_zero;
      t.code = p.zero_into_e8m0 == ZeroIntoE8m0::smallest ? 0 : nan_code(f, false, p.nan_encoding);
      t.clause = "zero into e8m0, which has no zero: ZeroIntoE8m0 policy (spec-rules §6.12)";
      return t;
    }
    t.code = zero_code(f, x.negative());
    t.clause = has_negative_zero(f) || !x.negative() ? "signed zero kept (OCP MX v1.0 §5.3)"
                                                     : "format has no -0: +0 (fnuz / int8)";
    return t;
  }

  return f.encoding == Encoding::twos_complement ? round_twos_complement(x, f, o) : round_binary(x, f, o);
}

EncodeOptions ieee_encode_options(Rounding rounding) {
  return EncodeOptions{rounding,
                       ElementPolicies{Overflow::non_saturating, DirectedOverflow::largest_finite,
                                       InfUnderSaturation::keep_special, NanEncoding{NanSign::positive, NanMantissa::quiet_bit},
                                       NanIntoFinite::error, Int8Range::symmetric, SubnormalInput::keep,
                                       NegativeIntoUnsigned::error, ZeroIntoE8m0::smallest, E8m0SubnormalRounding::exact},
                       StochasticBits{}};
}

std::uint64_t encode(const ExactValue& x, const FormatSpec& format, const EncodeOptions& options) {
  return round_to_format(x, format, options).code;
}

ExactValue decode_source(const FormatSpec& from, std::uint64_t code, SubnormalInput policy) {
  ExactValue v = decode(from, code);
  if (policy == SubnormalInput::flush && v.is_finite() && !v.is_zero() && from.has_subnormals &&
      from.encoding == Encoding::binary_float && v.floor_log2() < min_normal_exponent(from))
    return ExactValue::zero(v.negative());
  return v;
}

std::uint64_t convert(const FormatSpec& from, std::uint64_t code, const FormatSpec& to, const EncodeOptions& o) {
  return encode(decode_source(from, code, o.policies.subnormal_input), to, o);
}

}  // namespace mxconf
