// CUDA's own conversion functions (cuda_fp8.h, cuda_fp6.h, cuda_fp4.h; CUDA 13.0) per element and per block,
// for the two CUDA kernels: compiled by the host C++ compiler (mxconf_cuda_host_kernel: no __CUDA_ARCH__, so
// every function takes its software path) and by nvcc for the GPU (mxconf_cuda_device_kernel: on sm_89+ the
// SATFINITE fp8 conversions are PTX cvt.rn.satfinite; fp6, fp4, e8m0 and NOSAT stay software on sm_90:
// spec-rules §5.1, §5.2).
//
// Scalar results are what one CUDA function returns; the only glue is exact (widening bf16/fp16 to fp32: every
// bf16 and fp16 value is an fp32 value). Block quantization adds what TransformerEngine itself does around those
// functions: the NaN-skipping amax, the fp32 products amax * fl32(1/M) and x * 2^-s, and 2^-s built from bits.
// The arguments are assumed valid: the callers check them against the capabilities (cuda_capabilities.hpp).
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp4.h>
#include <cuda_fp6.h>
#include <cuda_fp8.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "mxconf/kernel.h"

#if defined(__CUDACC__)
#define MXCONF_HD __host__ __device__ inline
#else
#define MXCONF_HD inline
#endif

namespace mxconf::cuda_kernel {

MXCONF_HD float float_from_bits(uint32_t bits) {
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

// One source value: fp32 is a uint32_t array, bf16 and fp16 uint16_t arrays (kernel.h mxconf_convert_args).
MXCONF_HD uint32_t load_wide(const void* values, mxconf_format f, size_t i) {
  if (f == MXCONF_FORMAT_FP32) return static_cast<const uint32_t*>(values)[i];
  return static_cast<const uint16_t*>(values)[i];
}

MXCONF_HD __half_raw half_raw(uint32_t bits) {
  __half_raw h;
  h.x = static_cast<unsigned short>(bits);
  return h;
}
MXCONF_HD __nv_bfloat16_raw bf16_raw(uint32_t bits) {
  __nv_bfloat16_raw b;
  b.x = static_cast<unsigned short>(bits);
  return b;
}

// A source value as fp32, exactly (bf16 is the top half of an fp32; every fp16 value is an fp32 value).
MXCONF_HD float wide_to_float(mxconf_format f, uint32_t bits) {
  if (f == MXCONF_FORMAT_FP32) return float_from_bits(bits);
  if (f == MXCONF_FORMAT_BF16) return float_from_bits(bits << 16);
  return __half2float(__half(half_raw(bits)));
}

MXCONF_HD __nv_fp8_interpretation_t fp8_kind(mxconf_format f) {
  return f == MXCONF_FORMAT_E5M2 ? __NV_E5M2 : __NV_E4M3;
}
MXCONF_HD __nv_fp6_interpretation_t fp6_kind(mxconf_format f) {
  return f == MXCONF_FORMAT_E3M2 ? __NV_E3M2 : __NV_E2M3;
}
MXCONF_HD __nv_saturation_t saturation(mxconf_overflow o) {
  return o == MXCONF_OVERFLOW_NON_SATURATING ? __NV_NOSAT : __NV_SATFINITE;
}
// fp6/fp4 take cudaRoundNearest or cudaRoundZero; e8m0 cudaRoundZero or cudaRoundPosInf.
MXCONF_HD cudaRoundMode cuda_rounding(mxconf_rounding r) {
  switch (r) {
    case MXCONF_ROUND_RTZ: return cudaRoundZero;
    case MXCONF_ROUND_RUP: return cudaRoundPosInf;
    default: return cudaRoundNearest;
  }
}

// One scalar conversion: __nv_cvt_{float,bfloat16raw,halfraw}_to_{fp8,fp6,fp4,e8m0}. cuda_fp8.h has no halfraw
// entry point into e8m0: fp16 goes through __nv_cvt_float_to_e8m0 after the exact widening.
MXCONF_HD uint8_t convert_one(mxconf_format source, uint32_t bits, mxconf_format target, mxconf_rounding rounding,
                              mxconf_overflow overflow) {
  switch (target) {
    case MXCONF_FORMAT_E4M3:
    case MXCONF_FORMAT_E5M2: {
      const __nv_saturation_t s = saturation(overflow);
      const __nv_fp8_interpretation_t k = fp8_kind(target);
      if (source == MXCONF_FORMAT_FP32) return __nv_cvt_float_to_fp8(float_from_bits(bits), s, k);
      if (source == MXCONF_FORMAT_BF16) return __nv_cvt_bfloat16raw_to_fp8(bf16_raw(bits), s, k);
      return __nv_cvt_halfraw_to_fp8(half_raw(bits), s, k);
    }
    case MXCONF_FORMAT_E3M2:
    case MXCONF_FORMAT_E2M3: {
      const __nv_fp6_interpretation_t k = fp6_kind(target);
      const cudaRoundMode r = cuda_rounding(rounding);
      if (source == MXCONF_FORMAT_FP32) return __nv_cvt_float_to_fp6(float_from_bits(bits), k, r);
      if (source == MXCONF_FORMAT_BF16) return __nv_cvt_bfloat16raw_to_fp6(bf16_raw(bits), k, r);
      return __nv_cvt_halfraw_to_fp6(half_raw(bits), k, r);
    }
    case MXCONF_FORMAT_E2M1: {
      const cudaRoundMode r = cuda_rounding(rounding);
      if (source == MXCONF_FORMAT_FP32) return __nv_cvt_float_to_fp4(float_from_bits(bits), __NV_E2M1, r);
      if (source == MXCONF_FORMAT_BF16) return __nv_cvt_bfloat16raw_to_fp4(bf16_raw(bits), __NV_E2M1, r);
      return __nv_cvt_halfraw_to_fp4(half_raw(bits), __NV_E2M1, r);
    }
    case MXCONF_FORMAT_E8M0: {
      const __nv_saturation_t s = saturation(overflow);
      const cudaRoundMode r = cuda_rounding(rounding);
      if (source == MXCONF_FORMAT_BF16) return __nv_cvt_bfloat16raw_to_e8m0(bf16_raw(bits), s, r);
      return __nv_cvt_float_to_e8m0(wide_to_float(source, bits), s, r);
    }
    default: return 0;
  }
}

// One code to fp32 bits through CUDA's own widening to float: the explicit `operator float()` of __nv_fp8_e4m3,
// __nv_fp8_e5m2, __nv_fp6_e3m2, __nv_fp6_e2m3, __nv_fp4_e2m1 (__nv_cvt_fp8/fp6/fp4_to_halfraw, then
// __internal_halfraw_to_float: cvt.f32.f16 on the GPU) and of __nv_fp8_e8m0 (__nv_cvt_e8m0_to_bf16raw, then the
// bf16 -> fp32 shift). Every number is exact; a NaN comes out as CUDA writes it (0x7fffffff from the fp16 path,
// 0x7fff0000 from the bf16 one), not as the reference's 0x7fc00000.
template <typename T>
MXCONF_HD uint32_t widened(uint8_t code) {
  T v;
  v.__x = code;
  const float f = static_cast<float>(v);
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  return bits;
}

MXCONF_HD uint32_t decode_one(mxconf_format source, uint8_t code) {
  switch (source) {
    case MXCONF_FORMAT_E4M3: return widened<__nv_fp8_e4m3>(code);
    case MXCONF_FORMAT_E5M2: return widened<__nv_fp8_e5m2>(code);
    case MXCONF_FORMAT_E3M2: return widened<__nv_fp6_e3m2>(code);
    case MXCONF_FORMAT_E2M3: return widened<__nv_fp6_e2m3>(code);
    case MXCONF_FORMAT_E2M1: return widened<__nv_fp4_e2m1>(code);
    default: return widened<__nv_fp8_e8m0>(code);
  }
}

// ---- MX block quantization as TransformerEngine does it (quantize_mxfp8.cuh; spec-rules §4 "RCEIL") ----

// fl32(1 / M) for the element's largest finite value M (TE Quantized_Limits<T>::max_norm_rcp).
MXCONF_HD float max_norm_reciprocal(mxconf_format element) {
  switch (element) {
    case MXCONF_FORMAT_E4M3: return 1.0f / 448.0f;
    case MXCONF_FORMAT_E5M2: return 1.0f / 57344.0f;
    case MXCONF_FORMAT_E3M2: return 1.0f / 28.0f;
    case MXCONF_FORMAT_E2M3: return 1.0f / 7.5f;
    default: return 1.0f / 6.0f;  // E2M1
  }
}

// 1 / decode(e8m0 code c) = 2^(127 - c) as fp32, built from bits (TE ptx::exp2f_rcp after PR #2647): c = 254
// gives the subnormal 2^-127 (0x00400000), c = 0 gives 2^127, c = 255 (NaN) NaN.
MXCONF_HD float scale_reciprocal(uint8_t c) {
  if (c == 0xff) return float_from_bits(0x7fc00000u);
  if (c == 0xfe) return float_from_bits(0x00400000u);
  return float_from_bits(static_cast<uint32_t>(254 - c) << 23);
}

// The element step: x * 2^-s rounded to nearest even and saturated (TE static_cast<fp8>, i.e. SATFINITE RN;
// __nv_cvt_float_to_fp6 / _fp4 with cudaRoundNearest, which always saturate).
MXCONF_HD uint8_t element_code(float scaled, mxconf_format element) {
  switch (element) {
    case MXCONF_FORMAT_E4M3:
    case MXCONF_FORMAT_E5M2: return __nv_cvt_float_to_fp8(scaled, __NV_SATFINITE, fp8_kind(element));
    case MXCONF_FORMAT_E3M2:
    case MXCONF_FORMAT_E2M3: return __nv_cvt_float_to_fp6(scaled, fp6_kind(element), cudaRoundNearest);
    default: return __nv_cvt_float_to_fp4(scaled, __NV_E2M1, cudaRoundNearest);
  }
}

// TE's amax step, amax = fmaxf(amax, fabsf(x)): on the GPU fmaxf (max.f32) returns the other operand for any
// NaN, so NaN never enters the amax. glibc's fmaxf returns NaN for a signalling NaN (ISO/IEC TS 18661-1), so the
// host build would differ on sNaN inputs; the comparison below skips every NaN on both.
MXCONF_HD float max_skipping_nan(float amax, float x) { return x > amax ? x : amax; }

// One block of k values starting at value index `first`: the scale is
// __nv_cvt_float_to_e8m0(amax * fl32(1/M), __NV_SATFINITE, cudaRoundPosInf) with amax skipping NaN (as TE's
// fmaxf reduction does); each element is element_code(x * 2^-s). Codes go one per byte (BYTE layout).
MXCONF_HD void quantize_block(mxconf_format source, mxconf_format element, const void* input, size_t first,
                              size_t k, uint8_t* scale, uint8_t* codes) {
  float amax = 0.0f;
  for (size_t j = 0; j < k; ++j)
    amax = max_skipping_nan(amax, fabsf(wide_to_float(source, load_wide(input, source, first + j))));
  const uint8_t s = __nv_cvt_float_to_e8m0(amax * max_norm_reciprocal(element), __NV_SATFINITE, cudaRoundPosInf);
  *scale = s;
  const float inverse = scale_reciprocal(s);
  for (size_t j = 0; j < k; ++j)
    codes[j] = element_code(wide_to_float(source, load_wide(input, source, first + j)) * inverse, element);
}

}  // namespace mxconf::cuda_kernel
