// mxconf_cuda_device_kernel: the CUDA conversion functions run ON THE GPU behind the kernel ABI. Same wrapper
// and capabilities as mxconf_cuda_host_kernel (cuda_conversions.hpp, cuda_capabilities.hpp); each ABI call copies
// its inputs to device memory, runs a grid-stride kernel calling the device versions of the functions (PTX
// cvt.rn.satfinite for SATFINITE e4m3/e5m2 on sm_89+; software for NOSAT, fp6, fp4 and e8m0 on sm_90) and copies
// the results back. convert_device (the device entry, ABI minor 1) converts in place in device memory.
//
// Any CUDA error (no GPU, out of memory, a launch failure) gives MXCONF_STATUS_INTERNAL_ERROR and one line on
// stderr naming the call and CUDA's message.
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cuda_call.hpp"
#include "cuda_capabilities.hpp"
#include "cuda_conversions.hpp"
#include "mxconf/kernel.h"

namespace mxconf::cuda_kernel {
namespace {

constexpr int kThreads = 256;
constexpr int kMaxBlocks = 4096;  // grid-stride loops cover the rest

int grid_for(std::size_t n) {
  const std::size_t blocks = (n + kThreads - 1) / kThreads;
  return blocks > kMaxBlocks ? kMaxBlocks : static_cast<int>(blocks);
}

constexpr const char* kCudaLibraryName = "mxconf_cuda_device_kernel";  // prefix of its error lines (cuda_call.hpp)
using cuda_call::DeviceBuffer;
using cuda_call::wide_bytes;

__global__ void convert_kernel(mxconf_format source, mxconf_format target, mxconf_rounding rounding,
                               mxconf_overflow overflow, const void* input, std::uint8_t* output, std::size_t n) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x)
    output[i] = convert_one(source, load_wide(input, source, i), target, rounding, overflow);
}

__global__ void decode_kernel(mxconf_format source, const std::uint8_t* input, std::uint32_t* output,
                              std::size_t n) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x)
    output[i] = decode_one(source, input[i]);
}

// One thread per block of k values.
__global__ void quantize_kernel(mxconf_format source, mxconf_format element, const void* input, std::size_t k,
                                std::uint8_t* scales, std::uint8_t* codes, std::size_t blocks) {
  for (std::size_t b = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; b < blocks;
       b += static_cast<std::size_t>(gridDim.x) * blockDim.x)
    quantize_block(source, element, input, b * k, k, &scales[b], codes + b * k);
}

// Launch errors are reported by cudaGetLastError; execution errors by the synchronize.
cudaError_t finish_launch() {
  const cudaError_t e = cudaGetLastError();
  return e != cudaSuccess ? e : cudaDeviceSynchronize();
}

int convert(const mxconf_convert_args* a) {
  const char* operation = "convert";
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  if (a->count == 0) return MXCONF_STATUS_OK;
  const std::size_t in_bytes = a->count * wide_bytes(a->source);
  DeviceBuffer in, out;
  MXCONF_CUDA_TRY(in.allocate(in_bytes));
  MXCONF_CUDA_TRY(out.allocate(a->count));
  MXCONF_CUDA_TRY(cudaMemcpy(in.get(), a->input, in_bytes, cudaMemcpyHostToDevice));
  convert_kernel<<<grid_for(a->count), kThreads>>>(a->source, a->target, a->rounding, a->overflow, in.get(),
                                                   static_cast<std::uint8_t*>(out.get()), a->count);
  MXCONF_CUDA_TRY(finish_launch());
  MXCONF_CUDA_TRY(cudaMemcpy(a->output, out.get(), a->count, cudaMemcpyDeviceToHost));
  return MXCONF_STATUS_OK;
}

// ABI minor 1: the same conversion with input and output already in device memory (the harness's device-side
// sweeps, device_compare/): no copies, one launch, then a synchronize so that the outputs are written on return.
int convert_device(const mxconf_convert_args* a) {
  const char* operation = "convert (device memory)";
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  if (a->count == 0) return MXCONF_STATUS_OK;
  convert_kernel<<<grid_for(a->count), kThreads>>>(a->source, a->target, a->rounding, a->overflow, a->input,
                                                   static_cast<std::uint8_t*>(a->output), a->count);
  MXCONF_CUDA_TRY(finish_launch());
  return MXCONF_STATUS_OK;
}

int decode(const mxconf_decode_args* a) {
  const char* operation = "decode";
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  if (a->count == 0) return MXCONF_STATUS_OK;
  DeviceBuffer in, out;
  MXCONF_CUDA_TRY(in.allocate(a->count));
  MXCONF_CUDA_TRY(out.allocate(a->count * sizeof(std::uint32_t)));
  MXCONF_CUDA_TRY(cudaMemcpy(in.get(), a->input, a->count, cudaMemcpyHostToDevice));
  decode_kernel<<<grid_for(a->count), kThreads>>>(a->source, static_cast<const std::uint8_t*>(in.get()),
                                                  static_cast<std::uint32_t*>(out.get()), a->count);
  MXCONF_CUDA_TRY(finish_launch());
  MXCONF_CUDA_TRY(cudaMemcpy(a->output, out.get(), a->count * sizeof(std::uint32_t), cudaMemcpyDeviceToHost));
  return MXCONF_STATUS_OK;
}

int quantize(const mxconf_quantize_args* a) {
  const char* operation = "quantize";
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  if (a->blocks == 0) return MXCONF_STATUS_OK;
  const std::size_t values = a->blocks * a->block_size;
  const std::size_t in_bytes = values * wide_bytes(a->source);
  DeviceBuffer in, scales, codes;
  MXCONF_CUDA_TRY(in.allocate(in_bytes));
  MXCONF_CUDA_TRY(scales.allocate(a->blocks));
  MXCONF_CUDA_TRY(codes.allocate(values));
  MXCONF_CUDA_TRY(cudaMemcpy(in.get(), a->input, in_bytes, cudaMemcpyHostToDevice));
  quantize_kernel<<<grid_for(a->blocks), kThreads>>>(a->source, a->element, in.get(), a->block_size,
                                                     static_cast<std::uint8_t*>(scales.get()),
                                                     static_cast<std::uint8_t*>(codes.get()), a->blocks);
  MXCONF_CUDA_TRY(finish_launch());
  MXCONF_CUDA_TRY(cudaMemcpy(a->scales, scales.get(), a->blocks, cudaMemcpyDeviceToHost));
  MXCONF_CUDA_TRY(cudaMemcpy(a->codes, codes.get(), values, cudaMemcpyDeviceToHost));
  return MXCONF_STATUS_OK;
}

}  // namespace
}  // namespace mxconf::cuda_kernel

extern "C" __attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) {
  static const std::string version = "CUDA " + std::to_string(__CUDACC_VER_MAJOR__) + "." +
                                     std::to_string(__CUDACC_VER_MINOR__) +
                                     " cuda_fp8.h/cuda_fp6.h/cuda_fp4.h device paths, built for sm_" +
                                     MXCONF_CUDA_ARCHS;
  static const mxconf_kernel k{
      MXCONF_KERNEL_ABI_VERSION,
      "cuda-device",
      version.c_str(),
      mxconf::cuda_kernel::capabilities().data,
      mxconf::cuda_kernel::capabilities().size,
      mxconf::cuda_kernel::convert,
      mxconf::cuda_kernel::decode,
      mxconf::cuda_kernel::quantize,
      nullptr,
      nullptr,
  };
  return &k;
}

extern "C" __attribute__((visibility("default"))) const mxconf_device_kernel* mxconf_kernel_device_entry(void) {
  static const mxconf_device_kernel k{MXCONF_KERNEL_ABI_VERSION, MXCONF_KERNEL_ABI_MINOR,
                                      mxconf::cuda_kernel::convert_device};
  return &k;
}
