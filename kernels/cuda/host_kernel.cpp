// mxconf_cuda_host_kernel: CUDA's conversion functions as the host compiler builds them (their software paths),
// behind the kernel ABI. docs/cuda-crosscheck.md has the same functions checked against the reference directly.
#include <cuda.h>  // CUDA_VERSION

#include <cstddef>
#include <cstdint>
#include <string>

#include "cuda_capabilities.hpp"
#include "cuda_conversions.hpp"
#include "mxconf/kernel.h"

namespace mxconf::cuda_kernel {
namespace {

int convert(const mxconf_convert_args* a) {
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  auto* out = static_cast<std::uint8_t*>(a->output);
  for (std::size_t i = 0; i < a->count; ++i)
    out[i] = convert_one(a->source, load_wide(a->input, a->source, i), a->target, a->rounding, a->overflow);
  return MXCONF_STATUS_OK;
}

int decode(const mxconf_decode_args* a) {
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  const auto* codes = static_cast<const std::uint8_t*>(a->input);
  for (std::size_t i = 0; i < a->count; ++i) a->output[i] = decode_one(a->source, codes[i]);
  return MXCONF_STATUS_OK;
}

int quantize(const mxconf_quantize_args* a) {
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  const std::size_t k = a->block_size;
  auto* codes = static_cast<std::uint8_t*>(a->codes);
  for (std::size_t b = 0; b < a->blocks; ++b)
    quantize_block(a->source, a->element, a->input, b * k, k, &a->scales[b], codes + b * k);
  return MXCONF_STATUS_OK;
}

const mxconf_kernel kKernel{
    MXCONF_KERNEL_ABI_VERSION,
    "cuda-host",
    nullptr,  // version: set at entry
    nullptr,
    0,
    convert,
    decode,
    quantize,
    nullptr,
    nullptr,
};

}  // namespace
}  // namespace mxconf::cuda_kernel

extern "C" __attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) {
  static const std::string version = "CUDA " + std::to_string(CUDA_VERSION / 1000) + "." +
                                     std::to_string(CUDA_VERSION % 1000 / 10) +
                                     " cuda_fp8.h/cuda_fp6.h/cuda_fp4.h, host (software) paths";
  static const mxconf_kernel k = [] {
    mxconf_kernel copy = mxconf::cuda_kernel::kKernel;
    copy.version = version.c_str();
    copy.capabilities = mxconf::cuda_kernel::capabilities().data;
    copy.capability_count = mxconf::cuda_kernel::capabilities().size;
    return copy;
  }();
  return &k;
}
