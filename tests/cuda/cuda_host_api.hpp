// CUDA's host conversion functions (cuda_fp8.h, cuda_fp6.h, cuda_fp4.h; CUDA 13.0) behind a plain interface.
//
// Only cuda_host_api.cpp includes the CUDA headers, so the rest of the cross-check compiles as ordinary C++20
// with our warning flags. The functions are __host__ __device__ inline in the headers; built by g++ (no
// __CUDA_ARCH__), every one of them takes its software path (spec-rules §5.2: "NOSAT always uses software";
// PTX is used only on device). Arguments and results are raw bit patterns.
#pragma once

#include <cstdint>

#include "mxconf/reference/format.hpp"

namespace mxconf::cuda_xcheck {

// __nv_saturation_t.
enum class CudaSaturation : std::uint8_t { satfinite, nosat };
// The cudaRoundMode values the conversions accept: Nearest and Zero (fp6, fp4), Zero and PosInf (e8m0).
enum class CudaRounding : std::uint8_t { nearest, zero, pos_inf };

// The wide source of an encode, i.e. which entry point: fp32 -> __nv_cvt_float_*, fp64 -> __nv_cvt_double_*,
// fp16 -> __nv_cvt_halfraw_*, bf16 -> __nv_cvt_bfloat16raw_*. `bits` is the source pattern.

// __nv_cvt_{float,double,halfraw,bfloat16raw}_to_fp8(x, saturate, __NV_E4M3 or __NV_E5M2).
std::uint8_t to_fp8(FormatId source, std::uint64_t bits, CudaSaturation saturate, FormatId fp8);
// __nv_cvt_*_to_fp6(x, __NV_E2M3 or __NV_E3M2, rounding). Result in the low 6 bits.
std::uint8_t to_fp6(FormatId source, std::uint64_t bits, FormatId fp6, CudaRounding rounding);
// __nv_cvt_*_to_fp4(x, __NV_E2M1, rounding). Result in the low 4 bits.
std::uint8_t to_fp4(FormatId source, std::uint64_t bits, CudaRounding rounding);
// __nv_cvt_{float,double,bfloat16raw}_to_e8m0(x, saturate, rounding). There is no halfraw entry point.
std::uint8_t to_e8m0(FormatId source, std::uint64_t bits, CudaSaturation saturate, CudaRounding rounding);

// Decodes: __nv_cvt_fp8_to_halfraw, __nv_cvt_fp6_to_halfraw, __nv_cvt_fp4_to_halfraw (fp16 bits) and
// __nv_cvt_e8m0_to_bf16raw (bf16 bits).
std::uint16_t fp8_to_halfraw(std::uint8_t code, FormatId fp8);
std::uint16_t fp6_to_halfraw(std::uint8_t code, FormatId fp6);
std::uint16_t fp4_to_halfraw(std::uint8_t code);
std::uint16_t e8m0_to_bf16raw(std::uint8_t code);

// The canonical NaNs CUDA documents: CUDART_NAN_FP16 and CUDART_NAN_BF16 ("Defines canonical NaN value for
// the half data type", cuda_fp16.hpp; likewise cuda_bf16.hpp).
std::uint16_t canonical_nan_fp16();
std::uint16_t canonical_nan_bf16();

// True when `source` has an entry point for the destination kind (e8m0 has no halfraw one).
bool has_entry_point(FormatId source, FormatId destination);

}  // namespace mxconf::cuda_xcheck
