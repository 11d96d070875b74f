#include "policy_settings.hpp"

#include <algorithm>

#include "enum_listing.hpp"
#include "usage_error.hpp"

namespace mxconf::cli {
namespace {

template <typename Enum>
using Field = Enum& (*)(PolicyBundle&);
template <typename Enum>
using Parser = std::optional<Enum> (*)(std::string_view);

template <typename Enum>
PolicySetting make_setting(std::string_view name, SettingScope scope, std::string_view summary, Field<Enum> field,
                           Parser<Enum> parse) {
  return PolicySetting{
      .name = name,
      .scope = scope,
      .summary = summary,
      .current =
          [field](const PolicyBundle& bundle) {
            PolicyBundle copy = bundle;  // the accessor hands out a mutable reference; reading needs a copy
            return to_string(field(copy));
          },
      .assign =
          [field, parse](PolicyBundle& bundle, std::string_view text) {
            const auto parsed = parse(text);
            if (parsed) field(bundle) = *parsed;
            return parsed.has_value();
          },
      .valid_values = [] { return enum_value_names<Enum>(); },
  };
}

using S = SettingScope;

// clang-format off
const std::vector<PolicySetting> kSettings{
  make_setting<Overflow>("overflow", S::element, "finite values beyond max finite: saturate or nonsat (Inf/NaN)",
      [](PolicyBundle& b) -> Overflow& { return b.element.overflow; }, parse_overflow),
  make_setting<DirectedOverflow>("directed-overflow", S::element, "nonsat overflow under rtz/rup/rdn toward zero",
      [](PolicyBundle& b) -> DirectedOverflow& { return b.element.directed_overflow; }, parse_directed_overflow),
  make_setting<InfUnderSaturation>("inf-under-saturation", S::element, "what +-Inf becomes when saturating",
      [](PolicyBundle& b) -> InfUnderSaturation& { return b.element.inf_under_saturation; },
      parse_inf_under_saturation),
  make_setting<NanSign>("nan-sign", S::element, "sign of a NaN result",
      [](PolicyBundle& b) -> NanSign& { return b.element.nan_encoding.sign; }, parse_nan_sign),
  make_setting<NanMantissa>("nan-mantissa", S::element, "mantissa of a NaN result (e5m2, IEEE formats)",
      [](PolicyBundle& b) -> NanMantissa& { return b.element.nan_encoding.mantissa; }, parse_nan_mantissa),
  make_setting<NanIntoFinite>("nan-into-finite", S::element, "NaN into e3m2, e2m3, e2m1, int8 (no NaN code)",
      [](PolicyBundle& b) -> NanIntoFinite& { return b.element.nan_into_finite; }, parse_nan_into_finite),
  make_setting<Int8Range>("int8-range", S::element, "may MXINT8 emit 0x80 (-2.0)",
      [](PolicyBundle& b) -> Int8Range& { return b.element.int8_range; }, parse_int8_range),
  make_setting<SubnormalInput>("subnormal-input", S::element, "subnormal source values: keep or flush to zero",
      [](PolicyBundle& b) -> SubnormalInput& { return b.element.subnormal_input; }, parse_subnormal_input),
  make_setting<NegativeIntoUnsigned>("negative-into-unsigned", S::element, "negative values into e8m0 / ue4m3",
      [](PolicyBundle& b) -> NegativeIntoUnsigned& { return b.element.negative_into_unsigned; },
      parse_negative_into_unsigned),
  make_setting<ZeroIntoE8m0>("zero-into-e8m0", S::element, "+-0 into e8m0, which has no zero",
      [](PolicyBundle& b) -> ZeroIntoE8m0& { return b.element.zero_into_e8m0; }, parse_zero_into_e8m0),
  make_setting<E8m0SubnormalRounding>("e8m0-subnormal-rounding", S::element,
      "values in (2^-127, 2^-126) into e8m0 under nearest",
      [](PolicyBundle& b) -> E8m0SubnormalRounding& { return b.element.e8m0_subnormal_rounding; },
      parse_e8m0_subnormal_rounding),
  make_setting<InfIntoFinite>("inf-into-finite", S::element, "+-Inf into e3m2, e2m3, e2m1, int8 (no Inf, no NaN)",
      [](PolicyBundle& b) -> InfIntoFinite& { return b.element.inf_into_finite; }, parse_inf_into_finite),
  make_setting<E8m0Overflow>("e8m0-overflow", S::element, "is e8m0 overflow decided after or before rounding",
      [](PolicyBundle& b) -> E8m0Overflow& { return b.element.e8m0_overflow; }, parse_e8m0_overflow),
  make_setting<ScaleRule>("rule", S::block, "how a block's amax becomes its E8M0 scale",
      [](PolicyBundle& b) -> ScaleRule& { return b.block.rule; }, parse_scale_rule),
  make_setting<BlockNan>("block-nan", S::block, "a NaN among a block's inputs",
      [](PolicyBundle& b) -> BlockNan& { return b.block.nan; }, parse_block_nan),
  make_setting<BlockInf>("block-inf", S::block, "an Inf among a block's inputs",
      [](PolicyBundle& b) -> BlockInf& { return b.block.inf; }, parse_block_inf),
  make_setting<ZeroAmax>("zero-amax", S::block, "the scale of an all-zero block",
      [](PolicyBundle& b) -> ZeroAmax& { return b.block.zero_amax; }, parse_zero_amax),
  make_setting<ScaleOverflow>("scale-overflow", S::block, "a shared exponent above 127 (sources wider than fp32)",
      [](PolicyBundle& b) -> ScaleOverflow& { return b.block.scale_overflow; }, parse_scale_overflow),
  make_setting<Overflow>("element-overflow", S::block, "overflow policy of quantize's element step",
      [](PolicyBundle& b) -> Overflow& { return b.block.element_overflow; }, parse_overflow),
  make_setting<MinScaleDivisor>("min-scale-divisor", S::block, "element divisor under scale code 0x00",
      [](PolicyBundle& b) -> MinScaleDivisor& { return b.block.min_scale_divisor; }, parse_min_scale_divisor),
};
// clang-format on

const PolicySetting* find_setting(std::string_view name) {
  const auto it = std::find_if(kSettings.begin(), kSettings.end(), [&](const auto& s) { return s.name == name; });
  return it == kSettings.end() ? nullptr : &*it;
}

bool contains(std::span<const std::string_view> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string_view> all_setting_names() {
  std::vector<std::string_view> names;
  for (const auto& s : kSettings) names.push_back(s.name);
  return names;
}

}  // namespace

std::span<const PolicySetting> policy_settings() { return kSettings; }

std::vector<std::string_view> setting_names(std::span<const SettingScope> scopes) {
  std::vector<std::string_view> names;
  for (const auto& s : kSettings)
    if (std::find(scopes.begin(), scopes.end(), s.scope) != scopes.end()) names.push_back(s.name);
  return names;
}

void apply_setting(PolicyBundle& bundle, std::string_view option, std::string_view assignment,
                   std::span<const std::string_view> allowed) {
  const std::string context = std::string(option) + " " + std::string(assignment) + ": ";
  const std::size_t equals = assignment.find('=');
  if (equals == std::string_view::npos)
    throw UsageError(context + "expected POLICY=VALUE (policies: " + join({allowed.begin(), allowed.end()}) + ")");
  const std::string_view name = assignment.substr(0, equals);
  const std::string_view value = assignment.substr(equals + 1);
  const PolicySetting* setting = find_setting(name);
  if (!setting)
    throw UsageError(context + "unknown policy '" + std::string(name) +
                     "' (valid: " + join({allowed.begin(), allowed.end()}) + ")");
  if (!contains(allowed, name))
    throw UsageError(context + "policy '" + std::string(name) + "' has no effect on this command (valid here: " +
                     join({allowed.begin(), allowed.end()}) + "; all: " + join(all_setting_names()) + ")");
  if (!setting->assign(bundle, value))
    throw UsageError(context + "invalid value '" + std::string(value) + "' for " + std::string(name) +
                     " (valid: " + join(setting->valid_values()) + ")");
}

}  // namespace mxconf::cli
