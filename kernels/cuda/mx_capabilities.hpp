// What the MX quantizer kernels of kernels/cuda declare behind the ABI (mxconf_cuda_mx_{nvidia,ocp} on the GPU,
// mxconf_cuda_mx_host_{nvidia,ocp} on the CPU), and the argument checks they run first. Plain C++.
//
// quantize  fp32, bf16 -> e4m3, e5m2, e3m2, e2m3 (BYTE), e2m1 (PACKED, two per byte); rules floor and rceil-fp32;
//           rne; saturate; k = 32 or 16 (max_block_size 32; other k are UNSUPPORTED)
// dequantize the same elements and layouts -> fp32, bf16 (rne)
// The flavour (which profile's block policies: mx_block.hpp) is fixed per library, not an argument.
#pragma once

#include <cstddef>

#include "mxconf/kernel.h"

namespace mxconf::cuda_mx {

struct CapabilityTable {
  const mxconf_capability* data;
  std::size_t size;
};
CapabilityTable capabilities();

// The layout an element's codes use: PACKED for e2m1, BYTE otherwise.
mxconf_layout code_layout(mxconf_format element);

// MXCONF_STATUS_OK, UNSUPPORTED (not declared) or INVALID_ARGUMENT (size, null pointer).
int check(const mxconf_quantize_args* a);
int check(const mxconf_dequantize_args* a);

}  // namespace mxconf::cuda_mx
