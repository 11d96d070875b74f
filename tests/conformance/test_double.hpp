// Test-double kernels for the conformance tests: the kernel ABI implemented on top of the reference, with its
// policies fixed to one profile (no MXCONF_CAP_POLICIES), and deliberately broken variants.
//
// The ABI's function pointers carry no user data, so the double in use is process-global: constructing a
// TestDouble makes it the active one (tests construct one at a time).
#pragma once

#include <functional>
#include <vector>

#include "mxconf/kernel.h"
#include "mxconf/reference/profile.hpp"

namespace mxconf::testing {

enum class Fault : std::uint8_t {
  none,
  ties_away,     // rne conversions and quantize element steps round ties away from zero (microxcaling "nearest")
  e8m0_zero,     // E8M0 code 0x00 taken as 0 instead of 2^-127 (TransformerEngine PR #3262, triton PR #11624)
  nan_as_ff,     // NaN converted into e4m3 / e5m2 is always 0xff, whatever the NaN policies say
  overrun,       // every operation writes one byte past its output
  error_status,  // every operation returns MXCONF_STATUS_INTERNAL_ERROR
  // Not faults: a dot accumulated in fp32 as a real kernel does (block sums, then scaled and summed), which is
  // within the dot bound but not always correctly rounded.
  dot_fp32_accumulation,
  dot_drops_last,  // a dot that leaves out the last product of every block (a loop bound off by one)
  // Bugs inside long intervals and scale-rule bugs (issue 9), each as a real kernel commits it:
  carry_into_nan,   // e4m3 under saturation: the rounding carry of 464 < |x| < 480 lands on 0x7f (NaN); the
                    // clamp looked at the value before rounding
  wrapped_carry,    // the carry out of the top binade wraps into the sign: e4m3 496 <= |x| < 512 -> 0x80 (+-0),
                    // e2m1 7 <= |x| < 8 -> 0x8; under saturation
  log2f_floor,      // rule floor with the exponent from float log2f (rounds up just below a power of two)
  rceil_fp32_reciprocal,  // rule rceil computed as cvt.rp(fl32(amax * fl32(1/M))): rceil-fp32 claimed as rceil
  zero_amax_nan,    // an all-zero block gets the NaN scale 0xff
  // Stochastic rounding in quantize (issue 11's CUDA quantizers), as a kernel gets it wrong:
  sr_strict,          // rounds up only when top K discarded bits + r > 2^K (`>` for `>=`: down at the threshold)
  sr_ignores_random,  // rounds to nearest even whatever r says
  sr_sticky,          // counts the discarded bits below the top K as one more (top + r + sticky >= 2^K): an
                      // element with only low discarded bits rounds up at r = 2^K - 1 (floor/rceil-fp32 rules)
};

struct DoubleOptions {
  const Profile* profile = nullptr;  // the policies the double follows (default: ocp)
  Fault fault = Fault::none;
  std::uint32_t layout_mask = (1u << MXCONF_LAYOUT_BYTE) | (1u << MXCONF_LAYOUT_PACKED);
  // Which of the full capability list to declare; empty declares all of it.
  std::function<bool(const mxconf_capability&)> declare;
  bool quantize_sr = true;  // declare MXCONF_ROUND_SR for quantize
};

// Options for a double with `fault`, following `profile`.
inline DoubleOptions with_fault(Fault fault, const char* profile = "ocp") {
  DoubleOptions o;
  o.profile = find_profile(profile);
  o.fault = fault;
  return o;
}
inline DoubleOptions with_profile(const char* profile) { return with_fault(Fault::none, profile); }

class TestDouble {
 public:
  explicit TestDouble(DoubleOptions options = {});
  ~TestDouble();
  TestDouble(const TestDouble&) = delete;
  TestDouble& operator=(const TestDouble&) = delete;

  const mxconf_kernel& kernel() const { return kernel_; }
  const DoubleOptions& options() const { return options_; }

 private:
  DoubleOptions options_;
  std::vector<mxconf_capability> capabilities_;
  mxconf_kernel kernel_{};
};

}  // namespace mxconf::testing
