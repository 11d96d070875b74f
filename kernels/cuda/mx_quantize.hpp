// The MX quantizers of kernels/cuda on device memory: bf16/fp32 [rows, cols] -> MXFP8 (e4m3, e5m2), MXFP6 (e3m2,
// e2m3), MXFP4 (e2m1, one per byte or two per byte), block k = 32 or 16, rowwise or columnwise, scales plain or
// swizzled (mx_layout.hpp), under the nvidia or ocp flavour (mx_block.hpp); and the matching dequantize.
// Used by the ABI kernels (mx_kernel.cu), the device checks and the benchmark (mx_device_tool.cu).
//
// Layouts (all row-major, device pointers, 16-byte aligned):
//   input   rows x cols values (uint16_t bf16 bits or fp32)
//   codes   rows x cols codes in the input's order: one per byte, or PACKED as kernel.h defines it (e2m1 two per
//           byte, element 2j in the low nibble; e2m3/e3m2 four per three bytes, element j of a group in bits
//           6j..6j+5 of its little-endian 24 bits), both rowwise and columnwise
//   scales  mx_layout.hpp; plain: rowwise [rows, cols / k], columnwise [rows / k, cols]
// Shapes: rowwise needs cols % k == 0, columnwise rows % k == 0 and cols % 4 == 0; anything else is
// MXCONF_STATUS_INVALID_ARGUMENT, as are misaligned or null pointers. A launch error is
// MXCONF_STATUS_INTERNAL_ERROR (with one line on stderr). The launch is asynchronous on `stream`.
// Plain C++ header: no CUDA header needed.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mx_flavour.hpp"
#include "mxconf/kernel.h"

namespace mxconf::cuda_mx {

enum class Direction : uint8_t { rowwise, columnwise };
enum class ScaleLayout : uint8_t { plain, swizzled };

struct QuantizeJob {
  mxconf_format source = MXCONF_FORMAT_BF16;  // bf16 or fp32
  mxconf_format element = MXCONF_FORMAT_E4M3;
  mxconf_scale_rule rule = MXCONF_SCALE_RCEIL_FP32;  // floor or rceil-fp32
  Flavour flavour = Flavour::nvidia;
  Direction direction = Direction::rowwise;
  ScaleLayout scale_layout = ScaleLayout::plain;
  mxconf_layout code_layout = MXCONF_LAYOUT_BYTE;  // PACKED: e2m1 two per byte, e2m3/e3m2 four per 3 bytes
  mxconf_rounding rounding = MXCONF_ROUND_RNE;     // RNE, or SR (rowwise only) with `random`
  uint32_t block_size = 32;
  std::size_t rows = 0, cols = 0;
  const void* input = nullptr;
  const uint32_t* random = nullptr;  // SR: rows x cols values below 2^sr_bits, in the input's order; else null
  uint32_t sr_bits = 8;              // SR: K, 1..31
  uint8_t* codes = nullptr;
  uint8_t* scales = nullptr;
  void* stream = nullptr;  // cudaStream_t; nullptr = the default stream
  // 0: the shipped kernels. 1..: the alternates kept for the benchmark (mxconf_cuda_mx_tool bench), every one
  // bit-exact with 0 (mx_quantize.cu says which is which).
  uint8_t variant = 0;
};

struct DequantizeJob {  // rowwise, plain scales
  mxconf_format element = MXCONF_FORMAT_E4M3;
  mxconf_format target = MXCONF_FORMAT_FP32;  // fp32 or bf16
  mxconf_layout code_layout = MXCONF_LAYOUT_BYTE;  // as QuantizeJob's
  uint32_t block_size = 32;
  std::size_t rows = 0, cols = 0;
  const uint8_t* codes = nullptr;
  const uint8_t* scales = nullptr;
  void* output = nullptr;
  void* stream = nullptr;
};

// Bytes of the codes and of the scales (padding included for swizzled scales).
std::size_t code_bytes(const QuantizeJob& job);
std::size_t code_bytes(const DequantizeJob& job);
std::size_t scale_bytes(const QuantizeJob& job);

// MXCONF_STATUS_OK or why not (see above); `why` (when not null) gets one line for a refusal.
int validate(const QuantizeJob& job, const char** why);
int quantize(const QuantizeJob& job);
int validate(const DequantizeJob& job, const char** why);
int dequantize(const DequantizeJob& job);

}  // namespace mxconf::cuda_mx
