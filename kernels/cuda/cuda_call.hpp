// What every CUDA-backed ABI library of kernels/cuda does around its calls: report a failed CUDA call on stderr
// (the call and CUDA's message) so the harness can show it as a kernel failure, and free device memory on every
// path out of an ABI call. A library defines kCudaLibraryName and an `operation` string in scope of
// MXCONF_CUDA_TRY.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "mxconf/kernel.h"

namespace mxconf::cuda_call {

// True, after one line on stderr, when `e` is an error.
inline bool failed(const char* library, cudaError_t e, const char* what, const char* operation) {
  if (e == cudaSuccess) return false;
  std::fprintf(stderr, "%s: %s: %s failed: %s (%s)\n", library, operation, what, cudaGetErrorName(e),
               cudaGetErrorString(e));
  return true;
}

// Device memory freed on every path out of an ABI call.
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() {
    if (p_ != nullptr) cudaFree(p_);
  }
  cudaError_t allocate(std::size_t bytes) { return cudaMalloc(&p_, bytes == 0 ? 1 : bytes); }
  void* get() const { return p_; }
  std::uint8_t* bytes() const { return static_cast<std::uint8_t*>(p_); }

 private:
  void* p_ = nullptr;
};

// Bytes of one fp32 / bf16 / fp16 value.
inline std::size_t wide_bytes(mxconf_format f) { return f == MXCONF_FORMAT_FP32 ? 4 : 2; }

}  // namespace mxconf::cuda_call

#define MXCONF_CUDA_TRY(call)                                                                        \
  do {                                                                                               \
    if (::mxconf::cuda_call::failed(kCudaLibraryName, (call), #call, operation))                     \
      return MXCONF_STATUS_INTERNAL_ERROR;                                                           \
  } while (0)
