// What a value beyond the largest finite magnitude becomes: the one overflow decision (LLVM APFloat's
// handleOverflow), shared by the reference (codec.cpp) and the scalar codec (convert.cpp).
//
// OFP8 defines a saturating and a non-saturating mode; IEEE 754-2019 §7.4 gives the largest finite value when the
// rounding direction points back toward zero; OCP MX v1.0 §5.3: a format with neither Inf nor NaN clamps.
#pragma once

#include <cstdint>

#include "mxconf/reference/format.hpp"
#include "mxconf/reference/policy.hpp"
#include "mxconf/reference/rounding.hpp"

namespace mxconf {

enum class OverflowOutcome : std::uint8_t { largest_finite, inf, nan };

// Which case decided it (what an explanation cites).
enum class OverflowReason : std::uint8_t {
  saturating,            // Overflow::saturate (an Inf input too, under InfUnderSaturation::clamp)
  inf_kept_special,      // an Inf input under Overflow::saturate and InfUnderSaturation::keep_special
  directed_toward_zero,  // non-saturating, the rounding direction points back toward zero: IEEE 754 §7.4
  finite_only,           // the format has neither Inf nor NaN: clamps
  non_saturating,        // Inf if the format has it, else NaN
};

enum class OverflowInput : std::uint8_t {
  finite,    // a finite value that rounded beyond the largest finite magnitude
  infinity,  // an Inf input
};

struct OverflowDecision {
  OverflowOutcome outcome;
  OverflowReason reason;
};

constexpr bool rounds_toward_zero(Rounding rounding, bool negative) {
  return rounding == Rounding::rtz || (rounding == Rounding::rup && negative) ||
         (rounding == Rounding::rdn && !negative);
}

constexpr OverflowDecision overflow_outcome(const FormatSpec& f, const ElementPolicies& p, Overflow overflow,
                                            Rounding rounding, bool negative, OverflowInput input) {
  const bool is_inf = input == OverflowInput::infinity;
  if (overflow == Overflow::saturate) {
    if (!is_inf || p.inf_under_saturation == InfUnderSaturation::clamp)
      return {OverflowOutcome::largest_finite, OverflowReason::saturating};
  } else if (!is_inf && rounds_toward_zero(rounding, negative) &&
             p.directed_overflow == DirectedOverflow::largest_finite) {
    return {OverflowOutcome::largest_finite, OverflowReason::directed_toward_zero};
  }
  if (!has_inf(f) && !has_nan(f)) return {OverflowOutcome::largest_finite, OverflowReason::finite_only};
  const OverflowReason reason =
      overflow == Overflow::saturate ? OverflowReason::inf_kept_special : OverflowReason::non_saturating;
  return {has_inf(f) ? OverflowOutcome::inf : OverflowOutcome::nan, reason};
}

// The overflow mode an Inf input is converted under: InfUnderSaturation::keep_special treats it as in the
// non-saturating mode (OFP8 §4 conversion of infinities).
constexpr Overflow inf_input_overflow(const ElementPolicies& p) {
  return p.overflow == Overflow::non_saturating || p.inf_under_saturation == InfUnderSaturation::keep_special
             ? Overflow::non_saturating
             : Overflow::saturate;
}

}  // namespace mxconf
