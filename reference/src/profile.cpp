#include "mxconf/reference/profile.hpp"

#include <array>

namespace mxconf {
namespace {

// Each row cites its sources in `sources`; docs/profiles.md explains every choice. A profile is data: adding one
// is adding a row.
// clang-format off
const std::array<Profile, 8> kProfiles{{
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
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact},
   .block = {.rule = ScaleRule::floor, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true}},

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
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact},
   .block = {.rule = ScaleRule::rceil_fp32, .nan = BlockNan::ignore_in_amax, .inf = BlockInf::largest_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true}},

  {.name = "torchao-floor",
   .summary = "torchao mx_formats, ScaleCalculationMode.FLOOR (its current default)",
   .sources = "torchao/prototype/mx_formats/mx_tensor.py; torch 2.11 casts (peer-behaviour.md)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rna,
   .element = {.overflow = Overflow::saturate, .directed_overflow = DirectedOverflow::largest_finite,
               .inf_under_saturation = InfUnderSaturation::clamp,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::positive_max, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest,
               .e8m0_subnormal_rounding = E8m0SubnormalRounding::up_above_smallest},
   .block = {.rule = ScaleRule::floor, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate},
   // torchao's own MXFP8 semantic tests accept 0x7f and 0xff as the same NaN (torchao PR #4744).
   .comparison = {.nan = NanMatch::any_nan, .decoded_nan = NanMatch::any_nan, .nan_scale_elements_dont_care = true}},

  {.name = "torchao-rceil",
   .summary = "torchao mx_formats, ScaleCalculationMode.RCEIL (cuBLAS-compatible, computed in fp32)",
   .sources = "torchao/prototype/mx_formats/mx_tensor.py _f32_to_e8m0_rceil; peer-behaviour.md",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rna,
   .element = {.overflow = Overflow::saturate, .directed_overflow = DirectedOverflow::largest_finite,
               .inf_under_saturation = InfUnderSaturation::clamp,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
               .nan_into_finite = NanIntoFinite::positive_max, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::magnitude,
               .zero_into_e8m0 = ZeroIntoE8m0::smallest,
               .e8m0_subnormal_rounding = E8m0SubnormalRounding::up_above_smallest},
   .block = {.rule = ScaleRule::rceil_fp32, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate},
   .comparison = {.nan = NanMatch::any_nan, .decoded_nan = NanMatch::any_nan, .nan_scale_elements_dont_care = true}},

  {.name = "ml_dtypes",
   .summary = "ml_dtypes 0.7.0 element casts (.astype): non-saturating, NaN sign kept, e5m2 NaN 0x7e",
   .sources = "ml_dtypes float8.h / mxfloat.h ConvertImpl; measured on 0.7.0 (tests/python, real-clients.md §1)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rna,
   .element = {.overflow = Overflow::non_saturating, .directed_overflow = DirectedOverflow::largest_finite,
               .inf_under_saturation = InfUnderSaturation::keep_special,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::quiet_bit},
               .nan_into_finite = NanIntoFinite::zero_flipped_sign, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::nan,
               .zero_into_e8m0 = ZeroIntoE8m0::nan, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact},
   .block = {.rule = ScaleRule::floor, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true}},

  {.name = "ml_dtypes-0.6",
   .summary = "ml_dtypes 0.6.x element casts: as ml_dtypes, but E8M0 rounds (2^-127, 1.5*2^-127) up to 0x01",
   .sources = "ml_dtypes 0.6.0 measured in peer-behaviour.md; 0.7.0 changed only the E8M0 rounding (real-clients.md §1)",
   .element_rounding = Rounding::rne,
   .scale_rounding = Rounding::rna,
   .element = {.overflow = Overflow::non_saturating, .directed_overflow = DirectedOverflow::largest_finite,
               .inf_under_saturation = InfUnderSaturation::keep_special,
               .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::quiet_bit},
               .nan_into_finite = NanIntoFinite::zero_flipped_sign, .int8_range = Int8Range::symmetric,
               .subnormal_input = SubnormalInput::keep, .negative_into_unsigned = NegativeIntoUnsigned::nan,
               .zero_into_e8m0 = ZeroIntoE8m0::nan,
               .e8m0_subnormal_rounding = E8m0SubnormalRounding::up_above_smallest},
   .block = {.rule = ScaleRule::floor, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true}},

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
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact},
   .block = {.rule = ScaleRule::floor, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::nan,
             .element_overflow = Overflow::saturate},
   .comparison = {.nan = NanMatch::any_nan, .decoded_nan = NanMatch::any_nan, .nan_scale_elements_dont_care = true}},

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
               .zero_into_e8m0 = ZeroIntoE8m0::smallest, .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact},
   .block = {.rule = ScaleRule::tosa, .nan = BlockNan::nan_scale, .inf = BlockInf::nan_scale,
             .zero_amax = ZeroAmax::smallest_scale, .scale_overflow = ScaleOverflow::clamp,
             .element_overflow = Overflow::saturate},
   .comparison = {.nan = NanMatch::exact_code, .decoded_nan = NanMatch::any_nan,
                  .nan_scale_elements_dont_care = true}},
}};
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
