// mxconf_cuda_host_kernel (kernels/cuda: CUDA's host conversion functions behind the ABI) against the reference
// under the "nvidia" profile, for everything the kernel declares: all bf16 and fp16 inputs and a spread of fp32
// inputs for every declared convert, every code for decode, and the corner blocks for quantize (rceil-fp32).
// This is the conformance the harness checks with `mxconf run --profile nvidia`, here as a unit test.
//
// The library's path comes from MXCONF_CUDA_HOST_KERNEL_PATH (tests/kernels/CMakeLists.txt, set only where the
// CUDA toolkit was found); without it the tests are skipped.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "kernel_test_support.hpp"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/profile.hpp"

namespace mxconf::kernel_tests {
namespace {

#ifdef MXCONF_CUDA_HOST_KERNEL_PATH
constexpr const char* kPath = MXCONF_CUDA_HOST_KERNEL_PATH;
#else
constexpr const char* kPath = nullptr;
#endif

const mxconf_kernel* cuda_host() {
  static const LoadedKernel loaded =
      kPath == nullptr ? LoadedKernel{nullptr, "MXCONF_CUDA_HOST_KERNEL_PATH not defined (no CUDA toolkit)"}
                       : load_kernel(kPath);
  return loaded.kernel;
}

#define REQUIRE_CUDA_HOST()                                                                   \
  const mxconf_kernel* k = cuda_host();                                                       \
  if (k == nullptr) GTEST_SKIP() << "CUDA host kernel not available: " << (kPath ? kPath : "no path");

const Profile& nvidia() { return *find_profile("nvidia"); }

constexpr std::array kAbiRoundings{MXCONF_ROUND_RNE, MXCONF_ROUND_RTZ, MXCONF_ROUND_RUP,
                                   MXCONF_ROUND_RDN, MXCONF_ROUND_RNA, MXCONF_ROUND_SR};
constexpr std::array kAbiOverflows{MXCONF_OVERFLOW_SATURATE, MXCONF_OVERFLOW_NON_SATURATING};

bool declared(std::uint32_t mask, int value) { return (mask & (1u << value)) != 0; }

bool is_nan_fp32(std::uint32_t bits) { return (bits & 0x7fffffffu) > 0x7f800000u; }

// Every declared (rounding, overflow) of every declared convert from `source`, compared with reference convert()
// under the nvidia profile's element policies (overflow from the call).
template <typename T>
void expect_converts_match(const mxconf_kernel& k, mxconf_format source, const std::vector<T>& inputs) {
  const mxconf_policies policies = abi_policies(nvidia());
  int rows = 0;
  for (std::size_t c = 0; c < k.capability_count; ++c) {
    const mxconf_capability& cap = k.capabilities[c];
    if (cap.operation != MXCONF_OP_CONVERT || cap.source != source) continue;
    for (const auto r : kAbiRoundings)
      for (const auto o : kAbiOverflows) {
        if (!declared(cap.rounding_mask, r) || !declared(cap.overflow_mask, o)) continue;
        ++rows;
        std::vector<std::uint8_t> out(inputs.size(), 0xAA);
        const mxconf_convert_args args{sizeof(mxconf_convert_args), source, cap.target, r, o, MXCONF_LAYOUT_BYTE,
                                       inputs.data(), nullptr, out.data(), inputs.size(), &policies};
        ASSERT_EQ(k.convert(&args), MXCONF_STATUS_OK);

        const FormatId from = static_cast<FormatId>(source - 1);
        const FormatId to = static_cast<FormatId>(cap.target - 1);
        EncodeOptions options{static_cast<Rounding>(r - 1), nvidia().element, StochasticBits{}};
        options.policies.overflow = static_cast<Overflow>(o - 1);
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
          const std::uint64_t expected = convert(format_spec(from), inputs[i], format_spec(to), options);
          if (out[i] != expected && ++mismatches <= 5)
            ADD_FAILURE() << format_spec(from).name << " 0x" << std::hex << inputs[i] << " -> "
                          << format_spec(to).name << " rounding " << std::dec << r << " overflow " << o
                          << ": CUDA 0x" << std::hex << int{out[i]} << ", reference 0x" << expected;
        }
        EXPECT_EQ(mismatches, 0u) << format_spec(from).name << " -> " << format_spec(to).name << " rounding " << r
                                  << " overflow " << o;
      }
  }
  // e4m3, e5m2: 1 rounding x 2 overflows; e3m2, e2m3, e2m1: 2 x 1; e8m0: 2 x 2.
  EXPECT_EQ(rows, 2 * 2 + 3 * 2 + 4);
}

TEST(CudaHostKernel, DeclaresFixedPolicies) {
  REQUIRE_CUDA_HOST();
  EXPECT_EQ(k->abi_version, static_cast<std::uint32_t>(MXCONF_KERNEL_ABI_VERSION));
  EXPECT_STREQ(k->name, "cuda-host");
  EXPECT_EQ(k->dequantize, nullptr);
  EXPECT_EQ(k->dot, nullptr);
  for (std::size_t i = 0; i < k->capability_count; ++i) {
    EXPECT_EQ(k->capabilities[i].flags, 0u);  // no MXCONF_CAP_POLICIES
    EXPECT_EQ(k->capabilities[i].layout_mask, 1u << MXCONF_LAYOUT_BYTE);
  }
  const auto* q = find_capability(*k, MXCONF_OP_QUANTIZE, MXCONF_FORMAT_BF16, MXCONF_FORMAT_E2M1);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->scale_rule_mask, 1u << MXCONF_SCALE_RCEIL_FP32);
  EXPECT_EQ(find_capability(*k, MXCONF_OP_QUANTIZE, MXCONF_FORMAT_FP32, MXCONF_FORMAT_INT8), nullptr);
}

TEST(CudaHostKernel, ConvertAllBf16MatchesNvidiaProfile) {
  REQUIRE_CUDA_HOST();
  expect_converts_match(*k, MXCONF_FORMAT_BF16, all_16bit_patterns());
}

TEST(CudaHostKernel, ConvertAllFp16MatchesNvidiaProfile) {
  REQUIRE_CUDA_HOST();
  expect_converts_match(*k, MXCONF_FORMAT_FP16, all_16bit_patterns());
}

TEST(CudaHostKernel, ConvertFp32SampleMatchesNvidiaProfile) {
  REQUIRE_CUDA_HOST();
  expect_converts_match(*k, MXCONF_FORMAT_FP32, fp32_sample());
}

TEST(CudaHostKernel, DecodeEveryCodeMatchesReference) {
  REQUIRE_CUDA_HOST();
  const EncodeOptions ieee = ieee_encode_options(Rounding::rne);
  for (const auto f : {FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3, FormatId::e2m1,
                       FormatId::e8m0}) {
    const std::uint32_t n = 1u << format_spec(f).bits;
    std::vector<std::uint8_t> codes(n);
    for (std::uint32_t c = 0; c < n; ++c) codes[c] = static_cast<std::uint8_t>(c);
    std::vector<std::uint32_t> out(n);
    const mxconf_decode_args args{sizeof(mxconf_decode_args), abi(f), MXCONF_FORMAT_FP32, MXCONF_LAYOUT_BYTE,
                                  codes.data(), out.data(), n};
    ASSERT_EQ(k->decode(&args), MXCONF_STATUS_OK);
    for (std::uint32_t c = 0; c < n; ++c) {
      const auto expected = static_cast<std::uint32_t>(encode(decode(format_spec(f), c), format_spec(FormatId::fp32), ieee));
      // NaN-aware: CUDA's NaN is the canonical fp16/bf16 NaN widened (0x7fffe000, 0x7fff0000), any NaN matches.
      if (is_nan_fp32(expected))
        EXPECT_TRUE(is_nan_fp32(out[c])) << format_spec(f).name << " code " << c;
      else
        EXPECT_EQ(out[c], expected) << format_spec(f).name << " code " << c;
    }
  }
  // BYTE layout: bits above the code's width are refused.
  const std::uint8_t bad = 0x40;
  std::uint32_t out = 0;
  const mxconf_decode_args args{sizeof(mxconf_decode_args), MXCONF_FORMAT_E3M2, MXCONF_FORMAT_FP32,
                                MXCONF_LAYOUT_BYTE, &bad, &out, 1};
  EXPECT_EQ(k->decode(&args), MXCONF_STATUS_INVALID_ARGUMENT);
}

// TransformerEngine-style MX quantization from CUDA's functions equals the reference's rceil-fp32 rule with the
// nvidia block policies (NaN skipped in amax, Inf -> scale 2^127, saturating RNE elements).
TEST(CudaHostKernel, QuantizeMatchesNvidiaProfile) {
  REQUIRE_CUDA_HOST();
  const mxconf_policies policies = abi_policies(nvidia());
  const QuantizeOptions options = quantize_options(nvidia());
  ASSERT_EQ(options.block.rule, ScaleRule::rceil_fp32);
  for (const std::size_t bk : {std::size_t{32}, std::size_t{7}, std::size_t{1}})
    for (const auto source : {FormatId::fp32, FormatId::bf16})
      for (const auto element : {FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3, FormatId::e2m1}) {
        const auto blocks = corner_blocks(bk);
        std::vector<std::uint32_t> in32;
        std::vector<std::uint16_t> in16;
        for (const auto& b : blocks)
          for (const auto bits : b) {
            in32.push_back(bits);
            in16.push_back(static_cast<std::uint16_t>(bits >> 16));  // bf16: the top half
          }
        std::vector<std::uint8_t> scales(blocks.size(), 0xAA), codes(in32.size() + 1, 0xAA);
        const mxconf_quantize_args args{
            sizeof(mxconf_quantize_args), abi(source), abi(element), MXCONF_SCALE_RCEIL_FP32, MXCONF_ROUND_RNE,
            MXCONF_OVERFLOW_SATURATE, MXCONF_LAYOUT_BYTE, static_cast<std::uint32_t>(bk),
            source == FormatId::fp32 ? static_cast<const void*>(in32.data()) : static_cast<const void*>(in16.data()),
            nullptr, scales.data(), codes.data(), blocks.size(), &policies};
        ASSERT_EQ(k->quantize(&args), MXCONF_STATUS_OK);
        EXPECT_EQ(codes.back(), 0xAA) << "wrote past the codes";

        for (std::size_t b = 0; b < blocks.size(); ++b) {
          std::vector<ExactValue> values;
          for (std::size_t j = 0; j < bk; ++j) {
            const std::uint64_t bits = source == FormatId::fp32 ? in32[b * bk + j] : in16[b * bk + j];
            values.push_back(decode(format_spec(source), bits));
          }
          const QuantizedBlock q = quantize_block(values, format_spec(element), options);
          EXPECT_EQ(scales[b], q.scale) << format_spec(source).name << " " << format_spec(element).name
                                        << " k=" << bk << " block " << b;
          for (std::size_t j = 0; j < bk; ++j)
            EXPECT_EQ(codes[b * bk + j], q.codes[j]) << format_spec(source).name << " " << format_spec(element).name
                                                     << " k=" << bk << " block " << b << " element " << j;
        }
      }
}

TEST(CudaHostKernel, RefusesWhatItDoesNotDeclare) {
  REQUIRE_CUDA_HOST();
  const mxconf_policies policies = abi_policies(nvidia());
  const std::uint32_t in = 0x3f800000;
  std::uint8_t out = 0;
  mxconf_convert_args args{sizeof(mxconf_convert_args), MXCONF_FORMAT_FP32, MXCONF_FORMAT_E4M3, MXCONF_ROUND_RTZ,
                           MXCONF_OVERFLOW_SATURATE, MXCONF_LAYOUT_BYTE, &in, nullptr, &out, 1, &policies};
  EXPECT_EQ(k->convert(&args), MXCONF_STATUS_UNSUPPORTED);  // fp8 conversions are RNE only
  args.rounding = MXCONF_ROUND_RNE;
  args.layout = MXCONF_LAYOUT_PACKED;
  EXPECT_EQ(k->convert(&args), MXCONF_STATUS_UNSUPPORTED);
  args.layout = MXCONF_LAYOUT_BYTE;
  args.target = MXCONF_FORMAT_INT8;
  EXPECT_EQ(k->convert(&args), MXCONF_STATUS_UNSUPPORTED);
  args.target = MXCONF_FORMAT_E2M1;
  args.overflow = MXCONF_OVERFLOW_NON_SATURATING;  // fp6/fp4 always saturate: only SATURATE is declared
  EXPECT_EQ(k->convert(&args), MXCONF_STATUS_UNSUPPORTED);
  args.overflow = MXCONF_OVERFLOW_SATURATE;
  EXPECT_EQ(k->convert(&args), MXCONF_STATUS_OK);
  EXPECT_EQ(out, 0x2);  // 1.0
  args.struct_size = 4;
  EXPECT_EQ(k->convert(&args), MXCONF_STATUS_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace mxconf::kernel_tests
