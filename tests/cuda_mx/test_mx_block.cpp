// CPU tests of the CUDA MX quantizers' element arithmetic (kernels/cuda/mx_block.hpp) against the exact reference:
//   - the branchless E2M1 step (decision points on the fp32 bits) against the bit-rounding form it replaced and
//     against the reference's rne, around every bf16 pattern (the device sweep covers all 2^32 on a GPU);
//   - stochastic rounding from explicit random bits (element_code_sr) against the reference's `sr` for every element
//     format, K = 8 and K = 23 - m, on tie-adjacent, subnormal, overflowing and special inputs;
//   - the CPU twin libmxconf_cuda_mx_host_{nvidia,ocp} (the GPU quantizer's arithmetic behind the ABI) quantizing
//     whole blocks under sr with 8 random bits, against the reference's quantize_block under the same profile;
//   - the constants the device code carries (mantissa bits, bias, largest code) against the reference's
//     kFormatTable (the CUDA headers are C++17 and cannot include the table's C++20 header).
// Expected values come from the reference (Boost.Multiprecision, no floating point), never from mx_block.hpp.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "mx_block.hpp"
#include "mxconf/kernel.h"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/profile.hpp"

namespace mxconf::cuda_mx {
namespace {

struct Element {
  mxconf_format abi;
  FormatId id;
  int mantissa, bias;
  uint32_t max_code;
};
// The template arguments element_code_sr passes to sr_magnitude_sign (mx_block.hpp), restated to be checked.
constexpr Element kElements[] = {
    {MXCONF_FORMAT_E4M3, FormatId::e4m3, 3, 7, 0x7e},  {MXCONF_FORMAT_E5M2, FormatId::e5m2, 2, 15, 0x7b},
    {MXCONF_FORMAT_E3M2, FormatId::e3m2, 2, 3, 0x1f},  {MXCONF_FORMAT_E2M3, FormatId::e2m3, 3, 1, 0x1f},
    {MXCONF_FORMAT_E2M1, FormatId::e2m1, 1, 1, 0x7},
};

float from_bits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

const Profile& profile(const char* name) {
  const Profile* p = find_profile(name);
  if (p == nullptr) throw std::runtime_error(std::string("no profile ") + name);
  return *p;
}

TEST(CudaMxBlock, DeviceConstantsMatchTheFormatTable) {
  for (const Element& e : kElements) {
    const FormatSpec& f = format_spec(e.id);
    EXPECT_EQ(e.mantissa, f.mantissa_bits) << f.name;
    EXPECT_EQ(e.bias, f.bias) << f.name;
    EXPECT_EQ(e.max_code, max_finite_code(f)) << f.name;
    EXPECT_EQ(element_emax(e.abi), max_exponent(f)) << f.name;
  }
}

// Every bf16 pattern with low halves that sit on and next to the decision points, both signs, NaN and Inf.
TEST(CudaMxBlock, E2m1ThresholdsMatchTheBitRounding) {
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  const FormatSpec& e2m1 = format_spec(FormatId::e2m1);
  const EncodeOptions nvidia = encode_options(profile("nvidia"), e2m1);
  uint64_t compared = 0, reference_compared = 0;
  for (uint32_t hi = 0; hi < 0x10000u; ++hi)
    for (const uint32_t lo : {0x0000u, 0x0001u, 0x7fffu, 0x8000u, 0x8001u, 0xffffu}) {
      const uint32_t bits = (hi << 16) | lo;
      const uint8_t fast = e2m1_rne(from_bits(bits)), slow = e2m1_rne_bits(from_bits(bits));
      ++compared;
      ASSERT_EQ(fast, slow) << std::hex << "input 0x" << bits;
      if (lo != 0 && lo != 0xffffu) continue;  // the reference is slower: a third of the patterns
      const uint32_t a = bits & 0x7fffffffu;
      if (a > 0x7f800000u) continue;  // NaN: CUDA's positive max, the profile's own NaN policy (checked elsewhere)
      ++reference_compared;
      ASSERT_EQ(fast, convert(fp32, bits, e2m1, nvidia)) << std::hex << "input 0x" << bits;
    }
  EXPECT_EQ(compared, 0x10000u * 6);
  EXPECT_GT(reference_compared, 100000u);
}

// Inputs for stochastic rounding: for each element, values at and around every grid point of its range
// (on the point, one fp32 ulp either side, the midpoint and its neighbours, quarter points), tiny and huge values,
// zeros and Inf; each with several r from the whole K-bit range.
std::vector<uint32_t> sr_inputs(const FormatSpec& f, std::mt19937& rng) {
  std::vector<uint32_t> v;
  const uint64_t max = max_finite_code(f);
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  for (uint64_t c = 0; c <= max; ++c) {
    const ExactValue lo = decode(f, c);
    const uint32_t b = static_cast<uint32_t>(encode(lo, fp32, ieee_encode_options(Rounding::rne)));
    for (const int64_t d : {-3, -1, 0, 1, 3}) v.push_back(static_cast<uint32_t>(static_cast<int64_t>(b) + d));
    for (int j = 0; j < 6; ++j) v.push_back(b + static_cast<uint32_t>(rng() & 0x7fffffu));  // inside the next interval
  }
  for (const uint32_t special : {0x00000000u, 0x00000001u, 0x007fffffu, 0x00800000u, 0x2f800000u, 0x7f7fffffu,
                                 0x7f800000u, 0x4f000000u, 0x477fe000u, 0x47800000u, 0x43e00000u, 0x43f00000u})
    v.push_back(special);
  const std::size_t n = v.size();
  for (std::size_t i = 0; i < n; ++i) v.push_back(v[i] | 0x80000000u);
  return v;
}

TEST(CudaMxBlock, StochasticRoundingMatchesTheReference) {
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  std::mt19937 rng(7);
  uint64_t compared = 0;
  for (const Element& e : kElements) {
    const FormatSpec& f = format_spec(e.id);
    for (const int k : {8, 23 - e.mantissa, 1}) {
      EncodeOptions o = encode_options(profile("nvidia"), f);
      o.rounding = Rounding::sr;
      o.stochastic.bits = k;
      o.policies.overflow = Overflow::saturate;
      for (const uint32_t x : sr_inputs(f, rng)) {
        const uint32_t mask = (1u << k) - 1u;
        for (const uint32_t r : {0u, 1u, mask / 2, mask / 2 + 1, mask, static_cast<uint32_t>(rng()) & mask}) {
          o.stochastic.random = r;
          const uint64_t want = convert(fp32, x, f, o);
          ++compared;
          ASSERT_EQ(element_code_sr(from_bits(x), r, k, e.abi), want)
              << f.name << " K=" << k << std::hex << " input 0x" << x << " r 0x" << r;
        }
      }
    }
  }
  EXPECT_GT(compared, 10000u);
}

// The CPU twins quantize whole blocks under sr: scales and codes against the reference's quantize_block.
class HostTwin {
 public:
  explicit HostTwin(const char* path) : handle_(dlopen(path, RTLD_NOW | RTLD_LOCAL)) {
    if (handle_ == nullptr) throw std::runtime_error(std::string("dlopen: ") + dlerror());
    const auto entry = reinterpret_cast<mxconf_kernel_entry_fn>(dlsym(handle_, MXCONF_KERNEL_ENTRY_SYMBOL));
    if (entry == nullptr) throw std::runtime_error(std::string(path) + ": no entry");
    kernel_ = entry();
  }
  ~HostTwin() { dlclose(handle_); }
  HostTwin(const HostTwin&) = delete;
  HostTwin& operator=(const HostTwin&) = delete;
  const mxconf_kernel& kernel() const { return *kernel_; }

 private:
  void* handle_;
  const mxconf_kernel* kernel_ = nullptr;
};

// The layout the harness would pick: BYTE when declared, else PACKED (conformance/src/abi.cpp).
mxconf_layout first_layout(const mxconf_kernel& k, mxconf_format element) {
  for (std::size_t i = 0; i < k.capability_count; ++i) {
    const mxconf_capability& c = k.capabilities[i];
    if (c.operation != MXCONF_OP_QUANTIZE || c.source != MXCONF_FORMAT_FP32 || c.target != element) continue;
    return (c.layout_mask & (1u << MXCONF_LAYOUT_BYTE)) ? MXCONF_LAYOUT_BYTE : MXCONF_LAYOUT_PACKED;
  }
  throw std::runtime_error("no quantize capability");
}

void check_twin_sr(const char* library, const char* profile_name) {
  HostTwin twin(library);
  const Profile& p = profile(profile_name);
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  std::mt19937 rng(11);
  constexpr std::size_t kBlocks = 64, kK = 32;
  uint64_t compared = 0;
  for (const Element& e : kElements)
    for (const auto rule : {MXCONF_SCALE_FLOOR, MXCONF_SCALE_RCEIL_FP32}) {
      const FormatSpec& f = format_spec(e.id);
      // blocks of values spread over ~2^-20 .. 2^20 with some ties of the grid, zeros, and a NaN/Inf block
      std::vector<uint32_t> x(kBlocks * kK), random(kBlocks * kK);
      for (std::size_t i = 0; i < x.size(); ++i) {
        const uint32_t r = static_cast<uint32_t>(rng());
        x[i] = (r & 0x80000000u) | ((107u + (r >> 8) % 40) << 23) | (static_cast<uint32_t>(rng()) & ((r & 1) ? 0x7fffffu : 0x780000u));
        random[i] = static_cast<uint32_t>(rng()) & 0xffu;
      }
      x[5 * kK + 3] = 0x7fc00000u;
      x[6 * kK + 9] = 0xff800000u;
      for (std::size_t j = 0; j < kK; ++j) x[7 * kK + j] = 0;
      const int width = e.id == FormatId::e2m1 ? 4 : (e.id == FormatId::e2m3 || e.id == FormatId::e3m2) ? 6 : 8;
      const mxconf_layout layout = first_layout(twin.kernel(), e.abi);
      std::vector<uint8_t> codes(x.size()), scales(kBlocks);
      mxconf_policies policies{};
      mxconf_quantize_args a{};
      a.struct_size = sizeof a;
      a.source = MXCONF_FORMAT_FP32, a.element = e.abi, a.rule = rule, a.rounding = MXCONF_ROUND_SR;
      a.overflow = MXCONF_OVERFLOW_SATURATE, a.layout = layout, a.block_size = kK;
      a.input = x.data(), a.random = random.data(), a.scales = scales.data(), a.codes = codes.data();
      a.blocks = kBlocks, a.policies = &policies;
      ASSERT_EQ(twin.kernel().quantize(&a), MXCONF_STATUS_OK) << f.name;
      QuantizeOptions q = quantize_options(p);
      q.block.rule = rule == MXCONF_SCALE_FLOOR ? ScaleRule::floor : ScaleRule::rceil_fp32;
      q.element.rounding = Rounding::sr;
      q.element.stochastic.bits = 8;
      for (std::size_t b = 0; b < kBlocks; ++b) {
        std::vector<ExactValue> values;
        std::vector<uint64_t> r;
        for (std::size_t j = 0; j < kK; ++j) {
          values.push_back(decode_source(fp32, x[b * kK + j], q.element.policies.subnormal_input));
          r.push_back(random[b * kK + j]);
        }
        q.random = r;
        const QuantizedBlock want = quantize_block(values, f, q);
        ASSERT_EQ(scales[b], want.scale) << f.name << " block " << b;
        if (want.scale == 0xff) continue;  // NaN scale: the element codes are don't-care (docs/profiles.md)
        for (std::size_t j = 0; j < kK; ++j) {
          const std::size_t i = b * kK + j;
          uint32_t got = codes[i];
          if (layout == MXCONF_LAYOUT_PACKED && width < 8) {
            const std::size_t bit = i * static_cast<std::size_t>(width);
            uint32_t window = codes[bit / 8];
            if (bit % 8 + static_cast<std::size_t>(width) > 8) window |= static_cast<uint32_t>(codes[bit / 8 + 1]) << 8;
            got = (window >> (bit % 8)) & ((1u << width) - 1u);
          }
          if (x[i] == 0x7fc00000u) continue;  // a NaN element: the profile's NaN code, checked by the harness
          ++compared;
          ASSERT_EQ(got, want.codes[j]) << f.name << std::hex << " input 0x" << x[i] << " r 0x" << random[i];
        }
      }
    }
  EXPECT_GT(compared, 10000u);
}

TEST(CudaMxBlock, HostTwinNvidiaStochasticQuantizeMatchesTheReference) {
  check_twin_sr(MXCONF_CUDA_MX_HOST_NVIDIA, "nvidia");
}
TEST(CudaMxBlock, HostTwinOcpStochasticQuantizeMatchesTheReference) { check_twin_sr(MXCONF_CUDA_MX_HOST_OCP, "ocp"); }

}  // namespace
}  // namespace mxconf::cuda_mx
