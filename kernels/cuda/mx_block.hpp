// The per-block arithmetic of the MX quantizers of kernels/cuda (mxconf_cuda_mx_*): the amax, the E8M0 scale under
// the `floor` and `rceil-fp32` rules, and the element step, for the two flavours the libraries claim:
//   nvidia  the `nvidia` profile's block policies: NaN is left out of the amax (TE's fmaxf), an Inf in the block
//           gives the largest scale 0xfe and saturating elements; NaN elements follow CUDA's cvt (fp8 0x7f,
//           fp6/fp4 positive max).
//   ocp     the `ocp` profile's: a NaN or an Inf anywhere in the block gives the NaN scale 0xff; the element codes
//           of such a block are the element's NaN with the input's sign (fp8) or 0 (fp6/fp4 have no NaN), as the
//           reference writes them (reference/src/block.cpp code_under_nan_scale).
// Both: zero amax -> scale 0x00; scale clamped to 2^-127 .. 2^127; elements rounded to nearest even and saturated.
//
// Compiled by nvcc for the GPU kernels (mx_quantize.cu) and by the host compiler for mxconf_cuda_mx_host_* (the
// same arithmetic on the CPU, so the harness can check it without a GPU). Every step is exact or a single
// correctly rounded fp32 operation, so host and device agree bit for bit: x * 2^-s is exact (a power of two, and
// any result below 2^-126 rounds to a zero element anyway), the rceil-fp32 product is TE's fp32 amax * fl32(1/M).
#pragma once

#include <cuda_fp4.h>
#include <cuda_fp6.h>
#include <cuda_fp8.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "mx_flavour.hpp"
#include "mxconf/kernel.h"

#if defined(__CUDACC__)
#define MXCONF_MX_HD __host__ __device__ __forceinline__
#define MXCONF_MX_CONST __host__ __device__ constexpr
#else
#define MXCONF_MX_HD inline
#define MXCONF_MX_CONST constexpr
#endif

namespace mxconf::cuda_mx {

constexpr uint32_t kInfBits = 0x7f800000u;

MXCONF_MX_HD float bits_to_float(uint32_t bits) {
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

// |x| as fp32 bits, prepared for an unsigned max over the block: nvidia drops NaN (0), ocp keeps it (a NaN's bits
// exceed kInfBits, so the max tells "NaN present"; exactly kInfBits tells "Inf present, no NaN").
MXCONF_MX_HD uint32_t amax_key(uint32_t fp32_bits, Flavour flavour) {
  const uint32_t a = fp32_bits & 0x7fffffffu;
  return (flavour == Flavour::nvidia && a > kInfBits) ? 0u : a;
}

// The element constants the arithmetic below needs: mantissa bits, exponent bias, largest finite magnitude code and
// emax (OCP MX v1.0 Table 1). The reference's kFormatTable cannot be included here (its header is C++20, nvcc
// builds these files as C++17), so the host twin (mx_host_kernel.cpp) static_asserts every field against
// kFormatTable through the shared ABI translator: a change on either side stops the build.
struct ElementBits {
  int mantissa, bias;
  uint32_t max_code;
  int emax;
};
MXCONF_MX_CONST ElementBits element_bits(mxconf_format e) {
  switch (e) {
    case MXCONF_FORMAT_E4M3: return {3, 7, 0x7e, 8};
    case MXCONF_FORMAT_E5M2: return {2, 15, 0x7b, 15};
    case MXCONF_FORMAT_E3M2: return {2, 3, 0x1f, 4};
    case MXCONF_FORMAT_E2M3: return {3, 1, 0x1f, 2};
    default: return {1, 1, 0x7, 2};  // E2M1
  }
}

// emax of the element and fl32(1 / largest finite) (TE Quantized_Limits::max_norm_rcp).
MXCONF_MX_HD int element_emax(mxconf_format e) { return element_bits(e).emax; }
MXCONF_MX_HD float max_norm_reciprocal(mxconf_format e) {
  switch (e) {
    case MXCONF_FORMAT_E4M3: return 1.0f / 448.0f;
    case MXCONF_FORMAT_E5M2: return 1.0f / 57344.0f;
    case MXCONF_FORMAT_E3M2: return 1.0f / 28.0f;
    case MXCONF_FORMAT_E2M3: return 1.0f / 7.5f;
    default: return 1.0f / 6.0f;
  }
}

// floor(log2(a)) of a positive finite fp32 given by its bits (a subnormal's leading bit sets it).
MXCONF_MX_HD int floor_log2(uint32_t bits) {
  const uint32_t field = bits >> 23;
  if (field != 0) return static_cast<int>(field) - 127;
  int top = 0;
  for (uint32_t m = bits; m > 1; m >>= 1) ++top;
  return top - 149;
}

// E8M0 of |x| rounded up, saturating (cvt.rp.satfinite.ue8m0x2.f32; __nv_cvt_float_to_e8m0(x, __NV_SATFINITE,
// cudaRoundPosInf)) from the fp32 bits, without the header's software path (sm_90 has no such cvt): the smallest
// 2^k >= |x|, k clamped to -127 .. 127; 0 -> 0x00; NaN -> 0xff. Checked on all 2^32 inputs against the nvidia
// profile's interval table (mxconf_cuda_mx_tool exhaustive).
MXCONF_MX_HD uint8_t e8m0_rup_satfinite(uint32_t bits) {
  const uint32_t a = bits & 0x7fffffffu;
  if (a > kInfBits) return 0xff;
  if (a > 0x7f000000u) return 0xfe;  // above 2^127, Inf included
  const uint32_t field = a >> 23, mantissa = a & 0x7fffffu;
  if (field == 0) return mantissa > 0x400000u ? 1 : 0;  // subnormals: above 2^-127 rounds up to 2^-126
  return static_cast<uint8_t>(field + (mantissa != 0));
}

// The block's E8M0 scale code from its amax key (amax_key, maximised over the block).
MXCONF_MX_HD uint8_t scale_code(uint32_t amax, mxconf_scale_rule rule, mxconf_format element, Flavour flavour) {
  if (amax > kInfBits) return 0xff;                                  // ocp: NaN in the block
  if (amax == kInfBits) return flavour == Flavour::ocp ? 0xff : 0xfe;  // Inf: NaN scale / largest scale
  if (amax == 0) return 0x00;                                        // zero-amax: smallest scale
  if (rule == MXCONF_SCALE_FLOOR) {
    // OCP MX v1.0 §6.3: shared_exp = floor(log2(amax)) - emax_elem, clamped to the E8M0 range.
    int s = floor_log2(amax) - element_emax(element);
    if (s < -127) s = -127;
    if (s > 127) s = 127;
    return static_cast<uint8_t>(s + 127);
  }
  // rceil-fp32: TE float_to_e8m0(amax * max_norm_rcp) = cvt.rp.satfinite.ue8m0x2.f32 of the fp32 product.
  const float product = bits_to_float(amax) * max_norm_reciprocal(element);
  uint32_t product_bits;
  memcpy(&product_bits, &product, sizeof product_bits);
  return e8m0_rup_satfinite(product_bits);
}

// 2^-(c - 127) as fp32, built from bits: c = 254 gives the subnormal 2^-127, c = 0 gives 2^127.
MXCONF_MX_HD float scale_reciprocal(uint8_t c) {
  if (c == 0xfe) return bits_to_float(0x00400000u);
  return bits_to_float(static_cast<uint32_t>(254 - c) << 23);
}

// FP6 / FP4 round to nearest even with saturation, on the fp32 bits (the CUDA headers' fp6/fp4 conversions are
// software on sm_90 and several times slower). kM mantissa bits, kBias the exponent bias, kMaxCode the largest
// finite magnitude code. Normal results: keep kM mantissa bits of the fp32 pattern with a round-half-even carry
// (which may carry into the exponent, as the format's codes do), then rebias. Below the smallest normal 2^(1-kBias)
// the code is |x| * 2^(kM + kBias - 1) rounded to an integer (exact scaling; adding 2^23 in fp32 rounds to nearest
// even). NaN gives the positive largest code (cuda_fp6.h / cuda_fp4.h: "NaN input values result in positive
// MAXNORM"); Inf and everything at or beyond max + ulp/2 saturate (max has an odd code, so its tie goes up).
template <int kM, int kBias, uint32_t kMaxCode, int kSignShift>
MXCONF_MX_HD uint8_t small_float_rne(float x) {
  uint32_t bits;
  memcpy(&bits, &x, sizeof bits);
  const uint32_t a = bits & 0x7fffffffu;
  if (a > kInfBits) return static_cast<uint8_t>(kMaxCode);
  const uint32_t sign = (bits >> 31) << kSignShift;
  constexpr uint32_t kMinNormal = static_cast<uint32_t>(128 - kBias) << 23;
  uint32_t code;
  if (a >= kMinNormal) {
    const uint32_t rounded = a + ((1u << (22 - kM)) - 1u) + ((a >> (23 - kM)) & 1u);
    code = (rounded >> (23 - kM)) - (static_cast<uint32_t>(127 - kBias) << kM);
    if (code > kMaxCode) code = kMaxCode;
  } else {
    const float scaled = bits_to_float(a) * static_cast<float>(1u << (kM + kBias - 1)) + 8388608.0f;
    uint32_t t;
    memcpy(&t, &scaled, sizeof t);
    code = t - 0x4b000000u;  // the integer part of 2^23 + n
  }
  return static_cast<uint8_t>(code | sign);
}
// E2M1 has eight magnitudes (0, 0.5, 1, 1.5, 2, 3, 4, 6): its round-to-nearest-even code is the number of decision
// points |x| passes, compared on the fp32 bits (an unsigned compare orders non-negative floats). A midpoint goes to
// the even code: the points whose upper neighbour has the even code count on >= (0.75, 1.75, 3.5), the others
// on > (0.25, 1.25, 2.5, 5). NaN's bits pass every point: the positive largest code, as cuda_fp4.h gives; Inf and
// everything past 5 give the largest code (saturation). No branch, so a warp never diverges on subnormals; equal to
// small_float_rne<1, 1, 0x7, 3> on all 2^32 inputs (ctest CudaMxBlock.E2m1ThresholdsMatchTheBitRounding and the
// device sweep, mxconf_cuda_mx_tool exhaustive).
MXCONF_MX_HD uint8_t e2m1_rne(float x) {
  uint32_t bits;
  memcpy(&bits, &x, sizeof bits);
  const uint32_t a = bits & 0x7fffffffu;
  const uint32_t code = (a > 0x3e800000u) + (a >= 0x3f400000u) + (a > 0x3fa00000u) + (a >= 0x3fe00000u) +
                        (a > 0x40200000u) + (a >= 0x40600000u) + (a > 0x40a00000u);
  const uint32_t sign = a > kInfBits ? 0u : (bits >> 28) & 0x8u;
  return static_cast<uint8_t>(code | sign);
}
MXCONF_MX_HD uint8_t e2m1_rne_bits(float x) { return small_float_rne<1, 1, 0x7u, 3>(x); }
MXCONF_MX_HD uint8_t e2m3_rne(float x) { return small_float_rne<3, 1, 0x1fu, 5>(x); }
MXCONF_MX_HD uint8_t e3m2_rne(float x) { return small_float_rne<2, 3, 0x1fu, 5>(x); }

// One element: x * 2^-s rounded to nearest even, saturated (PTX cvt.rn.satfinite for fp8 on sm_89+; the same
// results as __nv_cvt_float_to_fp6 / _fp4 with cudaRoundNearest, checked on all 2^32 inputs).
MXCONF_MX_HD uint8_t element_code(float scaled, mxconf_format e) {
  switch (e) {
    case MXCONF_FORMAT_E4M3: return __nv_cvt_float_to_fp8(scaled, __NV_SATFINITE, __NV_E4M3);
    case MXCONF_FORMAT_E5M2: return __nv_cvt_float_to_fp8(scaled, __NV_SATFINITE, __NV_E5M2);
    case MXCONF_FORMAT_E3M2: return e3m2_rne(scaled);
    case MXCONF_FORMAT_E2M3: return e2m3_rne(scaled);
    default: return e2m1_rne(scaled);
  }
}

// Stochastic rounding from explicit random bits (the reference's `sr`, docs/policies.md; spec-rules §5.3): |x| on
// the element's grid (quantum 2^(max(e, emin) - m)) is truncated, and rounded up exactly when the top kBits
// discarded bits plus r reach 2^kBits (the carry of r + those bits, as PTX cvt.rs defines it). Past the largest
// finite value (a round-up into the next binade included) it saturates; NaN gives the same code as rne (CUDA's
// cvt: fp8 0x7f, fp6/fp4 the positive largest code); a zero result keeps the sign. Integer arithmetic on the fp32
// bits; the scaled input x * 2^-s is exact wherever it matters (below 2^-126 every discarded top bit is 0 for
// kBits <= 64). kBits 1..31, r < 2^kBits.
template <int kM, int kBias, uint32_t kMaxCode, int kSignShift>
MXCONF_MX_HD uint32_t sr_magnitude_sign(uint32_t bits, uint32_t r, int k_bits) {
  constexpr int kEmin = 1 - kBias;
  const uint32_t a = bits & 0x7fffffffu;
  const uint32_t field = a >> 23;
  const int e = field == 0 ? -126 : static_cast<int>(field) - 127;
  const uint32_t sig = field == 0 ? a : ((a & 0x7fffffu) | 0x800000u);
  const int d = (e > kEmin ? e : kEmin) - kM - (e - 23);  // discarded bits, >= 23 - kM
  const uint32_t base = e > kEmin ? static_cast<uint32_t>(e - kEmin) << kM : 0u;
  const uint32_t n = d < 32 ? sig >> d : 0u;
  const uint64_t top = d < 64 ? ((static_cast<uint64_t>(sig) << k_bits) >> d) & ((uint64_t{1} << k_bits) - 1u) : 0u;
  uint32_t code = base + n + (top + r >= (uint64_t{1} << k_bits) ? 1u : 0u);
  if (code > kMaxCode || a >= kInfBits) code = kMaxCode;
  return code | ((bits >> 31) << kSignShift);
}

MXCONF_MX_HD uint8_t element_code_sr(float scaled, uint32_t r, int k_bits, mxconf_format e) {
  uint32_t bits;
  memcpy(&bits, &scaled, sizeof bits);
  if ((bits & 0x7fffffffu) > kInfBits) return element_code(scaled, e);  // NaN: as under rne
  constexpr ElementBits k4 = element_bits(MXCONF_FORMAT_E4M3), k5 = element_bits(MXCONF_FORMAT_E5M2),
                        k32 = element_bits(MXCONF_FORMAT_E3M2), k23 = element_bits(MXCONF_FORMAT_E2M3),
                        k21 = element_bits(MXCONF_FORMAT_E2M1);
  switch (e) {
    case MXCONF_FORMAT_E4M3: return static_cast<uint8_t>(sr_magnitude_sign<k4.mantissa, k4.bias, k4.max_code, 7>(bits, r, k_bits));
    case MXCONF_FORMAT_E5M2: return static_cast<uint8_t>(sr_magnitude_sign<k5.mantissa, k5.bias, k5.max_code, 7>(bits, r, k_bits));
    case MXCONF_FORMAT_E3M2: return static_cast<uint8_t>(sr_magnitude_sign<k32.mantissa, k32.bias, k32.max_code, 5>(bits, r, k_bits));
    case MXCONF_FORMAT_E2M3: return static_cast<uint8_t>(sr_magnitude_sign<k23.mantissa, k23.bias, k23.max_code, 5>(bits, r, k_bits));
    default: return static_cast<uint8_t>(sr_magnitude_sign<k21.mantissa, k21.bias, k21.max_code, 3>(bits, r, k_bits));
  }
}

// The element code of a NaN-scale block (ocp only): fp8 NaN S.1111111 with the input's sign, else 0.
MXCONF_MX_HD uint8_t nan_scale_code(uint32_t fp32_bits, mxconf_format e) {
  if (e == MXCONF_FORMAT_E4M3 || e == MXCONF_FORMAT_E5M2) return static_cast<uint8_t>(((fp32_bits >> 24) & 0x80u) | 0x7fu);
  return 0;
}

// Dequantize one element: decode(code) * 2^(c - 127) in fp32 (exact but for fp32 overflow, which rounds to Inf
// as the reference's single IEEE rounding does); NaN scale or NaN element -> NaN (the caller canonicalises).
MXCONF_MX_HD float element_value(uint8_t code, mxconf_format e) {
  switch (e) {
    case MXCONF_FORMAT_E4M3: return __half2float(__half(__nv_cvt_fp8_to_halfraw(code, __NV_E4M3)));
    case MXCONF_FORMAT_E5M2: return __half2float(__half(__nv_cvt_fp8_to_halfraw(code, __NV_E5M2)));
    case MXCONF_FORMAT_E3M2: return __half2float(__half(__nv_cvt_fp6_to_halfraw(code, __NV_E3M2)));
    case MXCONF_FORMAT_E2M3: return __half2float(__half(__nv_cvt_fp6_to_halfraw(code, __NV_E2M3)));
    default: return __half2float(__half(__nv_cvt_fp4_to_halfraw(code, __NV_E2M1)));
  }
}
MXCONF_MX_HD float scale_value(uint8_t c) {
  if (c == 0xff) return bits_to_float(0x7fc00000u);
  if (c == 0x00) return bits_to_float(0x00400000u);
  return bits_to_float(static_cast<uint32_t>(c) << 23);
}

// The fp32 and bf16 results of one dequantized element, NaN as the reference's quiet NaN (0x7fc00000 / 0x7fc0).
MXCONF_MX_HD uint32_t dequantized_fp32(uint8_t code, uint8_t scale, mxconf_format e) {
  const float v = element_value(code, e) * scale_value(scale);
  if (v != v) return 0x7fc00000u;
  uint32_t bits;
  memcpy(&bits, &v, sizeof bits);
  return bits;
}
MXCONF_MX_HD uint16_t dequantized_bf16(uint8_t code, uint8_t scale, mxconf_format e) {
  const float v = element_value(code, e) * scale_value(scale);
  if (v != v) return 0x7fc0u;
  return __nv_bfloat16_raw(__float2bfloat16_rn(v)).x;
}

}  // namespace mxconf::cuda_mx
