// Shape, alignment and support checks of the MX quantizer jobs, and their output sizes (mx_quantize.hpp). Plain
// C++, so the CPU tests (tests/cuda_mx/test_mx_layout.cpp) check every refusal without a GPU.
#include <cstdint>

#include "mx_layout.hpp"
#include "mx_quantize.hpp"

namespace mxconf::cuda_mx {
namespace {

bool is_element(mxconf_format f) {
  return f == MXCONF_FORMAT_E4M3 || f == MXCONF_FORMAT_E5M2 || f == MXCONF_FORMAT_E3M2 || f == MXCONF_FORMAT_E2M3 ||
         f == MXCONF_FORMAT_E2M1;
}
bool aligned16(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 16 == 0; }
bool is_fp6(mxconf_format f) { return f == MXCONF_FORMAT_E3M2 || f == MXCONF_FORMAT_E2M3; }
// kernel.h: PACKED is two per byte for e2m1, four per three bytes for e2m3/e3m2, and BYTE for the 8-bit formats.
std::size_t packed_bytes(mxconf_format element, mxconf_layout layout, std::size_t n) {
  if (layout != MXCONF_LAYOUT_PACKED) return n;
  if (element == MXCONF_FORMAT_E2M1) return n / 2;
  if (is_fp6(element)) return n / 4 * 3;
  return n;
}
bool layout_ok(mxconf_layout layout) { return layout == MXCONF_LAYOUT_BYTE || layout == MXCONF_LAYOUT_PACKED; }

int refuse(int status, const char** why, const char* text) {
  if (why != nullptr) *why = text;
  return status;
}

}  // namespace

std::size_t code_bytes(const QuantizeJob& job) {
  return packed_bytes(job.element, job.code_layout, job.rows * job.cols);
}

std::size_t code_bytes(const DequantizeJob& job) {
  return packed_bytes(job.element, job.code_layout, job.rows * job.cols);
}

std::size_t scale_bytes(const QuantizeJob& job) {
  const std::size_t k = job.block_size;
  const bool row = job.direction == Direction::rowwise;
  const std::size_t scale_rows = row ? job.rows : job.cols;  // the swizzled view of a columnwise matrix
  const std::size_t scale_cols = row ? job.cols / k : job.rows / k;
  if (job.scale_layout == ScaleLayout::plain) return scale_rows * scale_cols;
  return swizzled_bytes(scale_rows, scale_cols);
}

int validate(const QuantizeJob& job, const char** why) {
  constexpr int kBad = MXCONF_STATUS_INVALID_ARGUMENT;
  constexpr int kNo = MXCONF_STATUS_UNSUPPORTED;
  if (job.source != MXCONF_FORMAT_BF16 && job.source != MXCONF_FORMAT_FP32)
    return refuse(kNo, why, "source must be bf16 or fp32");
  if (!is_element(job.element)) return refuse(kNo, why, "element must be e4m3, e5m2, e3m2, e2m3 or e2m1");
  if (job.rule != MXCONF_SCALE_FLOOR && job.rule != MXCONF_SCALE_RCEIL_FP32)
    return refuse(kNo, why, "scale rule must be floor or rceil-fp32");
  if (!layout_ok(job.code_layout)) return refuse(kNo, why, "code layout must be BYTE or PACKED");
  if (job.rounding != MXCONF_ROUND_RNE && job.rounding != MXCONF_ROUND_SR)
    return refuse(kNo, why, "element rounding must be rne or sr");
  if (job.rounding == MXCONF_ROUND_SR && job.direction != Direction::rowwise)
    return refuse(kNo, why, "stochastic rounding: rowwise only");
  if (job.rounding == MXCONF_ROUND_SR && (job.sr_bits < 1 || job.sr_bits > 31))
    return refuse(kNo, why, "stochastic rounding: sr_bits must be 1..31");
  if (job.block_size != 32 && job.block_size != 16) return refuse(kNo, why, "block size must be 32 or 16");
  if (job.direction == Direction::rowwise && job.cols % job.block_size != 0)
    return refuse(kBad, why, "rowwise: cols is not a multiple of the block size");
  if (job.direction == Direction::columnwise && job.rows % job.block_size != 0)
    return refuse(kBad, why, "columnwise: rows is not a multiple of the block size");
  if (job.direction == Direction::columnwise && job.cols % 4 != 0)
    return refuse(kBad, why, "columnwise: cols is not a multiple of 4");
  if (job.rows != 0 && job.cols > SIZE_MAX / job.rows) return refuse(kBad, why, "rows * cols overflows");
  if (job.rows * job.cols == 0) return MXCONF_STATUS_OK;
  if (job.scale_layout == ScaleLayout::swizzled && scale_bytes(job) > 0xffffffffu)
    return refuse(kBad, why, "swizzled scales: more than 2^32 bytes");
  if (job.input == nullptr || job.codes == nullptr || job.scales == nullptr)
    return refuse(kBad, why, "null input, codes or scales");
  if (!aligned16(job.input) || !aligned16(job.codes)) return refuse(kBad, why, "input and codes must be 16-byte aligned");
  if (job.rounding == MXCONF_ROUND_SR && (job.random == nullptr || !aligned16(job.random)))
    return refuse(kBad, why, "stochastic rounding: random must be a 16-byte aligned array of rows x cols values");
  return MXCONF_STATUS_OK;
}

int validate(const DequantizeJob& job, const char** why) {
  constexpr int kBad = MXCONF_STATUS_INVALID_ARGUMENT;
  constexpr int kNo = MXCONF_STATUS_UNSUPPORTED;
  if (!is_element(job.element)) return refuse(kNo, why, "element must be e4m3, e5m2, e3m2, e2m3 or e2m1");
  if (job.target != MXCONF_FORMAT_FP32 && job.target != MXCONF_FORMAT_BF16)
    return refuse(kNo, why, "target must be fp32 or bf16");
  if (!layout_ok(job.code_layout)) return refuse(kNo, why, "code layout must be BYTE or PACKED");
  if (job.block_size != 32 && job.block_size != 16) return refuse(kNo, why, "block size must be 32 or 16");
  if (job.cols % job.block_size != 0) return refuse(kBad, why, "cols is not a multiple of the block size");
  if (job.rows != 0 && job.cols > SIZE_MAX / job.rows) return refuse(kBad, why, "rows * cols overflows");
  if (job.rows * job.cols == 0) return MXCONF_STATUS_OK;
  if (job.codes == nullptr || job.scales == nullptr || job.output == nullptr)
    return refuse(kBad, why, "null codes, scales or output");
  if (!aligned16(job.codes) || !aligned16(job.output)) return refuse(kBad, why, "codes and output must be 16-byte aligned");
  return MXCONF_STATUS_OK;
}

}  // namespace mxconf::cuda_mx
