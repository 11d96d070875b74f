// Plans: everything a conversion, quantization or dequantization needs that depends only on the destination and
// the policies, computed once in scalar code (the special outcomes of reference codec.cpp's round_nan,
// round_overflow and round_to_format; the scale rules' constants of reference scale_rule.cpp), and the per-block
// scale rule. The vector loops (codec_simd.cpp) only read these constants.
#include <bit>
#include <cmath>
#include <stdexcept>

#include "mxconf/kernels/simd_codec.hpp"

namespace mxconf::simd_codec {
namespace {

std::uint32_t nan_code(const FormatRow& f, bool negative, NanEncoding enc) {
  const std::uint32_t sign = negative && enc.sign == NanSign::keep ? sign_mask(f) : 0;
  if (f.specials == Specials::nan_all_ones) return sign | magnitude_mask(f);
  const std::uint32_t exponent = ((std::uint32_t{1} << f.exponent_bits) - 1) << f.mantissa_bits;
  const std::uint32_t mantissa = enc.mantissa == NanMantissa::all_ones ? (std::uint32_t{1} << f.mantissa_bits) - 1
                                                                       : std::uint32_t{1} << (f.mantissa_bits - 1);
  return sign | exponent | mantissa;
}

std::uint32_t inf_code(const FormatRow& f, bool negative) {
  return (negative ? sign_mask(f) : 0) | (((std::uint32_t{1} << f.exponent_bits) - 1) << f.mantissa_bits);
}

std::uint32_t zero_code(const FormatRow& f, bool negative) { return has_negative_zero(f) && negative ? sign_mask(f) : 0; }

// +-max finite; MXINT8's negative end follows Int8Range (-127 or -128).
std::uint32_t max_code(const FormatRow& f, bool negative, Int8Range range) {
  if (is_twos(f)) {
    if (!negative) return max_magnitude(f);
    const std::uint32_t magnitude = max_magnitude(f) + (range == Int8Range::full ? 1 : 0);
    return (~magnitude + 1) & code_mask(f);
  }
  return (negative ? sign_mask(f) : 0) | max_magnitude(f);
}

// Beyond the largest finite magnitude (OFP8 v1.0 §3 saturation modes; IEEE 754 §7.4 for directed roundings).
std::uint32_t overflow_code(const FormatRow& f, const ElementPolicies& p, Overflow overflow, Rounding rounding,
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
  return nan_code(f, negative, NanEncoding{NanSign::keep, p.nan_encoding.mantissa});  // spec-rules §5.2
}

// NaN into the destination (spec-rules §6.8, §6.10); nullopt-like `refused` under NanIntoFinite::error.
std::uint32_t nan_outcome(const FormatRow& f, const ElementPolicies& p, bool negative, bool& refused) {
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

ConvertPlan make_plan(const FormatRow& f, Rounding rounding, const ElementPolicies& p) {
  if (rounding == Rounding::sr) throw std::invalid_argument("simd codec: stochastic rounding is not implemented");
  ConvertPlan plan;
  plan.destination = f.id;
  plan.rounding = rounding;
  plan.flush_subnormal_input = p.subnormal_input == SubnormalInput::flush;
  plan.unsigned_destination = is_unsigned(f);
  plan.negative_is_special = is_unsigned(f) && p.negative_into_unsigned != NegativeIntoUnsigned::magnitude;
  plan.e8m0_quirk = f.mantissa_bits == 0 && !f.has_subnormals && !is_twos(f) &&
                    p.e8m0_subnormal_rounding == E8m0SubnormalRounding::up_above_smallest &&
                    (rounding == Rounding::rne || rounding == Rounding::rna);
  plan.grid_bits = grid_bits(f);
  plan.grid_min = grid_min_exponent(f);
  plan.code_bias = code_bias(f);
  plan.emax = max_exponent(f);
  plan.limit[0] = static_cast<std::int32_t>(max_magnitude(f));
  plan.limit[1] = plan.limit[0] + (is_twos(f) && p.int8_range == Int8Range::full ? 1 : 0);
  plan.code_mask = code_mask(f);
  if (is_twos(f)) {
    plan.negate_xor = plan.code_mask;  // -n in two's complement: (n ^ mask) + 1
    plan.negate_add = 1;
  } else {
    plan.negate_add = sign_mask(f);
  }
  for (const bool negative : {false, true}) {
    const int i = negative ? 1 : 0;
    bool refused = false;
    plan.nan[i] = nan_outcome(f, p, negative, refused);
    plan.nan_refused = refused;
    const bool inf_keeps_special =
        p.overflow == Overflow::non_saturating || p.inf_under_saturation == InfUnderSaturation::keep_special;
    plan.inf[i] = overflow_code(f, p, inf_keeps_special ? Overflow::non_saturating : Overflow::saturate, rounding,
                                negative, true);
    // MXINT8 rounds on its own grid and always clamps (reference round_twos_complement).
    plan.overflow[i] = is_twos(f) ? max_code(f, negative, p.int8_range)
                                  : overflow_code(f, p, p.overflow, rounding, negative, false);
    if (has_zero(f))
      plan.zero[i] = zero_code(f, negative);
    else  // e8m0 has no zero (spec-rules §6.12)
      plan.zero[i] = p.zero_into_e8m0 == ZeroIntoE8m0::smallest ? 0u : nan_code(f, false, p.nan_encoding);
  }
  plan.negative_refused = p.negative_into_unsigned == NegativeIntoUnsigned::error;
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

constexpr std::uint8_t kNanScale = 0xff;
constexpr std::uint8_t kLargestScale = 0xfe;
constexpr std::uint32_t kOne = 0x80'0000;

}  // namespace

ConvertPlan make_convert_plan(FormatId destination, Rounding rounding, const ElementPolicies& policies) {
  if (!has_row(destination) || !(is_mx_element(destination) || destination == FormatId::e8m0))
    throw std::invalid_argument("simd codec: destination must be an element format or e8m0");
  return make_plan(row(destination), rounding, policies);
}

ConvertPlan make_ieee_plan(FormatId destination, Rounding rounding) {
  if (!has_row(destination) || !is_wide(destination))
    throw std::invalid_argument("simd codec: IEEE destination must be fp32, bf16 or fp16");
  // reference codec.cpp ieee_encode_options.
  const ElementPolicies ieee{Overflow::non_saturating,
                             DirectedOverflow::largest_finite,
                             InfUnderSaturation::keep_special,
                             NanEncoding{NanSign::positive, NanMantissa::quiet_bit},
                             NanIntoFinite::error,
                             Int8Range::symmetric,
                             SubnormalInput::keep,
                             NegativeIntoUnsigned::error,
                             ZeroIntoE8m0::smallest,
                             E8m0SubnormalRounding::exact};
  return make_plan(row(destination), rounding, ieee);
}

QuantizePlan make_quantize_plan(FormatId element, Rounding rounding, const ElementPolicies& policies,
                                const BlockPolicies& block) {
  if (!has_row(element) || !is_mx_element(element))
    throw std::invalid_argument("simd codec: quantize needs an MX element format");
  switch (block.rule) {
    case ScaleRule::floor:
    case ScaleRule::ceil:
    case ScaleRule::even:
    case ScaleRule::rceil:
    case ScaleRule::rceil_fp32:
      break;
    default:
      throw std::invalid_argument("simd codec: scale rule not implemented (floor ceil even rceil rceil-fp32 are)");
  }
  ElementPolicies p = policies;
  p.overflow = block.element_overflow;  // OCP MX v1.0 §6.3 clamps normals: the block's choice
  QuantizePlan plan;
  plan.element = make_convert_plan(element, rounding, p);
  plan.block = block;
  const FormatRow& f = row(element);
  plan.emax = max_exponent(f);
  // M = mM * 2^(emax - (width - 1)): its integer significand (at most 8 bits) and fp32 pattern.
  const std::uint32_t mag = max_magnitude(f);
  const std::uint32_t m_int =
      is_twos(f) ? mag : ((std::uint32_t{1} << f.mantissa_bits) | (mag & ((std::uint32_t{1} << f.mantissa_bits) - 1)));
  const int width = std::bit_width(m_int);
  plan.max_sig = m_int << (24 - width);
  plan.max_bits = static_cast<std::uint32_t>(plan.emax + 127) << 23 | (plan.max_sig & 0x7f'ffff);
  const int fb = fraction_bits(f);
  plan.even_threshold = ((std::uint32_t{1} << (fb + 2)) - 1) << (23 - fb - 1);  // 2 - 2^-(fb+1)
  // rceil-fp32 names fp32 arithmetic (NVIDIA's cvt.rp of amax * (1/M)): computed in fp32 on purpose, round to
  // nearest even, no flush to zero.
  plan.reciprocal = 1.0f / std::bit_cast<float>(plan.max_bits);
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
      if (rounded >= 128) return kNanScale;  // the fp32 Inf pattern
      s = rounded - plan.emax;
      break;
    }
    case ScaleRule::rceil:  // ceil(log2(a / M)) = e(a) - e(M) + [sig(a) > sig(M)]
      s += a.sig > plan.max_sig ? 1 : 0;
      break;
    case ScaleRule::rceil_fp32: {  // ceil(log2(fl32(a * fl32(1/M))))
      const std::uint32_t p = std::bit_cast<std::uint32_t>(std::bit_cast<float>(amax) * plan.reciprocal);
      if (p == 0)
        s = -127;
      else if (p >= 0x7f80'0000)
        s = 128;
      else {
        const Normalized r = normalize(p);
        s = r.e + (r.sig != kOne ? 1 : 0);
      }
      break;
    }
    default:
      break;
  }
  if (s < -127) return 0;  // spec-rules §3.3: clamp at 2^-127
  if (s > 127) return plan.block.scale_overflow == ScaleOverflow::nan ? kNanScale : kLargestScale;
  return static_cast<std::uint8_t>(s + 127);
}

}  // namespace mxconf::simd_codec
