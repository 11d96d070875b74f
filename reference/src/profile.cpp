#include "mxconf/reference/profile.hpp"

#include <array>

namespace mxconf {
namespace {

// Each row cites its sources in `sources`; docs/profiles.md explains every choice. A profile is data: adding one
// is adding a row.
// clang-format off
// std::to_array: the count follows the rows (no size to keep in step).
const auto kProfiles = std::to_array<Profile>({
  {.name = "ocp",
   .summary = "strict reading of OCP MX v1.0 and OFP8; open points resolved conservatively",
   .sources = "OCP MX v1.0 §5-6.3 (MX paper Algorithm 1); OFP8 rev 1.0; spec-rules §6",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rne,
   .element = {.overflow = Overflow::saturate, .directed_overflow = DirectedOverflow::largest_finite,
               .inf_under_saturation = InfUnderSaturation::clamp,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::error, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::error,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::floor, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::exact},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "",  // a reading of specifications, not a measured library
   .observations = ""},

  {.name = "nvidia",
   .summary = "PTX cvt / CUDA cuda_fp8.h, cuda_fp6.h, cuda_fp4.h / TransformerEngine MXFP8",
   .sources = "PTX ISA cvt (.rn.satfinite, .rp.satfinite.ue8m0x2); CUDA 13.0 headers; TE quantize_mxfp8.cuh; spec-rules §5.1-5.2",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rup,
   .element = {.overflow = Overflow::saturate, .directed_overflow = DirectedOverflow::non_finite,
               .inf_under_saturation = InfUnderSaturation::clamp,
               .nan_encoding = {.sign = NanSign::positive, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::positive_max, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::rceil_fp32, .nan = BlockNan::ignore_in_amax, .inf = BlockInf::largest_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::exact},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "CUDA 13.0 conversion functions (host; device on sm_90)",
   .observations = "docs/cuda-crosscheck.md, docs/results/"},

  // PyTorch's own casts (tensor.to(dtype)). torch 2.11 has no FP6/FP4 casts and no MX quantizer: the FP6/FP4,
  // MXINT8 and block values below are OCP's, not torch behaviour (docs/profiles.md).
  {.name = "torch",
   .summary = "PyTorch 2.11 casts to float8_e4m3fn, float8_e5m2, float8_e8m0fnu (non-saturating; e5m2 NaN 0x7f/0xff)",
   .sources = "real-clients.md §2 (all 2^32 fp32 and all bf16 inputs, CUDA on H100/H200, CPU identical)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rna,
   .element = {.overflow = Overflow::non_saturating, .directed_overflow = DirectedOverflow::non_finite,
               .inf_under_saturation = InfUnderSaturation::keep_special,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::error, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::up_above_smallest,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::floor, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::exact},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "torch 2.11 (CUDA on H100 and H200; CPU identical)",
   .observations = "observations/torch/"},

  // Triton's x.to(tl.float8e4nv / tl.float8e5) lowers to the same cvt instructions as the nvidia profile.
  {.name = "triton",
   .summary = "Triton 3.6 on sm_90, x.to(tl.float8e4nv / tl.float8e5), default rounding: the nvidia casts",
   .sources = "real-clients.md §3 (all 2^32 fp32 inputs, fp32 and bf16 sources, H200)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rup,
   .element = {.overflow = Overflow::saturate, .directed_overflow = DirectedOverflow::non_finite,
               .inf_under_saturation = InfUnderSaturation::clamp,
               .nan_encoding = {.sign = NanSign::positive, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::positive_max, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::rceil_fp32, .nan = BlockNan::ignore_in_amax, .inf = BlockInf::largest_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::exact},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "Triton 3.6 (sm_90, H200; e4m3 and e5m2 only)",
   .observations = "observations/triton/"},

  // fp_downcast_rounding="rtz" exists for e5m2 only: e4m3 with rtz does not compile in Triton 3.6.
  {.name = "triton-rtz",
   .summary = "Triton 3.6 on sm_90, fp_downcast_rounding=\"rtz\" (e5m2): saturates finite values, keeps Inf, NaN 0x7f",
   .sources = "real-clients.md §3 (all 2^32 fp32 inputs, H200)",
   .element_rounding = Rounding::rtz,
   .scale_rounding = Rounding::rup,
   .element = {.overflow = Overflow::saturate, .directed_overflow = DirectedOverflow::non_finite,
               .inf_under_saturation = InfUnderSaturation::keep_special,
               .nan_encoding = {.sign = NanSign::positive, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::positive_max, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::rceil_fp32, .nan = BlockNan::ignore_in_amax, .inf = BlockInf::largest_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::exact},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "Triton 3.6 (sm_90, H200; e5m2 only)",
   .observations = "observations/triton/"},

  // torchao FLOOR, CEIL and EVEN share everything but the rule: the Inf scale read from Inf's exponent bits, and
  // the divisor 2^-126 under scale code 0x00 (a deviation from OCP: docs/policies.md min-scale-divisor).
  {.name = "torchao-floor",
   .summary = "torchao 0.18 mx_formats to_mx, ScaleCalculationMode.FLOOR (its default)",
   .sources = "torchao/prototype/mx_formats/mx_tensor.py; real-clients.md §4 (H200, eager and torch.compile)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rna,
   .element = {.overflow = Overflow::saturate, .directed_overflow = DirectedOverflow::largest_finite,
               .inf_under_saturation = InfUnderSaturation::clamp,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::positive_max, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::up_above_smallest,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::floor, .nan = BlockNan::nan_scale, .inf = BlockInf::exponent_field,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::fp32_min_normal},
   // torchao's own MXFP8 semantic tests accept 0x7f and 0xff as the same NaN (torchao PR #4744).
   .comparison = {.nan = NanMatch::any_nan, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "torchao 0.18.0 with torch 2.11 (H200; eager and torch.compile)",
   .observations = "observations/torchao/"},

  {.name = "torchao-ceil",
   .summary = "torchao 0.18 mx_formats to_mx, ScaleCalculationMode.CEIL",
   .sources = "torchao/prototype/mx_formats/mx_tensor.py; real-clients.md §4 (H200, eager and torch.compile)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rna,
   .element = {.overflow = Overflow::saturate, .directed_overflow = DirectedOverflow::largest_finite,
               .inf_under_saturation = InfUnderSaturation::clamp,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::positive_max, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::up_above_smallest,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::ceil, .nan = BlockNan::nan_scale, .inf = BlockInf::exponent_field,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::fp32_min_normal},
   .comparison = {.nan = NanMatch::any_nan, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "torchao 0.18.0 with torch 2.11 (H200; eager and torch.compile)",
   .observations = "observations/torchao/"},

  {.name = "torchao-even",
   .summary = "torchao 0.18 mx_formats to_mx, ScaleCalculationMode.EVEN",
   .sources = "torchao/prototype/mx_formats/mx_tensor.py; real-clients.md §4 (H200, eager and torch.compile)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rna,
   .element = {.overflow = Overflow::saturate, .directed_overflow = DirectedOverflow::largest_finite,
               .inf_under_saturation = InfUnderSaturation::clamp,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::positive_max, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::up_above_smallest,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::even, .nan = BlockNan::nan_scale, .inf = BlockInf::exponent_field,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::fp32_min_normal},
   .comparison = {.nan = NanMatch::any_nan, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "torchao 0.18.0 with torch 2.11 (H200; eager: EVEN fails inside Inductor under torch.compile)",
   .observations = "observations/torchao/"},

  // RCEIL on sm_90: ceil(torch.log2(fl32(amax * fl32(1/max)))) in fp32 (torchao divides by a Python float, which
  // torch does as a product with its fp32 reciprocal); an Inf block gets 0xfe; the reciprocal of code 0x00 is taken
  // as 1.0 (a deviation from OCP, the class of TransformerEngine PR #2647).
  {.name = "torchao-rceil",
   .summary = "torchao 0.18 mx_formats to_mx, ScaleCalculationMode.RCEIL (ceil(log2(amax * fl32(1/max))), sm_90)",
   .sources = "torchao/prototype/mx_formats/mx_tensor.py; real-clients.md §4 (H200, eager and torch.compile)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rna,
   .element = {.overflow = Overflow::saturate, .directed_overflow = DirectedOverflow::largest_finite,
               .inf_under_saturation = InfUnderSaturation::clamp,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::positive_max, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::up_above_smallest,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::rceil_log2f, .nan = BlockNan::nan_scale, .inf = BlockInf::largest_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::one},
   .comparison = {.nan = NanMatch::any_nan, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "torchao 0.18.0 with torch 2.11 (H200; eager and torch.compile)",
   .observations = "observations/torchao/"},

  // directed-overflow=non-finite: ml_dtypes' own C++ tests (float8_test.cc ConvertFromWithTruncation) expect
  // Inf / NaN for a truncated 2^128 (real-clients.md §5).
  {.name = "ml_dtypes",
   .summary = "ml_dtypes 0.7.0 element casts (.astype): non-saturating, NaN sign kept, e5m2 NaN 0x7e",
   .sources = "ml_dtypes float8.h / mxfloat.h ConvertImpl and tests/float8_test.cc; measured on 0.7.0 (tests/python, real-clients.md §1, §5)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rna,
   .element = {.overflow = Overflow::non_saturating, .directed_overflow = DirectedOverflow::non_finite,
               .inf_under_saturation = InfUnderSaturation::keep_special,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::quiet_bit},
               .nan_into_finite = NanIntoFinite::zero_flipped_sign, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::nan,
               .zero_into_e8m0 = ZeroIntoE8m0::nan, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::floor, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::exact},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "ml_dtypes 0.7.0 (numpy 2.4.6; CPU)",
   .observations = "observations/ml_dtypes/"},

  {.name = "ml_dtypes-0.6",
   .summary = "ml_dtypes 0.6.x element casts: as ml_dtypes, but E8M0 rounds (2^-127, 1.5*2^-127) up to 0x01",
   .sources = "ml_dtypes 0.6.0 measured in peer-behaviour.md; 0.7.0 changed only the E8M0 rounding (real-clients.md §1)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rna,
   .element = {.overflow = Overflow::non_saturating, .directed_overflow = DirectedOverflow::non_finite,
               .inf_under_saturation = InfUnderSaturation::keep_special,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::quiet_bit},
               .nan_into_finite = NanIntoFinite::zero_flipped_sign, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::nan,
               .zero_into_e8m0 = ZeroIntoE8m0::nan, .e8m0_subnormal_rounding = E8m0SubnormalRounding::up_above_smallest,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::floor, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::exact},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "ml_dtypes 0.6.0 (CPU; peer-behaviour.md)",
   .observations = "observations/ml_dtypes/"},

  {.name = "microxcaling",
   .summary = "microsoft/microxcaling C++ path: ties away ('nearest'), floor scale, NaN above 2^127",
   .sources = "microxcaling mx/mx_ops.py, mx/cpp/shared_exp.cuh, elemwise_ops.py (spec-rules §2.1, §4)",
   .element_rounding = Rounding::rna,
   .scale_rounding = Rounding::rtz,
   .element = {.overflow = Overflow::saturate, .directed_overflow = DirectedOverflow::largest_finite,
               .inf_under_saturation = InfUnderSaturation::clamp,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::signed_max, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::floor, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::nan,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::exact},
   .comparison = {.nan = NanMatch::any_nan, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "",  // a reading of specifications, not a measured library
   .observations = ""},

  {.name = "tosa",
   .summary = "TOSA 1.x CAST / CAST_TO_BLOCK_SCALED (2026 scale rule); non-saturating casts; -128 allowed",
   .sources = "arm/tosa-specification numeric_conversion_helpers.tosac, CAST_TO_BLOCK_SCALED.tosac (commit 3234e28)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rne,
   .element = {.overflow = Overflow::non_saturating, .directed_overflow = DirectedOverflow::largest_finite,
               .inf_under_saturation = InfUnderSaturation::keep_special,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::error, .int8_range = Int8Range::full,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::error,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact,
               .inf_into_finite = InfIntoFinite::max, .e8m0_overflow = E8m0Overflow::after_rounding},
   .block = {.rule = ScaleRule::tosa, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate, .min_scale_divisor = MinScaleDivisor::exact},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true},
   .verified = "",  // a reading of specifications, not a measured library
   .observations = ""},
});
// clang-format on

}  // namespace

std::span<const Profile> profile_table() { return kProfiles; }

const Profile* find_profile(std::string_view name) {
  for (const auto& p : kProfiles)
    if (p.name == name) return &p;
  return nullptr;
}

EncodeOptions encode_options(const Profile& p, const FormatSpec& destination) {
  const bool to_scale = destination.id == FormatId::e8m0;
  return EncodeOptions{
      .rounding = to_scale ? p.scale_rounding : p.element_rounding, .policies = p.element, .stochastic = {}};
}

QuantizeOptions quantize_options(const Profile& p) {
  return QuantizeOptions{.block = p.block,
                         .element = {.rounding = p.element_rounding, .policies = p.element, .stochastic = {}},
                         .random = {}};
}

}  // namespace mxconf
