// The one translation unit that includes CUDA's headers (see cuda_host_api.hpp). Compiled by the host C++
// compiler with the CUDA include directory; no CUDA runtime library is linked, since the conversions used here
// are header-only inline code.
#include "cuda_host_api.hpp"

#include <cuda_fp4.h>
#include <cuda_fp6.h>
#include <cuda_fp8.h>

#include <bit>
#include <stdexcept>
#include <string>

namespace mxconf::cuda_xcheck {
namespace {

[[noreturn]] void unsupported(const char* what, FormatId id) {
  throw std::invalid_argument(std::string("cuda_host_api: no CUDA ") + what + " for format " +
                              std::string(format_spec(id).name));
}

__nv_saturation_t to_cuda(CudaSaturation s) { return s == CudaSaturation::satfinite ? __NV_SATFINITE : __NV_NOSAT; }

cudaRoundMode to_cuda(CudaRounding r) {
  switch (r) {
    case CudaRounding::nearest: return cudaRoundNearest;
    case CudaRounding::zero: return cudaRoundZero;
    case CudaRounding::pos_inf: return cudaRoundPosInf;
  }
  return cudaRoundNearest;
}

__nv_fp8_interpretation_t fp8_kind(FormatId id) {
  if (id == FormatId::e4m3) return __NV_E4M3;
  if (id == FormatId::e5m2) return __NV_E5M2;
  unsupported("fp8 interpretation", id);
}

__nv_fp6_interpretation_t fp6_kind(FormatId id) {
  if (id == FormatId::e2m3) return __NV_E2M3;
  if (id == FormatId::e3m2) return __NV_E3M2;
  unsupported("fp6 interpretation", id);
}

float as_float(std::uint64_t bits) { return std::bit_cast<float>(static_cast<std::uint32_t>(bits)); }
double as_double(std::uint64_t bits) { return std::bit_cast<double>(bits); }
__half_raw as_half(std::uint64_t bits) {
  __half_raw h;
  h.x = static_cast<unsigned short>(bits);
  return h;
}
__nv_bfloat16_raw as_bf16(std::uint64_t bits) {
  __nv_bfloat16_raw b;
  b.x = static_cast<unsigned short>(bits);
  return b;
}

}  // namespace

std::uint8_t to_fp8(FormatId source, std::uint64_t bits, CudaSaturation saturate, FormatId fp8) {
  const __nv_saturation_t s = to_cuda(saturate);
  const __nv_fp8_interpretation_t k = fp8_kind(fp8);
  switch (source) {
    case FormatId::fp32: return __nv_cvt_float_to_fp8(as_float(bits), s, k);
    case FormatId::fp64: return __nv_cvt_double_to_fp8(as_double(bits), s, k);
    case FormatId::fp16: return __nv_cvt_halfraw_to_fp8(as_half(bits), s, k);
    case FormatId::bf16: return __nv_cvt_bfloat16raw_to_fp8(as_bf16(bits), s, k);
    default: unsupported("fp8 entry point", source);
  }
}

std::uint8_t to_fp6(FormatId source, std::uint64_t bits, FormatId fp6, CudaRounding rounding) {
  const __nv_fp6_interpretation_t k = fp6_kind(fp6);
  const cudaRoundMode r = to_cuda(rounding);
  switch (source) {
    case FormatId::fp32: return __nv_cvt_float_to_fp6(as_float(bits), k, r);
    case FormatId::fp64: return __nv_cvt_double_to_fp6(as_double(bits), k, r);
    case FormatId::fp16: return __nv_cvt_halfraw_to_fp6(as_half(bits), k, r);
    case FormatId::bf16: return __nv_cvt_bfloat16raw_to_fp6(as_bf16(bits), k, r);
    default: unsupported("fp6 entry point", source);
  }
}

std::uint8_t to_fp4(FormatId source, std::uint64_t bits, CudaRounding rounding) {
  const cudaRoundMode r = to_cuda(rounding);
  switch (source) {
    case FormatId::fp32: return __nv_cvt_float_to_fp4(as_float(bits), __NV_E2M1, r);
    case FormatId::fp64: return __nv_cvt_double_to_fp4(as_double(bits), __NV_E2M1, r);
    case FormatId::fp16: return __nv_cvt_halfraw_to_fp4(as_half(bits), __NV_E2M1, r);
    case FormatId::bf16: return __nv_cvt_bfloat16raw_to_fp4(as_bf16(bits), __NV_E2M1, r);
    default: unsupported("fp4 entry point", source);
  }
}

std::uint8_t to_e8m0(FormatId source, std::uint64_t bits, CudaSaturation saturate, CudaRounding rounding) {
  const __nv_saturation_t s = to_cuda(saturate);
  const cudaRoundMode r = to_cuda(rounding);
  switch (source) {
    case FormatId::fp32: return __nv_cvt_float_to_e8m0(as_float(bits), s, r);
    case FormatId::fp64: return __nv_cvt_double_to_e8m0(as_double(bits), s, r);
    case FormatId::bf16: return __nv_cvt_bfloat16raw_to_e8m0(as_bf16(bits), s, r);
    default: unsupported("e8m0 entry point", source);
  }
}

std::uint16_t fp8_to_halfraw(std::uint8_t code, FormatId fp8) {
  return __nv_cvt_fp8_to_halfraw(code, fp8_kind(fp8)).x;
}
std::uint16_t fp6_to_halfraw(std::uint8_t code, FormatId fp6) {
  return __nv_cvt_fp6_to_halfraw(code, fp6_kind(fp6)).x;
}
std::uint16_t fp4_to_halfraw(std::uint8_t code) { return __nv_cvt_fp4_to_halfraw(code, __NV_E2M1).x; }
std::uint16_t e8m0_to_bf16raw(std::uint8_t code) { return __nv_cvt_e8m0_to_bf16raw(code).x; }

std::uint16_t canonical_nan_fp16() {
  const __half_raw h = CUDART_NAN_FP16;
  return h.x;
}
std::uint16_t canonical_nan_bf16() {
  const __nv_bfloat16_raw b = CUDART_NAN_BF16;
  return b.x;
}

bool has_entry_point(FormatId source, FormatId destination) {
  const bool wide = source == FormatId::fp32 || source == FormatId::fp64 || source == FormatId::bf16;
  return destination == FormatId::e8m0 ? wide : wide || source == FormatId::fp16;
}

}  // namespace mxconf::cuda_xcheck
