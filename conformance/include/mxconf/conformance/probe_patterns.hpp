// The source patterns a conversion is probed with when not every input can be asked (fp32 sources in the fast
// tier, interval files handed to `mxconf verify`): every point where ANY rounding mode, overflow mode, NaN/Inf
// policy or profile could change the answer, not only the boundaries of the configuration being checked, plus
// samples from inside every long interval. An answer that changes where it should not (a rounding carry that
// turns 464 < x < 480 into NaN under saturation, a carry that wraps 500 into 0x80) is therefore seen in the fast
// tier, not only by the 2^32 sweep. docs/conformance.md lists the sets.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "mxconf/reference/format.hpp"
#include "mxconf/vectors/interval_table.hpp"

namespace mxconf::conformance {

// The decision points of a conversion from `from` into `to`, as sorted source patterns, independent of policy:
// every finite value of `to` (both signs), the grid continued two steps past the largest finite value (the first
// would-be overflows: 480 and 512 for e4m3), the midpoint of every two neighbours of that grid (where nearest
// modes tie: 464 = max + ulp/2, 7.0 for e2m1), each as the nearest source pattern and the patterns either side;
// and the source's own specials (zeros, subnormal and normal ends, infinities, NaNs of both signs). `from` is a
// binary float of at least 16 bits.
std::vector<std::uint64_t> decision_patterns(const FormatSpec& from, const FormatSpec& to);

// Patterns inside the intervals of `table` that hold more than 4 patterns: the midpoint and `per_interval`
// random patterns drawn from `seed` (reproducible: the same seed gives the same patterns).
std::vector<std::uint64_t> interior_patterns(std::span<const vectors::Interval> table, std::uint64_t seed,
                                             int per_interval = 2);

// Everything one probe of a conversion asks: the decision points, each interval's first and last pattern with
// the patterns either side, and the interior samples; sorted, without repeats.
std::vector<std::uint64_t> probe_patterns(const FormatSpec& from, const FormatSpec& to,
                                          std::span<const vectors::Interval> table, std::uint64_t seed);

}  // namespace mxconf::conformance
