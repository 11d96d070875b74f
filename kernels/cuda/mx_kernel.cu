// mxconf_cuda_mx_{nvidia,ocp}: the MX quantizers of mx_quantize.cu behind the kernel ABI, on the GPU. Each call
// copies its host arrays (and the random values under sr) to device memory, runs the rowwise quantizer (rows =
// blocks, cols = k) or the dequantizer
// with plain scales, and copies the results back. MXCONF_MX_OCP (0 or 1) picks the flavour (mx_block.hpp).
// Any CUDA error gives MXCONF_STATUS_INTERNAL_ERROR and one line on stderr naming the call and CUDA's message.
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cuda_call.hpp"
#include "mx_capabilities.hpp"
#include "mx_quantize.hpp"

namespace mxconf::cuda_mx {
namespace {

constexpr Flavour kFlavour = MXCONF_MX_OCP ? Flavour::ocp : Flavour::nvidia;

constexpr const char* kCudaLibraryName = "mxconf_cuda_mx";  // prefix of its error lines (cuda_call.hpp)
using cuda_call::DeviceBuffer;
using cuda_call::wide_bytes;

int abi_quantize(const mxconf_quantize_args* a) {
  const char* operation = "quantize";
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  if (a->blocks == 0) return MXCONF_STATUS_OK;
  QuantizeJob job;
  job.source = a->source;
  job.element = a->element;
  job.rule = a->rule;
  job.flavour = kFlavour;
  job.code_layout = a->layout;
  job.rounding = a->rounding;
  job.sr_bits = kSrBits;
  job.block_size = a->block_size;
  job.rows = a->blocks;
  job.cols = a->block_size;
  const std::size_t in_bytes = job.rows * job.cols * wide_bytes(a->source);
  DeviceBuffer in, random, codes, scales;
  MXCONF_CUDA_TRY(in.allocate(in_bytes));
  MXCONF_CUDA_TRY(codes.allocate(code_bytes(job)));
  MXCONF_CUDA_TRY(scales.allocate(scale_bytes(job)));
  MXCONF_CUDA_TRY(cudaMemcpy(in.get(), a->input, in_bytes, cudaMemcpyHostToDevice));
  if (a->rounding == MXCONF_ROUND_SR) {
    MXCONF_CUDA_TRY(random.allocate(job.rows * job.cols * sizeof(uint32_t)));
    MXCONF_CUDA_TRY(cudaMemcpy(random.get(), a->random, job.rows * job.cols * sizeof(uint32_t), cudaMemcpyHostToDevice));
    job.random = static_cast<const uint32_t*>(random.get());
  }
  job.input = in.get();
  job.codes = codes.bytes();
  job.scales = scales.bytes();
  if (const int status = mxconf::cuda_mx::quantize(job); status != MXCONF_STATUS_OK) return status;
  MXCONF_CUDA_TRY(cudaDeviceSynchronize());
  MXCONF_CUDA_TRY(cudaMemcpy(a->codes, codes.get(), code_bytes(job), cudaMemcpyDeviceToHost));
  MXCONF_CUDA_TRY(cudaMemcpy(a->scales, scales.get(), scale_bytes(job), cudaMemcpyDeviceToHost));
  return MXCONF_STATUS_OK;
}

int abi_dequantize(const mxconf_dequantize_args* a) {
  const char* operation = "dequantize";
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  if (a->blocks == 0) return MXCONF_STATUS_OK;
  DequantizeJob job;
  job.element = a->element;
  job.target = a->target;
  job.code_layout = a->layout;
  job.block_size = a->block_size;
  job.rows = a->blocks;
  job.cols = a->block_size;
  const std::size_t n = job.rows * job.cols;
  const std::size_t codes_bytes = code_bytes(job);
  const std::size_t out_bytes = n * wide_bytes(a->target);
  DeviceBuffer codes, scales, out;
  MXCONF_CUDA_TRY(codes.allocate(codes_bytes));
  MXCONF_CUDA_TRY(scales.allocate(a->blocks));
  MXCONF_CUDA_TRY(out.allocate(out_bytes));
  MXCONF_CUDA_TRY(cudaMemcpy(codes.get(), a->codes, codes_bytes, cudaMemcpyHostToDevice));
  MXCONF_CUDA_TRY(cudaMemcpy(scales.get(), a->scales, a->blocks, cudaMemcpyHostToDevice));
  job.codes = codes.bytes();
  job.scales = scales.bytes();
  job.output = out.get();
  if (const int status = mxconf::cuda_mx::dequantize(job); status != MXCONF_STATUS_OK) return status;
  MXCONF_CUDA_TRY(cudaDeviceSynchronize());
  MXCONF_CUDA_TRY(cudaMemcpy(a->output, out.get(), out_bytes, cudaMemcpyDeviceToHost));
  return MXCONF_STATUS_OK;
}

}  // namespace
}  // namespace mxconf::cuda_mx

extern "C" __attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) {
  static const std::string version = "kernels/cuda MX quantizers, CUDA " + std::to_string(__CUDACC_VER_MAJOR__) +
                                     "." + std::to_string(__CUDACC_VER_MINOR__) + ", built for sm_" +
                                     MXCONF_CUDA_ARCHS;
  static const mxconf_kernel k{
      MXCONF_KERNEL_ABI_VERSION,
      MXCONF_MX_OCP ? "cuda-mx-ocp" : "cuda-mx-nvidia",
      version.c_str(),
      mxconf::cuda_mx::capabilities().data,
      mxconf::cuda_mx::capabilities().size,
      nullptr,
      nullptr,
      mxconf::cuda_mx::abi_quantize,
      mxconf::cuda_mx::abi_dequantize,
      nullptr,
  };
  return &k;
}
