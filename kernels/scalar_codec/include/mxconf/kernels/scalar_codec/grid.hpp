// The rounding grid of the scalar codec: the one shared by the built-in integer codecs (kernels/common
// mxconf/kernels/grid.hpp, derived from the reference's format rows).
#pragma once

#include "mxconf/kernels/grid.hpp"

namespace mxconf::scalar_codec {

using kernels::code_bias;
using kernels::grid_bits;
using kernels::grid_min_exponent;

}  // namespace mxconf::scalar_codec
