#include "mxconf/reference/profile.hpp"

#include <array>

namespace mxconf {
namespace {

// Each row cites its sources in `sources`; docs/profiles.md explains every choice. A profile is data: adding one
// is adding a row.
// clang-format off
const std::array<Profile, 8> kProfiles{{
  {"ocp", "strict reading of OCP MX v1.0 and OFP8; open points resolved conservatively",
   "OCP MX v1.0 §5-6.3 (MX paper Algorithm 1); OFP8 rev 1.0; spec-rules §6",
   Rounding::rne, Rounding::rne,
   ElementPolicies{Overflow::saturate, DirectedOverflow::largest_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::error, Int8Range::symmetric,
                   SubnormalInput::keep, NegativeIntoUnsigned::error, ZeroIntoE8m0::smallest,
                   E8m0SubnormalRounding::exact},
   BlockPolicies{ScaleRule::floor, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true}},

  {"nvidia", "PTX cvt / CUDA cuda_fp8.h, cuda_fp6.h, cuda_fp4.h / TransformerEngine MXFP8",
   "PTX ISA cvt (.rn.satfinite, .rp.satfinite.ue8m0x2); CUDA 13.0 headers; TE quantize_mxfp8.cuh; spec-rules §5.1-5.2",
   Rounding::rne, Rounding::rup,
   ElementPolicies{Overflow::saturate, DirectedOverflow::non_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::positive, NanMantissa::all_ones}, NanIntoFinite::positive_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::exact},
   BlockPolicies{ScaleRule::rceil_fp32, BlockNan::ignore_in_amax, BlockInf::largest_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true}},

  {"torchao-floor", "torchao mx_formats, ScaleCalculationMode.FLOOR (its current default)",
   "torchao/prototype/mx_formats/mx_tensor.py; torch 2.11 casts (peer-behaviour.md)",
   Rounding::rne, Rounding::rna,
   ElementPolicies{Overflow::saturate, DirectedOverflow::largest_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::positive_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::up_above_smallest},
   BlockPolicies{ScaleRule::floor, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate},
   // torchao's own MXFP8 semantic tests accept 0x7f and 0xff as the same NaN (torchao PR #4744).
   ComparisonPolicies{NanMatch::any_nan, NanMatch::any_nan, true}},

  {"torchao-rceil", "torchao mx_formats, ScaleCalculationMode.RCEIL (cuBLAS-compatible, computed in fp32)",
   "torchao/prototype/mx_formats/mx_tensor.py _f32_to_e8m0_rceil; peer-behaviour.md",
   Rounding::rne, Rounding::rna,
   ElementPolicies{Overflow::saturate, DirectedOverflow::largest_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::positive_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::up_above_smallest},
   BlockPolicies{ScaleRule::rceil_fp32, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate},
   ComparisonPolicies{NanMatch::any_nan, NanMatch::any_nan, true}},

  {"ml_dtypes", "ml_dtypes 0.7.0 element casts (.astype): non-saturating, NaN sign kept, e5m2 NaN 0x7e",
   "ml_dtypes float8.h / mxfloat.h ConvertImpl; measured on 0.7.0 (tests/python, real-clients.md §1)",
   Rounding::rne, Rounding::rna,
   ElementPolicies{Overflow::non_saturating, DirectedOverflow::largest_finite, InfUnderSaturation::keep_special,
                   NanEncoding{NanSign::keep, NanMantissa::quiet_bit}, NanIntoFinite::zero_flipped_sign,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::nan, ZeroIntoE8m0::nan,
                   E8m0SubnormalRounding::exact},
   BlockPolicies{ScaleRule::floor, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true}},

  {"ml_dtypes-0.6", "ml_dtypes 0.6.x element casts: as ml_dtypes, but E8M0 rounds (2^-127, 1.5*2^-127) up to 0x01",
   "ml_dtypes 0.6.0 measured in peer-behaviour.md; 0.7.0 changed only the E8M0 rounding (real-clients.md §1)",
   Rounding::rne, Rounding::rna,
   ElementPolicies{Overflow::non_saturating, DirectedOverflow::largest_finite, InfUnderSaturation::keep_special,
                   NanEncoding{NanSign::keep, NanMantissa::quiet_bit}, NanIntoFinite::zero_flipped_sign,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::nan, ZeroIntoE8m0::nan,
                   E8m0SubnormalRounding::up_above_smallest},
   BlockPolicies{ScaleRule::floor, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true}},

  {"microxcaling", "microsoft/microxcaling C++ path: ties away ('nearest'), floor scale, NaN above 2^127",
   "microxcaling mx/mx_ops.py, mx/cpp/shared_exp.cuh, elemwise_ops.py (spec-rules §2.1, §4)",
   Rounding::rna, Rounding::rtz,
   ElementPolicies{Overflow::saturate, DirectedOverflow::largest_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::signed_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::exact},
   BlockPolicies{ScaleRule::floor, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::nan, Overflow::saturate},
   ComparisonPolicies{NanMatch::any_nan, NanMatch::any_nan, true}},

  {"tosa", "TOSA 1.x CAST / CAST_TO_BLOCK_SCALED (2026 scale rule); non-saturating casts; -128 allowed",
   "arm/tosa-specification numeric_conversion_helpers.tosac, CAST_TO_BLOCK_SCALED.tosac (commit 3234e28)",
   Rounding::rne, Rounding::rne,
   ElementPolicies{Overflow::non_saturating, DirectedOverflow::largest_finite, InfUnderSaturation::keep_special,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::error, Int8Range::full,
                   SubnormalInput::keep, NegativeIntoUnsigned::error, ZeroIntoE8m0::smallest,
                   E8m0SubnormalRounding::exact},
   BlockPolicies{ScaleRule::tosa, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true}},
}};
// clang-format on

}  // namespace

std::string_view to_string(NanMatch v) { return v == NanMatch::any_nan ? "any-nan" : "exact-code"; }
std::optional<NanMatch> parse_nan_match(std::string_view s) {
  if (s == "any-nan") return NanMatch::any_nan;
  if (s == "exact-code") return NanMatch::exact_code;
  return std::nullopt;
}

std::span<const Profile> profile_table() { return kProfiles; }

const Profile* find_profile(std::string_view name) {
  for (const auto& p : kProfiles)
    if (p.name == name) return &p;
  return nullptr;
}

EncodeOptions encode_options(const Profile& p, const FormatSpec& destination) {
  const bool to_scale = destination.id == FormatId::e8m0;
  return EncodeOptions{to_scale ? p.scale_rounding : p.element_rounding, p.element, StochasticBits{}};
}

QuantizeOptions quantize_options(const Profile& p) {
  return QuantizeOptions{p.block, EncodeOptions{p.element_rounding, p.element, StochasticBits{}}, {}};
}

}  // namespace mxconf
