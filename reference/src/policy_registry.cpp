#include "mxconf/reference/policy_registry.hpp"

#include <algorithm>
#include <array>

#include "mxconf/reference/policy_names.hpp"

namespace mxconf {
namespace {

// The {name, who} pairs of E's names table, as a type-free array the rows can point at.
template <typename E>
struct ValueList {
  static constexpr auto values = [] {
    std::array<PolicyValue, enumerator_count<E>()> out{};
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = PolicyValue{.name = names_of<E>().entries[i].name,
                           .meaning = names_of<E>().entries[i].meaning,
                           .who = names_of<E>().entries[i].who};
    return out;
  }();
};

template <typename E>
using Field = E& (*)(PolicyBundle&);

template <typename E>
PolicyRow row(std::string_view name, PolicyScope scope, unsigned commands, std::string_view summary,
              Field<E> field) {
  return PolicyRow{
      .name = name,
      .scope = scope,
      .commands = commands,
      .summary = summary,
      .values = ValueList<E>::values,
      .position =
          [field](const PolicyBundle& bundle) {
            PolicyBundle copy = bundle;  // the accessor hands out a mutable reference; reading needs a copy
            return static_cast<std::size_t>(field(copy));
          },
      .assign = [field](PolicyBundle& bundle, std::size_t position) { field(bundle) = static_cast<E>(position); },
  };
}

using S = PolicyScope;
constexpr unsigned kConvert = kConvertCommands;
constexpr unsigned kQuantize = kQuantizeCommand;
constexpr unsigned kScale = kScaleCommand;
constexpr unsigned kKernel = kKernelCommands;
constexpr unsigned kVerify = kVerifyCommand;
constexpr unsigned kObserve = kObservationsCommand;

// `overflow` is not accepted by quantize: quantize_block replaces the element overflow policy by the block's
// (block.hpp), so element-overflow is the one that applies there and accepting `overflow` would silently do
// nothing. `scale` computes the block scale alone: the block policies except element-overflow and min-scale-divisor
// (they act on the elements, which scale does not produce), and
// subnormal-input (it changes the amax). run and identify take every element and block policy but `overflow` and
// `rule`, which are call arguments of each check (one check per mode and rule), not profile choices; and the
// comparison policies, as verify does (its expected values are a vector file's, so only the comparison applies).
// check-observations takes every element and block policy: a library's recorded answers are compared with the
// profile's exactly, so the comparison policies do not apply there.
// clang-format off
const std::vector<PolicyRow> kRegistry{
  row<Overflow>("overflow", S::element, kConvert | kObserve, "finite values beyond max finite: saturate or nonsat (Inf/NaN)",
      [](PolicyBundle& b) -> Overflow& { return b.element.overflow; }),
  row<DirectedOverflow>("directed-overflow", S::element, kConvert | kQuantize | kKernel | kObserve, "nonsat overflow under rtz/rup/rdn toward zero",
      [](PolicyBundle& b) -> DirectedOverflow& { return b.element.directed_overflow; }),
  row<InfUnderSaturation>("inf-under-saturation", S::element, kConvert | kQuantize | kKernel | kObserve, "what +-Inf becomes when saturating",
      [](PolicyBundle& b) -> InfUnderSaturation& { return b.element.inf_under_saturation; }),
  row<NanSign>("nan-sign", S::element, kConvert | kQuantize | kKernel | kObserve, "sign of a NaN result",
      [](PolicyBundle& b) -> NanSign& { return b.element.nan_encoding.sign; }),
  row<NanMantissa>("nan-mantissa", S::element, kConvert | kQuantize | kKernel | kObserve, "mantissa of a NaN result (e5m2, IEEE formats)",
      [](PolicyBundle& b) -> NanMantissa& { return b.element.nan_encoding.mantissa; }),
  row<NanIntoFinite>("nan-into-finite", S::element, kConvert | kQuantize | kKernel | kObserve, "NaN into e3m2, e2m3, e2m1, int8 (no NaN code)",
      [](PolicyBundle& b) -> NanIntoFinite& { return b.element.nan_into_finite; }),
  row<Int8Range>("int8-range", S::element, kConvert | kQuantize | kKernel | kObserve, "may MXINT8 emit 0x80 (-2.0)",
      [](PolicyBundle& b) -> Int8Range& { return b.element.int8_range; }),
  row<SubnormalInput>("subnormal-input", S::element, kConvert | kQuantize | kScale | kKernel | kObserve, "subnormal source values: keep or flush to zero",
      [](PolicyBundle& b) -> SubnormalInput& { return b.element.subnormal_input; }),
  row<NegativeIntoUnsigned>("negative-into-unsigned", S::element, kConvert | kQuantize | kKernel | kObserve, "negative values into e8m0 / ue4m3",
      [](PolicyBundle& b) -> NegativeIntoUnsigned& { return b.element.negative_into_unsigned; }),
  row<ZeroIntoE8m0>("zero-into-e8m0", S::element, kConvert | kQuantize | kKernel | kObserve, "+-0 into e8m0, which has no zero",
      [](PolicyBundle& b) -> ZeroIntoE8m0& { return b.element.zero_into_e8m0; }),
  row<E8m0SubnormalRounding>("e8m0-subnormal-rounding", S::element, kConvert | kQuantize | kKernel | kObserve,
      "values in (2^-127, 2^-126) into e8m0 under nearest",
      [](PolicyBundle& b) -> E8m0SubnormalRounding& { return b.element.e8m0_subnormal_rounding; }),
  row<InfIntoFinite>("inf-into-finite", S::element, kConvert | kQuantize | kKernel | kObserve, "+-Inf into e3m2, e2m3, e2m1, int8 (no Inf, no NaN)",
      [](PolicyBundle& b) -> InfIntoFinite& { return b.element.inf_into_finite; }),
  row<E8m0Overflow>("e8m0-overflow", S::element, kConvert | kQuantize | kKernel | kObserve, "is e8m0 overflow decided after or before rounding",
      [](PolicyBundle& b) -> E8m0Overflow& { return b.element.e8m0_overflow; }),
  row<ScaleRule>("rule", S::block, kQuantize | kScale | kObserve, "how a block's amax becomes its E8M0 scale",
      [](PolicyBundle& b) -> ScaleRule& { return b.block.rule; }),
  row<BlockNan>("block-nan", S::block, kQuantize | kScale | kKernel | kObserve, "a NaN among a block's inputs",
      [](PolicyBundle& b) -> BlockNan& { return b.block.nan; }),
  row<BlockInf>("block-inf", S::block, kQuantize | kScale | kKernel | kObserve, "an Inf among a block's inputs",
      [](PolicyBundle& b) -> BlockInf& { return b.block.inf; }),
  row<ZeroAmax>("zero-amax", S::block, kQuantize | kScale | kKernel | kObserve, "the scale of an all-zero block",
      [](PolicyBundle& b) -> ZeroAmax& { return b.block.zero_amax; }),
  row<ScaleOverflow>("scale-overflow", S::block, kQuantize | kScale | kKernel | kObserve, "a shared exponent above 127 (sources wider than fp32)",
      [](PolicyBundle& b) -> ScaleOverflow& { return b.block.scale_overflow; }),
  row<Overflow>("element-overflow", S::block, kQuantize | kKernel | kObserve, "overflow policy of quantize's element step",
      [](PolicyBundle& b) -> Overflow& { return b.block.element_overflow; }),
  row<MinScaleDivisor>("min-scale-divisor", S::block, kQuantize | kKernel | kObserve, "element divisor under scale code 0x00",
      [](PolicyBundle& b) -> MinScaleDivisor& { return b.block.min_scale_divisor; }),
  row<NanMatch>("nan-match", S::comparison, kKernel | kVerify, "how an expected NaN element or scale code is compared",
      [](PolicyBundle& b) -> NanMatch& { return b.comparison.nan; }),
  row<NanMatch>("decoded-nan-match", S::comparison, kKernel | kVerify, "how an expected NaN decoded value (fp32/bf16/fp16) is compared",
      [](PolicyBundle& b) -> NanMatch& { return b.comparison.decoded_nan; }),
};
// clang-format on

}  // namespace

bool PolicyRow::assign_name(PolicyBundle& bundle, std::string_view text) const {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].name == text) {
      assign(bundle, i);
      return true;
    }
  }
  return false;
}

std::vector<std::string_view> PolicyRow::value_names() const {
  std::vector<std::string_view> names;
  for (const auto& v : values) names.push_back(v.name);
  return names;
}

std::span<const PolicyRow> policy_registry() { return kRegistry; }

std::string_view to_string(PolicyScope scope) {
  switch (scope) {
    case PolicyScope::element: return "element";
    case PolicyScope::block: return "block";
    case PolicyScope::comparison: return "comparison";
  }
  return "?";
}

std::string_view command_names(PolicyCommand command) {
  switch (command) {
    case kConvertCommands: return "encode, explain";
    case kQuantizeCommand: return "quantize";
    case kScaleCommand: return "scale";
    case kKernelCommands: return "run, identify";
    case kVerifyCommand: return "verify";
    case kObservationsCommand: return "check-observations";
  }
  return "?";
}

const PolicyRow* find_policy(std::string_view name) {
  const auto it = std::find_if(kRegistry.begin(), kRegistry.end(), [&](const auto& r) { return r.name == name; });
  return it == kRegistry.end() ? nullptr : &*it;
}

std::vector<std::string_view> policy_names_for(PolicyCommand command, PolicyScope own_scope) {
  std::vector<std::string_view> names;
  for (const bool own : {true, false})
    for (const auto& r : kRegistry)
      if (r.accepted_by(command) && (r.scope == own_scope) == own) names.push_back(r.name);
  return names;
}

}  // namespace mxconf
