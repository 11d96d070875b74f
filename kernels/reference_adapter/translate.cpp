#include "translate.hpp"

namespace mxconf::reference_adapter {
namespace {

// Number of enumerators of each reference enum: the ABI accepts 0 .. count - 1 (1 .. count for the 1-based ones).
// Keep in step with policy.hpp, block.hpp, scale_rule.hpp, rounding.hpp and format.hpp.
constexpr int kOverflowCount = 2;
constexpr int kDirectedOverflowCount = 2;
constexpr int kInfUnderSaturationCount = 2;
constexpr int kNanSignCount = 3;
constexpr int kNanMantissaCount = 2;
constexpr int kNanIntoFiniteCount = 5;
constexpr int kInt8RangeCount = 2;
constexpr int kSubnormalInputCount = 2;
constexpr int kNegativeIntoUnsignedCount = 4;
constexpr int kZeroIntoE8m0Count = 2;
constexpr int kE8m0SubnormalRoundingCount = 2;
constexpr int kInfIntoFiniteCount = 2;
constexpr int kE8m0OverflowCount = 2;
constexpr int kMinScaleDivisorCount = 3;
constexpr int kBlockNanCount = 2;
constexpr int kBlockInfCount = 3;
constexpr int kZeroAmaxCount = 2;
constexpr int kScaleOverflowCount = 2;
constexpr int kFormatCount = 10;  // e4m3 .. fp16: the formats kernel.h names (fp64 and the vendor variants not)
constexpr int kRoundingCount = 6;
constexpr int kScaleRuleCount = 9;

// The enumerator at position `value` (0-based) of an enum with `count` enumerators.
template <typename E>
bool from_position(int value, int count, E& out) {
  if (value < 0 || value >= count) return false;
  out = static_cast<E>(value);
  return true;
}

template <typename E>
std::optional<E> from_one_based(int value, int count) {
  E out{};
  if (!from_position(value - 1, count, out)) return std::nullopt;
  return out;
}

}  // namespace

std::optional<FormatId> to_format(mxconf_format f) { return from_one_based<FormatId>(f, kFormatCount); }
std::optional<Rounding> to_rounding(mxconf_rounding r) { return from_one_based<Rounding>(r, kRoundingCount); }
std::optional<Overflow> to_overflow(mxconf_overflow o) { return from_one_based<Overflow>(o, kOverflowCount); }
std::optional<ScaleRule> to_scale_rule(mxconf_scale_rule r) {
  return from_one_based<ScaleRule>(r, kScaleRuleCount);
}

std::optional<ElementPolicies> element_policies(const mxconf_policies& p) {
  ElementPolicies e{};
  const bool ok = from_position(p.overflow, kOverflowCount, e.overflow) &&
                  from_position(p.directed_overflow, kDirectedOverflowCount, e.directed_overflow) &&
                  from_position(p.inf_under_saturation, kInfUnderSaturationCount, e.inf_under_saturation) &&
                  from_position(p.nan_sign, kNanSignCount, e.nan_encoding.sign) &&
                  from_position(p.nan_mantissa, kNanMantissaCount, e.nan_encoding.mantissa) &&
                  from_position(p.nan_into_finite, kNanIntoFiniteCount, e.nan_into_finite) &&
                  from_position(p.int8_range, kInt8RangeCount, e.int8_range) &&
                  from_position(p.subnormal_input, kSubnormalInputCount, e.subnormal_input) &&
                  from_position(p.negative_into_unsigned, kNegativeIntoUnsignedCount, e.negative_into_unsigned) &&
                  from_position(p.zero_into_e8m0, kZeroIntoE8m0Count, e.zero_into_e8m0) &&
                  from_position(p.e8m0_subnormal_rounding, kE8m0SubnormalRoundingCount, e.e8m0_subnormal_rounding) &&
                  from_position(p.inf_into_finite, kInfIntoFiniteCount, e.inf_into_finite) &&
                  from_position(p.e8m0_overflow, kE8m0OverflowCount, e.e8m0_overflow);
  if (!ok) return std::nullopt;
  return e;
}

std::optional<BlockPolicies> block_policies(const mxconf_policies& p, ScaleRule rule, Overflow element_overflow) {
  BlockPolicies b{};
  b.rule = rule;
  b.element_overflow = element_overflow;
  const bool ok = from_position(p.block_nan, kBlockNanCount, b.nan) &&
                  from_position(p.block_inf, kBlockInfCount, b.inf) &&
                  from_position(p.zero_amax, kZeroAmaxCount, b.zero_amax) &&
                  from_position(p.scale_overflow, kScaleOverflowCount, b.scale_overflow) &&
                  from_position(p.min_scale_divisor, kMinScaleDivisorCount, b.min_scale_divisor);
  // p.element_overflow is checked for range only: the call's `overflow` argument is what the element step uses
  // (kernel.h: "Only rounding and overflow are call arguments").
  Overflow unused{};
  if (!ok || !from_position(p.element_overflow, kOverflowCount, unused)) return std::nullopt;
  return b;
}

}  // namespace mxconf::reference_adapter
