// The device side of mxconf's exhaustive checks (interval_compare.hpp). Per chunk: one kernel writes the input
// patterns base .. base + n - 1, the kernel under test converts them, one kernel looks each output up in the
// interval table (binary search over the rows' first patterns, in shared memory when the table fits) and counts
// the mismatches, keeping the first 16. The file reader is plain C++: interval_file.cpp.
#include <cuda_runtime.h>

#include <cstdio>

#include "mxconf/device_compare/interval_compare.hpp"

namespace mxconf::device_compare {
namespace {

constexpr int kKeep = 16;
constexpr int kSharedRows = 2048;  // 3 words each: 24 KiB of shared memory

struct Counters {
  unsigned long long mismatches;
  unsigned int kept;
  Mismatch first[kKeep];
};

__global__ void iota_kernel(std::uint32_t* p, std::uint32_t base, std::size_t n) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x)
    p[i] = base + static_cast<std::uint32_t>(i);
}

__device__ int find_row(const std::uint32_t* first, int rows, std::uint32_t x) {
  int lo = 0, hi = rows - 1;  // the last row whose first <= x (rows start at 0, so one exists)
  while (lo < hi) {
    const int mid = (lo + hi + 1) / 2;
    if (first[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

__global__ void compare_kernel(const std::uint32_t* first_g, const std::int32_t* code_g, int rows,
                               std::uint32_t base, const std::uint8_t* out, std::size_t n, Counters* c) {
  __shared__ std::uint32_t first_s[kSharedRows];
  __shared__ std::int32_t code_s[kSharedRows];
  const bool shared = rows <= kSharedRows;
  if (shared) {
    for (int i = threadIdx.x; i < rows; i += blockDim.x) first_s[i] = first_g[i], code_s[i] = code_g[i];
    __syncthreads();
  }
  const std::uint32_t* first = shared ? first_s : first_g;
  const std::int32_t* code = shared ? code_s : code_g;
  unsigned long long bad = 0;
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    const std::uint32_t x = base + static_cast<std::uint32_t>(i);
    const std::int32_t want = code[find_row(first, rows, x)];
    const std::uint8_t got = out[i];
    if (want == static_cast<std::int32_t>(got)) continue;
    ++bad;
    const unsigned slot = atomicAdd(&c->kept, 1u);
    if (slot < kKeep) c->first[slot] = Mismatch{x, got, want};
  }
  if (bad != 0) atomicAdd(&c->mismatches, bad);
}

#define MXCONF_DC_TRY(call)                                                                               \
  do {                                                                                                    \
    const cudaError_t e_ = (call);                                                                        \
    if (e_ != cudaSuccess) {                                                                              \
      r.error = std::string(#call) + ": " + cudaGetErrorName(e_) + " (" + cudaGetErrorString(e_) + ")";   \
      goto done;                                                                                          \
    }                                                                                                     \
  } while (0)

}  // namespace

Report compare_all_fp32(const std::vector<IntervalRow>& table, DeviceConvert convert, void* context,
                        std::size_t chunk) {
  Report r;
  std::uint32_t* first_d = nullptr;
  std::int32_t* code_d = nullptr;
  std::uint32_t* in = nullptr;
  std::uint8_t* out = nullptr;
  Counters* counters = nullptr;
  cudaEvent_t start = nullptr, stop = nullptr;
  const std::uint64_t total = std::uint64_t{1} << 32;
  std::vector<std::uint32_t> first(table.size());
  std::vector<std::int32_t> code(table.size());
  Counters host{};
  float ms = 0;
  for (std::size_t i = 0; i < table.size(); ++i) first[i] = table[i].first, code[i] = table[i].code;
  if (table.empty() || chunk == 0 || total % chunk != 0) {
    r.error = "empty table or a chunk size that does not divide 2^32";
    return r;
  }
  MXCONF_DC_TRY(cudaMalloc(&first_d, first.size() * sizeof(std::uint32_t)));
  MXCONF_DC_TRY(cudaMalloc(&code_d, code.size() * sizeof(std::int32_t)));
  MXCONF_DC_TRY(cudaMalloc(&in, chunk * sizeof(std::uint32_t)));
  MXCONF_DC_TRY(cudaMalloc(&out, chunk));
  MXCONF_DC_TRY(cudaMalloc(&counters, sizeof(Counters)));
  MXCONF_DC_TRY(cudaMemcpy(first_d, first.data(), first.size() * sizeof(std::uint32_t), cudaMemcpyHostToDevice));
  MXCONF_DC_TRY(cudaMemcpy(code_d, code.data(), code.size() * sizeof(std::int32_t), cudaMemcpyHostToDevice));
  MXCONF_DC_TRY(cudaMemset(counters, 0, sizeof(Counters)));
  MXCONF_DC_TRY(cudaEventCreate(&start));
  MXCONF_DC_TRY(cudaEventCreate(&stop));
  MXCONF_DC_TRY(cudaEventRecord(start));
  for (std::uint64_t base = 0; base < total; base += chunk) {
    iota_kernel<<<4096, 256>>>(in, static_cast<std::uint32_t>(base), chunk);
    MXCONF_DC_TRY(cudaGetLastError());
    if (convert(in, out, chunk, nullptr, context) != 0) {
      r.error = "the conversion under test refused or failed to launch";
      goto done;
    }
    MXCONF_DC_TRY(cudaGetLastError());
    compare_kernel<<<4096, 256>>>(first_d, code_d, static_cast<int>(table.size()), static_cast<std::uint32_t>(base),
                                  out, chunk, counters);
    MXCONF_DC_TRY(cudaGetLastError());
  }
  MXCONF_DC_TRY(cudaEventRecord(stop));
  MXCONF_DC_TRY(cudaEventSynchronize(stop));
  MXCONF_DC_TRY(cudaEventElapsedTime(&ms, start, stop));
  MXCONF_DC_TRY(cudaMemcpy(&host, counters, sizeof(Counters), cudaMemcpyDeviceToHost));
  r.compared = total;
  r.mismatches = host.mismatches;
  r.first.assign(host.first, host.first + (host.kept < kKeep ? host.kept : kKeep));
  r.seconds = ms / 1e3;
done:
  if (start != nullptr) cudaEventDestroy(start);
  if (stop != nullptr) cudaEventDestroy(stop);
  cudaFree(first_d);
  cudaFree(code_d);
  cudaFree(in);
  cudaFree(out);
  cudaFree(counters);
  return r;
}

}  // namespace mxconf::device_compare
