// Conversion plans (the special outcomes of reference codec.cpp's round_nan / round_overflow / round_to_format,
// precomputed per destination and policies) and the conversions themselves.
#include <stdexcept>
#include <string>

#include "core.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/overflow.hpp"

namespace mxconf::scalar_codec {
namespace {

using detail::Parts;

// ---- Codes of special results (reference codec.cpp: nan_code, inf_code, zero_code, max_code). ----

std::uint32_t nan_code(const FormatSpec& f, bool negative, NanEncoding enc) {
  // NanSign::negative: one NaN code with the sign bit set (gfloat), whatever the input's sign.
  const bool sign_set = enc.sign == NanSign::negative || (negative && enc.sign == NanSign::keep);
  const std::uint64_t sign = sign_set ? sign_mask(f) : 0;
  if (f.specials == Specials::nan_all_ones) return static_cast<std::uint32_t>(sign | magnitude_mask(f));
  // Specials::ieee (the only other kind with NaN among the rows)
  const std::uint64_t exponent = all_ones_exponent(f) << f.mantissa_bits;
  const std::uint64_t mantissa = enc.mantissa == NanMantissa::all_ones ? (std::uint64_t{1} << f.mantissa_bits) - 1
                                                                       : std::uint64_t{1} << (f.mantissa_bits - 1);
  return static_cast<std::uint32_t>(sign | exponent | mantissa);
}

std::uint32_t inf_code(const FormatSpec& f, bool negative) {
  const std::uint64_t exponent = all_ones_exponent(f) << f.mantissa_bits;
  return static_cast<std::uint32_t>((negative ? sign_mask(f) : 0) | exponent);
}

std::uint32_t zero_code(const FormatSpec& f, bool negative) {
  return has_negative_zero(f) && negative ? static_cast<std::uint32_t>(sign_mask(f)) : 0;
}

// +-max finite; MXINT8's negative end follows Int8Range (-127 or -128).
std::uint32_t max_code(const FormatSpec& f, bool negative, Int8Range range) {
  if (f.encoding == Encoding::twos_complement) {
    if (!negative) return static_cast<std::uint32_t>(max_finite_code(f));
    const std::uint64_t magnitude = max_finite_code(f) + (range == Int8Range::full ? 1 : 0);
    return static_cast<std::uint32_t>((~magnitude + 1) & code_mask(f));
  }
  return static_cast<std::uint32_t>((negative ? sign_mask(f) : 0) | max_finite_code(f));
}

// Step 6 (and step 3 for an Inf input) of reference codec.cpp: overflow_outcome (overflow.hpp) decides for both.
std::uint32_t overflow_code(const FormatSpec& f, const ElementPolicies& p, Overflow overflow, Rounding rounding,
                            bool negative, OverflowInput input) {
  switch (overflow_outcome(f, p, overflow, rounding, negative, input).outcome) {
    case OverflowOutcome::largest_finite: return max_code(f, negative, p.int8_range);
    case OverflowOutcome::inf: return inf_code(f, negative);
    case OverflowOutcome::nan: break;
  }
  // Every implementation keeps the sign of an overflow NaN (spec-rules §5.2), but gfloat's single NaN code.
  const NanSign sign = p.nan_encoding.sign == NanSign::negative ? NanSign::negative : NanSign::keep;
  return nan_code(f, negative, NanEncoding{.sign = sign, .mantissa = p.nan_encoding.mantissa});
}

// reference codec.cpp round_nan (spec-rules §6.8, §6.10).
Encoded nan_outcome(const FormatSpec& f, const ElementPolicies& p, bool negative) {
  if (has_nan(f)) return {nan_code(f, negative, p.nan_encoding), Status::ok};
  switch (p.nan_into_finite) {
    case NanIntoFinite::positive_max:
      return {max_code(f, false, Int8Range::symmetric), Status::ok};
    case NanIntoFinite::signed_max:
      return {max_code(f, negative, Int8Range::symmetric), Status::ok};
    case NanIntoFinite::negative_zero:
      return {zero_code(f, true), Status::ok};
    case NanIntoFinite::zero_flipped_sign:
      return {zero_code(f, !negative), Status::ok};
    case NanIntoFinite::error:
      break;
  }
  return {0, Status::nan_not_encodable};
}

std::uint32_t fp32_pattern_of_power_of_two(int e) {  // 2^e for -126 <= e <= 127; 2^128 -> the Inf pattern
  return static_cast<std::uint32_t>(e + 127) << 23;
}

ConvertPlan make_plan(const FormatSpec& f, Rounding rounding, const ElementPolicies& p, int sr_bits) {
  if (rounding == Rounding::sr) {
    if (sr_bits < 1 || sr_bits > 32)
      throw std::invalid_argument("scalar codec: stochastic rounding bits must be 1..32, got " +
                                  std::to_string(sr_bits));
  } else {
    sr_bits = 0;
  }
  ConvertPlan plan;
  plan.destination = f.id;
  plan.rounding = rounding;
  plan.policies = p;
  plan.sr_bits = sr_bits;
  plan.grid_bits = grid_bits(f);
  plan.grid_min = grid_min_exponent(f);
  plan.code_bias = code_bias(f);
  plan.emax = max_exponent(f);
  const bool twos = f.encoding == Encoding::twos_complement;
  plan.limit[0] = static_cast<std::int64_t>(max_finite_code(f));
  plan.limit[1] = plan.limit[0] + (twos && p.int8_range == Int8Range::full ? 1 : 0);
  plan.sign_used = is_unsigned(f) ? 0 : 1;
  plan.code_mask = static_cast<std::uint32_t>(code_mask(f));
  if (twos) {
    plan.negate_xor = plan.code_mask;  // -n in two's complement: (n ^ mask) + 1
    plan.negate_add = 1;
  } else {
    plan.negate_add = static_cast<std::uint32_t>(sign_mask(f));  // sign | magnitude
  }
  plan.e8m0_quirk = is_exponent_only(f) && p.e8m0_subnormal_rounding == E8m0SubnormalRounding::up_above_smallest &&
                    (rounding == Rounding::rne || rounding == Rounding::rna);
  plan.e8m0_overflow_early = is_exponent_only(f) && p.e8m0_overflow == E8m0Overflow::before_rounding;

  for (const bool negative : {false, true}) {
    const int i = negative ? 1 : 0;
    plan.nan[i] = nan_outcome(f, p, negative);
    plan.inf[i] = {overflow_code(f, p, inf_input_overflow(p), rounding, negative, OverflowInput::infinity), Status::ok};
    // LLVM APFloat refuses Inf into a format without Inf or NaN (InfIntoFinite::error).
    if (!has_inf(f) && !has_nan(f) && p.inf_into_finite == InfIntoFinite::error)
      plan.inf[i] = {0, Status::inf_not_encodable};
    // MXINT8 rounds on its own grid and always clamps (reference round_twos_complement).
    plan.overflow[i] = {twos ? max_code(f, negative, p.int8_range)
                             : overflow_code(f, p, p.overflow, rounding, negative, OverflowInput::finite),
                        Status::ok};
    if (has_zero(f))
      plan.zero[i] = {zero_code(f, negative), Status::ok};
    else  // e8m0 has no zero (spec-rules §6.12)
      plan.zero[i] = {p.zero_into_e8m0 == ZeroIntoE8m0::smallest ? 0u : nan_code(f, false, p.nan_encoding), Status::ok};
  }
  if (p.negative_into_unsigned == NegativeIntoUnsigned::nan)
    plan.negative_unsigned = {nan_code(f, false, p.nan_encoding), Status::ok};
  else if (p.negative_into_unsigned == NegativeIntoUnsigned::smallest)  // ml_dtypes' saturating conversion
    plan.negative_unsigned = {0, Status::ok};
  else
    plan.negative_unsigned = {0, Status::negative_not_encodable};

  // The fp32 fast range [fast_lo, hi): below 2^(emax+1), so that only overflow checks remain; zeros and source
  // subnormals go the general way where a policy or e8m0's binade below 2^-126 is involved.
  if (f.bits <= 8) {
    // Under E8m0Overflow::before_rounding only values up to 2^emax itself may be rounded.
    const std::uint32_t hi = plan.e8m0_overflow_early ? fp32_pattern_of_power_of_two(plan.emax) + 1
                             : plan.emax + 1 >= 128   ? 0x7f80'0000u
                                                      : fp32_pattern_of_power_of_two(plan.emax + 1);
    const bool low_is_special = p.subnormal_input == SubnormalInput::flush || !has_zero(f);
    plan.fast_lo = low_is_special ? 0x0080'0000u : 0;
    plan.fast_span = hi - plan.fast_lo;
    // Negatives into e8m0 take the general path unless NegativeIntoUnsigned::magnitude (then |x|).
    plan.fast_key_mask =
        is_unsigned(f) && p.negative_into_unsigned != NegativeIntoUnsigned::magnitude ? 0xffff'ffffu : 0x7fff'ffffu;
  } else {
    plan.fast_span = 0;  // fp32 / bf16 / fp16 destinations: only the general path (from wider parts)
  }
  return plan;
}

bool is_convert_destination(FormatId id) { return is_element_format(id) || id == FormatId::e8m0; }

template <Rounding R, typename In, typename Widen>
Status batch(const ConvertPlan& plan, std::span<const In> in, std::span<const std::uint32_t> random,
             std::span<std::uint8_t> out, Widen widen) noexcept {
  if (out.size() != in.size() || (R == Rounding::sr && random.size() != in.size())) return Status::invalid_argument;
  Status first = Status::ok;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const Encoded e = detail::convert_fp32_inline<R>(plan, widen(in[i]), R == Rounding::sr ? random[i] : 0);
    out[i] = static_cast<std::uint8_t>(e.code);
    if (e.status != Status::ok && first == Status::ok) [[unlikely]]
      first = e.status;
  }
  return first;
}

template <typename In, typename Widen>
Status batch_any(const ConvertPlan& plan, std::span<const In> in, std::span<const std::uint32_t> random,
                 std::span<std::uint8_t> out, Widen widen) noexcept {
  return detail::dispatch_rounding(plan.rounding, [&]<Rounding R>() { return batch<R>(plan, in, random, out, widen); });
}

// fp16 subnormals are fp32 normals: SubnormalInput::flush must act on the fp16 pattern, before widening.
std::uint32_t widen_fp16_flushing(const ConvertPlan& plan, std::uint16_t bits) {
  if (plan.policies.subnormal_input == SubnormalInput::flush && (bits & 0x7c00) == 0)
    bits = static_cast<std::uint16_t>(bits & 0x8000);
  return widen_fp16(bits);
}

}  // namespace

namespace detail {

Encoded convert_fp32_general(const ConvertPlan& plan, std::uint32_t bits, std::uint32_t random) noexcept {
  return encode_parts(plan, fp32_parts(bits, plan.policies.subnormal_input == SubnormalInput::flush), random);
}

}  // namespace detail

std::string_view to_string(Status s) {
  switch (s) {
    case Status::ok:
      return "ok";
    case Status::nan_not_encodable:
      return "nan-not-encodable";
    case Status::negative_not_encodable:
      return "negative-not-encodable";
    case Status::random_out_of_range:
      return "random-out-of-range";
    case Status::invalid_argument:
      return "invalid-argument";
    case Status::inf_not_encodable:
      return "inf-not-encodable";
  }
  return "unknown";
}

ConvertPlan make_convert_plan(FormatId destination, Rounding rounding, const ElementPolicies& policies, int sr_bits) {
  if (!is_convert_destination(destination))
    throw std::invalid_argument(
        "scalar codec: convert destination must be an MX element format or e8m0, got "
        "FormatId " +
        std::to_string(static_cast<int>(destination)));
  return make_plan(format_spec(destination), rounding, policies, sr_bits);
}

ConvertPlan ieee_plan(FormatId destination, Rounding rounding) {
  if (destination != FormatId::fp32 && destination != FormatId::bf16 && destination != FormatId::fp16)
    throw std::invalid_argument("scalar codec: IEEE destination must be fp32, bf16 or fp16");
  if (rounding == Rounding::sr) throw std::invalid_argument("scalar codec: no stochastic rounding into fp32/bf16/fp16");
  // The reference's IEEE policy set (codec.hpp), as its ieee_encode_options uses.
  return make_plan(format_spec(destination), rounding, kIeeeElementPolicies, /*sr_bits=*/0);
}

std::uint32_t widen_fp16(std::uint16_t bits) noexcept {
  const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000) << 16;
  const std::uint32_t e = (bits >> 10) & 0x1f;
  const std::uint32_t m = bits & 0x3ff;
  if (e == 0x1f) return sign | 0x7f80'0000 | (m << 13);
  if (e != 0) return sign | ((e + 112) << 23) | (m << 13);
  if (m == 0) return sign;
  // Subnormal m * 2^-24: an fp32 normal with its leading one at 2^(width - 25).
  const int width = static_cast<int>(std::bit_width(m));
  return sign | (static_cast<std::uint32_t>(width + 102) << 23) | ((m << (24 - width)) & 0x7f'ffff);
}

Encoded convert_fp32(const ConvertPlan& plan, std::uint32_t bits, std::uint32_t random) noexcept {
  return detail::dispatch_rounding(plan.rounding,
                                   [&]<Rounding R>() { return detail::convert_fp32_inline<R>(plan, bits, random); });
}

Encoded convert_bf16(const ConvertPlan& plan, std::uint16_t bits, std::uint32_t random) noexcept {
  return convert_fp32(plan, widen_bf16(bits), random);  // bf16 subnormals are fp32 subnormals
}

Encoded convert_fp16(const ConvertPlan& plan, std::uint16_t bits, std::uint32_t random) noexcept {
  return convert_fp32(plan, widen_fp16_flushing(plan, bits), random);
}

Encoded convert_fp64(const ConvertPlan& plan, std::uint64_t bits, std::uint32_t random) noexcept {
  return detail::encode_parts(plan, detail::fp64_parts(bits, plan.policies.subnormal_input == SubnormalInput::flush),
                              random);
}

Encoded convert(const ConvertPlan& plan, FormatId source, std::uint64_t bits, std::uint32_t random) noexcept {
  switch (source) {
    case FormatId::fp32:
      return convert_fp32(plan, static_cast<std::uint32_t>(bits), random);
    case FormatId::bf16:
      return convert_bf16(plan, static_cast<std::uint16_t>(bits), random);
    case FormatId::fp16:
      return convert_fp16(plan, static_cast<std::uint16_t>(bits), random);
    case FormatId::fp64:
      return convert_fp64(plan, bits, random);
    default:
      return Encoded{0, Status::invalid_argument};
  }
}

Status convert_fp32(const ConvertPlan& plan, std::span<const std::uint32_t> in, std::span<std::uint8_t> out) noexcept {
  if (plan.rounding == Rounding::sr) return Status::invalid_argument;  // needs random values
  return batch_any(plan, in, {}, out, [](std::uint32_t x) { return x; });
}

Status convert_fp32(const ConvertPlan& plan, std::span<const std::uint32_t> in, std::span<const std::uint32_t> random,
                    std::span<std::uint8_t> out) noexcept {
  return batch_any(plan, in, random, out, [](std::uint32_t x) { return x; });
}

Status convert_bf16(const ConvertPlan& plan, std::span<const std::uint16_t> in, std::span<const std::uint32_t> random,
                    std::span<std::uint8_t> out) noexcept {
  return batch_any(plan, in, random, out, [](std::uint16_t x) { return widen_bf16(x); });
}

Status convert_fp16(const ConvertPlan& plan, std::span<const std::uint16_t> in, std::span<const std::uint32_t> random,
                    std::span<std::uint8_t> out) noexcept {
  return batch_any(plan, in, random, out, [&plan](std::uint16_t x) { return widen_fp16_flushing(plan, x); });
}

}  // namespace mxconf::scalar_codec
