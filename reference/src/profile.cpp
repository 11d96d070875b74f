#include "mxconf/reference/profile.hpp"

#include <array>

namespace mxconf {
namespace {

// Each row cites its sources in `sources`; docs/profiles.md explains every choice. A profile is data: adding one
// is adding a row.
// clang-format off
const std::array<Profile, 13> kProfiles{{
  {"ocp", "strict reading of OCP MX v1.0 and OFP8; open points resolved conservatively",
   "OCP MX v1.0 §5-6.3 (MX paper Algorithm 1); OFP8 rev 1.0; spec-rules §6",
   Rounding::rne, Rounding::rne,
   ElementPolicies{Overflow::saturate, DirectedOverflow::largest_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::error, Int8Range::symmetric,
                   SubnormalInput::keep, NegativeIntoUnsigned::error, ZeroIntoE8m0::smallest,
                   E8m0SubnormalRounding::exact, InfIntoFinite::max, E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::floor, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::exact},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true}, "", ""},

  {"nvidia", "PTX cvt / CUDA cuda_fp8.h, cuda_fp6.h, cuda_fp4.h / TransformerEngine MXFP8",
   "PTX ISA cvt (.rn.satfinite, .rp.satfinite.ue8m0x2); CUDA 13.0 headers; TE quantize_mxfp8.cuh; spec-rules §5.1-5.2",
   Rounding::rne, Rounding::rup,
   ElementPolicies{Overflow::saturate, DirectedOverflow::non_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::positive, NanMantissa::all_ones}, NanIntoFinite::positive_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::exact, InfIntoFinite::max,
                   E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::rceil_fp32, BlockNan::ignore_in_amax, BlockInf::largest_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::exact},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true},
   "CUDA 13.0 conversion functions (host; device on sm_90)", "docs/cuda-crosscheck.md, docs/results/"},

  // PyTorch's own casts (tensor.to(dtype)). torch 2.11 has no FP6/FP4 casts and no MX quantizer: the FP6/FP4,
  // MXINT8 and block values below are OCP's, not torch behaviour (docs/profiles.md).
  {"torch", "PyTorch 2.11 casts to float8_e4m3fn, float8_e5m2, float8_e8m0fnu (non-saturating; e5m2 NaN 0x7f/0xff)",
   "real-clients.md §2 (all 2^32 fp32 and all bf16 inputs, CUDA on H100/H200, CPU identical)",
   Rounding::rne, Rounding::rna,
   ElementPolicies{Overflow::non_saturating, DirectedOverflow::non_finite, InfUnderSaturation::keep_special,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::error, Int8Range::symmetric,
                   SubnormalInput::keep, NegativeIntoUnsigned::magnitude, ZeroIntoE8m0::smallest,
                   E8m0SubnormalRounding::up_above_smallest, InfIntoFinite::max, E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::floor, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::exact},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true},
   "torch 2.11 (CUDA on H100 and H200; CPU identical)", "observations/torch/"},

  // Triton's x.to(tl.float8e4nv / tl.float8e5) lowers to the same cvt instructions as the nvidia profile.
  {"triton", "Triton 3.6 on sm_90, x.to(tl.float8e4nv / tl.float8e5), default rounding: the nvidia casts",
   "real-clients.md §3 (all 2^32 fp32 inputs, fp32 and bf16 sources, H200)",
   Rounding::rne, Rounding::rup,
   ElementPolicies{Overflow::saturate, DirectedOverflow::non_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::positive, NanMantissa::all_ones}, NanIntoFinite::positive_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::exact, InfIntoFinite::max,
                   E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::rceil_fp32, BlockNan::ignore_in_amax, BlockInf::largest_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::exact},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true},
   "Triton 3.6 (sm_90, H200; e4m3 and e5m2 only)", "observations/triton/"},

  // fp_downcast_rounding="rtz" exists for e5m2 only: e4m3 with rtz does not compile in Triton 3.6.
  {"triton-rtz", "Triton 3.6 on sm_90, fp_downcast_rounding=\"rtz\" (e5m2): saturates finite values, keeps Inf, NaN 0x7f",
   "real-clients.md §3 (all 2^32 fp32 inputs, H200)",
   Rounding::rtz, Rounding::rup,
   ElementPolicies{Overflow::saturate, DirectedOverflow::non_finite, InfUnderSaturation::keep_special,
                   NanEncoding{NanSign::positive, NanMantissa::all_ones}, NanIntoFinite::positive_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::exact, InfIntoFinite::max,
                   E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::rceil_fp32, BlockNan::ignore_in_amax, BlockInf::largest_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::exact},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true},
   "Triton 3.6 (sm_90, H200; e5m2 only)", "observations/triton/"},

  // torchao FLOOR, CEIL and EVEN share everything but the rule: the Inf scale read from Inf's exponent bits, and
  // the divisor 2^-126 under scale code 0x00 (a deviation from OCP: docs/policies.md min-scale-divisor).
  {"torchao-floor", "torchao 0.18 mx_formats to_mx, ScaleCalculationMode.FLOOR (its default)",
   "torchao/prototype/mx_formats/mx_tensor.py; real-clients.md §4 (H200, eager and torch.compile)",
   Rounding::rne, Rounding::rna,
   ElementPolicies{Overflow::saturate, DirectedOverflow::largest_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::positive_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::up_above_smallest, InfIntoFinite::max,
                   E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::floor, BlockNan::nan_scale, BlockInf::exponent_field, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::fp32_min_normal},
   // torchao's own MXFP8 semantic tests accept 0x7f and 0xff as the same NaN (torchao PR #4744).
   ComparisonPolicies{NanMatch::any_nan, NanMatch::any_nan, true},
   "torchao 0.18.0 with torch 2.11 (H200; eager and torch.compile)", "observations/torchao/"},

  {"torchao-ceil", "torchao 0.18 mx_formats to_mx, ScaleCalculationMode.CEIL",
   "torchao/prototype/mx_formats/mx_tensor.py; real-clients.md §4 (H200, eager and torch.compile)",
   Rounding::rne, Rounding::rna,
   ElementPolicies{Overflow::saturate, DirectedOverflow::largest_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::positive_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::up_above_smallest, InfIntoFinite::max,
                   E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::ceil, BlockNan::nan_scale, BlockInf::exponent_field, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::fp32_min_normal},
   ComparisonPolicies{NanMatch::any_nan, NanMatch::any_nan, true},
   "torchao 0.18.0 with torch 2.11 (H200; eager and torch.compile)", "observations/torchao/"},

  {"torchao-even", "torchao 0.18 mx_formats to_mx, ScaleCalculationMode.EVEN",
   "torchao/prototype/mx_formats/mx_tensor.py; real-clients.md §4 (H200, eager and torch.compile)",
   Rounding::rne, Rounding::rna,
   ElementPolicies{Overflow::saturate, DirectedOverflow::largest_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::positive_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::up_above_smallest, InfIntoFinite::max,
                   E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::even, BlockNan::nan_scale, BlockInf::exponent_field, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::fp32_min_normal},
   ComparisonPolicies{NanMatch::any_nan, NanMatch::any_nan, true},
   "torchao 0.18.0 with torch 2.11 (H200; eager and torch.compile)", "observations/torchao/"},

  // RCEIL on sm_90: ceil(log2f(amax / max)) in fp32; an Inf block gets 0xfe; the reciprocal of code 0x00 is taken
  // as 1.0 (a deviation from OCP, the class of TransformerEngine PR #2647).
  {"torchao-rceil", "torchao 0.18 mx_formats to_mx, ScaleCalculationMode.RCEIL (ceil(log2f(amax / max)) in fp32, sm_90)",
   "torchao/prototype/mx_formats/mx_tensor.py; real-clients.md §4 (H200, eager and torch.compile)",
   Rounding::rne, Rounding::rna,
   ElementPolicies{Overflow::saturate, DirectedOverflow::largest_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::positive_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::up_above_smallest, InfIntoFinite::max,
                   E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::rceil_log2f, BlockNan::nan_scale, BlockInf::largest_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::one},
   ComparisonPolicies{NanMatch::any_nan, NanMatch::any_nan, true},
   "torchao 0.18.0 with torch 2.11 (H200; eager and torch.compile)", "observations/torchao/"},

  // directed-overflow=non-finite: ml_dtypes' own C++ tests (float8_test.cc ConvertFromWithTruncation) expect
  // Inf / NaN for a truncated 2^128 (real-clients.md §5).
  {"ml_dtypes", "ml_dtypes 0.7.0 element casts (.astype): non-saturating, NaN sign kept, e5m2 NaN 0x7e",
   "ml_dtypes float8.h / mxfloat.h ConvertImpl and tests/float8_test.cc; measured on 0.7.0 (tests/python, real-clients.md §1, §5)",
   Rounding::rne, Rounding::rna,
   ElementPolicies{Overflow::non_saturating, DirectedOverflow::non_finite, InfUnderSaturation::keep_special,
                   NanEncoding{NanSign::keep, NanMantissa::quiet_bit}, NanIntoFinite::zero_flipped_sign,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::nan, ZeroIntoE8m0::nan,
                   E8m0SubnormalRounding::exact, InfIntoFinite::max, E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::floor, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::exact},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true},
   "ml_dtypes 0.7.0 (numpy 2.4.6; CPU)", "observations/ml_dtypes/"},

  {"ml_dtypes-0.6", "ml_dtypes 0.6.x element casts: as ml_dtypes, but E8M0 rounds (2^-127, 1.5*2^-127) up to 0x01",
   "ml_dtypes 0.6.0 measured in peer-behaviour.md; 0.7.0 changed only the E8M0 rounding (real-clients.md §1)",
   Rounding::rne, Rounding::rna,
   ElementPolicies{Overflow::non_saturating, DirectedOverflow::non_finite, InfUnderSaturation::keep_special,
                   NanEncoding{NanSign::keep, NanMantissa::quiet_bit}, NanIntoFinite::zero_flipped_sign,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::nan, ZeroIntoE8m0::nan,
                   E8m0SubnormalRounding::up_above_smallest, InfIntoFinite::max, E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::floor, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::exact},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true},
   "ml_dtypes 0.6.0 (CPU; peer-behaviour.md)", "observations/ml_dtypes/"},

  {"microxcaling", "microsoft/microxcaling C++ path: ties away ('nearest'), floor scale, NaN above 2^127",
   "microxcaling mx/mx_ops.py, mx/cpp/shared_exp.cuh, elemwise_ops.py (spec-rules §2.1, §4)",
   Rounding::rna, Rounding::rtz,
   ElementPolicies{Overflow::saturate, DirectedOverflow::largest_finite, InfUnderSaturation::clamp,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::signed_max,
                   Int8Range::symmetric, SubnormalInput::keep, NegativeIntoUnsigned::magnitude,
                   ZeroIntoE8m0::smallest, E8m0SubnormalRounding::exact, InfIntoFinite::max,
                   E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::floor, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::nan, Overflow::saturate, MinScaleDivisor::exact},
   ComparisonPolicies{NanMatch::any_nan, NanMatch::any_nan, true}, "", ""},

  {"tosa", "TOSA 1.x CAST / CAST_TO_BLOCK_SCALED (2026 scale rule); non-saturating casts; -128 allowed",
   "arm/tosa-specification numeric_conversion_helpers.tosac, CAST_TO_BLOCK_SCALED.tosac (commit 3234e28)",
   Rounding::rne, Rounding::rne,
   ElementPolicies{Overflow::non_saturating, DirectedOverflow::largest_finite, InfUnderSaturation::keep_special,
                   NanEncoding{NanSign::keep, NanMantissa::all_ones}, NanIntoFinite::error, Int8Range::full,
                   SubnormalInput::keep, NegativeIntoUnsigned::error, ZeroIntoE8m0::smallest,
                   E8m0SubnormalRounding::exact, InfIntoFinite::max, E8m0Overflow::after_rounding},
   BlockPolicies{ScaleRule::tosa, BlockNan::nan_scale, BlockInf::nan_scale, ZeroAmax::smallest_scale,
                 ScaleOverflow::clamp, Overflow::saturate, MinScaleDivisor::exact},
   ComparisonPolicies{NanMatch::exact_code, NanMatch::any_nan, true}, "", ""},
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
