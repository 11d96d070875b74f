// Input sets for the CUDA cross-check: every pattern of a 16-bit source, and boundary sets for fp32 and fp64.
#pragma once

#include <cstdint>
#include <vector>

#include "mxconf/reference/format.hpp"

namespace mxconf::cuda_xcheck {

// All 2^16 patterns of fp16 or bf16, ascending.
std::vector<std::uint64_t> all_patterns(const FormatSpec& source);

// Sorted, duplicate-free fp32 or fp64 patterns that matter for converting into `destination`:
//  * targets: every non-negative finite value of the destination, every midpoint between neighbours, points
//    beyond the top (max + ulp/2, max + ulp, 2 max, 4 max) and below the bottom (min/2, 3 min/4, min/4);
//  * for each target t: the source values just below and above t (t itself when representable), each with
//    its neighbours one source ulp either side; both signs;
//  * the source's own landmarks: +-0, +-Inf, quiet and signalling NaNs of both signs with several payloads,
//    max finite, min normal, max and min subnormal, 2^-127 (fp32) and neighbours;
//  * fp64 only: every value of the fp32 set and the midpoints between it and its fp32 successor (with fp64
//    neighbours: the double -> float step of __nv_cvt_double_to_e8m0), and values beyond the fp32 range
//    (2^128 and up, below 2^-149);
//  * every non-NaN fp16 and bf16 value, widened exactly;
//  * random patterns from a fixed seed: uniform bits, and bits with an exponent near the destination's range.
std::vector<std::uint64_t> boundary_inputs(const FormatSpec& source, const FormatSpec& destination);

}  // namespace mxconf::cuda_xcheck
