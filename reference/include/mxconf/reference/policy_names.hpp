// The name of every value of every policy enum (and of Rounding), with who uses it: one constexpr table per enum.
//
// These tables are the only list of a policy's values. to_string / parse_* (policy.cpp, scale_rule.cpp,
// block.cpp, comparison.cpp), the policy registry (policy_registry.hpp: describe, parsing, --set), the ABI range
// checks (abi/include/mxconf/abi/translate.hpp) and docs/policies.md's value tables (tests/cli/test_policies_doc.sh)
// all read them, and enumerator_count<E>() is their length. Adding a value: the enumerator, its row here (in
// declaration order: static_asserts below check it), and the code that acts on it.
#pragma once

#include <cstddef>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/comparison.hpp"
#include "mxconf/reference/enum_names.hpp"
#include "mxconf/reference/policy.hpp"
#include "mxconf/reference/rounding.hpp"
#include "mxconf/reference/scale_rule.hpp"

namespace mxconf {

// Specialised once per enum below: `static constexpr auto table` of {value, name, who}.
template <typename E>
struct EnumTable;

template <typename E>
constexpr const auto& names_of() { return EnumTable<E>::table; }
// Number of enumerators: the ABI accepts 0 .. count - 1 (1 .. count for the 1-based ABI enums).
template <typename E>
constexpr std::size_t enumerator_count() { return EnumTable<E>::table.size(); }

namespace detail {
template <typename E>
using V = NamedValue<E>;
}  // namespace detail

// clang-format off
template <> struct EnumTable<Rounding> { static constexpr auto table = detail::enum_names<Rounding>(
  detail::V<Rounding>{Rounding::rne, "rne", "every FP8/FP6/FP4 default (CUDA, PTX .rn, torch, ml_dtypes, TOSA)"},
  detail::V<Rounding>{Rounding::rtz, "rtz", "CUDA cudaRoundZero (FP6/FP4, E8M0); microxcaling 'floor'"},
  detail::V<Rounding>{Rounding::rup, "rup", "PTX cvt.rp.satfinite.ue8m0x2 (E8M0 scales)"},
  detail::V<Rounding>{Rounding::rdn, "rdn", "IEEE 754 roundTowardNegative"},
  detail::V<Rounding>{Rounding::rna, "rna", "microxcaling 'nearest'; torch / ml_dtypes 0.6 E8M0 ties up"},
  detail::V<Rounding>{Rounding::sr, "sr", "PTX cvt.rs, AMD gfx950 cvt_scalef32_sr, TE NVFP4 gradients"}); };

template <> struct EnumTable<Overflow> { static constexpr auto table = detail::enum_names<Overflow>(
  detail::V<Overflow>{Overflow::saturate, "saturate", "PTX .satfinite, CUDA C++ fp8 types, every MX block quantizer"},
  detail::V<Overflow>{Overflow::non_saturating, "nonsat", "torch <= 2.12, ml_dtypes, TOSA casts"}); };

template <> struct EnumTable<DirectedOverflow> { static constexpr auto table = detail::enum_names<DirectedOverflow>(
  detail::V<DirectedOverflow>{DirectedOverflow::largest_finite, "largest-finite", "IEEE 754 §7.4, LLVM APFloat"},
  detail::V<DirectedOverflow>{DirectedOverflow::non_finite, "non-finite", "CUDA __nv_cvt_*_to_e8m0 with __NV_NOSAT"}); };

template <> struct EnumTable<InfUnderSaturation> { static constexpr auto table = detail::enum_names<InfUnderSaturation>(
  detail::V<InfUnderSaturation>{InfUnderSaturation::clamp, "clamp", "PTX .satfinite, CUDA __NV_SATFINITE, QEMU OFP8"},
  detail::V<InfUnderSaturation>{InfUnderSaturation::keep_special, "keep-special", "AMD HIP E4M3 emulation; ONNX E8M0"}); };

template <> struct EnumTable<NanSign> { static constexpr auto table = detail::enum_names<NanSign>(
  detail::V<NanSign>{NanSign::positive, "positive", "PTX cvt, CUDA float-input emulation"},
  detail::V<NanSign>{NanSign::keep, "keep", "torch, ml_dtypes, AMD"},
  detail::V<NanSign>{NanSign::negative, "negative", "gfloat's FP8 formats (0xff for every NaN result)"}); };

template <> struct EnumTable<NanMantissa> { static constexpr auto table = detail::enum_names<NanMantissa>(
  detail::V<NanMantissa>{NanMantissa::all_ones, "all-ones", "NVIDIA, torch"},
  detail::V<NanMantissa>{NanMantissa::quiet_bit, "quiet-bit", "ml_dtypes, AMD, CUDA double path"}); };

template <> struct EnumTable<NanIntoFinite> { static constexpr auto table = detail::enum_names<NanIntoFinite>(
  detail::V<NanIntoFinite>{NanIntoFinite::positive_max, "positive-max", "CUDA cuda_fp6.h / cuda_fp4.h, PTX cvt .satfinite, TE"},
  detail::V<NanIntoFinite>{NanIntoFinite::signed_max, "signed-max", "AMD HIP, AMD mxDataGenerator"},
  detail::V<NanIntoFinite>{NanIntoFinite::negative_zero, "negative-zero", "JAX / XLA F4E2M1FN"},
  detail::V<NanIntoFinite>{NanIntoFinite::zero_flipped_sign, "zero-flipped-sign", "ml_dtypes"},
  detail::V<NanIntoFinite>{NanIntoFinite::error, "error", "refuse (the ocp profile)"}); };

template <> struct EnumTable<Int8Range> { static constexpr auto table = detail::enum_names<Int8Range>(
  detail::V<Int8Range>{Int8Range::symmetric, "symmetric", "microxcaling"},
  detail::V<Int8Range>{Int8Range::full, "full", "TOSA, gfloat"}); };

template <> struct EnumTable<SubnormalInput> { static constexpr auto table = detail::enum_names<SubnormalInput>(
  detail::V<SubnormalInput>{SubnormalInput::keep, "keep", "OCP MX, every vendor"},
  detail::V<SubnormalInput>{SubnormalInput::flush, "flush", "MX paper Algorithm 1 note"}); };

template <> struct EnumTable<NegativeIntoUnsigned> { static constexpr auto table = detail::enum_names<NegativeIntoUnsigned>(
  detail::V<NegativeIntoUnsigned>{NegativeIntoUnsigned::magnitude, "magnitude", "torch e8m0, CUDA __nv_cvt_*_to_e8m0"},
  detail::V<NegativeIntoUnsigned>{NegativeIntoUnsigned::nan, "nan", "ml_dtypes float8_e8m0fnu"},
  detail::V<NegativeIntoUnsigned>{NegativeIntoUnsigned::error, "error", "refuse (the ocp profile)"},
  detail::V<NegativeIntoUnsigned>{NegativeIntoUnsigned::smallest, "smallest", "ml_dtypes ConvertFrom<kSaturate=true> into float8_e8m0fnu"}); };

template <> struct EnumTable<ZeroIntoE8m0> { static constexpr auto table = detail::enum_names<ZeroIntoE8m0>(
  detail::V<ZeroIntoE8m0>{ZeroIntoE8m0::smallest, "smallest", "torch, CUDA, ONNX"},
  detail::V<ZeroIntoE8m0>{ZeroIntoE8m0::nan, "nan", "ml_dtypes"}); };

template <> struct EnumTable<E8m0SubnormalRounding> { static constexpr auto table = detail::enum_names<E8m0SubnormalRounding>(
  detail::V<E8m0SubnormalRounding>{E8m0SubnormalRounding::exact, "exact", "CUDA, ml_dtypes 0.7"},
  detail::V<E8m0SubnormalRounding>{E8m0SubnormalRounding::up_above_smallest, "up-above-smallest", "torch, ml_dtypes 0.6"}); };

template <> struct EnumTable<InfIntoFinite> { static constexpr auto table = detail::enum_names<InfIntoFinite>(
  detail::V<InfIntoFinite>{InfIntoFinite::max, "max", "CUDA cuda_fp6.h / cuda_fp4.h, ml_dtypes, torchao, TOSA"},
  detail::V<InfIntoFinite>{InfIntoFinite::error, "error", "LLVM APFloat (refuses Inf into Float6 / Float4 types)"}); };

template <> struct EnumTable<E8m0Overflow> { static constexpr auto table = detail::enum_names<E8m0Overflow>(
  detail::V<E8m0Overflow>{E8m0Overflow::after_rounding, "after-rounding", "IEEE 754 §7.4; CUDA, torch, ml_dtypes"},
  detail::V<E8m0Overflow>{E8m0Overflow::before_rounding, "before-rounding", "gfloat"}); };

template <> struct EnumTable<ScaleRule> { static constexpr auto table = detail::enum_names<ScaleRule>(
  detail::V<ScaleRule>{ScaleRule::floor, "floor", "OCP MX v1.0 §6.3, MX paper Algorithm 1; torchao FLOOR"},
  detail::V<ScaleRule>{ScaleRule::ceil, "ceil", "torchao CEIL"},
  detail::V<ScaleRule>{ScaleRule::even, "even", "torchao EVEN"},
  detail::V<ScaleRule>{ScaleRule::rceil, "rceil", "NVIDIA cuBLAS/cuDNN recipe, exact"},
  detail::V<ScaleRule>{ScaleRule::rceil_fp32, "rceil-fp32", "TE, torchao RCEIL (computed in fp32)"},
  detail::V<ScaleRule>{ScaleRule::tosa, "tosa", "TOSA 2026"},
  detail::V<ScaleRule>{ScaleRule::tosa_2023, "tosa-2023", "TOSA 2023-11 .. 2026-03"},
  detail::V<ScaleRule>{ScaleRule::fp4_three_quarters, "fp4-three-quarters", "Tseng et al., Training LLMs with MXFP4"},
  detail::V<ScaleRule>{ScaleRule::rceil_log2f, "rceil-log2f", "torchao 0.18 RCEIL on sm_90 (fp32 log2f)"}); };

template <> struct EnumTable<ScaleOverflow> { static constexpr auto table = detail::enum_names<ScaleOverflow>(
  detail::V<ScaleOverflow>{ScaleOverflow::clamp, "clamp", "gfloat, TOSA"},
  detail::V<ScaleOverflow>{ScaleOverflow::nan, "nan", "microxcaling"}); };

template <> struct EnumTable<ZeroAmax> { static constexpr auto table = detail::enum_names<ZeroAmax>(
  detail::V<ZeroAmax>{ZeroAmax::smallest_scale, "smallest-scale", "torchao, gfloat, TOSA, TE, microxcaling C++"},
  detail::V<ZeroAmax>{ZeroAmax::fp32_min_normal, "fp32-min-normal", "microxcaling Python"}); };

template <> struct EnumTable<BlockNan> { static constexpr auto table = detail::enum_names<BlockNan>(
  detail::V<BlockNan>{BlockNan::nan_scale, "nan-scale", "microxcaling, torchao, TOSA"},
  detail::V<BlockNan>{BlockNan::ignore_in_amax, "ignore-in-amax", "TransformerEngine sm_100"}); };

template <> struct EnumTable<BlockInf> { static constexpr auto table = detail::enum_names<BlockInf>(
  detail::V<BlockInf>{BlockInf::nan_scale, "nan-scale", "microxcaling, torchao, TOSA"},
  detail::V<BlockInf>{BlockInf::largest_scale, "largest-scale", "TE cvt.rp.satfinite, gfloat clip, torchao 0.18 RCEIL"},
  detail::V<BlockInf>{BlockInf::exponent_field, "exponent-field", "torchao 0.18 FLOOR, CEIL, EVEN"}); };

template <> struct EnumTable<MinScaleDivisor> { static constexpr auto table = detail::enum_names<MinScaleDivisor>(
  detail::V<MinScaleDivisor>{MinScaleDivisor::exact, "exact", "OCP MX v1.0 §6.3; every profile without a measured deviation"},
  detail::V<MinScaleDivisor>{MinScaleDivisor::fp32_min_normal, "fp32-min-normal", "torchao 0.18 FLOOR, CEIL, EVEN"},
  detail::V<MinScaleDivisor>{MinScaleDivisor::one, "one", "torchao 0.18 RCEIL"}); };

template <> struct EnumTable<NanMatch> { static constexpr auto table = detail::enum_names<NanMatch>(
  detail::V<NanMatch>{NanMatch::any_nan, "any-nan", "TestFloat's default; torchao's own MXFP8 tests"},
  detail::V<NanMatch>{NanMatch::exact_code, "exact-code", "bitwise (the ocp profile)"}); };
// clang-format on

// Each table lists its enum's values in declaration order, from 0: so position == enumerator, and the count is
// the table's length.
static_assert(detail::in_declaration_order(names_of<Rounding>()));
static_assert(detail::in_declaration_order(names_of<Overflow>()));
static_assert(detail::in_declaration_order(names_of<DirectedOverflow>()));
static_assert(detail::in_declaration_order(names_of<InfUnderSaturation>()));
static_assert(detail::in_declaration_order(names_of<NanSign>()));
static_assert(detail::in_declaration_order(names_of<NanMantissa>()));
static_assert(detail::in_declaration_order(names_of<NanIntoFinite>()));
static_assert(detail::in_declaration_order(names_of<Int8Range>()));
static_assert(detail::in_declaration_order(names_of<SubnormalInput>()));
static_assert(detail::in_declaration_order(names_of<NegativeIntoUnsigned>()));
static_assert(detail::in_declaration_order(names_of<ZeroIntoE8m0>()));
static_assert(detail::in_declaration_order(names_of<E8m0SubnormalRounding>()));
static_assert(detail::in_declaration_order(names_of<InfIntoFinite>()));
static_assert(detail::in_declaration_order(names_of<E8m0Overflow>()));
static_assert(detail::in_declaration_order(names_of<MinScaleDivisor>()));
static_assert(detail::in_declaration_order(names_of<ScaleRule>()));
static_assert(detail::in_declaration_order(names_of<ScaleOverflow>()));
static_assert(detail::in_declaration_order(names_of<ZeroAmax>()));
static_assert(detail::in_declaration_order(names_of<BlockNan>()));
static_assert(detail::in_declaration_order(names_of<BlockInf>()));
static_assert(detail::in_declaration_order(names_of<NanMatch>()));

}  // namespace mxconf
