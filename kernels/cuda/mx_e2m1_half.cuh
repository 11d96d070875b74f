// The fp16x2 E2M1 step of the CUDA MX quantizers (mx_quantize.cu) for bf16 sources, in its own header so that
// mxconf_cuda_mx_tool exhaustive can check it against mx_block.hpp e2m1_rne for every bf16 value and scale.
// Device code only.
#pragma once

#include <cuda_fp16.h>
#include <stdint.h>

namespace mxconf::cuda_mx {

// E2M1 codes of two scaled values that are bf16 values times a power of two (bf16 sources), in fp16x2 arithmetic:
// about half the instructions of e2m1_rne per element. Each value converts exactly to fp16 (8 significant bits;
// below 2^-17, where fp16 may round, every result is a zero code with the input's sign; above 65504 fp16 gives Inf
// or 65504, which saturates like the input). Then, per half: c = min(|v|, 6) (saturation; NaN gives 6, since
// hmin2 returns the non-NaN operand), C = 2^(E + 9) with E = the exponent of max(c, 1), so that ulp(C) is the E2M1
// quantum of c's binade (0.5 below 2); c + C rounds c to nearest even on that grid (C's mantissa is 0, so the even
// neighbour has the even code), and (c + C) * 2^-14 - C * 2^-14 = rounded(c) * 2^-14 exactly, whose fp16 bits hold
// the E2M1 code in bits 9..11 (the fp16 exponent field lines up with E2M1's, subnormals included: 0.5 * 2^-14 is
// the fp16 subnormal 0x0200). The sign is the input's, except NaN's (the positive largest code, as e2m1_rne).
// Returns the two codes as nibbles 0..3 and 4..7. Checked against e2m1_rne for every bf16 value and every scale
// (mxconf_cuda_mx_tool exhaustive).
__device__ __forceinline__ uint32_t e2m1x2_bf16_scaled(float v0, float v1) {
  const __half2 v = __floats2half2_rn(v0, v1);  // v0 in the low half
  const uint32_t vb = *reinterpret_cast<const uint32_t*>(&v);
  const uint32_t ab = vb & 0x7fff7fffu;
  const __half2 six = __half2half2(__ushort_as_half(0x4600u)), one = __half2half2(__ushort_as_half(0x3c00u));
  const __half2 c = __hmin2(*reinterpret_cast<const __half2*>(&ab), six);
  const __half2 top = __hmax2(c, one);
  const uint32_t e = *reinterpret_cast<const uint32_t*>(&top) & 0x7c007c00u;
  const uint32_t big = e + 0x24002400u, small = e - 0x14001400u;  // C, C * 2^-14 (exponent fields +9, -5)
  const __half2 sum = __hadd2(c, *reinterpret_cast<const __half2*>(&big));
  const __half2 scaled = __hfma2(sum, __half2half2(__ushort_as_half(0x0400u)),  // 2^-14
                                 __hneg2(*reinterpret_cast<const __half2*>(&small)));
  const uint32_t code = (*reinterpret_cast<const uint32_t*>(&scaled) >> 9) & 0x00070007u;
  const uint32_t not_nan = ~(ab + 0x03ff03ffu);  // bit 15 of a half is 0 exactly when it is NaN
  const uint32_t pair = code | ((vb & not_nan & 0x80008000u) >> 12);
  return (pair | (pair >> 12)) & 0xffu;
}

}  // namespace mxconf::cuda_mx
