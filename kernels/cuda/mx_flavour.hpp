// Which profile's block policies an MX quantizer of kernels/cuda follows (mx_block.hpp says what each means).
#pragma once

#include <cstdint>

namespace mxconf::cuda_mx {

enum class Flavour : std::uint8_t { nvidia, ocp };

}  // namespace mxconf::cuda_mx
