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
constexpr auto kNanSign =
    enum_names<NanSign>(N<NanSign>{NanSign::positive, "positive"}, N<NanSign>{NanSign::keep, "keep"});
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
    N<NegativeIntoUnsigned>{NegativeIntoUnsigned::error, "error"});
constexpr auto kZeroIntoE8m0 = enum_names<ZeroIntoE8m0>(N<ZeroIntoE8m0>{ZeroIntoE8m0::smallest, "smallest"},
                                                        N<ZeroIntoE8m0>{ZeroIntoE8m0::nan, "nan"});
constexpr auto kE8m0SubnormalRounding = enum_names<E8m0SubnormalRounding>(
    N<E8m0SubnormalRounding>{E8m0SubnormalRounding::exact, "exact"},
    N<E8m0SubnormalRounding>{E8m0SubnormalRounding::up_above_smallest, "up-above-smallest"});

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

}  // namespace mxconf
