// The rounding grid of the built-in integer codecs (scalar codec, SIMD codec), one description for every format,
// derived from the format's row (reference format.hpp kFormatTable: the codecs read the same constexpr rows as the
// reference).
//
// A finite x with floor(log2 |x|) = e lies on the grid of spacing 2^(q - grid_bits) with q = max(e, grid_min),
// and the code magnitude of N grid steps is ((q + code_bias - 1) << grid_bits) + N. That single formula covers
//  * binary formats with subnormals: grid_min = 1 - bias, code_bias = bias (the subnormal grid is q = grid_min,
//    and N = 2^(m+1) carries into the next binade by itself);
//  * e8m0 (no subnormals, no mantissa): grid_min = -bias, code_bias = bias, so N in {1, 2} is code e + bias
//    (+1), and N = 0 below 2^-127 gives -1, clamped to code 0;
//  * MXINT8: a single fixed-point grid of step 2^fixed; as if every value were "subnormal" with grid_bits = 7
//    (N = |q| up to 128) and grid_min = fixed + 7, so that q = grid_min for every |x| < 2 and the base is 0.
#pragma once

#include "mxconf/reference/format.hpp"

namespace mxconf::kernels {

constexpr int grid_bits(const FormatSpec& f) {
  return f.encoding == Encoding::twos_complement ? f.bits - 1 : f.mantissa_bits;
}
constexpr int grid_min_exponent(const FormatSpec& f) {
  if (f.encoding == Encoding::twos_complement) return f.fixed_point_exponent + grid_bits(f);
  return min_normal_exponent(f);
}
constexpr int code_bias(const FormatSpec& f) {
  return f.encoding == Encoding::twos_complement ? 1 - grid_min_exponent(f) : f.bias;
}

// Spot checks against spec-rules §1.
static_assert(grid_min_exponent(format_spec(FormatId::int8)) - grid_bits(format_spec(FormatId::int8)) == -6);
static_assert(grid_min_exponent(format_spec(FormatId::e8m0)) == -127);

}  // namespace mxconf::kernels
