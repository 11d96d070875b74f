#include "mxconf/reference/scale_rule.hpp"

#include <boost/multiprecision/integer.hpp>
#include <string>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "mxconf/reference/policy_names.hpp"
#include "torch_log2f_thresholds.hpp"

namespace mxconf {
namespace {

// OCP MX v1.0 §5.4.1: E8M0 encodes 2^-127 .. 2^127 with bias 127; 0xff is its only NaN (all from its row).
constexpr std::int64_t kScaleBias = kE8m0Bias;
constexpr std::int64_t kMinScaleExponent = kE8m0MinExponent;
constexpr std::int64_t kMaxScaleExponent = kE8m0MaxExponent;
constexpr std::uint64_t kNanScale = kE8m0NanCode;

// A scale exponent, or "the rule itself produced a NaN scale" (torchao EVEN past the fp32 range).
struct ScaleExponent {
  std::int64_t s = 0;
  bool nan = false;
};

ExactValue element_max(const FormatSpec& element) { return decode(element, max_finite_code(element)); }

// Unit in the last place at the element's largest finite value M.
std::int64_t ulp_exponent_at_max(const FormatSpec& element) {
  if (element.encoding == Encoding::twos_complement) return element.fixed_point_exponent;
  return max_exponent(element) - element.mantissa_bits;
}

bool at_most(const ExactValue& a, const ExactValue& b) { return compare_magnitude(a, b) <= 0; }

// ceil(log2(a / d)) for positive finite a, d: the smallest s with a <= d * 2^s. Since a / d lies in
// (2^(e(a)-e(d)-1), 2^(e(a)-e(d)+1)) only two candidates exist; the ratio need not be dyadic (a / 448), so the
// decision is an exact comparison of a with d * 2^s instead of a division.
std::int64_t ceil_log2_ratio(const ExactValue& a, const ExactValue& d) {
  const std::int64_t s = a.floor_log2() - d.floor_log2();
  return at_most(a, d.scaled_by_power_of_two(s)) ? s : s + 1;
}

// floor(log2(a / d)): the largest s with d * 2^s <= a.
std::int64_t floor_log2_ratio(const ExactValue& a, const ExactValue& d) {
  const std::int64_t s = a.floor_log2() - d.floor_log2();
  return at_most(d.scaled_by_power_of_two(s), a) ? s : s - 1;
}

std::int64_t ceil_log2(const ExactValue& a) { return a.floor_log2() + (a.is_power_of_two() ? 0 : 1); }

// OCP MX v1.0 §6.3 / MX paper Algorithm 1: shared_exp = floor(log2(amax)) - emax_elem, from the exact value
// (never a float32 log2, which rounds 0x43ffffff up to 9: spec-rules §3.3).
ScaleExponent floor_rule(const ExactValue& a, const FormatSpec& element) {
  return {a.floor_log2() - max_exponent(element)};
}

// spec-rules §4, torchao CEIL: exponent plus one when the mantissa is non-zero.
ScaleExponent ceil_rule(const ExactValue& a, const FormatSpec& element) {
  return {ceil_log2(a) - max_exponent(element)};
}

// spec-rules §4, torchao EVEN: (bits + (1 << (22 - m))) & 0xff800000, i.e. a rounded half-up to m fraction bits,
// then floor. The rounding only matters when it carries into the next binade: a >= 2^e * (2 - 2^-(m+1)).
// torchao does this on the fp32 bit pattern, so a carry past the largest fp32 exponent yields the Inf pattern: the
// rule gives the NaN scale (a' >= 2^128 -> 0xff) whatever ScaleOverflow says, as it is the rule's own result, not a
// clamp; BlockInf::exponent_field (torchao 0.18) instead reads that pattern like an Inf amax (block.cpp).
std::int64_t even_rounded_exponent(const ExactValue& a, const FormatSpec& element) {
  const std::int64_t e = a.floor_log2();
  const int m = fraction_bits(element);
  // 2^e * (2 - 2^-(m+1)) = (2^(m+2) - 1) * 2^(e-m-1)
  const ExactValue carry_threshold = ExactValue::finite(false, (BigInt(1) << (m + 2)) - 1, e - m - 1);
  return at_most(carry_threshold, a) ? e + 1 : e;
}
constexpr std::int64_t kFp32InfExponent = 128;

ScaleExponent even_rule(const ExactValue& a, const FormatSpec& element) {
  const std::int64_t rounded_exponent = even_rounded_exponent(a, element);
  if (rounded_exponent >= kFp32InfExponent) return {0, true};
  return {rounded_exponent - max_exponent(element)};
}

// spec-rules §4 RCEIL (cuDNN "quantize_round_up(amax / vmax)", MXFP8 paper): s = ceil(log2(a / M)), exact.
ScaleExponent rceil_rule(const ExactValue& a, const FormatSpec& element) {
  return {ceil_log2_ratio(a, element_max(element))};
}

// fl32(a / d) under RNE with gradual underflow (a >= 0, d > 0 finite). a / d = (A / D) * 2^(ea - ed) is not
// dyadic in general; q = floor(A * 2^k / D) with k large enough that q has far more than 25 bits, plus a sticky
// half when the division is inexact, rounds exactly like the true quotient (the discarded part's comparison with
// half an ulp is the same for q + frac and q + 1/2).
ExactValue fp32_divide(const ExactValue& a, const ExactValue& d) {
  const auto& fp32 = format_spec(FormatId::fp32);
  if (a.is_zero()) return ExactValue::zero(false);
  const std::int64_t k = static_cast<std::int64_t>(boost::multiprecision::msb(d.significand())) + 40;
  const BigInt numerator = a.significand() << static_cast<unsigned>(k);
  const BigInt q = numerator / d.significand();
  const bool inexact = q * d.significand() != numerator;
  const ExactValue quotient =
      ExactValue::finite(false, 2 * q + (inexact ? 1 : 0), a.exponent() - k - 1 - d.exponent());
  return decode(fp32, encode(quotient, fp32, ieee_encode_options(Rounding::rne)));
}

ExactValue fp32_reciprocal(const ExactValue& m) { return fp32_divide(ExactValue::dyadic(1, 0), m); }

// What TransformerEngine and torchao RCEIL compute (spec-rules §4): p = fl32(amax * fl32(1/M)) with gradual
// underflow, then cvt.rp.satfinite.ue8m0 of p. It differs from exact rceil only where a / M lands just above 2^-127
// and p rounds back to 2^-127 in the fp32 subnormal range (0x04600001 for e4m3 and one input per other format).
ExactValue fp32_product(const ExactValue& a, const ExactValue& b) {
  const auto& fp32 = format_spec(FormatId::fp32);
  return decode(fp32, encode(multiply(a, b), fp32, ieee_encode_options(Rounding::rne)));
}

ScaleExponent rceil_fp32_rule(const ExactValue& a, const FormatSpec& element) {
  const ExactValue p = fp32_product(a, fp32_reciprocal(element_max(element)));
  if (p.is_zero()) return {kMinScaleExponent};
  // Only a source wider than fp32 can overflow the product: s > 127, ScaleOverflow decides.
  if (p.is_inf()) return {kMaxScaleExponent + 1};
  return {ceil_log2(p)};
}

// torchao 0.18 RCEIL (real-clients.md §4): ceil(torch.log2(amax / M)) in fp32 on CUDA. Two roundings decide it:
// (1) torch divides a CUDA tensor by a Python scalar as a multiplication by the scalar's fp32 reciprocal, so
//     q = fl32(a * fl32(1/M)), the product of rceil-fp32, not fl32(a / M): for amax = M * 2^k + 2 ulp
//     (k in {-8..-5, 4..7}) the product lands one fp32 step higher than the quotient (observations/torchao/0.18.0
//     quantize-*-rceil.txt, 8 blocks per element format);
// (2) ceil of torch.log2(q) is k, not k + 1, for q a little above 2^k, where log2 q rounds to k itself: the measured
//     per-k thresholds (torch_log2f_thresholds.hpp, observations/torch/2.11.0/log2f-ceil-thresholds.dat) decide it.
ScaleExponent rceil_log2f_rule(const ExactValue& a, const FormatSpec& element) {
  const auto& fp32 = format_spec(FormatId::fp32);
  const ExactValue r = fp32_reciprocal(element_max(element));
  const std::uint64_t q = encode(multiply(a, r), fp32, ieee_encode_options(Rounding::rne));
  constexpr std::uint64_t kFp32Inf = 0x7f80'0000;
  if (q == 0) return {kMinScaleExponent};  // log2f(0) = -Inf: the clamp at 2^-127
  if (q >= kFp32Inf) return {kMaxScaleExponent + 1};  // only sources wider than fp32
  // q in (2^(c-1), 2^c] with c = ceil(log2 q) exactly; torch.log2 gives c - 1 below the interval's threshold.
  const std::int64_t c = ceil_log2(decode(fp32, q));
  const auto index = static_cast<std::size_t>(c - 1 - detail::kTorchLog2fFirstK);
  return {q >= detail::kTorchLog2fCeilThreshold.at(index) ? c : c - 1};
}

// TOSA calc_block_scale (spec-rules §4): out_max = M + ulp(M)/2 (2026-03+) or M (2023-11 .. 2026-03). E4M3 uses
// ceil(log2(a / out_max)) because its tie at 464 rounds down to 448; every other format's max has an odd mantissa
// so its tie rounds up and overflows, hence floor(log2(a / out_max)) + 1.
ScaleExponent tosa_rule(const ExactValue& a, const FormatSpec& element, bool half_ulp_headroom) {
  ExactValue out_max = element_max(element);
  if (half_ulp_headroom) out_max = add(out_max, ExactValue::finite(false, 1, ulp_exponent_at_max(element) - 1));
  if (element.id == FormatId::e4m3) return {ceil_log2_ratio(a, out_max)};
  return {floor_log2_ratio(a, out_max) + 1};
}

ScaleExponent rule_exponent(ScaleRule rule, const ExactValue& a, const FormatSpec& element) {
  switch (rule) {
    case ScaleRule::floor:
    case ScaleRule::fp4_three_quarters:  // Tseng et al.: the OCP floor scale; the 3/4 acts on the elements
      return floor_rule(a, element);
    case ScaleRule::ceil: return ceil_rule(a, element);
    case ScaleRule::even: return even_rule(a, element);
    case ScaleRule::rceil: return rceil_rule(a, element);
    case ScaleRule::rceil_fp32: return rceil_fp32_rule(a, element);
    case ScaleRule::rceil_log2f: return rceil_log2f_rule(a, element);
    case ScaleRule::tosa: return tosa_rule(a, element, true);
    case ScaleRule::tosa_2023: return tosa_rule(a, element, false);
  }
  throw InvalidArgument("unknown scale rule " + std::to_string(static_cast<int>(rule)));
}

// spec-rules §3.3: every implementation clamps the shared exponent below at -127 (elements may underflow); above
// 127 (reachable only from sources wider than fp32, or MXINT8 under rceil) microxcaling gives NaN, gfloat and
// TOSA clip.
std::uint64_t to_code(ScaleExponent e, ScaleOverflow overflow) {
  if (e.nan) return kNanScale;
  if (e.s < kMinScaleExponent) return 0;
  if (e.s > kMaxScaleExponent)
    return overflow == ScaleOverflow::nan ? kNanScale : static_cast<std::uint64_t>(kMaxScaleExponent + kScaleBias);
  return static_cast<std::uint64_t>(e.s + kScaleBias);
}

void check_amax(const ExactValue& amax) {
  if (amax.is_nan()) throw InvalidArgument("amax is NaN: a block's NaN is handled by BlockNan, not by a scale rule");
  if (amax.is_inf()) throw InvalidArgument("amax is Inf: a block's Inf is handled by BlockInf, not by a scale rule");
  if (amax.negative() && !amax.is_zero())
    throw InvalidArgument("amax " + to_hex_float(amax) + " is negative: amax is a maximum of magnitudes");
}

}  // namespace

Fp32ScaleWorking fp32_scale_working(const ExactValue& amax, const FormatSpec& element) {
  const ExactValue r = fp32_reciprocal(element_max(element));
  return {.reciprocal = r, .product = fp32_product(amax, r)};
}

std::string_view to_string(ScaleRule r) { return names_of<ScaleRule>().name(r); }
std::optional<ScaleRule> parse_scale_rule(std::string_view name) { return names_of<ScaleRule>().parse(name); }
std::string_view to_string(ScaleOverflow v) { return names_of<ScaleOverflow>().name(v); }
std::string_view to_string(ZeroAmax v) { return names_of<ZeroAmax>().name(v); }
std::optional<ScaleOverflow> parse_scale_overflow(std::string_view s) { return names_of<ScaleOverflow>().parse(s); }
std::optional<ZeroAmax> parse_zero_amax(std::string_view s) { return names_of<ZeroAmax>().parse(s); }

bool even_rounds_to_fp32_inf(const ExactValue& amax, const FormatSpec& element) {
  check_amax(amax);
  return !amax.is_zero() && even_rounded_exponent(amax.abs(), element) >= kFp32InfExponent;
}

std::uint64_t scale_code(ScaleRule rule, const ExactValue& amax, const FormatSpec& element, ScaleOverflow overflow,
                         ZeroAmax zero_amax) {
  check_amax(amax);
  if (!is_element_format(element.id))
    throw InvalidArgument("element format " + std::string(element.name) + " is not an OCP MX element format");
  if (amax.is_zero()) {
    // spec-rules §3.3: log2(0) is undefined; everyone but microxcaling's Python path takes the smallest scale.
    if (zero_amax == ZeroAmax::smallest_scale) return 0;
    // microxcaling mx_ops.py adds FP32_MIN_NORMAL to amax: 0x01 for MXINT8 (emax 0), 0x00 for the others.
    return to_code(rule_exponent(rule, ExactValue::dyadic(1, -126), element), overflow);
  }
  return to_code(rule_exponent(rule, amax.abs(), element), overflow);
}

}  // namespace mxconf
