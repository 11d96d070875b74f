#include "mxconf/reference/codec.hpp"

#include <boost/multiprecision/integer.hpp>
#include <sstream>

#include "mxconf/reference/error.hpp"
#include "mxconf/reference/overflow.hpp"
#include "mxconf/reference/enum_names.hpp"

namespace mxconf {
namespace {

std::string hex(std::uint64_t v) {
  std::ostringstream out;
  out << "0x" << std::hex << v;
  return out.str();
}

BigInt pow2(std::int64_t k) { return BigInt(1) << static_cast<unsigned>(k); }

// ---- Why a rounding came out as it did: the rule and the clause of each decision, in one table. ----

enum class Why : std::uint8_t {
  nan_encoded, nan_into_finite, nan_refused,
  negative_into_unsigned_nan, negative_refused,
  inf_saturating, inf_input, inf_input_clamped,
  zero_kept, zero_unsigned, zero_into_e8m0,
  exact, nearest, tie_even_mantissa, tie_even_code, tie_away, directed, stochastic,
  e8m0_subnormal_quirk, e8m0_clamp_low,
  overflow_saturating, overflow_directed, overflow_finite_only, overflow_to_inf, overflow_to_nan,
  int8_grid, int8_clamp_symmetric, int8_clamp,
  // appended with issue 8's policies
  negative_into_unsigned_smallest, inf_refused, e8m0_overflow_before_rounding,
};

struct WhyRow {
  Why why;
  std::optional<RoundingRule> rule;  // empty: the grid's rule (MXINT8 rounds on its grid like any other format)
  std::string_view clause;
};

using R = RoundingRule;
// clang-format off
constexpr WhyRow kWhy[] = {
  {Why::nan_encoded,                R::nan_input,                "NaN encoding policy (spec-rules §6.8)"},
  {Why::nan_into_finite,            R::nan_input,                "NaN into a format without NaN: NanIntoFinite policy (spec-rules §6.10)"},
  {Why::nan_refused,                R::nan_input,                "NaN into a format without NaN: NanIntoFinite policy (spec-rules §6.10)"},
  {Why::negative_into_unsigned_nan, R::unsigned_negative,        "negative into an unsigned format: NegativeIntoUnsigned::nan (ml_dtypes)"},
  {Why::negative_refused,           R::unsigned_negative,        "negative into an unsigned format: NegativeIntoUnsigned::error"},
  {Why::inf_saturating,             R::overflow_saturate,        "Inf under saturation: InfUnderSaturation policy (OFP8 saturating mode)"},
  {Why::inf_input,                  R::inf_input,                "Inf input (OFP8 §4 conversion of infinities; InfUnderSaturation policy)"},
  {Why::inf_input_clamped,          R::overflow_saturate,        "Inf input (OFP8 §4 conversion of infinities; InfUnderSaturation policy)"},
  {Why::zero_kept,                  R::zero_input,               "signed zero kept (OCP MX v1.0 §5.3)"},
  {Why::zero_unsigned,              R::zero_input,               "format has no -0: +0 (fnuz / int8)"},
  {Why::zero_into_e8m0,             R::e8m0_zero,                "zero into e8m0, which has no zero: ZeroIntoE8m0 policy (spec-rules §6.12)"},
  {Why::exact,                      R::exact,                    "exactly representable"},
  {Why::nearest,                    R::nearest,                  "nearest neighbour (IEEE 754-2019 §4.3.1)"},
  {Why::tie_even_mantissa,          R::tie_to_even,              "tie: even mantissa (IEEE 754-2019 §4.3.1)"},
  {Why::tie_even_code,              R::tie_to_even,              "tie: even code (policies.md, e8m0 ties)"},
  {Why::tie_away,                   R::tie_away,                 "tie: away from zero (IEEE 754-2019 §4.3.1 roundTiesToAway)"},
  {Why::directed,                   R::directed,                 "directed rounding (IEEE 754-2019 §4.3.2)"},
  {Why::stochastic,                 R::stochastic,               "stochastic: carry of r + top K discarded bits rounds up (PTX cvt.rs; spec-rules §5.3)"},
  {Why::e8m0_subnormal_quirk,       R::nearest,                  "E8m0SubnormalRounding::up_above_smallest (torch / ml_dtypes bit rounding)"},
  {Why::e8m0_clamp_low,             R::e8m0_clamp_low,           "no zero in e8m0: results below 2^-127 are clipped to 2^-127 (CUDA cuda_fp8.h; OCP MX v1.0 §5.4.1)"},
  {Why::overflow_saturating,        R::overflow_saturate,        "overflow, saturating mode (OFP8 §4; OCP MX v1.0 §6.3 clamps normals)"},
  {Why::overflow_directed,          R::overflow_directed_to_max, "directed rounding overflow gives the largest finite value (IEEE 754-2019 §7.4)"},
  {Why::overflow_finite_only,       R::overflow_saturate,        "format has neither Inf nor NaN: clamps to max (OCP MX v1.0 §5.3)"},
  {Why::overflow_to_inf,            R::overflow_to_inf,          "non-saturating mode: overflow gives Inf (OFP8 §4; IEEE 754-2019 §7.4)"},
  {Why::overflow_to_nan,            R::overflow_to_nan,          "non-saturating mode in a format without Inf: overflow gives NaN (OFP8 §4, E4M3)"},
  {Why::int8_grid,                  std::nullopt,                "MXINT8 element: q = round(V * 64) (OCP MX v1.0 §5.3.4)"},
  {Why::int8_clamp_symmetric,       R::overflow_saturate,        "MXINT8 clamps to -127/64: Int8Range::symmetric (microxcaling; spec-rules §6.11)"},
  {Why::int8_clamp,                 R::overflow_saturate,        "MXINT8 has no Inf or NaN: clamps (OCP MX v1.0 §5.3.4)"},
  {Why::negative_into_unsigned_smallest, R::unsigned_negative,   "finite negative into an unsigned format: code 0x00, NegativeIntoUnsigned::smallest (ml_dtypes)"},
  {Why::inf_refused,                R::inf_input,                "Inf into a format without Inf or NaN: InfIntoFinite::error (LLVM APFloat)"},
  // the rule is the overflow's (round_overflow decides it)
  {Why::e8m0_overflow_before_rounding, std::nullopt,             "above 2^127 before rounding: E8m0Overflow::before_rounding (gfloat), then the overflow policy"},
};
// clang-format on

constexpr bool why_table_in_order() {
  for (std::size_t i = 0; i < std::size(kWhy); ++i)
    if (static_cast<std::size_t>(kWhy[i].why) != i) return false;
  return static_cast<std::size_t>(Why::e8m0_overflow_before_rounding) + 1 == std::size(kWhy);
}
static_assert(why_table_in_order(), "kWhy must list every Why in declaration order");

// Sets the trace's rule and clause from the table (`grid_rule` for the rows whose rule is the grid's).
RoundingTrace& attach(RoundingTrace& t, Why why, RoundingRule grid_rule = RoundingRule::exact) {
  const WhyRow& row = kWhy[static_cast<std::size_t>(why)];
  t.rule = row.rule.value_or(grid_rule);
  t.clause = row.clause;
  return t;
}

// ---- Codes of special results. ----

std::uint64_t nan_code(const FormatSpec& f, bool negative, NanEncoding enc) {
  // NanSign::negative: gfloat's one NaN code, sign bit set whatever the input (0xff for e4m3 and e5m2).
  const bool sign_set = enc.sign == NanSign::negative || (negative && enc.sign == NanSign::keep);
  const std::uint64_t sign = sign_set ? sign_mask(f) : 0;
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

// Step 1: the result of a NaN input (OFP8; spec-rules §6.8 and §6.10 for the policies).
RoundingTrace round_nan(const ExactValue& x, const FormatSpec& f, const ElementPolicies& p) {
  RoundingTrace t;
  if (has_nan(f)) {
    t.code = nan_code(f, x.negative(), p.nan_encoding);
    return attach(t, Why::nan_encoded);
  }
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
      t.refusal = "NaN has no encoding in " + std::string(f.name) + " (policy nan-into-finite=error)";
      return attach(t, Why::nan_refused);
  }
  return attach(t, Why::nan_into_finite);
}

// Step 6 (and step 3 for an Inf input): beyond the largest finite magnitude. overflow_outcome (overflow.hpp)
// decides, for the reference and the scalar codec alike; this writes the code and the reason.
RoundingTrace round_overflow(bool negative, const FormatSpec& f, const EncodeOptions& o, Overflow mode,
                             OverflowInput input) {
  const OverflowDecision d = overflow_outcome(f, o.policies, mode, o.rounding, negative, input);
  RoundingTrace t;
  switch (d.outcome) {
    case OverflowOutcome::largest_finite:
      t.code = max_code(f, negative, o.policies.int8_range);
      break;
    case OverflowOutcome::inf:
      t.code = inf_code(f, negative);
      break;
    case OverflowOutcome::nan:
      // Every implementation keeps the sign of an overflow NaN, whatever it does with NaN inputs (spec-rules §5.2),
      // except one with a single NaN code (NanSign::negative, gfloat: +560 into e4m3 gives 0xff).
      t.code = nan_code(f, negative,
                        NanEncoding{.sign = o.policies.nan_encoding.sign == NanSign::negative ? NanSign::negative
                                                                                               : NanSign::keep,
                                    .mantissa = o.policies.nan_encoding.mantissa});
      break;
  }
  if (input == OverflowInput::infinity) {
    if (mode == Overflow::saturate) return attach(t, Why::inf_saturating);
    return attach(t, d.outcome == OverflowOutcome::largest_finite ? Why::inf_input_clamped : Why::inf_input);
  }
  switch (d.reason) {
    case OverflowReason::saturating: return attach(t, Why::overflow_saturating);
    case OverflowReason::directed_toward_zero: return attach(t, Why::overflow_directed);
    case OverflowReason::finite_only: return attach(t, Why::overflow_finite_only);
    case OverflowReason::inf_kept_special:
    case OverflowReason::non_saturating: break;
  }
  return attach(t, d.outcome == OverflowOutcome::inf ? Why::overflow_to_inf : Why::overflow_to_nan);
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

// Why the stochastic input cannot be used; empty when it can (or the rounding is not stochastic).
std::string stochastic_input_error(const EncodeOptions& o) {
  if (o.rounding != Rounding::sr) return {};
  const int k = o.stochastic.bits;
  if (k < 1 || k > 64) return "stochastic rounding bits must be 1..64, got " + std::to_string(k);
  if (k < 64 && o.stochastic.random >> k != 0)
    return "stochastic random value " + hex(o.stochastic.random) + " does not fit in " + std::to_string(k) + " bits";
  return {};
}

// Steps 5 to 7 for MXINT8: one fixed-point grid; beyond +-127/64 (or -2.0 under Int8Range::full) it clamps.
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
  if (n > limit) {  // 6. overflow
    t.code = max_code(f, negative, o.policies.int8_range);
    return attach(t, negative && o.policies.int8_range == Int8Range::symmetric ? Why::int8_clamp_symmetric
                                                                                : Why::int8_clamp);
  }
  t.code = code_of(n);  // 7. sign and pack (two's complement)
  return attach(t, Why::int8_grid, g.rule);
}

// Steps 5 to 7 for binary formats: round on the grid of |x|'s binade (or the subnormal grid), check overflow,
// then pack sign, exponent and mantissa.
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
    return attach(t, Why::e8m0_subnormal_quirk);
  }

  // 6 before 5 for E8M0 under E8m0Overflow::before_rounding: gfloat decides overflow on the unrounded value, so
  // anything above 2^127 overflows.
  if (exponent_only && o.policies.e8m0_overflow == E8m0Overflow::before_rounding &&
      (x.floor_log2() > emax || (x.floor_log2() == emax && !x.is_power_of_two()))) {
    RoundingTrace over = round_overflow(negative, f, o, o.policies.overflow, OverflowInput::finite);
    return attach(over, Why::e8m0_overflow_before_rounding, over.rule);
  }

  // 5. Grid: the rounded number N of steps 2^ulp, and which rule decided it.
  const std::int64_t q = std::max<std::int64_t>(x.floor_log2(), emin);  // binade, or the subnormal grid
  const std::int64_t ulp = q - m;
  const GridStep g =
      round_on_grid(x, ulp, o, exponent_only ? std::optional<std::int64_t>(f.bias) : std::nullopt);

  // 7. Sign and pack: N * 2^ulp as a code; empty when beyond max finite (step 6).
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
    return attach(t, Why::e8m0_clamp_low);
  }
  const auto code = code_of(n, ulp);
  if (!code) {  // 6. Overflow
    RoundingTrace over = round_overflow(negative, f, o, o.policies.overflow, OverflowInput::finite);
    over.below = t.below;
    over.above = t.above;
    over.below_code = t.below_code;
    over.above_code = t.above_code;
    return over;
  }
  t.code = *code;
  switch (g.rule) {
    case RoundingRule::exact: return attach(t, Why::exact);
    case RoundingRule::tie_to_even: return attach(t, exponent_only ? Why::tie_even_code : Why::tie_even_mantissa);
    case RoundingRule::tie_away: return attach(t, Why::tie_away);
    case RoundingRule::nearest: return attach(t, Why::nearest);
    case RoundingRule::directed: return attach(t, Why::directed);
    case RoundingRule::stochastic: return attach(t, Why::stochastic);
    default: break;  // round_on_grid decides only the rules above
  }
  return t;
}

using detail::enum_names;
template <typename E>
using N = detail::NamedValue<E>;
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

// The steps, in order (the scalar codec's core.hpp uses the same numbers):
//   1. NaN  2. negative into an unsigned format  3. Inf  4. zero  5. grid  6. overflow  7. sign and pack
// Steps 5 to 7 are round_binary and round_twos_complement.
RoundingTrace try_round_to_format(const ExactValue& input, const FormatSpec& f, const EncodeOptions& o) {
  if (std::string error = stochastic_input_error(o); !error.empty()) {
    RoundingTrace t;
    t.refusal = std::move(error);
    return t;
  }
  const ElementPolicies& p = o.policies;
  // 1. NaN
  if (input.is_nan()) return round_nan(input, f, p);

  // 2. Negative into an unsigned format (e8m0, ue4m3)
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
        return attach(t, Why::negative_into_unsigned_nan);
      }
      case NegativeIntoUnsigned::error: {
        RoundingTrace t;
        t.refusal = "negative value has no encoding in unsigned " + std::string(f.name) +
                    " (policy negative-into-unsigned=error)";
        return attach(t, Why::negative_refused);
      }
      case NegativeIntoUnsigned::smallest: {
        if (x.is_inf()) {  // ml_dtypes' saturating conversion sends -Inf where +Inf goes (NaN)
          x = x.abs();
          break;
        }
        RoundingTrace t;
        t.code = 0;
        return attach(t, Why::negative_into_unsigned_smallest);
      }
    }
  }
  if (unsigned_format) x = x.abs();  // -0 is 0

  // 3. Inf: the overflow decision of step 6 for an Inf input
  if (x.is_inf() && !has_inf(f) && !has_nan(f) && p.inf_into_finite == InfIntoFinite::error) {
    RoundingTrace t;
    t.refusal = "Inf has no encoding in " + std::string(f.name) + " (policy inf-into-finite=error)";
    return attach(t, Why::inf_refused);
  }
  if (x.is_inf()) return round_overflow(x.negative(), f, o, inf_input_overflow(p), OverflowInput::infinity);

  // 4. Zero
  if (x.is_zero()) {
    RoundingTrace t;
    if (!has_zero(f)) {
      t.code = p.zero_into_e8m0 == ZeroIntoE8m0::smallest ? 0 : nan_code(f, false, p.nan_encoding);
      return attach(t, Why::zero_into_e8m0);
    }
    t.code = zero_code(f, x.negative());
    return attach(t, has_negative_zero(f) || !x.negative() ? Why::zero_kept : Why::zero_unsigned);
  }

  // 5-7. Grid, overflow, sign and pack
  return f.encoding == Encoding::twos_complement ? round_twos_complement(x, f, o) : round_binary(x, f, o);
}

RoundingTrace round_to_format(const ExactValue& x, const FormatSpec& f, const EncodeOptions& o) {
  RoundingTrace t = try_round_to_format(x, f, o);
  if (t.refused()) throw InvalidArgument(t.refusal);
  return t;
}

EncodeOptions ieee_encode_options(Rounding rounding) {
  return EncodeOptions{.rounding = rounding, .policies = kIeeeElementPolicies, .stochastic = StochasticBits{}};
}

std::uint64_t encode(const ExactValue& x, const FormatSpec& format, const EncodeOptions& options) {
  return round_to_format(x, format, options).code;
}

std::optional<std::uint64_t> try_encode(const ExactValue& x, const FormatSpec& format, const EncodeOptions& options) {
  const RoundingTrace t = try_round_to_format(x, format, options);
  if (t.refused()) return std::nullopt;
  return t.code;
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

std::optional<std::uint64_t> try_convert(const FormatSpec& from, std::uint64_t code, const FormatSpec& to,
                                         const EncodeOptions& o) {
  return try_encode(decode_source(from, code, o.policies.subnormal_input), to, o);
}

}  // namespace mxconf
