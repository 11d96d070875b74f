#include "mxconf/reference/policy.hpp"

#include "mxconf/reference/rounding.hpp"
#include "enum_names.hpp"

namespace mxconf {
namespace {

using detail::enum_names;
using P = std::pair<Rounding, std::string_view>;

constexpr auto kRounding = enum_names<Rounding>(P{Rounding::rne, "rne"}, P{Rounding::rtz, "rtz"},
                                                P{Rounding::rup, "rup"}, P{Rounding::rdn, "rdn"},
                                                P{Rounding::rna, "rna"}, P{Rounding::sr, "sr"});

template <typename E>
using N = std::pair<E, std::string_view>;

constexpr auto kOverflow =
    enum_names<Overflow>(N<Overflow>{Overflow::saturate, "saturate"}, N<Overflow>{Overflow::non_saturating, "nonsat"});
constexpr auto kDirectedOverflow = enum_names<DirectedOverflow>(
    N<DirectedOverflow>{DirectedOverflow::largest_finite, "largest-finite"},
    N<DirectedOverflow>{DirectedOverflow::non_finite, "non-finite"});
constexpr auto kInfUnderSaturation = enum_names<InfUnderSaturation>(
    N<InfUnderSaturation>{InfUnderSaturation::clamp, "clamp"},
    N<InfUnderSaturation>{InfUnderSaturation::keep_special, "keep-special"});
constexpr auto kNanSign = enum_names<NanSign>(N<NanSign>{NanSign::positive, "positive"},
                                              N<NanSign>{NanSign::keep, "keep"},
                                              N<NanSign>{NanSign::negative, "negative"});
constexpr auto kNanMantissa = enum_names<NanMantissa>(N<NanMantissa>{NanMantissa::all_ones, "all-ones"},
                                                      N<NanMantissa>{NanMantissa::quiet_bit, "quiet-bit"});
constexpr auto kNanIntoFinite = enum_names<NanIntoFinite>(
    N<NanIntoFinite>{NanIntoFinite::positive_max, "positive-max"},
    N<NanIntoFinite>{NanIntoFinite::signed_max, "signed-max"},
    N<NanIntoFinite>{NanIntoFinite::negative_zero, "negative-zero"},
    N<NanIntoFinite>{NanIntoFinite::zero_flipped_sign, "zero-flipped-sign"},
    N<NanIntoFinite>{NanIntoFinite::error, "error"});
constexpr auto kInt8Range =
    enum_names<Int8Range>(N<Int8Range>{Int8Range::symmetric, "symmetric"}, N<Int8Range>{Int8Range::full, "full"});
constexpr auto kSubnormalInput = enum_names<SubnormalInput>(N<SubnormalInput>{SubnormalInput::keep, "keep"},
                                                            N<SubnormalInput>{SubnormalInput::flush, "flush"});
constexpr auto kNegativeIntoUnsigned = enum_names<NegativeIntoUnsigned>(
    N<NegativeIntoUnsigned>{NegativeIntoUnsigned::magnitude, "magnitude"},
    N<NegativeIntoUnsigned>{NegativeIntoUnsigned::nan, "nan"},
    N<NegativeIntoUnsigned>{NegativeIntoUnsigned::error, "error"},
    N<NegativeIntoUnsigned>{NegativeIntoUnsigned::smallest, "smallest"});
constexpr auto kZeroIntoE8m0 = enum_names<ZeroIntoE8m0>(N<ZeroIntoE8m0>{ZeroIntoE8m0::smallest, "smallest"},
                                                        N<ZeroIntoE8m0>{ZeroIntoE8m0::nan, "nan"});
constexpr auto kE8m0SubnormalRounding = enum_names<E8m0SubnormalRounding>(
    N<E8m0SubnormalRounding>{E8m0SubnormalRounding::exact, "exact"},
    N<E8m0SubnormalRounding>{E8m0SubnormalRounding::up_above_smallest, "up-above-smallest"});
constexpr auto kInfIntoFinite = enum_names<InfIntoFinite>(N<InfIntoFinite>{InfIntoFinite::max, "max"},
                                                          N<InfIntoFinite>{InfIntoFinite::error, "error"});
constexpr auto kE8m0Overflow = enum_names<E8m0Overflow>(
    N<E8m0Overflow>{E8m0Overflow::after_rounding, "after-rounding"},
    N<E8m0Overflow>{E8m0Overflow::before_rounding, "before-rounding"});

}  // namespace

std::string_view to_string(Rounding v) { return kRounding.name(v); }
std::optional<Rounding> parse_rounding(std::string_view s) { return kRounding.parse(s); }

std::string_view to_string(Overflow v) { return kOverflow.name(v); }
std::string_view to_string(DirectedOverflow v) { return kDirectedOverflow.name(v); }
std::string_view to_string(InfUnderSaturation v) { return kInfUnderSaturation.name(v); }
std::string_view to_string(NanSign v) { return kNanSign.name(v); }
std::string_view to_string(NanMantissa v) { return kNanMantissa.name(v); }
std::string_view to_string(NanIntoFinite v) { return kNanIntoFinite.name(v); }
std::string_view to_string(Int8Range v) { return kInt8Range.name(v); }
std::string_view to_string(SubnormalInput v) { return kSubnormalInput.name(v); }
std::string_view to_string(NegativeIntoUnsigned v) { return kNegativeIntoUnsigned.name(v); }
std::string_view to_string(ZeroIntoE8m0 v) { return kZeroIntoE8m0.name(v); }
std::string_view to_string(E8m0SubnormalRounding v) { return kE8m0SubnormalRounding.name(v); }
std::string_view to_string(InfIntoFinite v) { return kInfIntoFinite.name(v); }
std::string_view to_string(E8m0Overflow v) { return kE8m0Overflow.name(v); }

std::string describe(const ElementPolicies& p) {
  std::string out;
  const auto field = [&out](std::string_view name, std::string_view value) { detail::append_setting(out, name, value); };
  field("overflow", to_string(p.overflow));
  field("directed-overflow", to_string(p.directed_overflow));
  field("inf-under-saturation", to_string(p.inf_under_saturation));
  field("nan-sign", to_string(p.nan_encoding.sign));
  field("nan-mantissa", to_string(p.nan_encoding.mantissa));
  field("nan-into-finite", to_string(p.nan_into_finite));
  field("int8-range", to_string(p.int8_range));
  field("subnormal-input", to_string(p.subnormal_input));
  field("negative-into-unsigned", to_string(p.negative_into_unsigned));
  field("zero-into-e8m0", to_string(p.zero_into_e8m0));
  field("e8m0-subnormal-rounding", to_string(p.e8m0_subnormal_rounding));
  field("inf-into-finite", to_string(p.inf_into_finite));
  field("e8m0-overflow", to_string(p.e8m0_overflow));
  return out;
}

namespace {

// Calls f(name, value) for each "name=value" word; false when a word has no '='.
template <typename F>
bool for_each_setting(std::string_view text, F&& f) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != ',') ++i;
    if (i == start) break;
    const std::string_view word = text.substr(start, i - start);
    const std::size_t eq = word.find('=');
    if (eq == std::string_view::npos || !f(word.substr(0, eq), word.substr(eq + 1))) return false;
  }
  return true;
}

template <typename T>
bool assign(std::optional<T>& slot, std::optional<T> value) {
  if (!value || slot) return false;  // unknown value, or the field given twice
  slot = value;
  return true;
}

}  // namespace

std::optional<ElementPolicies> parse_element_policies(std::string_view text) {
  std::optional<Overflow> overflow;
  std::optional<DirectedOverflow> directed;
  std::optional<InfUnderSaturation> inf;
  std::optional<NanSign> nan_sign;
  std::optional<NanMantissa> nan_mantissa;
  std::optional<NanIntoFinite> nan_into_finite;
  std::optional<Int8Range> int8;
  std::optional<SubnormalInput> subnormal;
  std::optional<NegativeIntoUnsigned> negative;
  std::optional<ZeroIntoE8m0> zero;
  std::optional<E8m0SubnormalRounding> e8m0;
  std::optional<InfIntoFinite> inf_into_finite;
  std::optional<E8m0Overflow> e8m0_overflow;
  const bool ok = for_each_setting(text, [&](std::string_view name, std::string_view value) {
    if (name == "overflow") return assign(overflow, parse_overflow(value));
    if (name == "directed-overflow") return assign(directed, parse_directed_overflow(value));
    if (name == "inf-under-saturation") return assign(inf, parse_inf_under_saturation(value));
    if (name == "nan-sign") return assign(nan_sign, parse_nan_sign(value));
    if (name == "nan-mantissa") return assign(nan_mantissa, parse_nan_mantissa(value));
    if (name == "nan-into-finite") return assign(nan_into_finite, parse_nan_into_finite(value));
    if (name == "int8-range") return assign(int8, parse_int8_range(value));
    if (name == "subnormal-input") return assign(subnormal, parse_subnormal_input(value));
    if (name == "negative-into-unsigned") return assign(negative, parse_negative_into_unsigned(value));
    if (name == "zero-into-e8m0") return assign(zero, parse_zero_into_e8m0(value));
    if (name == "e8m0-subnormal-rounding") return assign(e8m0, parse_e8m0_subnormal_rounding(value));
    if (name == "inf-into-finite") return assign(inf_into_finite, parse_inf_into_finite(value));
    if (name == "e8m0-overflow") return assign(e8m0_overflow, parse_e8m0_overflow(value));
    return false;
  });
  if (!ok || !overflow || !directed || !inf || !nan_sign || !nan_mantissa || !nan_into_finite || !int8 ||
      !subnormal || !negative || !zero || !e8m0 || !inf_into_finite || !e8m0_overflow)
    return std::nullopt;
  return ElementPolicies{*overflow, *directed, *inf, NanEncoding{*nan_sign, *nan_mantissa}, *nan_into_finite,
                         *int8, *subnormal, *negative, *zero, *e8m0, *inf_into_finite, *e8m0_overflow};
}

std::optional<Overflow> parse_overflow(std::string_view s) { return kOverflow.parse(s); }
std::optional<DirectedOverflow> parse_directed_overflow(std::string_view s) { return kDirectedOverflow.parse(s); }
std::optional<InfUnderSaturation> parse_inf_under_saturation(std::string_view s) {
  return kInfUnderSaturation.parse(s);
}
std::optional<NanSign> parse_nan_sign(std::string_view s) { return kNanSign.parse(s); }
std::optional<NanMantissa> parse_nan_mantissa(std::string_view s) { return kNanMantissa.parse(s); }
std::optional<NanIntoFinite> parse_nan_into_finite(std::string_view s) { return kNanIntoFinite.parse(s); }
std::optional<Int8Range> parse_int8_range(std::string_view s) { return kInt8Range.parse(s); }
std::optional<SubnormalInput> parse_subnormal_input(std::string_view s) { return kSubnormalInput.parse(s); }
std::optional<NegativeIntoUnsigned> parse_negative_into_unsigned(std::string_view s) {
  return kNegativeIntoUnsigned.parse(s);
}
std::optional<ZeroIntoE8m0> parse_zero_into_e8m0(std::string_view s) { return kZeroIntoE8m0.parse(s); }
std::optional<E8m0SubnormalRounding> parse_e8m0_subnormal_rounding(std::string_view s) {
  return kE8m0SubnormalRounding.parse(s);
}
std::optional<InfIntoFinite> parse_inf_into_finite(std::string_view s) { return kInfIntoFinite.parse(s); }
std::optional<E8m0Overflow> parse_e8m0_overflow(std::string_view s) { return kE8m0Overflow.parse(s); }

}  // namespace mxconf
