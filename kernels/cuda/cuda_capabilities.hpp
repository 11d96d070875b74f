// What the two CUDA kernels (host and device build of the same wrapper) declare, and the argument checks both
// run before converting anything. Plain C++: no CUDA header needed.
//
// Fixed policies (no MXCONF_CAP_POLICIES): whatever CUDA's functions do, which the "nvidia" profile describes.
// C++17 (nvcc compiles device_kernel.cu, which includes this, as C++17: CMake 3.25 knows no CUDA C++20 flag).
#pragma once

#include <cstddef>

#include "mxconf/kernel.h"

namespace mxconf::cuda_kernel {

// convert fp32/bf16/fp16 -> e4m3, e5m2 (rne; saturate and non-saturating), -> e3m2, e2m3, e2m1 (rne, rtz;
// saturate), -> e8m0 (rtz, rup; both); decode of those to fp32; quantize fp32/bf16 -> MXFP8/MXFP6/MXFP4 with
// rceil-fp32, rne, saturate, any k. BYTE layout throughout.
struct CapabilityTable {
  const mxconf_capability* data;
  std::size_t size;
};
CapabilityTable capabilities();

// MXCONF_STATUS_OK when the call is one the capabilities declare and its pointers are usable, else
// UNSUPPORTED (a combination not declared) or INVALID_ARGUMENT (bad size, enum value, null pointer, a code with
// bits above its format's width).
int check(const mxconf_convert_args* a);
int check(const mxconf_decode_args* a);
int check(const mxconf_quantize_args* a);

}  // namespace mxconf::cuda_kernel
