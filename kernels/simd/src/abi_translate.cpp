#include "abi_translate.hpp"

#include <cstdint>

namespace mxconf::simd_codec::abi {
namespace {

// mxconf_policies numbering: declaration order from 0 (kernel.h). Each enum's last value pins its count.
static_assert(static_cast<int>(Overflow::non_saturating) == 1 && static_cast<int>(DirectedOverflow::non_finite) == 1);
static_assert(static_cast<int>(InfUnderSaturation::keep_special) == 1 && static_cast<int>(NanSign::keep) == 1);
static_assert(static_cast<int>(NanMantissa::quiet_bit) == 1 && static_cast<int>(NanIntoFinite::error) == 4);
static_assert(static_cast<int>(Int8Range::full) == 1 && static_cast<int>(SubnormalInput::flush) == 1);
static_assert(static_cast<int>(NegativeIntoUnsigned::error) == 2 && static_cast<int>(ZeroIntoE8m0::nan) == 1);
static_assert(static_cast<int>(E8m0SubnormalRounding::up_above_smallest) == 1);
static_assert(static_cast<int>(BlockNan::ignore_in_amax) == 1 && static_cast<int>(BlockInf::largest_scale) == 1);
static_assert(static_cast<int>(ZeroAmax::fp32_min_normal) == 1 && static_cast<int>(ScaleOverflow::nan) == 1);

template <typename E>
std::optional<E> value(std::uint8_t v, int count) {
  if (v >= count) return std::nullopt;
  return static_cast<E>(v);
}

}  // namespace

std::optional<FormatId> format(mxconf_format f) {
  switch (f) {
    case MXCONF_FORMAT_E4M3: return FormatId::e4m3;
    case MXCONF_FORMAT_E5M2: return FormatId::e5m2;
    case MXCONF_FORMAT_E3M2: return FormatId::e3m2;
    case MXCONF_FORMAT_E2M3: return FormatId::e2m3;
    case MXCONF_FORMAT_E2M1: return FormatId::e2m1;
    case MXCONF_FORMAT_INT8: return FormatId::int8;
    case MXCONF_FORMAT_E8M0: return FormatId::e8m0;
    case MXCONF_FORMAT_FP32: return FormatId::fp32;
    case MXCONF_FORMAT_BF16: return FormatId::bf16;
    case MXCONF_FORMAT_FP16: return FormatId::fp16;
  }
  return std::nullopt;
}

std::optional<Rounding> rounding(mxconf_rounding r) {
  switch (r) {
    case MXCONF_ROUND_RNE: return Rounding::rne;
    case MXCONF_ROUND_RTZ: return Rounding::rtz;
    case MXCONF_ROUND_RUP: return Rounding::rup;
    case MXCONF_ROUND_RDN: return Rounding::rdn;
    case MXCONF_ROUND_RNA: return Rounding::rna;
    case MXCONF_ROUND_SR: return Rounding::sr;
  }
  return std::nullopt;
}

std::optional<Overflow> overflow(mxconf_overflow o) {
  switch (o) {
    case MXCONF_OVERFLOW_SATURATE: return Overflow::saturate;
    case MXCONF_OVERFLOW_NON_SATURATING: return Overflow::non_saturating;
  }
  return std::nullopt;
}

std::optional<ScaleRule> scale_rule(mxconf_scale_rule r) {
  switch (r) {
    case MXCONF_SCALE_FLOOR: return ScaleRule::floor;
    case MXCONF_SCALE_CEIL: return ScaleRule::ceil;
    case MXCONF_SCALE_EVEN: return ScaleRule::even;
    case MXCONF_SCALE_RCEIL: return ScaleRule::rceil;
    case MXCONF_SCALE_RCEIL_FP32: return ScaleRule::rceil_fp32;
    case MXCONF_SCALE_TOSA: return ScaleRule::tosa;
    case MXCONF_SCALE_TOSA_2023: return ScaleRule::tosa_2023;
    case MXCONF_SCALE_FP4_THREE_QUARTERS: return ScaleRule::fp4_three_quarters;
  }
  return std::nullopt;
}

std::optional<ElementPolicies> element_policies(const mxconf_policies* p) {
  if (p == nullptr) return std::nullopt;
  const auto o = value<Overflow>(p->overflow, 2);
  const auto directed = value<DirectedOverflow>(p->directed_overflow, 2);
  const auto inf = value<InfUnderSaturation>(p->inf_under_saturation, 2);
  const auto nan_sign = value<NanSign>(p->nan_sign, 2);
  const auto nan_mantissa = value<NanMantissa>(p->nan_mantissa, 2);
  const auto nan_into_finite = value<NanIntoFinite>(p->nan_into_finite, 5);
  const auto int8 = value<Int8Range>(p->int8_range, 2);
  const auto subnormal = value<SubnormalInput>(p->subnormal_input, 2);
  const auto negative = value<NegativeIntoUnsigned>(p->negative_into_unsigned, 3);
  const auto zero = value<ZeroIntoE8m0>(p->zero_into_e8m0, 2);
  const auto e8m0 = value<E8m0SubnormalRounding>(p->e8m0_subnormal_rounding, 2);
  if (!o || !directed || !inf || !nan_sign || !nan_mantissa || !nan_into_finite || !int8 || !subnormal || !negative ||
      !zero || !e8m0)
    return std::nullopt;
  return ElementPolicies{.overflow = *o,
                         .directed_overflow = *directed,
                         .inf_under_saturation = *inf,
                         .nan_encoding = NanEncoding{*nan_sign, *nan_mantissa},
                         .nan_into_finite = *nan_into_finite,
                         .int8_range = *int8,
                         .subnormal_input = *subnormal,
                         .negative_into_unsigned = *negative,
                         .zero_into_e8m0 = *zero,
                         .e8m0_subnormal_rounding = *e8m0};
}

std::optional<BlockPolicies> block_policies(const mxconf_policies* p, ScaleRule rule, Overflow element_overflow) {
  if (p == nullptr) return std::nullopt;
  const auto nan = value<BlockNan>(p->block_nan, 2);
  const auto inf = value<BlockInf>(p->block_inf, 2);
  const auto zero = value<ZeroAmax>(p->zero_amax, 2);
  const auto scale = value<ScaleOverflow>(p->scale_overflow, 2);
  if (!nan || !inf || !zero || !scale) return std::nullopt;
  return BlockPolicies{.rule = rule,
                       .nan = *nan,
                       .inf = *inf,
                       .zero_amax = *zero,
                       .scale_overflow = *scale,
                       .element_overflow = element_overflow};
}

}  // namespace mxconf::simd_codec::abi
