// MX block quantization: the scale rules of reference scale_rule.cpp and the block logic of reference block.cpp,
// on fp32 bit patterns. Every rule compares 24-bit significands (a / M is never formed: ceil(log2(a / M)) is
// e(a) - e(M) plus one when a's significand exceeds M's), except rceil-fp32, which is the fp32 product it names.
#include "mxconf/kernels/scalar_codec/block.hpp"

#include <stdexcept>

#include "code_parts.hpp"
#include "log2f_threshold.hpp"

namespace mxconf::scalar_codec {
namespace {

using detail::Parts;

// OCP MX v1.0 §5.4.1: E8M0 bias 127, codes 0..254 = 2^-127..2^127, 0xff NaN (all from its row, format.hpp).
constexpr auto kNanScale = static_cast<std::uint8_t>(kE8m0NanCode);
constexpr auto kLargestScale = static_cast<std::uint8_t>(kE8m0LargestCode);
constexpr auto kScaleBias = static_cast<int>(kE8m0Bias);
constexpr auto kMinScaleExponent = static_cast<int>(kE8m0MinExponent);
constexpr auto kMaxScaleExponent = static_cast<int>(kE8m0MaxExponent);
constexpr std::uint32_t kFp32Inf = 0x7f80'0000;
constexpr std::uint32_t kFp32MinNormal = 0x0080'0000;  // 2^-126 (ZeroAmax::fp32_min_normal, microxcaling)
constexpr std::uint32_t kOne24 = std::uint32_t{1} << 23;

struct ScaleExponent {
  int s = 0;
  bool nan = false;  // the rule's own NaN (even: the rounded amax reaches the fp32 Inf pattern)
};

// A finite non-zero fp32 magnitude as e = floor(log2 a) and its 24-bit significand (leading one at bit 23).
struct Amax {
  int e = 0;
  std::uint32_t sig = 0;
};
Amax amax_of(std::uint32_t bits) {
  const Parts p = detail::fp32_parts(bits & 0x7fff'ffff, false);
  return Amax{p.exp, static_cast<std::uint32_t>(p.sig)};
}

// fl32(a * fl32(1/M)) with gradual underflow (reference scale_rule.cpp rceil_fp32_rule): a pattern, or kFp32Inf.
std::uint32_t times_reciprocal(const QuantizePlan& plan, const Amax& a) {
  static const ConvertPlan to_fp32 = ieee_plan(FormatId::fp32, Rounding::rne);
  const std::uint64_t product = std::uint64_t{a.sig} * plan.reciprocal_sig;  // < 2^48, exact
  const Parts exact = detail::finite_parts(false, product, a.e + plan.reciprocal_exponent - 46);
  return exact.exp > 127 ? kFp32Inf : detail::encode_parts(to_fp32, exact, 0).code;
}

// rceil-fp32: ceil(log2 p) of p = fl32(a * fl32(1/M)).
ScaleExponent rceil_fp32(const QuantizePlan& plan, const Amax& a) {
  const std::uint32_t p = times_reciprocal(plan, a);
  if (p == 0) return {kMinScaleExponent};
  if (p == kFp32Inf) return {kMaxScaleExponent + 1};  // only wider sources; kept for the rule's completeness
  const Amax rounded = amax_of(p);
  return {rounded.e + (rounded.sig != kOne24 ? 1 : 0)};
}

// torchao RCEIL (rceil-log2f): ceil(log2f(q)) for q = fl32(a * fl32(1/M)) (torch divides by a Python scalar as a
// multiplication by its fp32 reciprocal). q / 2^k = 1 + X / 2^23; a correctly rounded log2f(q) rounds down to k
// itself exactly when X < the plan's threshold for k's half-gap (see make_quantize_plan), giving k instead of
// k + 1. The reference holds torch.log2's measured thresholds instead (observations/torch/2.11.0/
// log2f-ceil-thresholds.dat); they equal these for every k, which ScaleRulesAtEveryStep checks at every step.
ScaleExponent rceil_log2f(const QuantizePlan& plan, const Amax& a) {
  const std::uint32_t p = times_reciprocal(plan, a);
  if (p == 0) return {kMinScaleExponent};
  if (p == kFp32Inf) return {kMaxScaleExponent + 1};
  const Amax quotient = amax_of(p);
  const int k = quotient.e;
  if (quotient.sig == kOne24) return {k};
  if (k == 0) return {1};
  const std::uint32_t x = quotient.sig - kOne24;
  return {x < plan.log2f_threshold[detail::half_gap_index(k)] ? k : k + 1};
}

ScaleExponent rule_exponent(const QuantizePlan& plan, const Amax& a) {
  const int floor_s = a.e - plan.emax;
  switch (plan.block.rule) {
    case ScaleRule::floor:               // OCP MX v1.0 §6.3: floor(log2 a) - emax
    case ScaleRule::fp4_three_quarters:  // Tseng et al.: the floor scale; 3/4 acts on the elements
      return {floor_s};
    case ScaleRule::ceil:  // torchao CEIL: ceil(log2 a) - emax
      return {floor_s + (a.sig != kOne24 ? 1 : 0)};
    case ScaleRule::even: {  // torchao EVEN: a rounded half-up to the element's fraction bits, then floor
      const int rounded = a.e + (a.sig >= plan.even_threshold ? 1 : 0);
      if (rounded >= 128) return {0, true};  // the fp32 Inf pattern: NaN scale whatever ScaleOverflow says
      return {rounded - plan.emax};
    }
    case ScaleRule::rceil:  // ceil(log2(a / M)) = e(a) - e(M) + [sig(a) > sig(M)]
      return {a.e - plan.max_exponent + (a.sig > plan.max_sig ? 1 : 0)};
    case ScaleRule::rceil_fp32:
      return rceil_fp32(plan, a);
    case ScaleRule::rceil_log2f:
      return rceil_log2f(plan, a);
    case ScaleRule::tosa:
    case ScaleRule::tosa_2023: {  // out_max = M + ulp/2 (2026) or M (2023); e(out_max) = emax
      const std::uint32_t out_max = plan.block.rule == ScaleRule::tosa ? plan.tosa_sig : plan.max_sig;
      if (plan.e4m3_tosa) return {floor_s + (a.sig > out_max ? 1 : 0)};  // ceil(log2(a / out_max))
      return {floor_s - (a.sig < out_max ? 1 : 0) + 1};                  // floor(log2(a / out_max)) + 1
    }
  }
  return {0, true};
}

// spec-rules §3.3: clamp below at 2^-127; above 2^127 ScaleOverflow decides.
std::uint8_t to_code(const QuantizePlan& plan, ScaleExponent e) {
  if (e.nan) return kNanScale;
  if (e.s < kMinScaleExponent) return 0;
  if (e.s > kMaxScaleExponent)
    return plan.block.scale_overflow == ScaleOverflow::nan ? kNanScale : static_cast<std::uint8_t>(kLargestScale);
  return static_cast<std::uint8_t>(e.s + kScaleBias);
}

// V / X (times 3/4 for fp4-three-quarters), exact: X = 2^s only moves the exponent.
Parts element_input(Parts v, int s, bool three_quarters) {
  if (v.kind != Parts::Kind::finite) return v;
  v.exp -= s;
  if (three_quarters) {
    const std::uint64_t t = v.sig * 3;  // 3 sig * 2^(exp - point - 2); leading one at point + 1 or point + 2
    const int lsb = v.exp - v.point - 2;
    const int top = static_cast<int>(std::bit_width(t)) - 1;
    v.sig = t;
    v.point = top;
    v.exp = lsb + top;
  }
  return v;
}

template <typename In, typename Widen>
Status quantize(const QuantizePlan& plan, std::span<const In> values, std::span<const std::uint32_t> random,
                std::uint8_t& scale, std::span<std::uint8_t> codes, Widen widen) noexcept {
  const std::size_t k = values.size();
  const bool stochastic = plan.element.rounding == Rounding::sr;
  if (k == 0 || codes.size() != k || (stochastic && random.size() != k)) return Status::invalid_argument;
  if (stochastic)
    for (const std::uint32_t r : random)
      if (!detail::random_fits(plan.element, r)) return Status::random_out_of_range;
  const bool flush = plan.element.policies.subnormal_input == SubnormalInput::flush;

  // amax over the finite values (integer order of fp32 magnitudes is numeric order), and the specials.
  bool any_nan = false, any_inf = false;
  std::uint32_t amax = 0;
  for (const In v : values) {
    std::uint32_t a = widen(v) & 0x7fff'ffff;
    if (flush && a < kFp32MinNormal) a = 0;
    any_nan |= a > kFp32Inf;
    any_inf |= a == kFp32Inf;
    if (a < kFp32Inf && a > amax) amax = a;
  }
  // reference block.cpp block_scale: a NaN or Inf input makes the whole block NaN (microxcaling, torchao, TOSA);
  // TE's cvt.rp.satfinite of an Inf amax and gfloat's clip give 2^127.
  if (any_nan && plan.block.nan == BlockNan::nan_scale)
    scale = kNanScale;
  else if (any_inf && plan.block.inf == BlockInf::nan_scale)
    scale = kNanScale;
  else if (any_inf && plan.block.inf == BlockInf::exponent_field)  // torchao: Inf's exponent bits 255 - emax
    scale = static_cast<std::uint8_t>(255 - plan.emax);
  else if (any_inf)
    scale = kLargestScale;
  else if (plan.block.inf == BlockInf::exponent_field && plan.block.rule == ScaleRule::even && amax != 0 &&
           amax_of(amax).e == 127 && amax_of(amax).sig >= plan.even_threshold)
    scale = static_cast<std::uint8_t>(255 - plan.emax);  // torchao EVEN: amax rounds to the Inf pattern, read as one
  else
    scale = scale_code_fp32(plan, amax);

  const FormatSpec& f = format_spec(plan.element.destination);
  if (scale == kNanScale) {
    // OCP MX v1.0 §6.3: every V_i is NaN; the codes are the element format's NaN result, 0 where the policy
    // refuses NaN (reference block.cpp code_under_nan_scale).
    const bool refuse = !has_nan(f) && plan.element.policies.nan_into_finite == NanIntoFinite::error;
    for (std::size_t i = 0; i < k; ++i)
      codes[i] = refuse ? 0 : static_cast<std::uint8_t>(plan.element.nan[widen(values[i]) >> 31].code);
    return Status::ok;
  }
  // The divisor's exponent; code 0x00 follows MinScaleDivisor (torchao: 2^-126, or 1.0 for RCEIL).
  int s = static_cast<int>(scale) - kScaleBias;
  if (scale == 0 && plan.block.min_scale_divisor == MinScaleDivisor::fp32_min_normal) s = -126;
  if (scale == 0 && plan.block.min_scale_divisor == MinScaleDivisor::one) s = 0;
  const bool three_quarters = plan.block.rule == ScaleRule::fp4_three_quarters;
  return detail::dispatch_rounding(plan.element.rounding, [&]<Rounding R>() {
    Status first = Status::ok;
    for (std::size_t i = 0; i < k; ++i) {
      const Parts v = element_input(detail::fp32_parts(widen(values[i]), flush), s, three_quarters);
      const Encoded e = detail::encode_parts<R>(plan.element, v, stochastic ? random[i] : 0);
      codes[i] = static_cast<std::uint8_t>(e.code);
      if (e.status != Status::ok && first == Status::ok) first = e.status;
    }
    return first;
  });
}

}  // namespace

QuantizePlan make_quantize_plan(FormatId element, Rounding rounding, const ElementPolicies& policies,
                                const BlockPolicies& block, int sr_bits) {
  if (!is_element_format(element))
    throw std::invalid_argument("scalar codec: quantize needs an MX element format (e4m3 e5m2 e3m2 e2m3 e2m1 int8)");
  ElementPolicies element_policies = policies;
  element_policies.overflow = block.element_overflow;  // OCP MX §6.3 clamps normals: the block's choice
  QuantizePlan plan;
  plan.element = make_convert_plan(element, rounding, element_policies, sr_bits);
  plan.block = block;
  const FormatSpec& f = format_spec(element);
  plan.emax = max_exponent(f);
  const Parts max = detail::code_parts(f, static_cast<std::uint32_t>(max_finite_code(f)));
  plan.max_exponent = max.exp;
  plan.max_sig = static_cast<std::uint32_t>(max.sig >> (detail::kMaxPoint - 23));  // M has <= 8 significant bits
  const int fb = fraction_bits(f);
  plan.tosa_sig = plan.max_sig + (std::uint32_t{1} << (22 - fb));               // + ulp(M) / 2
  plan.even_threshold = ((std::uint32_t{1} << (fb + 2)) - 1) << (23 - fb - 1);  // 2 - 2^-(fb+1)
  plan.e4m3_tosa = element == FormatId::e4m3;
  // fl32(1/M) under RNE: q = floor(2^62 / sig(M)) has far more than 25 bits; a sticky bit for the remainder.
  const std::uint64_t q = (std::uint64_t{1} << 62) / plan.max_sig;
  const bool inexact = q * plan.max_sig != (std::uint64_t{1} << 62);
  // 1/M = 2^(23 - e(M)) / sig(M) = (2q + sticky) * 2^(23 - e(M) - 63)
  const Parts reciprocal = detail::finite_parts(false, (q << 1) | (inexact ? 1 : 0), 23 - plan.max_exponent - 63);
  const std::uint32_t r = detail::encode_parts(ieee_plan(FormatId::fp32, Rounding::rne), reciprocal, 0).code;
  const Amax r_parts = amax_of(r);
  plan.reciprocal_exponent = r_parts.e;
  plan.reciprocal_sig = r_parts.sig;
  plan.log2f_threshold = detail::log2f_thresholds();
  return plan;
}

std::uint8_t scale_code_fp32(const QuantizePlan& plan, std::uint32_t amax) noexcept {
  amax &= 0x7fff'ffff;
  if (amax == 0) {
    // spec-rules §3.3: log2(0) is undefined; everyone but microxcaling's Python path takes the smallest scale.
    if (plan.block.zero_amax == ZeroAmax::smallest_scale) return 0;
    amax = kFp32MinNormal;
  }
  return to_code(plan, rule_exponent(plan, amax_of(amax)));
}

Status quantize_block_fp32(const QuantizePlan& plan, std::span<const std::uint32_t> values,
                           std::span<const std::uint32_t> random, std::uint8_t& scale,
                           std::span<std::uint8_t> codes) noexcept {
  return quantize(plan, values, random, scale, codes, [](std::uint32_t x) { return x; });
}

Status quantize_block_bf16(const QuantizePlan& plan, std::span<const std::uint16_t> values,
                           std::span<const std::uint32_t> random, std::uint8_t& scale,
                           std::span<std::uint8_t> codes) noexcept {
  return quantize(plan, values, random, scale, codes, [](std::uint16_t x) { return widen_bf16(x); });
}

}  // namespace mxconf::scalar_codec
