// Element codes to exact values and back: decode, round_to_format (with the trace `mxconf explain` prints),
// encode, and convert from a source format's bits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mxconf/reference/exact_value.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/policy.hpp"
#include "mxconf/reference/rounding.hpp"

namespace mxconf {

struct EncodeOptions {
  Rounding rounding;
  ElementPolicies policies;
  StochasticBits stochastic;  // used only when rounding == Rounding::sr
};

// The element policies of IEEE 754 binary destinations (fp32, bf16, fp16, fp64): non-saturating overflow,
// largest finite under directed rounding (§7.4), Inf kept, default quiet NaN with the sign dropped.
inline constexpr ElementPolicies kIeeeElementPolicies{
    .overflow = Overflow::non_saturating,
    .directed_overflow = DirectedOverflow::largest_finite,
    .inf_under_saturation = InfUnderSaturation::keep_special,
    .nan_encoding = {.sign = NanSign::positive, .mantissa = NanMantissa::quiet_bit},
    .nan_into_finite = NanIntoFinite::error,
    .int8_range = Int8Range::symmetric,
    .subnormal_input = SubnormalInput::keep,
    .negative_into_unsigned = NegativeIntoUnsigned::error,
    .zero_into_e8m0 = ZeroIntoE8m0::smallest,
    .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact,
    .inf_into_finite = InfIntoFinite::max,
    .e8m0_overflow = E8m0Overflow::after_rounding,
};

// IEEE 754 semantics for binary destinations (fp32, bf16, fp16, fp64): overflow to Inf under round to nearest
// and largest finite under directed rounding (§7.4), gradual underflow, default quiet NaN 0x7fc00000-style with
// the sign dropped. Used where a result is rounded into an ordinary float (dequantize, dot).
EncodeOptions ieee_encode_options(Rounding rounding);

// The exact value of a code. Throws InvalidArgument when the code does not fit the format's width.
ExactValue decode(const FormatSpec& format, std::uint64_t code);

// What decided a rounding, for explanations and reports.
enum class RoundingRule : std::uint8_t {
  nan_input, inf_input, zero_input,
  exact,              // the value is on the grid
  nearest,            // strictly closer to one neighbour
  tie_to_even, tie_away,
  directed,           // rtz, rup, rdn
  stochastic,
  overflow_saturate, overflow_to_inf, overflow_to_nan, overflow_directed_to_max,
  e8m0_clamp_low,     // below 2^-127: clamped to the smallest scale
  unsigned_negative, e8m0_zero,
};
std::string_view to_string(RoundingRule r);

// A rounding with the facts behind it.
struct RoundingTrace {
  std::uint64_t code = 0;
  RoundingRule rule = RoundingRule::exact;
  std::string_view clause;            // the spec clause or source that fixes the result
  // The grid points either side of |x| (equal when x is on the grid), as signed values of x's sign. They may lie
  // beyond the largest finite value (for example 480 for e4m3); their codes are empty then.
  std::optional<ExactValue> below, above;
  std::optional<std::uint64_t> below_code, above_code;
  // Not empty when the input has no encoding under these options (NanIntoFinite::error,
  // NegativeIntoUnsigned::error, a stochastic random value wider than its bits): why, naming the policy. `code`
  // means nothing then.
  std::string refusal;
  bool refused() const { return !refusal.empty(); }
};

// Rounds an exact value into a format and says why, in the numbered steps of codec.cpp. A refusal by the
// policies (a NaN under NanIntoFinite::error, a negative under NegativeIntoUnsigned::error) is an outcome here:
// trace.refused(); so is a stochastic input that does not fit its bits. Never throws InvalidArgument.
RoundingTrace try_round_to_format(const ExactValue& x, const FormatSpec& format, const EncodeOptions& options);

// try_round_to_format, with a refusal thrown as InvalidArgument (its message names the policy).
RoundingTrace round_to_format(const ExactValue& x, const FormatSpec& format, const EncodeOptions& options);

// round_to_format(...).code.
std::uint64_t encode(const ExactValue& x, const FormatSpec& format, const EncodeOptions& options);
// The code, or empty when the policies refuse this input (don't-care in a sweep).
std::optional<std::uint64_t> try_encode(const ExactValue& x, const FormatSpec& format, const EncodeOptions& options);

// The source code's exact value after the source policies (SubnormalInput), then encode into `to`.
// One rounding only, so wide sources (fp64) never double-round.
std::uint64_t convert(const FormatSpec& from, std::uint64_t code, const FormatSpec& to, const EncodeOptions& options);
// convert, or empty when the policies refuse the input.
std::optional<std::uint64_t> try_convert(const FormatSpec& from, std::uint64_t code, const FormatSpec& to,
                                         const EncodeOptions& options);
ExactValue decode_source(const FormatSpec& from, std::uint64_t code, SubnormalInput policy);

}  // namespace mxconf
