// (6) The scalar codec behind the kernel ABI (mxconf_scalar_codec_kernel, dlopen'ed as the harness does): the
// capability table is well formed and complete; every operation through the C function pointers equals the
// library call; PACKED layouts round-trip and never write past their end; bad arguments get the right status.
//
// The module's path comes from MXCONF_SCALAR_CODEC_KERNEL_PATH (tests/kernels/CMakeLists.txt).
#include <random>
#include <set>
#include <tuple>

#include "kernel_test_support.hpp"
#include "mxconf/reference/policy_names.hpp"
#include "test_scalar_codec_support.hpp"

namespace {

using namespace sctest;
using mxconf::kernel_tests::abi;
using mxconf::kernel_tests::abi_policies;

#ifdef MXCONF_SCALAR_CODEC_KERNEL_PATH
constexpr const char* kPath = MXCONF_SCALAR_CODEC_KERNEL_PATH;
#else
constexpr const char* kPath = nullptr;
#endif

const mxconf_kernel& kernel() {
  static const auto loaded = kPath == nullptr ? mxconf::kernel_tests::LoadedKernel{nullptr, "no path"}
                                              : mxconf::kernel_tests::load_kernel(kPath);
  if (loaded.kernel == nullptr) throw std::runtime_error("scalar codec kernel not loaded: " + loaded.error);
  return *loaded.kernel;
}

constexpr std::uint8_t kGuard = 0xa5;
constexpr int kSrBits = 8;

TEST(ScalarCodecAbi, CapabilityTableIsWellFormedAndComplete) {
  ASSERT_NE(kPath, nullptr) << "MXCONF_SCALAR_CODEC_KERNEL_PATH not defined";
  const mxconf_kernel& k = kernel();
  EXPECT_EQ(k.abi_version, static_cast<std::uint32_t>(MXCONF_KERNEL_ABI_VERSION));
  EXPECT_STREQ(k.name, "scalar-codec");
  ASSERT_NE(k.version, nullptr);
  ASSERT_NE(k.convert, nullptr);
  ASSERT_NE(k.decode, nullptr);
  ASSERT_NE(k.quantize, nullptr);
  ASSERT_NE(k.dequantize, nullptr);
  ASSERT_NE(k.dot, nullptr);
  std::set<std::tuple<int, int, int>> seen;
  std::map<int, int> per_operation;
  const std::uint32_t valid_rounding = 0b111'1110, valid_overflow = 0b110, valid_rules = 0x3fe, layouts = 0b110;
  for (std::size_t i = 0; i < k.capability_count; ++i) {
    const mxconf_capability& c = k.capabilities[i];
    SCOPED_TRACE("capability " + std::to_string(i));
    EXPECT_TRUE(seen.insert({c.operation, c.source, c.target}).second) << "duplicate";
    ++per_operation[c.operation];
    EXPECT_EQ(c.rounding_mask & ~valid_rounding, 0u);
    EXPECT_EQ(c.overflow_mask & ~valid_overflow, 0u);
    EXPECT_EQ(c.scale_rule_mask & ~valid_rules, 0u);
    EXPECT_EQ(c.layout_mask, layouts);
    EXPECT_EQ(c.max_block_size, 0u);
    EXPECT_EQ(c.flags, MXCONF_CAP_POLICIES);
    switch (c.operation) {
      case MXCONF_OP_CONVERT:
        EXPECT_EQ(c.rounding_mask, valid_rounding);
        EXPECT_EQ(c.overflow_mask, valid_overflow);
        EXPECT_EQ(c.sr_bits, static_cast<std::uint32_t>(kSrBits));
        break;
      case MXCONF_OP_QUANTIZE:
        EXPECT_EQ(c.rounding_mask, valid_rounding);
        EXPECT_EQ(c.scale_rule_mask, valid_rules);
        EXPECT_EQ(c.sr_bits, static_cast<std::uint32_t>(kSrBits));
        break;
      case MXCONF_OP_DEQUANTIZE:
      case MXCONF_OP_DOT:
        EXPECT_EQ(c.rounding_mask, valid_rounding & ~(1u << MXCONF_ROUND_SR));
        break;
      case MXCONF_OP_DECODE:
        EXPECT_EQ(c.target, MXCONF_FORMAT_FP32);
        break;
      default:
        ADD_FAILURE() << "unknown operation " << c.operation;
    }
  }
  EXPECT_EQ(per_operation[MXCONF_OP_CONVERT], 21);  // {fp32, bf16, fp16} x {6 elements, e8m0}
  EXPECT_EQ(per_operation[MXCONF_OP_DECODE], 7);
  EXPECT_EQ(per_operation[MXCONF_OP_QUANTIZE], 12);    // {fp32, bf16} x 6 elements
  EXPECT_EQ(per_operation[MXCONF_OP_DEQUANTIZE], 18);  // 6 elements x {fp32, bf16, fp16}
  EXPECT_EQ(per_operation[MXCONF_OP_DOT], 6);
}

// Inputs for a source: specials, then random patterns (half near the element ranges).
std::vector<std::uint32_t> inputs32(std::size_t n) {
  std::vector<std::uint32_t> v{0x0000'0000, 0x8000'0000, 0x7f80'0000, 0xff80'0000, 0x7fc0'0000, 0xffc0'0001,
                               0x0000'0001, 0x0040'0001, 0x43e8'0000, 0x43e8'0001, 0x7f7f'ffff, 0xbfff'e000};
  std::mt19937 rng(1);
  while (v.size() < n) {
    const auto b = static_cast<std::uint32_t>(rng());
    v.push_back(v.size() % 2 ? b : (b & 0x807f'ffffu) | (static_cast<std::uint32_t>(100 + rng() % 40) << 23));
  }
  return v;
}

std::vector<mxconf::Profile> profiles() {
  const auto t = mxconf::profile_table();
  return {t.begin(), t.end()};
}

TEST(ScalarCodecAbi, ConvertEqualsLibraryInBothLayouts) {
  const mxconf_kernel& k = kernel();
  const auto in32 = inputs32(3000);
  std::vector<std::uint16_t> in16;
  for (const auto x : in32) in16.push_back(static_cast<std::uint16_t>(x >> 16));
  std::vector<std::uint32_t> random(in32.size());
  for (std::size_t i = 0; i < random.size(); ++i) random[i] = random_for(i, kSrBits);
  for (const auto& profile : profiles())
    for (const FormatId from : {FormatId::fp32, FormatId::bf16, FormatId::fp16})
      for (const FormatId to : kDestinations)
        for (const Rounding r : kRoundings)
          for (const auto overflow : {mxconf::Overflow::saturate, mxconf::Overflow::non_saturating})
            for (const auto layout : {MXCONF_LAYOUT_BYTE, MXCONF_LAYOUT_PACKED}) {
              ElementPolicies p = profile.element;
              p.overflow = overflow;
              const mxconf_policies policies = abi_policies(p, profile.block);
              const std::size_t n = in32.size();
              const std::size_t bytes = layout == MXCONF_LAYOUT_PACKED ? sc::packed_size(to, n) : n;
              std::vector<std::uint8_t> out(bytes + 4, kGuard);
              mxconf_convert_args a{};
              a.struct_size = sizeof a;
              a.source = abi(from);
              a.target = abi(to);
              a.rounding = abi(r);
              a.overflow = abi(overflow);
              a.layout = layout;
              a.input = from == FormatId::fp32 ? static_cast<const void*>(in32.data()) : in16.data();
              a.random = r == Rounding::sr ? random.data() : nullptr;
              a.output = out.data();
              a.count = n;
              a.policies = &policies;
              const int status = k.convert(&a);
              // The library on the same inputs.
              const sc::ConvertPlan plan = sc::make_convert_plan(to, r, p, r == Rounding::sr ? kSrBits : 0);
              std::vector<std::uint8_t> want(n);
              bool refused = false;
              for (std::size_t i = 0; i < n; ++i) {
                const sc::Encoded e = sc::convert(plan, from, from == FormatId::fp32 ? in32[i] : in16[i],
                                                  r == Rounding::sr ? random[i] : 0);
                refused |= e.status != sc::Status::ok;
                want[i] = static_cast<std::uint8_t>(e.code);
              }
              const std::string what =
                  describe_config(from, to, r, kSrBits, p) + (layout == MXCONF_LAYOUT_PACKED ? " packed" : " byte");
              ASSERT_EQ(status, refused ? MXCONF_STATUS_INVALID_ARGUMENT : MXCONF_STATUS_OK) << what;
              for (std::size_t g = bytes; g < out.size(); ++g) ASSERT_EQ(out[g], kGuard) << what << " guard";
              std::vector<std::uint8_t> got(n);
              if (layout == MXCONF_LAYOUT_PACKED)
                sc::unpack_codes(to, std::span(out).first(bytes), got);
              else
                got.assign(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
              ASSERT_EQ(got, want) << what;
            }
}

TEST(ScalarCodecAbi, PackedConvertThenPackedDecodeRoundTrips) {
  const mxconf_kernel& k = kernel();
  const auto in = inputs32(1001);  // odd: a half-filled last byte / group
  const auto& profile = *mxconf::find_profile("nvidia");
  const mxconf_policies policies = abi_policies(profile);
  for (const FormatId to : kDestinations) {
    std::vector<std::vector<std::uint32_t>> decoded;
    for (const auto layout : {MXCONF_LAYOUT_BYTE, MXCONF_LAYOUT_PACKED}) {
      std::vector<std::uint8_t> codes(in.size() + 4, kGuard);
      mxconf_convert_args c{sizeof c, MXCONF_FORMAT_FP32, abi(to), MXCONF_ROUND_RNE, MXCONF_OVERFLOW_SATURATE,
                            layout,   in.data(),          nullptr, codes.data(),     in.size(),
                            &policies};
      ASSERT_EQ(k.convert(&c), MXCONF_STATUS_OK);
      std::vector<std::uint32_t> values(in.size() + 1, 0xdead'beef);
      mxconf_decode_args d{sizeof d, abi(to), MXCONF_FORMAT_FP32, layout, codes.data(), values.data(), in.size()};
      ASSERT_EQ(k.decode(&d), MXCONF_STATUS_OK);
      EXPECT_EQ(values.back(), 0xdead'beefu);
      values.pop_back();
      decoded.push_back(values);
    }
    EXPECT_EQ(decoded[0], decoded[1]) << mxconf::format_spec(to).name;
    for (std::size_t i = 0; i < in.size(); i += 97) {
      const auto code = sc::convert_fp32(sc::make_convert_plan(to, Rounding::rne, profile.element), in[i]).code;
      EXPECT_EQ(decoded[0][i], *sc::decode_fp32(to, code));
    }
  }
}

TEST(ScalarCodecAbi, QuantizeDequantizeDotEqualLibrary) {
  const mxconf_kernel& k = kernel();
  std::mt19937 rng(3);
  constexpr std::size_t kBlocks = 23, kK = 32;
  std::vector<std::uint32_t> values(kBlocks * kK);
  for (std::size_t b = 0; b < kBlocks; ++b) {
    const int top = static_cast<int>(rng() % 60) - 30;
    for (std::size_t i = 0; i < kK; ++i)
      values[b * kK + i] =
          (rng() & 0x807f'ffffu) | (static_cast<std::uint32_t>(top - static_cast<int>(rng() % 10) + 127) << 23);
  }
  values[5] = 0x7fc0'0000;   // NaN in block 0
  values[40] = 0xff80'0000;  // -Inf in block 1
  std::vector<std::uint16_t> values16;
  for (const auto x : values) values16.push_back(static_cast<std::uint16_t>(x >> 16));
  std::vector<std::uint32_t> random(values.size());
  for (auto& r : random) r = rng() & 0xff;

  for (const auto& profile : profiles())
    for (const FormatId element : kElements)
      for (const auto layout : {MXCONF_LAYOUT_BYTE, MXCONF_LAYOUT_PACKED})
        for (const auto rule : {mxconf::ScaleRule::floor, mxconf::ScaleRule::rceil_fp32, mxconf::ScaleRule::tosa,
                                mxconf::ScaleRule::fp4_three_quarters})
          for (const bool bf16 : {false, true}) {
            const Rounding rounding =
                rule == mxconf::ScaleRule::fp4_three_quarters ? Rounding::sr : profile.element_rounding;
            const mxconf_policies policies = abi_policies(profile);
            const std::size_t bytes =
                layout == MXCONF_LAYOUT_PACKED ? sc::packed_size(element, values.size()) : values.size();
            std::vector<std::uint8_t> codes(bytes + 4, kGuard), scales(kBlocks + 1, kGuard);
            mxconf_quantize_args q{};
            q.struct_size = sizeof q;
            q.source = bf16 ? MXCONF_FORMAT_BF16 : MXCONF_FORMAT_FP32;
            q.element = abi(element);
            q.rule = abi(rule);
            q.rounding = abi(rounding);
            q.overflow = abi(profile.block.element_overflow);
            q.layout = layout;
            q.block_size = kK;
            q.input = bf16 ? static_cast<const void*>(values16.data()) : values.data();
            q.random = rounding == Rounding::sr ? random.data() : nullptr;
            q.scales = scales.data();
            q.codes = codes.data();
            q.blocks = kBlocks;
            q.policies = &policies;
            const int status = k.quantize(&q);

            mxconf::BlockPolicies block = profile.block;
            block.rule = rule;
            const sc::QuantizePlan plan = sc::make_quantize_plan(element, rounding, profile.element, block,
                                                                 rounding == Rounding::sr ? kSrBits : 0);
            std::vector<std::uint8_t> want_codes(values.size()), want_scales(kBlocks);
            bool refused = false;
            for (std::size_t b = 0; b < kBlocks; ++b) {
              const auto r = rounding == Rounding::sr ? std::span<const std::uint32_t>(random).subspan(b * kK, kK)
                                                      : std::span<const std::uint32_t>();
              const sc::Status s =
                  bf16 ? sc::quantize_block_bf16(plan, std::span(values16).subspan(b * kK, kK), r, want_scales[b],
                                                 std::span(want_codes).subspan(b * kK, kK))
                       : sc::quantize_block_fp32(plan, std::span(values).subspan(b * kK, kK), r, want_scales[b],
                                                 std::span(want_codes).subspan(b * kK, kK));
              refused |= s != sc::Status::ok;
            }
            const std::string what = std::string(profile.name) + " " + std::string(mxconf::format_spec(element).name) +
                                     " " + std::string(mxconf::to_string(rule)) + (bf16 ? " bf16" : " fp32") +
                                     (layout == MXCONF_LAYOUT_PACKED ? " packed" : " byte");
            ASSERT_EQ(status, refused ? MXCONF_STATUS_INVALID_ARGUMENT : MXCONF_STATUS_OK) << what;
            for (std::size_t g = bytes; g < codes.size(); ++g) ASSERT_EQ(codes[g], kGuard) << what;
            ASSERT_EQ(scales[kBlocks], kGuard) << what;
            scales.pop_back();
            std::vector<std::uint8_t> got(values.size());
            sc::unpack_codes(element, codes, got);
            if (layout == MXCONF_LAYOUT_BYTE)
              got.assign(codes.begin(), codes.begin() + static_cast<std::ptrdiff_t>(values.size()));
            ASSERT_EQ(scales, want_scales) << what;
            ASSERT_EQ(got, want_codes) << what;
            if (refused) continue;

            // Dequantize what came out, into each destination.
            for (const FormatId dst : {FormatId::fp32, FormatId::bf16, FormatId::fp16}) {
              std::vector<std::uint32_t> out32(values.size() + 1, 0xdead'beef);
              std::vector<std::uint16_t> out16(values.size() + 1, 0xbeef);
              mxconf_dequantize_args d{sizeof d,
                                       abi(element),
                                       abi(dst),
                                       MXCONF_ROUND_RNE,
                                       layout,
                                       kK,
                                       scales.data(),
                                       codes.data(),
                                       dst == FormatId::fp32 ? static_cast<void*>(out32.data()) : out16.data(),
                                       kBlocks};
              ASSERT_EQ(k.dequantize(&d), MXCONF_STATUS_OK) << what;
              EXPECT_EQ(out32.back(), 0xdead'beefu);
              EXPECT_EQ(out16.back(), 0xbeef);
              const sc::DequantizePlan dp = sc::make_dequantize_plan(element, dst);
              for (std::size_t i = 0; i < values.size(); ++i) {
                const std::uint32_t got_v = dst == FormatId::fp32 ? out32[i] : out16[i];
                ASSERT_EQ(got_v, *sc::dequantize(dp, scales[i / kK], want_codes[i])) << what << " element " << i;
              }
            }
            // Dot of consecutive block pairs: (0,1), (2,3), ... with pairs = 2 (DotGeneral of 2 block pairs each).
            const std::size_t dots = kBlocks / 4;
            std::vector<std::uint32_t> out(dots + 1, 0xdead'beef);
            std::vector<std::uint8_t> sa, sb, ca, cb;
            for (std::size_t d = 0; d < dots; ++d)
              for (std::size_t j = 0; j < 2; ++j) {
                sa.push_back(scales[4 * d + j]);
                sb.push_back(scales[4 * d + 2 + j]);
                for (std::size_t i = 0; i < kK; ++i) {
                  ca.push_back(want_codes[(4 * d + j) * kK + i]);
                  cb.push_back(want_codes[(4 * d + 2 + j) * kK + i]);
                }
              }
            std::vector<std::uint8_t> pa(sc::packed_size(element, ca.size())), pb(pa.size());
            sc::pack_codes(element, ca, pa);
            sc::pack_codes(element, cb, pb);
            const bool packed = layout == MXCONF_LAYOUT_PACKED;
            mxconf_dot_args dot{sizeof dot,
                                abi(element),
                                MXCONF_ROUND_RNE,
                                layout,
                                kK,
                                2,
                                sa.data(),
                                packed ? pa.data() : ca.data(),
                                sb.data(),
                                packed ? pb.data() : cb.data(),
                                out.data(),
                                dots};
            ASSERT_EQ(k.dot(&dot), MXCONF_STATUS_OK) << what;
            EXPECT_EQ(out.back(), 0xdead'beefu);
            for (std::size_t d = 0; d < dots; ++d) {
              std::uint32_t want = 0;
              ASSERT_EQ(sc::dot_fp32(element, element, Rounding::rne, kK, std::span(sa).subspan(2 * d, 2),
                                     std::span(ca).subspan(2 * d * kK, 2 * kK), std::span(sb).subspan(2 * d, 2),
                                     std::span(cb).subspan(2 * d * kK, 2 * kK), want),
                        sc::Status::ok);
              EXPECT_EQ(out[d], want) << what << " dot " << d;
            }
          }
}

TEST(ScalarCodecAbi, StatusesForBadArguments) {
  const mxconf_kernel& k = kernel();
  const auto& ocp = *mxconf::find_profile("ocp");
  mxconf_policies policies = abi_policies(ocp);
  const std::uint32_t nan = 0x7fc0'0000, one = 0x3f80'0000;
  std::uint8_t out[4] = {};
  mxconf_convert_args a{sizeof a,
                        MXCONF_FORMAT_FP32,
                        MXCONF_FORMAT_E2M1,
                        MXCONF_ROUND_RNE,
                        MXCONF_OVERFLOW_SATURATE,
                        MXCONF_LAYOUT_BYTE,
                        &one,
                        nullptr,
                        out,
                        1,
                        &policies};
  EXPECT_EQ(k.convert(&a), MXCONF_STATUS_OK);
  a.input = &nan;  // ocp: nan-into-finite=error
  EXPECT_EQ(k.convert(&a), MXCONF_STATUS_INVALID_ARGUMENT);
  a.input = &one;
  a.source = MXCONF_FORMAT_E4M3;
  EXPECT_EQ(k.convert(&a), MXCONF_STATUS_UNSUPPORTED);
  a.source = MXCONF_FORMAT_FP32;
  a.target = MXCONF_FORMAT_FP16;
  EXPECT_EQ(k.convert(&a), MXCONF_STATUS_UNSUPPORTED);
  a.target = MXCONF_FORMAT_E2M1;
  a.struct_size = 8;
  EXPECT_EQ(k.convert(&a), MXCONF_STATUS_INVALID_ARGUMENT);
  a.struct_size = sizeof a;
  policies.nan_into_finite = static_cast<std::uint8_t>(mxconf::enumerator_count<mxconf::NanIntoFinite>());  // past the last
  EXPECT_EQ(k.convert(&a), MXCONF_STATUS_INVALID_ARGUMENT);
  policies = abi_policies(ocp);
  a.rounding = MXCONF_ROUND_SR;  // needs random values
  EXPECT_EQ(k.convert(&a), MXCONF_STATUS_INVALID_ARGUMENT);
  const std::uint32_t too_wide = 256;
  a.random = &too_wide;
  EXPECT_EQ(k.convert(&a), MXCONF_STATUS_INVALID_ARGUMENT);
  a.rounding = static_cast<mxconf_rounding>(0);  // not a rounding
  EXPECT_EQ(k.convert(&a), MXCONF_STATUS_UNSUPPORTED);
  const std::uint8_t wide_code = 0x10;
  std::uint32_t value = 0;
  mxconf_decode_args d{sizeof d, MXCONF_FORMAT_E2M1, MXCONF_FORMAT_FP32, MXCONF_LAYOUT_BYTE, &wide_code, &value, 1};
  EXPECT_EQ(k.decode(&d), MXCONF_STATUS_INVALID_ARGUMENT);
  d.target = MXCONF_FORMAT_BF16;
  EXPECT_EQ(k.decode(&d), MXCONF_STATUS_UNSUPPORTED);
}

}  // namespace
