// Test support for kernels behind the ABI: load a kernel library by path (dlopen, as the harness does), turn
// a reference profile into the ABI's policy bytes, and small input generators.
//
// Each kernel library is dlopen'ed rather than linked: every kernel exports the same symbol
// (mxconf_kernel_entry), so one test binary can hold several only through dlopen(RTLD_LOCAL).
#pragma once

#include <dlfcn.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "mxconf/kernel.h"
#include "mxconf/reference/profile.hpp"

namespace mxconf::kernel_tests {

struct LoadedKernel {
  const mxconf_kernel* kernel = nullptr;
  std::string error;  // why kernel is null
};

// Loads `path` once and keeps it loaded for the life of the process (the kernel struct lives in the library).
inline LoadedKernel load_kernel(const char* path) {
  void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) return {nullptr, std::string("dlopen(") + path + "): " + dlerror()};
  void* symbol = dlsym(handle, MXCONF_KERNEL_ENTRY_SYMBOL);
  if (symbol == nullptr) return {nullptr, std::string(path) + ": no symbol " + MXCONF_KERNEL_ENTRY_SYMBOL};
  const auto entry = reinterpret_cast<mxconf_kernel_entry_fn>(symbol);
  const mxconf_kernel* k = entry();
  if (k == nullptr) return {nullptr, std::string(path) + ": entry returned NULL"};
  return {k, {}};
}

// ABI values of reference enums (kernel.h numbers them from 1 in declaration order).
constexpr mxconf_format abi(FormatId f) { return static_cast<mxconf_format>(static_cast<int>(f) + 1); }
constexpr mxconf_rounding abi(Rounding r) { return static_cast<mxconf_rounding>(static_cast<int>(r) + 1); }
constexpr mxconf_scale_rule abi(ScaleRule r) { return static_cast<mxconf_scale_rule>(static_cast<int>(r) + 1); }
constexpr mxconf_overflow abi(Overflow o) { return static_cast<mxconf_overflow>(static_cast<int>(o) + 1); }

// The profile's policies as the ABI's bytes (each enumerator's position, from 0).
inline mxconf_policies abi_policies(const ElementPolicies& e, const BlockPolicies& b) {
  const auto u8 = [](auto v) { return static_cast<std::uint8_t>(v); };
  mxconf_policies p{};
  p.overflow = u8(e.overflow);
  p.directed_overflow = u8(e.directed_overflow);
  p.inf_under_saturation = u8(e.inf_under_saturation);
  p.nan_sign = u8(e.nan_encoding.sign);
  p.nan_mantissa = u8(e.nan_encoding.mantissa);
  p.nan_into_finite = u8(e.nan_into_finite);
  p.int8_range = u8(e.int8_range);
  p.subnormal_input = u8(e.subnormal_input);
  p.negative_into_unsigned = u8(e.negative_into_unsigned);
  p.zero_into_e8m0 = u8(e.zero_into_e8m0);
  p.e8m0_subnormal_rounding = u8(e.e8m0_subnormal_rounding);
  p.block_nan = u8(b.nan);
  p.block_inf = u8(b.inf);
  p.zero_amax = u8(b.zero_amax);
  p.scale_overflow = u8(b.scale_overflow);
  p.element_overflow = u8(b.element_overflow);
  p.inf_into_finite = u8(e.inf_into_finite);
  p.e8m0_overflow = u8(e.e8m0_overflow);
  p.min_scale_divisor = u8(b.min_scale_divisor);
  return p;
}
inline mxconf_policies abi_policies(const Profile& p) { return abi_policies(p.element, p.block); }

// The capability of `k` for (op, source, target), or null.
inline const mxconf_capability* find_capability(const mxconf_kernel& k, mxconf_operation op, mxconf_format source,
                                                mxconf_format target) {
  for (std::size_t i = 0; i < k.capability_count; ++i) {
    const mxconf_capability& c = k.capabilities[i];
    if (c.operation == op && c.source == source && c.target == target) return &c;
  }
  return nullptr;
}

// Every 16-bit pattern (all bf16 or fp16 inputs).
inline std::vector<std::uint16_t> all_16bit_patterns() {
  std::vector<std::uint16_t> v(1u << 16);
  for (std::uint32_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::uint16_t>(i);
  return v;
}

// A deterministic spread of fp32 patterns: every exponent with mantissas near 0, the middle and the top of the
// binade (ties and their neighbours for every narrow format), plus a multiplicative-hash sweep.
inline std::vector<std::uint32_t> fp32_sample() {
  std::vector<std::uint32_t> v;
  for (std::uint32_t sign = 0; sign < 2; ++sign)
    for (std::uint32_t e = 0; e < 256; ++e) {
      const std::uint32_t base = sign << 31 | e << 23;
      for (std::uint32_t m : {0u, 1u, 2u, 0x7fffffu, 0x7ffffeu})
        v.push_back(base | m);
      // Half-way points and neighbours for 1..3 kept mantissa bits (e2m1, fp6, fp8).
      for (int kept = 1; kept <= 3; ++kept) {
        const std::uint32_t half = 1u << (22 - kept);
        for (std::uint32_t k = 0; k < (1u << kept); ++k) {
          const std::uint32_t m = (k << (23 - kept)) | half;
          v.push_back(base | m);
          v.push_back(base | (m - 1));
          v.push_back(base | (m + 1));
        }
      }
    }
  std::uint32_t x = 0x9e3779b9u;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1664525u + 1013904223u;
    v.push_back(x);
  }
  return v;
}

// Blocks of k values (fp32 bits) that exercise the scale rules and block policies.
inline std::vector<std::vector<std::uint32_t>> corner_blocks(std::size_t k) {
  const auto f = [](float v) { return std::bit_cast<std::uint32_t>(v); };
  std::vector<std::vector<std::uint32_t>> blocks;
  const auto fill = [&](auto value_at) {
    std::vector<std::uint32_t> b(k);
    for (std::size_t i = 0; i < k; ++i) b[i] = value_at(i);
    blocks.push_back(b);
  };
  fill([&](std::size_t i) { return f(i == 0 ? 957.0f : static_cast<float>(i) * 1.37f - 9.0f); });  // mxlib #4
  fill([&](std::size_t i) { return f(i % 2 ? -460.0f : 3.5f + static_cast<float>(i)); });
  fill([&](std::size_t i) { return f(static_cast<float>(i % 7) * 0.75f - 2.0f); });  // E2M1 ties
  fill([](std::size_t) { return 0u; });                                             // amax = 0
  fill([](std::size_t i) { return i % 3 == 0 ? 0x80000000u : 0u; });                // signed zeros
  fill([](std::size_t i) { return static_cast<std::uint32_t>(i * 0x1234 + 1); });   // fp32 subnormals
  fill([&](std::size_t i) { return i == 1 ? 0x7fc00000u : f(static_cast<float>(i) - 3.0f); });  // NaN
  fill([&](std::size_t i) { return i == 2 ? 0xff800000u : f(static_cast<float>(i) + 0.5f); });  // -Inf
  fill([](std::size_t i) { return 0x7f7fffffu - static_cast<std::uint32_t>(i) * 0x00012345u; });  // near FLT_MAX
  fill([](std::size_t i) { return 0x04600001u + static_cast<std::uint32_t>(i) * 0x00100000u; });  // RCEIL-fp32 quirk
  fill([&](std::size_t i) { return i == 0 ? 0x43e00000u : f(1.0f); });   // amax = 448: RCEIL exactly 2^0 for e4m3
  fill([&](std::size_t i) { return i == 0 ? 0xc3e00001u : f(-1.0f); });  // just above 448
  fill([&](std::size_t i) { return i == 0 ? 0x40c00000u : f(0.3f); });   // amax = 6 (e2m1 max)
  fill([](std::size_t) { return 0x7fc00000u; });                          // all NaN
  // A signalling NaN among tiny values: amax must skip it (TE's fmaxf on the GPU; glibc's fmaxf would not).
  fill([](std::size_t i) { return i == 3 ? 0x7f800001u : 0x00800000u + static_cast<std::uint32_t>(i); });
  std::uint32_t x = 0xdeadbeef;
  for (int b = 0; b < 6; ++b)
    fill([&](std::size_t) {
      x = x * 1664525u + 1013904223u;
      return (x & 0x80000000u) | (0x3f000000u + (x & 0x03ffffffu));  // +-[0.5, 2^5) with random mantissas
    });
  return blocks;
}

}  // namespace mxconf::kernel_tests
