// The SIMD codec against the scalar codec (itself checked against the reference by mxconf_kernel_tests): every
// bf16 and fp16 input and a few million fp32 inputs per configuration, every code decoded, every (scale, code)
// dequantized, random blocks quantized. Both codecs read the reference's constexpr format table.
// Each check runs once per instruction set compiled in and supported here (AVX2, AVX-512, SSE4, ...: Highway's
// SetSupportedTargetsForTest), so an AVX-512 machine checks the AVX2 code that an AVX2 machine would run.
// The harness checks the kernel module against the reference itself (`mxconf run --builtin simd`).
#include <gtest/gtest.h>
#include <hwy/targets.h>

#include <bit>
#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "mxconf/kernels/scalar_codec.hpp"
#include "mxconf/kernels/simd_codec.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/policy_names.hpp"
#include "mxconf/reference/profile.hpp"

namespace {

namespace sc = mxconf::scalar_codec;
namespace simd = mxconf::simd_codec;
using mxconf::ElementPolicies;
using mxconf::FormatId;
using mxconf::Rounding;

constexpr FormatId kDestinations[] = {FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3,
                                      FormatId::e2m1, FormatId::int8, FormatId::e8m0};
constexpr FormatId kElements[] = {FormatId::e4m3, FormatId::e5m2, FormatId::e3m2,
                                  FormatId::e2m3, FormatId::e2m1, FormatId::int8};
constexpr Rounding kRoundings[] = {Rounding::rne, Rounding::rtz, Rounding::rup, Rounding::rdn, Rounding::rna};
constexpr mxconf::Overflow kOverflows[] = {mxconf::Overflow::saturate, mxconf::Overflow::non_saturating};

std::string hex(std::uint64_t v) {
  std::ostringstream out;
  out << "0x" << std::hex << v;
  return out.str();
}

// The element policies of every profile in the reference's table (ocp, nvidia, torchao, ml_dtypes, tosa, ...), and
// torch's e8m0 cast (notes/real-clients.md §2: |x| of negatives, zero -> 0x00, (2^-127, 2^-126) -> 0x01).
std::vector<std::pair<std::string, ElementPolicies>> policy_bundles() {
  std::vector<std::pair<std::string, ElementPolicies>> out;
  for (const auto& p : mxconf::profile_table()) out.emplace_back(std::string(p.name), p.element);
  ElementPolicies torch_e8m0 = mxconf::find_profile("ml_dtypes")->element;
  torch_e8m0.negative_into_unsigned = mxconf::NegativeIntoUnsigned::magnitude;
  torch_e8m0.zero_into_e8m0 = mxconf::ZeroIntoE8m0::smallest;
  torch_e8m0.e8m0_subnormal_rounding = mxconf::E8m0SubnormalRounding::up_above_smallest;
  out.emplace_back("torch-e8m0", torch_e8m0);
  // Issue 8's element values that no profile picks, each on its own over the ocp profile (docs/policies.md).
  const ElementPolicies ocp = mxconf::find_profile("ocp")->element;
  ElementPolicies v = ocp;
  v.nan_encoding.sign = mxconf::NanSign::negative;  // gfloat: one NaN code, sign set (also for overflow NaN)
  out.emplace_back("ocp+nan-sign=negative", v);
  v = ocp;
  v.negative_into_unsigned = mxconf::NegativeIntoUnsigned::smallest;  // ml_dtypes saturating: -x -> 0x00, -Inf Inf
  out.emplace_back("ocp+negative-into-unsigned=smallest", v);
  v = ocp;
  v.inf_into_finite = mxconf::InfIntoFinite::error;  // LLVM APFloat: Inf into FP6 / FP4 / INT8 refused
  v.nan_into_finite = mxconf::NanIntoFinite::positive_max;
  out.emplace_back("ocp+inf-into-finite=error", v);
  v = mxconf::find_profile("ml_dtypes")->element;
  v.e8m0_overflow = mxconf::E8m0Overflow::before_rounding;  // gfloat: 1.25 * 2^127 -> overflow
  out.emplace_back("ml_dtypes+e8m0-overflow=before-rounding", v);
  return out;
}

bool same(const ElementPolicies& a, const ElementPolicies& b) {
  return a.overflow == b.overflow && a.directed_overflow == b.directed_overflow &&
         a.inf_under_saturation == b.inf_under_saturation && a.nan_encoding.sign == b.nan_encoding.sign &&
         a.nan_encoding.mantissa == b.nan_encoding.mantissa && a.nan_into_finite == b.nan_into_finite &&
         a.int8_range == b.int8_range && a.subnormal_input == b.subnormal_input &&
         a.negative_into_unsigned == b.negative_into_unsigned && a.zero_into_e8m0 == b.zero_into_e8m0 &&
         a.e8m0_subnormal_rounding == b.e8m0_subnormal_rounding && a.inf_into_finite == b.inf_into_finite &&
         a.e8m0_overflow == b.e8m0_overflow;
}

// policy_bundles() without repeats (the torchao profiles share their element policies, for example).
std::vector<std::pair<std::string, ElementPolicies>> distinct_bundles() {
  std::vector<std::pair<std::string, ElementPolicies>> out;
  for (const auto& [name, p] : policy_bundles()) {
    bool seen = false;
    for (const auto& [other, q] : out) seen |= same(p, q);
    if (!seen) out.emplace_back(name, p);
  }
  return out;
}

// A random value of each policy enum, every value of the registry possible.
template <typename E>
E any(std::mt19937& rng) {
  return static_cast<E>(rng() % mxconf::enumerator_count<E>());
}

// Every instruction set compiled in and supported by this CPU; the first one is the one dispatch picks.
std::vector<std::int64_t> targets() { return hwy::SupportedAndGeneratedTargets(); }
std::string target_label(const testing::TestParamInfo<std::int64_t>& info) { return hwy::TargetName(info.param); }
// The vector targets (not Highway's scalar emulation, checked by the smaller tests below): the long sweeps run on
// these.
std::vector<std::int64_t> vector_targets() {
  std::vector<std::int64_t> out;
  for (const auto t : targets())
    if (t != HWY_SCALAR && t != HWY_EMU128 && t != HWY_SSSE3) out.push_back(t);
  return out;
}

class SimdCodecOnTarget : public testing::TestWithParam<std::int64_t> {
 protected:
  void SetUp() override {
    hwy::SetSupportedTargetsForTest(GetParam());
    ASSERT_EQ(std::string(simd::target_name()), std::string(hwy::TargetName(GetParam())));
  }
  void TearDown() override { hwy::SetSupportedTargetsForTest(0); }
};
INSTANTIATE_TEST_SUITE_P(Targets, SimdCodecOnTarget, testing::ValuesIn(targets()), target_label);

// Runs the scalar codec once on `in`, then the SIMD codec on every target, and reports the first differences. The
// scalar codec's refused elements (status not ok) are 0 in both and make both calls fail.
template <typename In, typename Scalar, typename Simd>
void expect_same(const std::string& what, std::span<const In> in, Scalar scalar, Simd vector) {
  std::vector<std::uint8_t> want(in.size()), got(in.size());
  const sc::Status ws = scalar(in, std::span<std::uint8_t>(want));
  for (const std::int64_t target : vector_targets()) {
    hwy::SetSupportedTargetsForTest(target);
    std::fill(got.begin(), got.end(), std::uint8_t{0xaa});
    const simd::Status gs = vector(in, std::span<std::uint8_t>(got));
    const std::string where = what + " [" + hwy::TargetName(target) + "]";
    EXPECT_EQ(ws == sc::Status::ok, gs == simd::Status::ok) << where;
    int shown = 0;
    for (std::size_t i = 0; i < in.size() && shown < 5; ++i)
      if (want[i] != got[i]) {
        ADD_FAILURE() << where << ": input " << hex(in[i]) << " scalar " << hex(want[i]) << " simd " << hex(got[i]);
        ++shown;
      }
  }
  hwy::SetSupportedTargetsForTest(0);
}

TEST(SimdCodecConvert, EveryBf16AndFp16InputEveryConfigurationEveryTarget) {
  std::vector<std::uint16_t> all(65536);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint16_t>(i);
  std::size_t configurations = 0;
  for (const auto& [name, base] : distinct_bundles())
    for (const FormatId to : kDestinations)
      for (const Rounding r : kRoundings)
        for (const auto o : kOverflows)
          for (const bool flush : {false, true}) {
            ElementPolicies p = base;
            p.overflow = o;
            if (flush) p.subnormal_input = mxconf::SubnormalInput::flush;
            const auto want = sc::make_convert_plan(to, r, p);
            const auto got = simd::make_convert_plan(to, r, p);
            const std::string what = name + " -> " + std::string(mxconf::format_spec(to).name) + " " +
                                     std::string(mxconf::to_string(r)) + (o == kOverflows[0] ? " sat" : " nonsat") +
                                     (flush ? " flush" : "");
            expect_same<std::uint16_t>(
                "bf16 " + what, all, [&](auto in, auto out) { return sc::convert_bf16(want, in, {}, out); },
                [&](auto in, auto out) { return simd::convert_bf16(got, in, out); });
            expect_same<std::uint16_t>(
                "fp16 " + what, all, [&](auto in, auto out) { return sc::convert_fp16(want, in, {}, out); },
                [&](auto in, auto out) { return simd::convert_fp16(got, in, out); });
            ++configurations;
          }
  EXPECT_GT(configurations, 1000u);
}

// Every exponent with boundary mantissas (0, 1, the grid points and midpoints of every destination +-1), and
// 2^20 random patterns: about 1.8 M fp32 inputs per configuration.
std::vector<std::uint32_t> fp32_inputs(int random_count) {
  std::vector<std::uint32_t> v;
  for (std::uint32_t sign = 0; sign < 2; ++sign)
    for (std::uint32_t e = 0; e < 256; ++e)
      for (int bits = 1; bits <= 8; ++bits)
        for (std::uint32_t head = 0; head < (1u << bits); ++head)
          for (const int delta : {-1, 0, 1}) {
            const std::uint32_t m = (head << (23 - bits)) + static_cast<std::uint32_t>(delta);
            v.push_back(sign << 31 | e << 23 | (m & 0x7f'ffff));
          }
  std::mt19937 rng(2026);
  for (int i = 0; i < random_count; ++i) v.push_back(static_cast<std::uint32_t>(rng()));
  return v;
}

TEST(SimdCodecConvert, MillionsOfFp32InputsEveryConfigurationEveryTarget) {
  const auto many = fp32_inputs(1 << 20);
  const auto boundaries = fp32_inputs(1 << 12);
  ASSERT_GT(many.size(), 1'800'000u);
  ASSERT_GT(boundaries.size(), 780'000u);
  // Every distinct element-policy bundle (every profile, torch's e8m0 cast, each of issue 8's values); the four
  // profiles of the first SIMD release with 2^20 random patterns more.
  std::size_t bundles = 0;
  for (const auto& [profile, base] : distinct_bundles()) {
    const bool long_run = profile == "ocp" || profile == "nvidia" || profile == "ml_dtypes" || profile == "tosa";
    const auto& in = long_run ? many : boundaries;
    for (const FormatId to : kDestinations)
      for (const Rounding r : kRoundings)
        for (const auto o : kOverflows) {
          ElementPolicies p = base;
          p.overflow = o;
          const auto want = sc::make_convert_plan(to, r, p);
          const auto got = simd::make_convert_plan(to, r, p);
          expect_same<std::uint32_t>(
              profile + " fp32 -> " + std::string(mxconf::format_spec(to).name) + " " +
                  std::string(mxconf::to_string(r)) + (o == kOverflows[0] ? " sat" : " nonsat"),
              in, [&](auto i, auto out) { return sc::convert_fp32(want, i, out); },
              [&](auto i, auto out) { return simd::convert_fp32(got, i, out); });
        }
    ++bundles;
  }
  EXPECT_GE(bundles, 12u);
}

// Lengths that are not a multiple of any vector width take the padded tail; nothing past `count` is written.
TEST_P(SimdCodecOnTarget, ConvertTailsAndGuards) {
  const auto plan = simd::make_convert_plan(FormatId::e4m3, Rounding::rne, mxconf::find_profile("ocp")->element);
  const auto ref = sc::make_convert_plan(FormatId::e4m3, Rounding::rne, mxconf::find_profile("ocp")->element);
  std::mt19937 rng(5);
  for (std::size_t n = 0; n < 70; ++n) {
    std::vector<std::uint32_t> in(n);
    for (auto& x : in) x = static_cast<std::uint32_t>(rng());
    std::vector<std::uint8_t> got(n + 64, 0x5a), want(n);
    const auto s = simd::convert_fp32(plan, in, std::span(got).first(n));
    (void)sc::convert_fp32(ref, in, want);
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(got[i], want[i]) << n << " " << i;
    for (std::size_t i = n; i < got.size(); ++i) ASSERT_EQ(got[i], 0x5a) << "wrote past " << n;
    (void)s;
  }
}

TEST_P(SimdCodecOnTarget, DecodeEveryCodeOfEveryFormat) {
  std::vector<std::uint8_t> codes(256 + 13);
  for (std::size_t i = 0; i < codes.size(); ++i) codes[i] = static_cast<std::uint8_t>(i);
  for (const FormatId f : kDestinations) {
    const auto mask = static_cast<std::uint32_t>(mxconf::code_mask(mxconf::format_spec(f)));
    std::vector<std::uint8_t> valid;
    for (const auto c : codes)
      if (c <= mask) valid.push_back(c);
    std::vector<std::uint32_t> got(valid.size()), want(valid.size());
    EXPECT_EQ(simd::decode_fp32(f, valid, got), simd::Status::ok);
    EXPECT_EQ(sc::decode_fp32(f, valid, want), sc::Status::ok);
    for (std::size_t i = 0; i < valid.size(); ++i)
      EXPECT_EQ(got[i], want[i]) << mxconf::format_spec(f).name << " code " << hex(valid[i]);
    if (mask < 255) {  // a code wider than the format is refused
      std::vector<std::uint32_t> out(codes.size());
      EXPECT_EQ(simd::decode_fp32(f, codes, out), simd::Status::invalid_argument) << mxconf::format_spec(f).name;
    }
  }
}

TEST_P(SimdCodecOnTarget, DequantizeEveryScaleAndCode) {
  for (const FormatId e : kElements) {
    const auto mask = static_cast<std::uint32_t>(mxconf::code_mask(mxconf::format_spec(e)));
    std::vector<std::uint8_t> scales(256), codes;
    for (std::size_t s = 0; s < 256; ++s) {
      scales[s] = static_cast<std::uint8_t>(s);
      for (std::uint32_t j = 0; j < 32; ++j) codes.push_back(static_cast<std::uint8_t>((s * 7 + j * 11) & mask));
    }
    for (const FormatId to : {FormatId::fp32, FormatId::bf16, FormatId::fp16})
      for (const Rounding r : kRoundings) {
        const auto plan = simd::make_ieee_plan(to, r);
        const auto ref = sc::make_dequantize_plan(e, to, r);
        std::vector<std::uint32_t> got32(codes.size());
        std::vector<std::uint16_t> got16(codes.size());
        const bool wide = to == FormatId::fp32;
        ASSERT_EQ(simd::dequantize(plan, e, 32, scales, codes, wide ? std::span(got32) : std::span<std::uint32_t>(),
                                   wide ? std::span<std::uint16_t>() : std::span(got16)),
                  simd::Status::ok);
        int shown = 0;
        for (std::size_t i = 0; i < codes.size() && shown < 5; ++i) {
          const std::uint32_t want = *sc::dequantize(ref, scales[i / 32], codes[i]);
          const std::uint32_t got = wide ? got32[i] : got16[i];
          if (want != got) {
            ADD_FAILURE() << mxconf::format_spec(e).name << " -> " << mxconf::format_spec(to).name << " "
                          << mxconf::to_string(r) << " scale " << hex(scales[i / 32]) << " code " << hex(codes[i])
                          << " scalar " << hex(want) << " simd " << hex(got);
            ++shown;
          }
        }
      }
  }
}

// Random blocks (finite values across many binades, with zeros, subnormals, NaN and Inf mixed in) under every
// rule the SIMD codec implements, every profile's policies and random block policies, k = 32, 16 and 7.
TEST_P(SimdCodecOnTarget, QuantizeRandomBlocksEveryRuleAndProfile) {
  std::mt19937 rng(31);
  // Blocks of three sizes: ordinary (binades 100..149, a few anywhere), tiny (scale code 0x00, where
  // min-scale-divisor acts) and huge (next to FLT_MAX, where EVEN carries into the Inf pattern).
  enum class Size { ordinary, tiny, huge };
  auto value = [&](Size size) -> std::uint32_t {
    const auto kind = static_cast<std::uint32_t>(rng() % 64);
    const auto sign = static_cast<std::uint32_t>(rng() & 1) << 31;
    if (kind == 0) return sign | 0x7f80'0000;                          // Inf
    if (kind == 1) return sign | 0x7f80'0000 | (rng() & 0x7f'ffff) | 1;  // NaN
    if (kind == 2) return sign;                                        // zero
    if (kind == 3) return sign | (rng() & 0x7f'ffff);                  // subnormal
    std::uint32_t e = static_cast<std::uint32_t>(kind < 8 ? rng() % 255 : 100 + rng() % 50);
    if (size == Size::tiny) e = static_cast<std::uint32_t>(rng() % 7);
    if (size == Size::huge) e = static_cast<std::uint32_t>(250 + rng() % 5);
    return sign | e << 23 | (rng() & 0x7f'ffff);
  };
  const mxconf::ScaleRule rules[] = {mxconf::ScaleRule::floor,      mxconf::ScaleRule::ceil,
                                     mxconf::ScaleRule::even,       mxconf::ScaleRule::rceil,
                                     mxconf::ScaleRule::rceil_fp32, mxconf::ScaleRule::rceil_log2f};
  std::size_t blocks_checked = 0;
  for (const auto& profile : mxconf::profile_table())
    for (const FormatId e : kElements)
      for (const auto rule : rules)
        for (const std::size_t k : {std::size_t{32}, std::size_t{16}, std::size_t{7}}) {
          mxconf::BlockPolicies block = profile.block;
          block.rule = rule;
          block.nan = any<mxconf::BlockNan>(rng);
          block.inf = any<mxconf::BlockInf>(rng);
          block.zero_amax = any<mxconf::ZeroAmax>(rng);
          block.scale_overflow = any<mxconf::ScaleOverflow>(rng);
          block.min_scale_divisor = any<mxconf::MinScaleDivisor>(rng);
          ElementPolicies element = profile.element;  // the element values of issue 8 that act on quantize
          element.nan_encoding.sign = any<mxconf::NanSign>(rng);
          element.inf_into_finite = any<mxconf::InfIntoFinite>(rng);
          const Rounding r = kRoundings[rng() % 5];
          const auto want_plan = sc::make_quantize_plan(e, r, element, block);
          const auto got_plan = simd::make_quantize_plan(e, r, element, block);
          const std::size_t blocks = 24;
          std::vector<std::uint32_t> in(blocks * k);
          for (std::size_t b = 0; b < blocks; ++b) {
            const bool clean = b % 3 != 0;  // two blocks in three without NaN / Inf
            const Size size = b % 4 == 1 ? Size::tiny : b % 4 == 2 ? Size::huge : Size::ordinary;
            for (std::size_t i = 0; i < k; ++i) {
              std::uint32_t v = value(size);
              while (clean && (v & 0x7f80'0000) == 0x7f80'0000) v = value(size);
              in[b * k + i] = v;
            }
          }
          std::vector<std::uint16_t> in16(in.size());
          for (std::size_t i = 0; i < in.size(); ++i) in16[i] = static_cast<std::uint16_t>(in[i] >> 16);
          for (const bool bf16 : {false, true}) {
            std::vector<std::uint8_t> scales(blocks), codes(in.size());
            const auto s = bf16 ? simd::quantize_bf16(got_plan, k, in16, scales, codes)
                                : simd::quantize_fp32(got_plan, k, in, scales, codes);
            bool any_refused = false;
            for (std::size_t b = 0; b < blocks; ++b) {
              std::uint8_t want_scale = 0;
              std::vector<std::uint8_t> want_codes(k);
              const auto ws = bf16 ? sc::quantize_block_bf16(want_plan, std::span(in16).subspan(b * k, k), {},
                                                             want_scale, want_codes)
                                   : sc::quantize_block_fp32(want_plan, std::span(in).subspan(b * k, k), {},
                                                             want_scale, want_codes);
              any_refused |= ws != sc::Status::ok;
              const std::string what = std::string(profile.name) + " " + std::string(mxconf::format_spec(e).name) +
                                       " " + std::string(mxconf::to_string(rule)) + " k=" + std::to_string(k) +
                                       (bf16 ? " bf16" : " fp32") + " block " + std::to_string(b);
              ASSERT_EQ(scales[b], want_scale) << what;
              for (std::size_t i = 0; i < k; ++i)
                ASSERT_EQ(codes[b * k + i], want_codes[i]) << what << " element " << i << " input "
                                                           << hex(in[b * k + i]);
              ++blocks_checked;
            }
            EXPECT_EQ(s == simd::Status::ok, !any_refused);
          }
        }
  EXPECT_GT(blocks_checked, 10'000u);
}

// Every block policy value and every rule on one-element blocks whose amax runs over every binade with the
// mantissas where the rules change their answer (the significand of M and its neighbours, the EVEN threshold,
// the low mantissas where rceil-log2f's thresholds lie, 1.0 and all ones), plus zero, subnormals, Inf and NaN: the
// scale and the code of each, against the scalar codec (whose rceil-log2f thresholds are derived another way).
TEST(SimdCodecQuantize, EveryRuleAndBlockPolicyAtEveryAmax) {
  std::vector<std::uint32_t> common;
  for (std::uint32_t e = 0; e < 255; ++e) {
    for (std::uint32_t head = 0; head < 256; ++head)
      for (const int delta : {-1, 0, 1})
        common.push_back(e << 23 | (((head << 15) + static_cast<std::uint32_t>(delta)) & 0x7f'ffff));
    common.push_back(e << 23 | 0x7f'ffff);
  }
  for (const std::uint32_t special : {0x0u, 0x1u, 0x7f80'0000u, 0x7fc0'0000u, 0x7f80'0001u}) common.push_back(special);
  std::size_t configurations = 0;
  for (const FormatId e : kElements) {
    // rceil-log2f decides on q = fl32(amax / M) = 2^k (1 + X / 2^23) with X small: amax next to 2^k (1 + X / 2^23) M
    // for every k and X < 64 (the sign changes no scale; codes of both signs are checked above).
    std::vector<std::uint32_t> in = common;
    const double m = std::bit_cast<float>(simd::make_quantize_plan(e, Rounding::rne, mxconf::find_profile("ocp")->element,
                                                                   mxconf::find_profile("ocp")->block)
                                              .max_bits);
    for (int k = -149; k <= 127; ++k)
      for (int x = 0; x < 64; ++x) {
        const auto a = static_cast<float>(std::ldexp(1.0 + std::ldexp(x, -23), k) * m);
        if (!std::isfinite(a)) continue;
        for (const int delta : {-2, -1, 0, 1, 2})
          in.push_back(static_cast<std::uint32_t>(static_cast<std::int64_t>(std::bit_cast<std::uint32_t>(a)) + delta));
      }
    for (std::size_t rule = 0; rule < mxconf::enumerator_count<mxconf::ScaleRule>(); ++rule) {
      const auto scale_rule = static_cast<mxconf::ScaleRule>(rule);
      if (scale_rule == mxconf::ScaleRule::tosa || scale_rule == mxconf::ScaleRule::tosa_2023 ||
          scale_rule == mxconf::ScaleRule::fp4_three_quarters)
        continue;  // not implemented (make_quantize_plan refuses them; the kernel does not declare them)
      // Each block-inf and each min-scale-divisor value (they act on different blocks: Inf or EVEN's carry; scale
      // code 0x00), paired up rather than crossed.
      for (std::size_t inf = 0; inf < mxconf::enumerator_count<mxconf::BlockInf>(); ++inf) {
        const std::size_t divisor = inf % mxconf::enumerator_count<mxconf::MinScaleDivisor>();
        {
          mxconf::BlockPolicies block = mxconf::find_profile("ocp")->block;
          block.rule = scale_rule;
          block.inf = static_cast<mxconf::BlockInf>(inf);
          block.min_scale_divisor = static_cast<mxconf::MinScaleDivisor>(divisor);
          block.zero_amax = static_cast<mxconf::ZeroAmax>(configurations % 2);
          block.scale_overflow = static_cast<mxconf::ScaleOverflow>(configurations / 2 % 2);
          block.nan = static_cast<mxconf::BlockNan>(configurations / 4 % 2);
          const Rounding r = kRoundings[configurations % 5];
          const ElementPolicies element = mxconf::find_profile("torchao-floor")->element;
          const auto want = sc::make_quantize_plan(e, r, element, block);
          const auto got = simd::make_quantize_plan(e, r, element, block);
          std::vector<std::uint8_t> want_scales(in.size()), want_codes(in.size());
          for (std::size_t i = 0; i < in.size(); ++i)
            (void)sc::quantize_block_fp32(want, std::span(in).subspan(i, 1), {}, want_scales[i],
                                          std::span(want_codes).subspan(i, 1));
          for (const std::int64_t target : vector_targets()) {
            hwy::SetSupportedTargetsForTest(target);
            std::vector<std::uint8_t> scales(in.size(), 0xaa), codes(in.size(), 0xaa);
            (void)simd::quantize_fp32(got, 1, in, scales, codes);
            const std::string what = std::string(mxconf::format_spec(e).name) + " " +
                                     std::string(mxconf::to_string(scale_rule)) + " block-inf " +
                                     std::to_string(inf) + " min-scale-divisor " + std::to_string(divisor) + " [" +
                                     hwy::TargetName(target) + "]";
            int shown = 0;
            for (std::size_t i = 0; i < in.size() && shown < 5; ++i)
              if (scales[i] != want_scales[i] || codes[i] != want_codes[i]) {
                ADD_FAILURE() << what << ": amax " << hex(in[i]) << " scalar " << hex(want_scales[i]) << "/"
                              << hex(want_codes[i]) << " simd " << hex(scales[i]) << "/" << hex(codes[i]);
                ++shown;
              }
          }
          hwy::SetSupportedTargetsForTest(0);
          ++configurations;
        }
      }
    }
  }
  static_assert(mxconf::enumerator_count<mxconf::BlockInf>() >= mxconf::enumerator_count<mxconf::MinScaleDivisor>());
  EXPECT_EQ(configurations, 6u * 6u * mxconf::enumerator_count<mxconf::BlockInf>());
}

TEST(SimdCodec, DispatchesToAnInstructionSet) {
  const std::string target = simd::target_name();
  EXPECT_FALSE(target.empty());
  std::cout << "SIMD codec target on this machine: " << target << "\n";
}

}  // namespace
