// A GPU smoke test of mxconf_cuda_device_kernel: everything the CUDA kernels declare, once on the GPU (device
// kernel) and once through the host kernel (CUDA's software paths, which tests/kernels checks against the
// reference), printing the number of differences per row: every convert on all 65,536 bf16 and fp16 inputs and
// 2^24 fp32 patterns, every decode on all codes, every quantize on 8192 blocks. CUDA documents both paths as the
// same functions, so every count should be 0; the SATFINITE e4m3/e5m2 rows compare PTX cvt.rn.satfinite with
// the software emulation.
//
// usage: mxconf_cuda_smoke [host-kernel.so device-kernel.so]   (defaults: the build tree's libraries)
// Exit status: 0 when no conversion differs, 1 when some do, 2 when a kernel cannot be loaded or fails.
#include <cuda_runtime.h>
#include <dlfcn.h>

#include <cstdint>
#include <cstdio>
#include <vector>

#include "mxconf/kernel.h"

namespace {

const mxconf_kernel* load(const char* path) {
  void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);  // RTLD_LOCAL: both libraries export the same entry symbol
  if (handle == nullptr) {
    std::fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
    return nullptr;
  }
  auto entry = reinterpret_cast<mxconf_kernel_entry_fn>(dlsym(handle, MXCONF_KERNEL_ENTRY_SYMBOL));
  if (entry == nullptr) {
    std::fprintf(stderr, "%s exports no %s\n", path, MXCONF_KERNEL_ENTRY_SYMBOL);
    return nullptr;
  }
  return entry();
}

const char* name(mxconf_format f) {
  switch (f) {
    case MXCONF_FORMAT_E4M3: return "e4m3";
    case MXCONF_FORMAT_E5M2: return "e5m2";
    case MXCONF_FORMAT_E3M2: return "e3m2";
    case MXCONF_FORMAT_E2M3: return "e2m3";
    case MXCONF_FORMAT_E2M1: return "e2m1";
    case MXCONF_FORMAT_E8M0: return "e8m0";
    case MXCONF_FORMAT_FP32: return "fp32";
    case MXCONF_FORMAT_BF16: return "bf16";
    case MXCONF_FORMAT_FP16: return "fp16";
    default: return "?";
  }
}
const char* name(mxconf_rounding r) {
  switch (r) {
    case MXCONF_ROUND_RNE: return "rne";
    case MXCONF_ROUND_RTZ: return "rtz";
    case MXCONF_ROUND_RUP: return "rup";
    default: return "?";
  }
}

}  // namespace

int main(int argc, char** argv) {
#ifdef MXCONF_CUDA_HOST_KERNEL_PATH
  const char* host_path = argc > 2 ? argv[1] : MXCONF_CUDA_HOST_KERNEL_PATH;
  const char* device_path = argc > 2 ? argv[2] : MXCONF_CUDA_DEVICE_KERNEL_PATH;
#else
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s host-kernel.so device-kernel.so\n", argv[0]);
    return 2;
  }
  const char* host_path = argv[1];
  const char* device_path = argv[2];
#endif

  cudaDeviceProp prop{};
  int device = 0;
  if (cudaGetDevice(&device) != cudaSuccess || cudaGetDeviceProperties(&prop, device) != cudaSuccess) {
    std::fprintf(stderr, "no CUDA device: %s\n", cudaGetErrorString(cudaGetLastError()));
    return 2;
  }
  std::printf("GPU: %s (sm_%d%d)\n", prop.name, prop.major, prop.minor);

  const mxconf_kernel* host = load(host_path);
  const mxconf_kernel* gpu = load(device_path);
  if (host == nullptr || gpu == nullptr) return 2;
  std::printf("host kernel:   %s (%s)\ndevice kernel: %s (%s)\n", host->name, host->version, gpu->name, gpu->version);

  const mxconf_policies policies{};  // not read: the CUDA kernels have fixed policies
  std::size_t total = 0;
  int rows = 0;

  // 1. Every declared convert: all 65,536 bf16 and fp16 inputs, and 2^24 fp32 patterns spread over all exponents.
  std::vector<std::uint16_t> all16(1u << 16);
  for (std::uint32_t i = 0; i < all16.size(); ++i) all16[i] = static_cast<std::uint16_t>(i);
  std::vector<std::uint32_t> fp32(1u << 24);
  for (std::uint32_t i = 0; i < fp32.size(); ++i) fp32[i] = i * 257u + (i >> 12);
  for (std::size_t c = 0; c < gpu->capability_count; ++c) {
    const mxconf_capability& cap = gpu->capabilities[c];
    if (cap.operation != MXCONF_OP_CONVERT) continue;
    const void* input = cap.source == MXCONF_FORMAT_FP32 ? static_cast<const void*>(fp32.data())
                                                         : static_cast<const void*>(all16.data());
    const std::size_t count = cap.source == MXCONF_FORMAT_FP32 ? fp32.size() : all16.size();
    for (int r = MXCONF_ROUND_RNE; r <= MXCONF_ROUND_SR; ++r)
      for (int o = MXCONF_OVERFLOW_SATURATE; o <= MXCONF_OVERFLOW_NON_SATURATING; ++o) {
        if (!(cap.rounding_mask & (1u << r)) || !(cap.overflow_mask & (1u << o))) continue;
        std::vector<std::uint8_t> from_host(count), from_gpu(count);
        mxconf_convert_args args{sizeof(mxconf_convert_args), cap.source, cap.target,
                                 static_cast<mxconf_rounding>(r), static_cast<mxconf_overflow>(o),
                                 MXCONF_LAYOUT_BYTE, input, nullptr, from_host.data(), count, &policies};
        const int hs = host->convert(&args);
        args.output = from_gpu.data();
        const int gs = gpu->convert(&args);
        if (hs != MXCONF_STATUS_OK || gs != MXCONF_STATUS_OK) {
          std::fprintf(stderr, "%s -> %s: status host %d, device %d\n", name(cap.source), name(cap.target), hs, gs);
          return 2;
        }
        const char* overflow = o == MXCONF_OVERFLOW_SATURATE ? "satfinite" : "nosat";
        std::size_t diff = 0;
        for (std::size_t i = 0; i < count; ++i)
          if (from_host[i] != from_gpu[i] && ++diff <= 3)
            std::printf("  %s 0x%x -> %s %s %s: host 0x%02x, device 0x%02x\n", name(cap.source),
                        cap.source == MXCONF_FORMAT_FP32 ? fp32[i] : all16[i], name(cap.target),
                        name(static_cast<mxconf_rounding>(r)), overflow, from_host[i], from_gpu[i]);
        std::printf("convert %-4s -> %-4s %-3s %-9s: %zu of %zu differ\n", name(cap.source), name(cap.target),
                    name(static_cast<mxconf_rounding>(r)), overflow, diff, count);
        total += diff;
        ++rows;
      }
  }

  // 2. Every declared decode, all codes (NaN-aware: any NaN equals any NaN).
  for (std::size_t c = 0; c < gpu->capability_count; ++c) {
    const mxconf_capability& cap = gpu->capabilities[c];
    if (cap.operation != MXCONF_OP_DECODE) continue;
    const std::size_t n = cap.source == MXCONF_FORMAT_E2M1 ? 16
                          : (cap.source == MXCONF_FORMAT_E3M2 || cap.source == MXCONF_FORMAT_E2M3) ? 64 : 256;
    std::vector<std::uint8_t> codes(n);
    for (std::size_t i = 0; i < n; ++i) codes[i] = static_cast<std::uint8_t>(i);
    std::vector<std::uint32_t> from_host(n), from_gpu(n);
    mxconf_decode_args args{sizeof(mxconf_decode_args), cap.source, MXCONF_FORMAT_FP32, MXCONF_LAYOUT_BYTE,
                            codes.data(), from_host.data(), n};
    const int hs = host->decode(&args);
    args.output = from_gpu.data();
    const int gs = gpu->decode(&args);
    if (hs != MXCONF_STATUS_OK || gs != MXCONF_STATUS_OK) {
      std::fprintf(stderr, "decode %s: status host %d, device %d\n", name(cap.source), hs, gs);
      return 2;
    }
    const auto is_nan = [](std::uint32_t b) { return (b & 0x7fffffffu) > 0x7f800000u; };
    std::size_t diff = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (from_host[i] != from_gpu[i] && !(is_nan(from_host[i]) && is_nan(from_gpu[i])) && ++diff <= 3)
        std::printf("  decode %s 0x%02zx: host 0x%08x, device 0x%08x\n", name(cap.source), i, from_host[i],
                    from_gpu[i]);
    std::printf("decode  %-4s -> fp32: %zu of %zu differ\n", name(cap.source), diff, n);
    total += diff;
    ++rows;
  }

  // 3. Every declared quantize: 8192 blocks of 32 values (random magnitudes over all exponents, some NaN, Inf
  //    and zero blocks), fp32 and bf16 sources.
  const std::size_t blocks = 8192, k = 32;
  std::vector<std::uint32_t> q32(blocks * k);
  std::uint32_t x = 0x12345678u;
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::uint32_t base_exponent = (b * 7) % 254 + 1;
    for (std::size_t j = 0; j < k; ++j) {
      x = x * 1664525u + 1013904223u;
      std::uint32_t e = base_exponent - (x >> 28);  // within 16 binades of the block's top
      if (static_cast<int>(e) < 0 || e > 254) e = 0;
      std::uint32_t v = (x & 0x80000000u) | (e << 23) | (x & 0x7fffffu);
      if (b % 97 == 1 && j == 5) v = 0x7fc00000u;        // NaN (ignored in amax)
      if (b % 89 == 2 && j == 9) v = 0xff800000u;        // -Inf (scale 2^127)
      if (b % 83 == 3) v = 0;                            // zero block
      q32[b * k + j] = v;
    }
  }
  std::vector<std::uint16_t> q16(q32.size());
  for (std::size_t i = 0; i < q32.size(); ++i) q16[i] = static_cast<std::uint16_t>(q32[i] >> 16);
  for (std::size_t c = 0; c < gpu->capability_count; ++c) {
    const mxconf_capability& cap = gpu->capabilities[c];
    if (cap.operation != MXCONF_OP_QUANTIZE) continue;
    std::vector<std::uint8_t> hs_scales(blocks), gs_scales(blocks), hs_codes(blocks * k), gs_codes(blocks * k);
    mxconf_quantize_args args{sizeof(mxconf_quantize_args), cap.source, cap.target, MXCONF_SCALE_RCEIL_FP32,
                              MXCONF_ROUND_RNE, MXCONF_OVERFLOW_SATURATE, MXCONF_LAYOUT_BYTE,
                              static_cast<std::uint32_t>(k),
                              cap.source == MXCONF_FORMAT_FP32 ? static_cast<const void*>(q32.data())
                                                               : static_cast<const void*>(q16.data()),
                              nullptr, hs_scales.data(), hs_codes.data(), blocks, &policies};
    const int hs = host->quantize(&args);
    args.scales = gs_scales.data();
    args.codes = gs_codes.data();
    const int gs = gpu->quantize(&args);
    if (hs != MXCONF_STATUS_OK || gs != MXCONF_STATUS_OK) {
      std::fprintf(stderr, "quantize %s -> %s: status host %d, device %d\n", name(cap.source), name(cap.target),
                   hs, gs);
      return 2;
    }
    std::size_t diff = 0;
    for (std::size_t b = 0; b < blocks; ++b) diff += hs_scales[b] != gs_scales[b];
    for (std::size_t i = 0; i < blocks * k; ++i) diff += hs_codes[i] != gs_codes[i];
    std::printf("quantize %-4s -> mx%-4s rceil-fp32: %zu of %zu scales+codes differ\n", name(cap.source),
                name(cap.target), diff, blocks * (k + 1));
    total += diff;
    ++rows;
  }

  std::printf("total: %zu differences between GPU and host over %d checks\n", total, rows);
  return total == 0 ? 0 : 1;
}
