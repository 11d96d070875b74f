// Plans: everything a conversion, quantization or dequantization needs that depends only on the destination and
// the policies, computed once in scalar code (the special outcomes of reference codec.cpp's round_nan,
// round_overflow and round_to_format; the scale rules' constants of reference scale_rule.cpp), and the per-block
// scale rule. The vector loops (codec_simd.cpp) only read these constants. Every format constant comes from the
// reference's row (format.hpp kFormatTable) and the grid shared with the scalar codec (mxconf/kernels/grid.hpp).
#include <bit>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "mxconf/kernels/grid.hpp"
#include "mxconf/kernels/simd_codec.hpp"
#include "mxconf/reference/codec.hpp"

namespace mxconf::simd_codec {
namespace {

using kernels::code_bias;
using kernels::grid_bits;
using kernels::grid_min_exponent;

constexpr bool is_twos(const FormatSpec& f) { return f.encoding == Encoding::twos_complement; }
constexpr std::uint32_t u32(std::uint64_t v) { return static_cast<std::uint32_t>(v); }

std::uint32_t nan_code(const FormatSpec& f, bool negative, NanEncoding enc) {
  // NanSign::negative: one NaN code with the sign bit set (gfloat), whatever the input's sign.
  const bool sign_set = enc.sign == NanSign::negative || (negative && enc.sign == NanSign::keep);
  const std::uint32_t sign = sign_set ? u32(sign_mask(f)) : 0;
  if (f.specials == Specials::nan_all_ones) return sign | u32(magnitude_mask(f));
  const std::uint32_t exponent = u32(all_ones_exponent(f)) << f.mantissa_bits;
  const std::uint32_t mantissa = enc.mantissa == NanMantissa::all_ones ? (std::uint32_t{1} << f.mantissa_bits) - 1
                                                                       : std::uint32_t{1} << (f.mantissa_bits - 1);
  return sign | exponent | mantissa;
}

std::uint32_t inf_code(const FormatSpec& f, bool negative) {
  return (negative ? u32(sign_mask(f)) : 0) | (u32(all_ones_exponent(f)) << f.mantissa_bits);
}

std::uint32_t zero_code(const FormatSpec& f, bool negative) {
  return has_negative_zero(f) && negative ? u32(sign_mask(f)) : 0;
}

// +-max finite; MXINT8's negative end follows Int8Range (-127 or -128).
std::uint32_t max_code(const FormatSpec& f, bool negative, Int8Range range) {
  const std::uint32_t max = u32(max_finite_code(f));
  if (is_twos(f)) {
    if (!negative) return max;
    const std::uint32_t magnitude = max + (range == Int8Range::full ? 1 : 0);
    return (~magnitude + 1) & u32(code_mask(f));
  }
  return (negative ? u32(sign_mask(f)) : 0) | max;
}

// Beyond the largest finite magnitude (OFP8 v1.0 §3 saturation modes; IEEE 754 §7.4 for directed roundings).
std::uint32_t overflow_code(const FormatSpec& f, const ElementPolicies& p, Overflow overflow, Rounding rounding,
                            bool negative, bool input_is_inf) {
  bool to_max = false;
  if (overflow == Overflow::saturate) {
    to_max = !input_is_inf || p.inf_under_saturation == InfUnderSaturation::clamp;
  } else {
    const bool toward_zero = rounding == Rounding::rtz || (rounding == Rounding::rup && negative) ||
                             (rounding == Rounding::rdn && !negative);
    to_max = !input_is_inf && toward_zero && p.directed_overflow == DirectedOverflow::largest_finite;
  }
  if (!to_max && !has_inf(f) && !has_nan(f)) to_max = true;  // OCP MX v1.0 §5.3: no Inf or NaN: clamp
  if (to_max) return max_code(f, negative, p.int8_range);
  if (has_inf(f)) return inf_code(f, negative);
  // An overflow NaN keeps the value's sign (spec-rules §5.2), but for gfloat's single NaN code (NanSign::negative).
  const NanSign sign = p.nan_encoding.sign == NanSign::negative ? NanSign::negative : NanSign::keep;
  return nan_code(f, negative, NanEncoding{.sign = sign, .mantissa = p.nan_encoding.mantissa});
}

// NaN into the destination (spec-rules §6.8, §6.10); `refused` under NanIntoFinite::error.
std::uint32_t nan_outcome(const FormatSpec& f, const ElementPolicies& p, bool negative, bool& refused) {
  refused = false;
  if (has_nan(f)) return nan_code(f, negative, p.nan_encoding);
  switch (p.nan_into_finite) {
    case NanIntoFinite::positive_max:
      return max_code(f, false, Int8Range::symmetric);
    case NanIntoFinite::signed_max:
      return max_code(f, negative, Int8Range::symmetric);
    case NanIntoFinite::negative_zero:
      return zero_code(f, true);
    case NanIntoFinite::zero_flipped_sign:
      return zero_code(f, !negative);
    case NanIntoFinite::error:
      break;
  }
  refused = true;
  return 0;
}

ConvertPlan make_plan(const FormatSpec& f, Rounding rounding, const ElementPolicies& p) {
  if (rounding == Rounding::sr) throw std::invalid_argument("simd codec: stochastic rounding is not implemented");
  ConvertPlan plan;
  plan.destination = f.id;
  plan.rounding = rounding;
  plan.flush_subnormal_input = p.subnormal_input == SubnormalInput::flush;
  plan.unsigned_destination = is_unsigned(f);
  plan.negative_is_special = is_unsigned(f) && p.negative_into_unsigned != NegativeIntoUnsigned::magnitude;
  // ml_dtypes' saturating conversion (NegativeIntoUnsigned::smallest) takes -Inf as +Inf.
  plan.negative_inf_as_magnitude = p.negative_into_unsigned == NegativeIntoUnsigned::smallest;
  plan.e8m0_quirk = is_exponent_only(f) && p.e8m0_subnormal_rounding == E8m0SubnormalRounding::up_above_smallest &&
                    (rounding == Rounding::rne || rounding == Rounding::rna);
  plan.e8m0_overflow_early = is_exponent_only(f) && p.e8m0_overflow == E8m0Overflow::before_rounding;
  plan.grid_bits = grid_bits(f);
  plan.grid_min = grid_min_exponent(f);
  plan.code_bias = code_bias(f);
  plan.emax = max_exponent(f);
  plan.limit[0] = static_cast<std::int32_t>(max_finite_code(f));
  plan.limit[1] = plan.limit[0] + (is_twos(f) && p.int8_range == Int8Range::full ? 1 : 0);
  plan.code_mask = u32(code_mask(f));
  if (is_twos(f)) {
    plan.negate_xor = plan.code_mask;  // -n in two's complement: (n ^ mask) + 1
    plan.negate_add = 1;
  } else {
    plan.negate_add = u32(sign_mask(f));
  }
  // LLVM APFloat refuses Inf into a format without Inf or NaN (InfIntoFinite::error).
  plan.inf_refused = !has_inf(f) && !has_nan(f) && p.inf_into_finite == InfIntoFinite::error;
  for (const bool negative : {false, true}) {
    const int i = negative ? 1 : 0;
    bool refused = false;
    plan.nan[i] = nan_outcome(f, p, negative, refused);
    plan.nan_refused = refused;
    const bool inf_keeps_special =
        p.overflow == Overflow::non_saturating || p.inf_under_saturation == InfUnderSaturation::keep_special;
    plan.inf[i] = plan.inf_refused ? 0
                                   : overflow_code(f, p, inf_keeps_special ? Overflow::non_saturating : Overflow::saturate,
                                                   rounding, negative, true);
    // MXINT8 rounds on its own grid and always clamps (reference round_twos_complement).
    plan.overflow[i] = is_twos(f) ? max_code(f, negative, p.int8_range)
                                  : overflow_code(f, p, p.overflow, rounding, negative, false);
    if (has_zero(f))
      plan.zero[i] = zero_code(f, negative);
    else  // e8m0 has no zero (spec-rules §6.12)
      plan.zero[i] = p.zero_into_e8m0 == ZeroIntoE8m0::smallest ? 0u : nan_code(f, false, p.nan_encoding);
  }
  plan.negative_refused = p.negative_into_unsigned == NegativeIntoUnsigned::error;
  // nan: the NaN code; smallest: 0x00 = 2^-127 (ml_dtypes' saturating conversion); error: 0, refused.
  plan.negative_unsigned =
      p.negative_into_unsigned == NegativeIntoUnsigned::nan ? nan_code(f, false, p.nan_encoding) : 0;
  return plan;
}

// A finite non-zero fp32 magnitude as floor(log2 a) and its significand with the leading one at bit 23.
struct Normalized {
  int e = 0;
  std::uint32_t sig = 0;
};
Normalized normalize(std::uint32_t a) {
  const int biased = static_cast<int>(a >> 23);
  const std::uint32_t m = a & 0x7f'ffff;
  if (biased != 0) return {biased - 127, m | 0x80'0000};
  const int width = std::bit_width(m);
  return {-149 + width - 1, m << (24 - width)};
}

constexpr auto kNanScale = static_cast<std::uint8_t>(kE8m0NanCode);
constexpr auto kLargestScale = static_cast<std::uint8_t>(kE8m0LargestCode);
constexpr auto kScaleBias = static_cast<int>(kE8m0Bias);
constexpr auto kMinScaleExponent = static_cast<int>(kE8m0MinExponent);
constexpr auto kMaxScaleExponent = static_cast<int>(kE8m0MaxExponent);
constexpr std::uint32_t kOne = 0x80'0000;

// ---- rceil-log2f (torchao RCEIL: ceil(log2f(q)), a correctly rounded fp32 log2 assumed). ----
//
// For q = 2^k (1 + X / 2^23) with k != 0, log2 q = k + log2(1 + X / 2^23), and fl32 gives k itself while that
// offset is below half the spacing of fp32 numbers next to k on the side of log2 q: 2^-h with h = 24 - floor(log2
// |k|), or h + 1 when k < 0 and |k| is a power of two (the spacing below a power of two is half). For k in
// [-149, 127] \ {0}, h is 17..25: index h - 17. The offset is below 2^-h exactly when X < 2^23 (2^(2^-h) - 1):
// the smallest integer above that bound (irrational, so never reached) is the threshold. Computed once in fp64
// with expm1, whose error (about 1e-14 here) is far below the distance of every bound from an integer (checked:
// at least 1e-3); the scalar codec derives the same thresholds by fixed-point squaring and the reference holds
// torch's measured ones, and the tests compare the codecs at every step of the rule.
constexpr int kFirstHalfGap = 17;

int half_gap_index(int k) {
  const unsigned magnitude = static_cast<unsigned>(k < 0 ? -k : k);
  const int h = 24 - (std::bit_width(magnitude) - 1) + (k < 0 && std::has_single_bit(magnitude) ? 1 : 0);
  return h - kFirstHalfGap;
}

void fill_log2f_thresholds(std::uint32_t (&thresholds)[9]) {
  for (int i = 0; i < 9; ++i) {
    const double bound = std::ldexp(std::expm1(std::ldexp(std::numbers::ln2, -(kFirstHalfGap + i))), 23);
    const double above = std::ceil(bound);
    if (above - bound < 1e-3 || bound - std::floor(bound) < 1e-3)
      throw std::logic_error("simd codec: rceil-log2f threshold too close to an integer to decide in fp64");
    thresholds[i] = static_cast<std::uint32_t>(above);
  }
}

}  // namespace

ConvertPlan make_convert_plan(FormatId destination, Rounding rounding, const ElementPolicies& policies) {
  if (static_cast<std::size_t>(destination) >= kFormatCount ||
      !(is_element_format(destination) || destination == FormatId::e8m0))
    throw std::invalid_argument("simd codec: destination must be an element format or e8m0");
  return make_plan(format_spec(destination), rounding, policies);
}

ConvertPlan make_ieee_plan(FormatId destination, Rounding rounding) {
  if (destination != FormatId::fp32 && destination != FormatId::bf16 && destination != FormatId::fp16)
    throw std::invalid_argument("simd codec: IEEE destination must be fp32, bf16 or fp16");
  // The reference's IEEE policy set (codec.hpp, constexpr), as its ieee_encode_options uses.
  return make_plan(format_spec(destination), rounding, kIeeeElementPolicies);
}

QuantizePlan make_quantize_plan(FormatId element, Rounding rounding, const ElementPolicies& policies,
                                const BlockPolicies& block) {
  if (static_cast<std::size_t>(element) >= kFormatCount || !is_element_format(element))
    throw std::invalid_argument("simd codec: quantize needs an MX element format");
  switch (block.rule) {
    case ScaleRule::floor:
    case ScaleRule::ceil:
    case ScaleRule::even:
    case ScaleRule::rceil:
    case ScaleRule::rceil_fp32:
    case ScaleRule::rceil_log2f:
      break;
    default:
      throw std::invalid_argument(
          "simd codec: scale rule not implemented (floor ceil even rceil rceil-fp32 rceil-log2f are)");
  }
  ElementPolicies p = policies;
  p.overflow = block.element_overflow;  // OCP MX v1.0 §6.3 clamps normals: the block's choice
  QuantizePlan plan;
  plan.element = make_convert_plan(element, rounding, p);
  plan.block = block;
  const FormatSpec& f = format_spec(element);
  plan.emax = max_exponent(f);
  // M = mM * 2^(emax - (width - 1)): its integer significand (at most 8 bits) and fp32 pattern.
  const std::uint32_t mag = u32(max_finite_code(f));
  const std::uint32_t m_int =
      is_twos(f) ? mag : ((std::uint32_t{1} << f.mantissa_bits) | (mag & ((std::uint32_t{1} << f.mantissa_bits) - 1)));
  const int width = std::bit_width(m_int);
  plan.max_sig = m_int << (24 - width);
  plan.max_bits = static_cast<std::uint32_t>(plan.emax + 127) << 23 | (plan.max_sig & 0x7f'ffff);
  const int fb = fraction_bits(f);
  plan.even_threshold = ((std::uint32_t{1} << (fb + 2)) - 1) << (23 - fb - 1);  // 2 - 2^-(fb+1)
  // rceil-fp32 and rceil-log2f name fp32 arithmetic (NVIDIA's cvt.rp of amax * (1/M); torch's amax / M as a
  // multiplication by fl32(1/M)): computed in fp32 on purpose, round to nearest even, no flush to zero.
  plan.reciprocal = 1.0f / std::bit_cast<float>(plan.max_bits);
  fill_log2f_thresholds(plan.log2f_threshold);
  // The divisor under scale code 0x00: 2^-127 (OCP), 2^-126 (torchao's F32_MIN_NORMAL clamp) or 1 (torchao RCEIL).
  switch (block.min_scale_divisor) {
    case MinScaleDivisor::exact:
      plan.min_scale_exponent = kMinScaleExponent;
      break;
    case MinScaleDivisor::fp32_min_normal:
      plan.min_scale_exponent = -126;
      break;
    case MinScaleDivisor::one:
      plan.min_scale_exponent = 0;
      break;
  }
  return plan;
}

std::uint8_t scale_code_fp32(const QuantizePlan& plan, std::uint32_t amax) noexcept {
  amax &= 0x7fff'ffff;
  if (amax == 0) {  // spec-rules §3.3: log2(0) is undefined
    if (plan.block.zero_amax == ZeroAmax::smallest_scale) return 0;
    amax = 0x0080'0000;  // microxcaling: 2^-126
  }
  const Normalized a = normalize(amax);
  int s = a.e - plan.emax;  // floor: OCP MX v1.0 §6.3
  switch (plan.block.rule) {
    case ScaleRule::ceil:
      s += a.sig != kOne ? 1 : 0;
      break;
    case ScaleRule::even: {  // torchao EVEN: amax rounded half-up to the element's fraction bits, then floor
      const int rounded = a.e + (a.sig >= plan.even_threshold ? 1 : 0);
      // The fp32 Inf pattern: a NaN scale, or under block-inf=exponent-field torchao's reading of Inf's bits.
      if (rounded >= 128)
        return plan.block.inf == BlockInf::exponent_field ? static_cast<std::uint8_t>(255 - plan.emax) : kNanScale;
      s = rounded - plan.emax;
      break;
    }
    case ScaleRule::rceil:  // ceil(log2(a / M)) = e(a) - e(M) + [sig(a) > sig(M)]
      s += a.sig > plan.max_sig ? 1 : 0;
      break;
    case ScaleRule::rceil_fp32:    // ceil(log2(fl32(a * fl32(1/M))))
    case ScaleRule::rceil_log2f: {  // ceil(log2f(fl32(a * fl32(1/M))))
      const std::uint32_t p = std::bit_cast<std::uint32_t>(std::bit_cast<float>(amax) * plan.reciprocal);
      if (p == 0) {
        s = kMinScaleExponent;
      } else if (p >= 0x7f80'0000) {
        s = kMaxScaleExponent + 1;
      } else {
        const Normalized r = normalize(p);
        if (r.sig == kOne)
          s = r.e;
        else if (plan.block.rule == ScaleRule::rceil_fp32 || r.e == 0)
          s = r.e + 1;
        else
          s = r.e + (r.sig - kOne < plan.log2f_threshold[half_gap_index(r.e)] ? 0 : 1);
      }
      break;
    }
    default:
      break;
  }
  if (s < kMinScaleExponent) return 0;  // spec-rules §3.3: clamp at 2^-127
  if (s > kMaxScaleExponent) return plan.block.scale_overflow == ScaleOverflow::nan ? kNanScale : kLargestScale;
  return static_cast<std::uint8_t>(s + kScaleBias);
}

}  // namespace mxconf::simd_codec
