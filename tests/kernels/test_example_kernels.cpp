// The example kernels (examples/) behave as their comments say: good_kernel matches the reference under the
// "ocp" profile; broken_ties_away is exactly the reference with ties away from zero (rna) instead of ties to
// even; broken_e8m0_zero is exactly the reference except where the E8M0 scale code is 0.
//
// Paths from MXCONF_EXAMPLE_GOOD_KERNEL_PATH, MXCONF_EXAMPLE_BROKEN_TIES_AWAY_PATH and
// MXCONF_EXAMPLE_BROKEN_E8M0_ZERO_PATH (tests/kernels/CMakeLists.txt); a test whose path is missing is skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <vector>

#include "kernel_test_support.hpp"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/profile.hpp"

namespace mxconf::kernel_tests {
namespace {

#ifndef MXCONF_EXAMPLE_GOOD_KERNEL_PATH
#define MXCONF_EXAMPLE_GOOD_KERNEL_PATH nullptr
#endif
#ifndef MXCONF_EXAMPLE_BROKEN_TIES_AWAY_PATH
#define MXCONF_EXAMPLE_BROKEN_TIES_AWAY_PATH nullptr
#endif
#ifndef MXCONF_EXAMPLE_BROKEN_E8M0_ZERO_PATH
#define MXCONF_EXAMPLE_BROKEN_E8M0_ZERO_PATH nullptr
#endif

const mxconf_kernel* load_or_null(const char* path) {
  if (path == nullptr) return nullptr;
  return load_kernel(path).kernel;
}
const mxconf_kernel* good() {
  static const mxconf_kernel* k = load_or_null(MXCONF_EXAMPLE_GOOD_KERNEL_PATH);
  return k;
}
const mxconf_kernel* ties_away() {
  static const mxconf_kernel* k = load_or_null(MXCONF_EXAMPLE_BROKEN_TIES_AWAY_PATH);
  return k;
}
const mxconf_kernel* e8m0_zero() {
  static const mxconf_kernel* k = load_or_null(MXCONF_EXAMPLE_BROKEN_E8M0_ZERO_PATH);
  return k;
}

#define REQUIRE(kernel_fn)                       \
  const mxconf_kernel* k = kernel_fn();          \
  if (k == nullptr) GTEST_SKIP() << #kernel_fn " example kernel not available";

const Profile& ocp() { return *find_profile("ocp"); }

// Every bf16 value as fp32, plus the fp32 spread.
std::vector<std::uint32_t> fp32_inputs() {
  std::vector<std::uint32_t> v = fp32_sample();
  for (std::uint32_t i = 0; i < (1u << 16); ++i) v.push_back(i << 16);
  return v;
}

std::vector<std::uint8_t> kernel_convert(const mxconf_kernel& k, const std::vector<std::uint32_t>& in) {
  const mxconf_policies policies = abi_policies(ocp());
  std::vector<std::uint8_t> out(in.size());
  const mxconf_convert_args args{sizeof(mxconf_convert_args), MXCONF_FORMAT_FP32, MXCONF_FORMAT_E4M3,
                                 MXCONF_ROUND_RNE, MXCONF_OVERFLOW_SATURATE, MXCONF_LAYOUT_BYTE, in.data(), nullptr,
                                 out.data(), in.size(), &policies};
  EXPECT_EQ(k.convert(&args), MXCONF_STATUS_OK);
  return out;
}

std::uint64_t reference_e4m3(std::uint32_t bits, Rounding rounding) {
  return convert(format_spec(FormatId::fp32), bits, format_spec(FormatId::e4m3),
                 EncodeOptions{rounding, ocp().element, StochasticBits{}});
}

// Convert through `k` equals the reference under `rounding`; returns how many inputs differ from RNE.
std::size_t expect_convert_is(const mxconf_kernel& k, Rounding rounding) {
  const auto in = fp32_inputs();
  const auto out = kernel_convert(k, in);
  std::size_t differ_from_rne = 0, mismatches = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (out[i] != reference_e4m3(in[i], rounding) && ++mismatches <= 5)
      ADD_FAILURE() << k.name << ": fp32 0x" << std::hex << in[i] << " -> 0x" << int{out[i]} << ", reference "
                    << to_string(rounding) << " 0x" << reference_e4m3(in[i], rounding);
    differ_from_rne += out[i] != reference_e4m3(in[i], Rounding::rne);
  }
  EXPECT_EQ(mismatches, 0u);
  return differ_from_rne;
}

std::vector<std::uint32_t> kernel_decode(const mxconf_kernel& k, mxconf_format f, std::uint32_t n) {
  std::vector<std::uint8_t> codes(n);
  for (std::uint32_t c = 0; c < n; ++c) codes[c] = static_cast<std::uint8_t>(c);
  std::vector<std::uint32_t> out(n);
  const mxconf_decode_args args{sizeof(mxconf_decode_args), f, MXCONF_FORMAT_FP32, MXCONF_LAYOUT_BYTE,
                                codes.data(), out.data(), n};
  EXPECT_EQ(k.decode(&args), MXCONF_STATUS_OK);
  return out;
}

// Decode of every code equals the reference, NaN-aware, except the codes listed in `except`.
void expect_decode_matches(const mxconf_kernel& k, FormatId f, std::vector<std::uint32_t> except = {}) {
  const std::uint32_t n = 1u << format_spec(f).bits;
  const auto out = kernel_decode(k, abi(f), n);
  for (std::uint32_t c = 0; c < n; ++c) {
    if (std::find(except.begin(), except.end(), c) != except.end()) continue;
    const auto expected = static_cast<std::uint32_t>(
        encode(decode(format_spec(f), c), format_spec(FormatId::fp32), ieee_encode_options(Rounding::rne)));
    if ((expected & 0x7fffffffu) > 0x7f800000u)
      EXPECT_GT(out[c] & 0x7fffffffu, 0x7f800000u) << k.name << " code " << c;
    else
      EXPECT_EQ(out[c], expected) << k.name << " " << format_spec(f).name << " code " << c;
  }
}

struct Quantized {
  std::vector<std::uint8_t> scales, codes;
};

Quantized kernel_quantize(const mxconf_kernel& k, const std::vector<std::vector<std::uint32_t>>& blocks) {
  const std::size_t bk = blocks.front().size();
  std::vector<std::uint32_t> in;
  for (const auto& b : blocks) in.insert(in.end(), b.begin(), b.end());
  const mxconf_policies policies = abi_policies(ocp());
  Quantized q{std::vector<std::uint8_t>(blocks.size()), std::vector<std::uint8_t>(in.size())};
  const mxconf_quantize_args args{sizeof(mxconf_quantize_args), MXCONF_FORMAT_FP32, MXCONF_FORMAT_E4M3,
                                  MXCONF_SCALE_FLOOR, MXCONF_ROUND_RNE, MXCONF_OVERFLOW_SATURATE,
                                  MXCONF_LAYOUT_BYTE, static_cast<std::uint32_t>(bk), in.data(), nullptr,
                                  q.scales.data(), q.codes.data(), blocks.size(), &policies};
  EXPECT_EQ(k.quantize(&args), MXCONF_STATUS_OK);
  return q;
}

QuantizedBlock reference_block(const std::vector<std::uint32_t>& block, Rounding rounding) {
  QuantizeOptions o = quantize_options(ocp());
  o.element.rounding = rounding;
  std::vector<ExactValue> values;
  for (const auto bits : block) values.push_back(decode(format_spec(FormatId::fp32), bits));
  return quantize_block(values, format_spec(FormatId::e4m3), o);
}

// The corner blocks plus a block with 400 at scale 2^0 (microxcaling's test: ties away gives 416, RNE 384) and
// tiny blocks whose scale clamps at 2^-127.
std::vector<std::vector<std::uint32_t>> example_blocks() {
  auto blocks = corner_blocks(32);
  std::vector<std::uint32_t> b(32, std::bit_cast<std::uint32_t>(1.0f));
  b[0] = std::bit_cast<std::uint32_t>(400.0f);
  b[1] = std::bit_cast<std::uint32_t>(300.0f);  // amax 400: floor scale 2^0
  blocks.push_back(b);
  for (std::uint32_t exponent : {1u, 5u})  // amax 2^-126 and 2^-122: floor scale code 0
    blocks.push_back(std::vector<std::uint32_t>(32, exponent << 23 | 0x123456u));
  return blocks;
}

TEST(ExampleKernels, GoodKernelMatchesOcpProfile) {
  REQUIRE(good);
  EXPECT_EQ(expect_convert_is(*k, Rounding::rne), 0u);
  expect_decode_matches(*k, FormatId::e4m3);
}

TEST(ExampleKernels, BrokenTiesAwayIsTheReferenceWithTiesAway) {
  REQUIRE(ties_away);
  EXPECT_GT(expect_convert_is(*k, Rounding::rna), 0u) << "the bug must show on ties";
  expect_decode_matches(*k, FormatId::e4m3);
  expect_decode_matches(*k, FormatId::e8m0);
  const auto blocks = example_blocks();
  const Quantized q = kernel_quantize(*k, blocks);
  std::size_t differ = 0;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const QuantizedBlock rna = reference_block(blocks[b], Rounding::rna);
    const QuantizedBlock rne = reference_block(blocks[b], Rounding::rne);
    EXPECT_EQ(q.scales[b], rna.scale) << "block " << b;
    for (std::size_t j = 0; j < 32; ++j) {
      if (rna.scale == 0xff) continue;  // NaN block: element codes are don't-care
      EXPECT_EQ(q.codes[b * 32 + j], rna.codes[j]) << "block " << b << " element " << j;
      differ += q.codes[b * 32 + j] != rne.codes[j];
    }
  }
  EXPECT_GT(differ, 0u);
  EXPECT_EQ(q.codes[(blocks.size() - 3) * 32], 0x7d);  // 400 -> 416 (0x7c = 384 under RNE)
}

TEST(ExampleKernels, BrokenE8m0ZeroDiffersOnlyAtScaleZero) {
  REQUIRE(e8m0_zero);
  EXPECT_EQ(expect_convert_is(*k, Rounding::rne), 0u);
  expect_decode_matches(*k, FormatId::e4m3);
  expect_decode_matches(*k, FormatId::e8m0, {0});
  EXPECT_EQ(kernel_decode(*k, MXCONF_FORMAT_E8M0, 1)[0], 0u) << "the bug: e8m0 code 0 decodes to 0.0";

  const auto blocks = example_blocks();
  const Quantized q = kernel_quantize(*k, blocks);
  std::size_t flushed = 0;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const QuantizedBlock ref = reference_block(blocks[b], Rounding::rne);
    EXPECT_EQ(q.scales[b], ref.scale) << "block " << b;
    for (std::size_t j = 0; j < 32; ++j) {
      if (ref.scale == 0xff) continue;
      if (ref.scale == 0) {  // the bug: every element flushes to (signed) zero
        EXPECT_EQ(q.codes[b * 32 + j] & 0x7f, 0) << "block " << b << " element " << j;
        flushed += ref.codes[j] != q.codes[b * 32 + j];
      } else {
        EXPECT_EQ(q.codes[b * 32 + j], ref.codes[j]) << "block " << b << " element " << j;
      }
    }
  }
  EXPECT_GT(flushed, 0u);

  // Dequantize: scale 0 gives zeros, any other scale the exact product.
  const std::vector<std::uint8_t> scales{0x00, 0x7f, 0x80};
  std::vector<std::uint8_t> codes(3 * 4, 0x38);  // 1.0
  std::vector<std::uint32_t> out(codes.size());
  const mxconf_dequantize_args d{sizeof(mxconf_dequantize_args), MXCONF_FORMAT_E4M3, MXCONF_FORMAT_FP32,
                                 MXCONF_ROUND_RNE, MXCONF_LAYOUT_BYTE, 4, scales.data(), codes.data(), out.data(), 3};
  ASSERT_EQ(k->dequantize(&d), MXCONF_STATUS_OK);
  EXPECT_EQ(out[0], 0u);           // reference: 2^-127 = 0x00400000
  EXPECT_EQ(out[4], 0x3f800000u);  // 1.0
  EXPECT_EQ(out[8], 0x40000000u);  // 2.0
}

}  // namespace
}  // namespace mxconf::kernel_tests
