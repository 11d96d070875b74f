// What the MX quantizer kernels of kernels/cuda declare behind the ABI (mxconf_cuda_mx_{nvidia,ocp} on the GPU,
// mxconf_cuda_mx_host_{nvidia,ocp} on the CPU), and the argument checks they run first. Plain C++.
//
// quantize  fp32, bf16 -> e4m3, e5m2 (BYTE), e3m2, e2m3 (PACKED four per three bytes; the ocp libraries also BYTE),
//           e2m1 (PACKED, two per byte); rules floor and rceil-fp32; rne, or sr with kSrBits random bits per
//           element; saturate; k = 32 or 16 (max_block_size 32; other k are UNSUPPORTED). The harness checks the
//           first layout a capability declares, BYTE before PACKED (conformance/src/abi.cpp), so FP6 PACKED is
//           checked through the nvidia libraries and FP6 BYTE through the ocp ones.
// dequantize the same elements and layouts -> fp32, bf16 (rne)
// The flavour (which profile's block policies: mx_block.hpp) is fixed per library, not an argument.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mxconf/kernel.h"

namespace mxconf::cuda_mx {

struct CapabilityTable {
  const mxconf_capability* data;
  std::size_t size;
};
CapabilityTable capabilities();

// Random bits per element under MXCONF_ROUND_SR (NVIDIA's cvt.rs takes 8 per element for fp8/fp6/fp4 on sm_100a;
// the harness's quantize checks use 8: conformance/src/quantize_common.hpp kQuantizeSrBits).
inline constexpr std::uint32_t kSrBits = 8;

// The code layouts an element's capabilities declare (bits of mxconf_layout).
std::uint32_t layout_mask(mxconf_format element);

// MXCONF_STATUS_OK, UNSUPPORTED (not declared) or INVALID_ARGUMENT (size, null pointer).
int check(const mxconf_quantize_args* a);
int check(const mxconf_dequantize_args* a);

}  // namespace mxconf::cuda_mx
