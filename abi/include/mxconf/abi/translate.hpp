// The one translation between the kernel ABI (mxconf/kernel.h) and the reference's C++ types, header-only.
//
// kernel.h numbers mxconf_format, mxconf_rounding, mxconf_overflow and mxconf_scale_rule from 1 in the order of
// the reference's FormatId, Rounding, Overflow and ScaleRule declarations, and mxconf_policies holds each policy
// as its enumerator's position (from 0). Every count comes from the reference (the format table and the policy
// names tables, policy_names.hpp); the static_asserts below stop the build when kernel.h and the reference
// disagree. Used by the reference adapter and the scalar codec, and by any C++ kernel that follows
// MXCONF_CAP_POLICIES: link mxconf::abi_translate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "mxconf/kernel.h"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/policy.hpp"
#include "mxconf/reference/policy_names.hpp"
#include "mxconf/reference/rounding.hpp"
#include "mxconf/reference/scale_rule.hpp"

namespace mxconf::abi {

// ---- Reference value -> ABI value (1-based). ----
constexpr mxconf_format to_abi(FormatId f) { return static_cast<mxconf_format>(static_cast<int>(f) + 1); }
constexpr mxconf_rounding to_abi(Rounding r) { return static_cast<mxconf_rounding>(static_cast<int>(r) + 1); }
constexpr mxconf_overflow to_abi(Overflow o) { return static_cast<mxconf_overflow>(static_cast<int>(o) + 1); }
constexpr mxconf_scale_rule to_abi(ScaleRule r) { return static_cast<mxconf_scale_rule>(static_cast<int>(r) + 1); }

// kernel.h names the formats of kFormatTable up to fp16: the OCP MX formats and the wide formats a kernel
// converts from and to (not fp64, not the vendor variants).
inline constexpr std::size_t kAbiFormatCount = MXCONF_FORMAT_FP16;

constexpr bool abi_formats_agree() {
  for (std::size_t i = 0; i < kAbiFormatCount; ++i)
    if (kFormatTable[i].role == FormatRole::variant) return false;
  return kFormatTable[kAbiFormatCount - 1].id == FormatId::fp16;
}
static_assert(abi_formats_agree(), "kernel.h's mxconf_format must follow FormatId up to fp16");
static_assert(to_abi(FormatId::e4m3) == MXCONF_FORMAT_E4M3 && to_abi(FormatId::e5m2) == MXCONF_FORMAT_E5M2 &&
              to_abi(FormatId::e3m2) == MXCONF_FORMAT_E3M2 && to_abi(FormatId::e2m3) == MXCONF_FORMAT_E2M3 &&
              to_abi(FormatId::e2m1) == MXCONF_FORMAT_E2M1 && to_abi(FormatId::int8) == MXCONF_FORMAT_INT8 &&
              to_abi(FormatId::e8m0) == MXCONF_FORMAT_E8M0 && to_abi(FormatId::fp32) == MXCONF_FORMAT_FP32 &&
              to_abi(FormatId::bf16) == MXCONF_FORMAT_BF16 && to_abi(FormatId::fp16) == MXCONF_FORMAT_FP16);
// The last ABI enumerator of each 1-based enum is the reference's count: a value added on one side only fails here.
static_assert(MXCONF_ROUND_SR == enumerator_count<Rounding>() && to_abi(Rounding::rna) == MXCONF_ROUND_RNA);
static_assert(MXCONF_OVERFLOW_NON_SATURATING == enumerator_count<Overflow>());
static_assert(MXCONF_SCALE_RCEIL_LOG2F == enumerator_count<ScaleRule>() &&
              to_abi(ScaleRule::fp4_three_quarters) == MXCONF_SCALE_FP4_THREE_QUARTERS &&
              to_abi(ScaleRule::rceil_fp32) == MXCONF_SCALE_RCEIL_FP32 && to_abi(ScaleRule::tosa) == MXCONF_SCALE_TOSA);

// ---- ABI value -> reference value; empty when out of range. ----

// The enumerator at 0-based `position`.
template <typename E>
constexpr std::optional<E> from_position(std::size_t position) {
  if (position >= enumerator_count<E>()) return std::nullopt;
  return static_cast<E>(position);
}
template <typename E>
constexpr std::optional<E> from_one_based(int value) {
  if (value < 1) return std::nullopt;
  return from_position<E>(static_cast<std::size_t>(value - 1));
}

inline std::optional<FormatId> to_format(mxconf_format f) {
  if (f < 1 || static_cast<std::size_t>(f) > kAbiFormatCount) return std::nullopt;
  return static_cast<FormatId>(f - 1);
}
inline std::optional<Rounding> to_rounding(mxconf_rounding r) { return from_one_based<Rounding>(r); }
inline std::optional<Overflow> to_overflow(mxconf_overflow o) { return from_one_based<Overflow>(o); }
inline std::optional<ScaleRule> to_scale_rule(mxconf_scale_rule r) { return from_one_based<ScaleRule>(r); }

// The element policies of `p` (p.overflow included; convert replaces it by its `overflow` argument); empty when
// any field is out of range.
inline std::optional<ElementPolicies> element_policies(const mxconf_policies& p) {
  const auto overflow = from_position<Overflow>(p.overflow);
  const auto directed = from_position<DirectedOverflow>(p.directed_overflow);
  const auto inf = from_position<InfUnderSaturation>(p.inf_under_saturation);
  const auto nan_sign = from_position<NanSign>(p.nan_sign);
  const auto nan_mantissa = from_position<NanMantissa>(p.nan_mantissa);
  const auto nan_into_finite = from_position<NanIntoFinite>(p.nan_into_finite);
  const auto int8_range = from_position<Int8Range>(p.int8_range);
  const auto subnormal = from_position<SubnormalInput>(p.subnormal_input);
  const auto negative = from_position<NegativeIntoUnsigned>(p.negative_into_unsigned);
  const auto zero = from_position<ZeroIntoE8m0>(p.zero_into_e8m0);
  const auto e8m0 = from_position<E8m0SubnormalRounding>(p.e8m0_subnormal_rounding);
  // appended with issue 8 (ABI minor 0 already has the bytes: kernel.h mxconf_policies)
  const auto inf_into_finite = from_position<InfIntoFinite>(p.inf_into_finite);
  const auto e8m0_overflow = from_position<E8m0Overflow>(p.e8m0_overflow);
  if (!overflow || !directed || !inf || !nan_sign || !nan_mantissa || !nan_into_finite || !int8_range || !subnormal ||
      !negative || !zero || !e8m0 || !inf_into_finite || !e8m0_overflow)
    return std::nullopt;
  return ElementPolicies{.overflow = *overflow,
                         .directed_overflow = *directed,
                         .inf_under_saturation = *inf,
                         .nan_encoding = {.sign = *nan_sign, .mantissa = *nan_mantissa},
                         .nan_into_finite = *nan_into_finite,
                         .int8_range = *int8_range,
                         .subnormal_input = *subnormal,
                         .negative_into_unsigned = *negative,
                         .zero_into_e8m0 = *zero,
                         .e8m0_subnormal_rounding = *e8m0,
                         .inf_into_finite = *inf_into_finite,
                         .e8m0_overflow = *e8m0_overflow};
}

// The block policies of `p` with the call's rule and element-step overflow; empty when any field is out of range.
// p.element_overflow is checked for range only: the call's `overflow` argument is what the element step uses
// (kernel.h: "Only rounding and overflow are call arguments").
inline std::optional<BlockPolicies> block_policies(const mxconf_policies& p, ScaleRule rule,
                                                   Overflow element_overflow) {
  const auto nan = from_position<BlockNan>(p.block_nan);
  const auto inf = from_position<BlockInf>(p.block_inf);
  const auto zero_amax = from_position<ZeroAmax>(p.zero_amax);
  const auto scale_overflow = from_position<ScaleOverflow>(p.scale_overflow);
  const auto min_scale_divisor = from_position<MinScaleDivisor>(p.min_scale_divisor);
  if (!nan || !inf || !zero_amax || !scale_overflow || !min_scale_divisor ||
      !from_position<Overflow>(p.element_overflow))
    return std::nullopt;
  return BlockPolicies{.rule = rule,
                       .nan = *nan,
                       .inf = *inf,
                       .zero_amax = *zero_amax,
                       .scale_overflow = *scale_overflow,
                       .element_overflow = element_overflow,
                       .min_scale_divisor = *min_scale_divisor};
}

// A capability mask (mxconf_capability: bit (1u << ABI value)) with every value of a 1-based ABI enum: every
// rounding, overflow mode or scale rule the reference has, so a new one reaches the capabilities by itself.
template <typename E>
constexpr std::uint32_t all_values_mask() {
  std::uint32_t mask = 0;
  for (std::size_t v = 1; v <= enumerator_count<E>(); ++v) mask |= std::uint32_t{1} << v;
  return mask;
}
static_assert(all_values_mask<Overflow>() == ((1u << MXCONF_OVERFLOW_SATURATE) | (1u << MXCONF_OVERFLOW_NON_SATURATING)));

// ---- Which formats each ABI operation takes (kernel.h mxconf_operation). ----

// CONVERT sources and DEQUANTIZE destinations: fp32, bf16, fp16.
constexpr bool is_wide(FormatId f) { return format_spec(f).role == FormatRole::wide && f != FormatId::fp64; }
// CONVERT destinations and DECODE sources: the element formats and e8m0.
constexpr bool is_code_format(FormatId f) { return is_element_format(f) || f == FormatId::e8m0; }

}  // namespace mxconf::abi
