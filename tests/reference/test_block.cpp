// MX block quantize / dequantize (OCP MX v1.0 §6.3; spec-rules §3, §4; peer-lessons §2 B). Expected codes are
// worked out by hand in the comments, or come from an independent quantizer written here (E2M1 grid by nearest
// neighbour, scale from the fp32 exponent field), or from properties computed with plain integer arithmetic.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <boost/multiprecision/integer.hpp>
#include <array>
#include <cstdint>
#include <vector>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"

namespace mxconf {
namespace {

const FormatSpec& fmt(FormatId id) { return format_spec(id); }
ExactValue fp32(std::uint32_t bits) { return decode(fmt(FormatId::fp32), bits); }
ExactValue num(std::int64_t integer, std::int64_t exponent = 0) { return ExactValue::dyadic(integer, exponent); }

// The OCP profile's element policies, written out here so the tests do not depend on the profile table.
ElementPolicies ocp_policies() {
  return ElementPolicies{.overflow = Overflow::saturate,
                         .directed_overflow = DirectedOverflow::largest_finite,
                         .inf_under_saturation = InfUnderSaturation::clamp,
                         .nan_encoding = {.sign = NanSign::positive, .mantissa = NanMantissa::all_ones},
                         .nan_into_finite = NanIntoFinite::error,
                         .int8_range = Int8Range::symmetric,
                         .subnormal_input = SubnormalInput::keep,
                         .negative_into_unsigned = NegativeIntoUnsigned::error,
                         .zero_into_e8m0 = ZeroIntoE8m0::smallest,
                         .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact,
                         .inf_into_finite = InfIntoFinite::max,
                         .e8m0_overflow = E8m0Overflow::after_rounding};
}

QuantizeOptions options(ScaleRule rule, Rounding rounding = Rounding::rne) {
  QuantizeOptions o;
  o.block = BlockPolicies{.rule = rule,
                          .nan = BlockNan::nan_scale,
                          .inf = BlockInf::nan_scale,
                          .zero_amax = ZeroAmax::smallest_scale,
                          .scale_overflow = ScaleOverflow::clamp,
                          .element_overflow = Overflow::saturate,
                          .min_scale_divisor = MinScaleDivisor::exact};
  o.element = EncodeOptions{.rounding = rounding, .policies = ocp_policies(), .stochastic = {.bits = 8, .random = 0}};
  return o;
}

QuantizedBlock quantize(const std::vector<ExactValue>& values, FormatId element, const QuantizeOptions& o) {
  return quantize_block(values, fmt(element), o);
}

std::vector<std::uint64_t> codes(std::initializer_list<std::uint64_t> c) { return c; }

// ---------------------------------------------------------------------------------------------------------------
// Names

TEST(BlockNames, RoundTrip) {
  EXPECT_EQ(to_string(BlockNan::nan_scale), "nan-scale");
  EXPECT_EQ(to_string(BlockNan::ignore_in_amax), "ignore-in-amax");
  EXPECT_EQ(to_string(BlockInf::nan_scale), "nan-scale");
  EXPECT_EQ(to_string(BlockInf::largest_scale), "largest-scale");
  EXPECT_EQ(parse_block_nan("ignore-in-amax"), BlockNan::ignore_in_amax);
  EXPECT_EQ(parse_block_nan("nan-scale"), BlockNan::nan_scale);
  EXPECT_EQ(parse_block_inf("largest-scale"), BlockInf::largest_scale);
  EXPECT_EQ(parse_block_inf("nan-scale"), BlockInf::nan_scale);
  EXPECT_FALSE(parse_block_nan("largest-scale"));
  EXPECT_FALSE(parse_block_inf("ignore-in-amax"));
}

// ---------------------------------------------------------------------------------------------------------------
// microxcaling #4 (spec-rules §3.3): 957 in MXFP8-E4M3.

TEST(BlockE4m3, Value957UnderFloorSaturatesTo896) {
  // floor(log2 957) = 9, emax 8: X = 2^1; 957 / 2 = 478.5 > 448 clamps to 0b0'1111'110 (448); 448 * 2 = 896.
  const auto b = quantize({num(957)}, FormatId::e4m3, options(ScaleRule::floor));
  EXPECT_EQ(b.scale, 127u + 1);
  EXPECT_EQ(b.codes, codes({0b0'1111'110}));
  const auto v = dequantize_block(b, fmt(FormatId::e4m3));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(v[0].identical(num(896)));
}

// OCP MX v1.0 §6.3 clamps normals: the block's element_overflow replaces the scalar cast's overflow policy (a
// non-saturating torch / ml_dtypes cast would turn 478.5 into the NaN 0b0'1111'111).
TEST(BlockE4m3, BlockElementOverflowReplacesTheScalarPolicy) {
  auto o = options(ScaleRule::floor);
  o.element.policies.overflow = Overflow::non_saturating;
  EXPECT_EQ(quantize({num(957)}, FormatId::e4m3, o).codes, codes({0b0'1111'110}));
  o.block.element_overflow = Overflow::non_saturating;
  EXPECT_EQ(quantize({num(957)}, FormatId::e4m3, o).codes, codes({0b0'1111'111}));
  // E5M2 (pytorch/ao #436): 127.99999 (0x42FFFFFF) under floor: X = 2^(6 - 15), 1.99999 * 2^15 rounds past the
  // max 57344 (the tie at 61440 is exceeded): saturate gives 0b0'11110'11, non-saturating gives Inf.
  EXPECT_EQ(quantize({fp32(0x42FFFFFF)}, FormatId::e5m2, o).codes, codes({0b0'11111'00}));
  o.block.element_overflow = Overflow::saturate;
  EXPECT_EQ(quantize({fp32(0x42FFFFFF)}, FormatId::e5m2, o).codes, codes({0b0'11110'11}));
}

TEST(BlockE4m3, Value957UnderRceilKeeps960) {
  // ceil(log2(957/448)) = 2: X = 4; 239.25 -> RNE on the 16-step grid of [128, 256) -> 240 = 1.875 * 2^7 =
  // 0b0'1110'111; 240 * 4 = 960.
  const auto b = quantize({num(957)}, FormatId::e4m3, options(ScaleRule::rceil));
  EXPECT_EQ(b.scale, 127u + 2);
  EXPECT_EQ(b.codes, codes({0b0'1110'111}));
  EXPECT_TRUE(dequantize_block(b, fmt(FormatId::e4m3))[0].identical(num(960)));
}

TEST(BlockE4m3, SmallerPeersOf957) {
  // X = 2: 1.0 -> 0.5 = 0b0'0110'000; -3 -> -1.5 = 0b1'0111'100.
  const auto b = quantize({num(957), num(1), num(-3)}, FormatId::e4m3, options(ScaleRule::floor));
  EXPECT_EQ(b.codes, codes({0b0'1111'110, 0b0'0110'000, 0b1'0111'100}));
}

// torchao PR #4725 named cases (peer-lessons §2 B): a premature bf16 cast of amax moves the scale.
TEST(BlockE4m3, PrematureBf16CastCasesKeepTheExactScale) {
  // 0x43E00001 = 448.00003: rceil needs s = 1; bf16(448.00003) = 448 would give s = 0 ("lowers scale").
  EXPECT_EQ(quantize({fp32(0x43E00001)}, FormatId::e4m3, options(ScaleRule::rceil)).scale, 128u);
  // 0x43FFFFFF = 511.99997: floor is 8 - 8 = 0; bf16 rounds it to 512, giving s = 1 ("raises scale").
  EXPECT_EQ(quantize({fp32(0x43FFFFFF)}, FormatId::e4m3, options(ScaleRule::floor)).scale, 127u);
}

// vllm PR #43557 (peer-lessons §2 B): biased_exp(amax / 6) is one binade low for E2M1. amax = 6: floor(log2 6) - 2 =
// 0, while exponent(6/6) = 0 too; amax = 4: floor gives 0 (4 -> code 0b0'11'0), exponent(4/6) gives -1 (8 saturates).
TEST(BlockE2m1, FloorScaleIsNotTheExponentOfAmaxOverSix) {
  const auto b = quantize({num(4), num(1)}, FormatId::e2m1, options(ScaleRule::floor));
  EXPECT_EQ(b.scale, 127u);
  EXPECT_EQ(b.codes, codes({0b0'11'0, 0b0'01'0}));
}

// vllm PR #53110 (peer-lessons §2 B): floor(log2 amax) + 127 without the emax maps the block max to 1.0.
TEST(BlockE4m3, BlockMaxMapsToTheTopBinadeNotToOne) {
  const auto b = quantize({num(300), num(1, -10)}, FormatId::e4m3, options(ScaleRule::floor));
  EXPECT_EQ(b.scale, 127u + 0);  // floor(log2 300) = 8 = emax, so X = 1 (the buggy form gives X = 2^8)
  // 300 lies in [256, 512), step 32: 288 is 12 away, 320 is 20: 288 = 1.125 * 2^8 = 0b0'1111'001.
  // 2^-10 is half the smallest subnormal 2^-9: a tie, to the even neighbour 0.
  EXPECT_EQ(b.codes, codes({0b0'1111'001, 0x00}));
}

// ---------------------------------------------------------------------------------------------------------------
// MXINT8 (spec-rules §1.4, §2.4).

TEST(BlockInt8, PowerOfTwoMaximumIsExactlyOne) {
  for (std::int64_t k : {-120, -10, -1, 0, 1, 7, 100}) {
    SCOPED_TRACE(k);
    // floor: s = k - 0; V / X = 1.0 -> q = 64 = 0x40, never 127 (a 127/128-style saturation).
    const auto b = quantize({num(1, k), num(1, k - 1), num(-1, k - 2)}, FormatId::int8, options(ScaleRule::floor));
    EXPECT_EQ(b.scale, static_cast<std::uint64_t>(127 + k));
    EXPECT_EQ(b.codes, codes({0x40, 0x20, 0xF0}));  // 1.0, 0.5, -0.25
  }
}

TEST(BlockInt8, NegativePowerOfTwoMaximumIsMinusOneUnderEitherRange) {
  // amax = 2^5, s = 5, V / X = -1.0 -> q = -64 = 0xC0. -128 (0x80 = -2.0) is unreachable here: |V/X| < 2 needs
  // |V| < 2^(s+1), and -2^k sits at the bottom of its binade.
  for (Int8Range range : {Int8Range::symmetric, Int8Range::full}) {
    auto o = options(ScaleRule::floor);
    o.element.policies.int8_range = range;
    const auto b = quantize({num(-1, 5), num(3, 2)}, FormatId::int8, o);
    EXPECT_EQ(b.scale, 127u + 5);
    EXPECT_EQ(b.codes, codes({0xC0, 0x18}));  // -1.0 -> q = -64; 12 / 32 = 0.375 -> q = 24
  }
}

TEST(BlockInt8, MinusTwoOnlyUnderFullRange) {
  // -255/128 * 2^3: s = 3, V / X = -1.9921875, * 64 = -127.5: a tie, RNE to -128 (even). Int8Range::full writes
  // 0x80; symmetric clamps to -127 = 0x81. +255/128 rounds to +128, which saturates to 127 = 0x7F either way.
  auto symmetric = options(ScaleRule::floor);
  auto full = options(ScaleRule::floor);
  full.element.policies.int8_range = Int8Range::full;
  const std::vector<ExactValue> values{num(-255, -7 + 3), num(255, -7 + 3)};
  EXPECT_EQ(quantize(values, FormatId::int8, full).codes, codes({0x80, 0x7F}));
  EXPECT_EQ(quantize(values, FormatId::int8, symmetric).codes, codes({0x81, 0x7F}));
  EXPECT_TRUE(dequantize_block(quantize(values, FormatId::int8, full), fmt(FormatId::int8))[0].identical(num(-16)));
}

// ---------------------------------------------------------------------------------------------------------------
// Zero, NaN, Inf blocks (spec-rules §3.2, §3.3; peer-lessons §2 B: mase, TE #3550, universal probe).

TEST(BlockZero, ZeroBlockHasSmallestScaleAndZeroCodes) {
  const std::vector<ExactValue> zeros(32, ExactValue::zero(false));
  for (FormatId e : {FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3, FormatId::e2m1, FormatId::int8}) {
    const auto b = quantize(zeros, e, options(ScaleRule::floor));
    EXPECT_EQ(b.scale, 0u) << fmt(e).name;
    EXPECT_EQ(b.codes, std::vector<std::uint64_t>(32, 0)) << fmt(e).name;
    for (const auto& v : dequantize_block(b, fmt(e))) EXPECT_TRUE(v.is_zero());
  }
}

TEST(BlockZero, NegativeZeroKeepsItsSignWhereTheFormatHasOne) {
  const std::vector<ExactValue> values{ExactValue::zero(true), ExactValue::zero(false)};
  EXPECT_EQ(quantize(values, FormatId::e4m3, options(ScaleRule::rceil)).codes, codes({0x80, 0x00}));
  EXPECT_EQ(quantize(values, FormatId::e2m1, options(ScaleRule::rceil)).codes, codes({0x8, 0x0}));
  EXPECT_EQ(quantize(values, FormatId::int8, options(ScaleRule::rceil)).codes, codes({0x00, 0x00}));
}

TEST(BlockZero, Fp32MinNormalPolicyGivesScaleOneForInt8) {
  auto o = options(ScaleRule::floor);
  o.block.zero_amax = ZeroAmax::fp32_min_normal;
  const std::vector<ExactValue> zeros(4, ExactValue::zero(false));
  EXPECT_EQ(quantize(zeros, FormatId::int8, o).scale, 0x01u);
  EXPECT_EQ(quantize(zeros, FormatId::e4m3, o).scale, 0x00u);
}

TEST(BlockNanInput, NanScaleMakesEveryElementNan) {
  const std::vector<ExactValue> values{num(1), ExactValue::nan(false), num(-2)};
  const auto b = quantize(values, FormatId::e4m3, options(ScaleRule::floor));
  EXPECT_EQ(b.scale, 0xFFu);
  EXPECT_EQ(b.codes, codes({0x7F, 0x7F, 0x7F}));  // NanSign::positive
  for (const auto& v : dequantize_block(b, fmt(FormatId::e4m3))) EXPECT_TRUE(v.is_nan());
}

TEST(BlockNanInput, NanCodesFollowTheElementNanPolicy) {
  const std::vector<ExactValue> values{num(1), ExactValue::nan(true), num(-2)};
  auto keep = options(ScaleRule::floor);
  keep.element.policies.nan_encoding.sign = NanSign::keep;
  // The NaN written for each element carries that input's sign.
  EXPECT_EQ(quantize(values, FormatId::e4m3, keep).codes, codes({0x7F, 0xFF, 0xFF}));
  // E2M1 has no NaN: NanIntoFinite::error cannot be honoured, so the don't-care codes are 0.
  EXPECT_EQ(quantize(values, FormatId::e2m1, options(ScaleRule::floor)).codes, codes({0, 0, 0}));
  auto positive_max = options(ScaleRule::floor);
  positive_max.element.policies.nan_into_finite = NanIntoFinite::positive_max;
  const auto b = quantize(values, FormatId::e2m1, positive_max);
  EXPECT_EQ(b.scale, 0xFFu);
  EXPECT_EQ(b.codes, codes({0x7, 0x7, 0x7}));
  for (const auto& v : dequantize_block(b, fmt(FormatId::e2m1))) EXPECT_TRUE(v.is_nan());
}

TEST(BlockNanInput, IgnoreInAmaxScalesTheRestAndEncodesTheNanAlone) {
  auto o = options(ScaleRule::floor);
  o.block.nan = BlockNan::ignore_in_amax;
  // amax 2 -> s = 1 - 8 = -7: 1 * 128 = 0b0'1110'000, 2 * 128 = 0b0'1111'000, NaN -> 0x7F.
  const auto b = quantize({num(1), ExactValue::nan(false), num(2)}, FormatId::e4m3, o);
  EXPECT_EQ(b.scale, 127u - 7);
  EXPECT_EQ(b.codes, codes({0b0'1110'000, 0b0'1111'111, 0b0'1111'000}));
  const auto v = dequantize_block(b, fmt(FormatId::e4m3));
  EXPECT_TRUE(v[0].identical(num(1)));
  EXPECT_TRUE(v[1].is_nan());
  EXPECT_TRUE(v[2].identical(num(2)));
  // A block of NaN only: amax over nothing is 0 -> smallest scale.
  EXPECT_EQ(quantize({ExactValue::nan(false)}, FormatId::e4m3, o).scale, 0u);
}

// E2M1 has no NaN code: under ignore-in-amax the kept NaN element has no encoding under nan-into-finite=error. That
// is an outcome of try_quantize_block (a check's don't-care block), and quantize_block's exception, with one message
// naming the policy; the other elements do not matter.
TEST(BlockNanInput, IgnoreInAmaxRefusesANanItCannotEncode) {
  auto o = options(ScaleRule::floor);
  o.block.nan = BlockNan::ignore_in_amax;
  const std::vector<ExactValue> values{num(1), ExactValue::nan(false), num(2)};
  const BlockOutcome out = try_quantize_block(values, fmt(FormatId::e2m1), o);
  ASSERT_TRUE(out.refused());
  EXPECT_NE(out.refusal.find("nan-into-finite=error"), std::string::npos) << out.refusal;
  try {
    (void)quantize(values, FormatId::e2m1, o);
    ADD_FAILURE() << "quantize_block did not throw";
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(std::string(e.what()), out.refusal);
  }
  // The same block without the NaN, or with a policy that encodes it, is not refused.
  EXPECT_FALSE(try_quantize_block(std::vector<ExactValue>{num(1), num(2)}, fmt(FormatId::e2m1), o).refused());
  o.element.policies.nan_into_finite = NanIntoFinite::positive_max;
  const BlockOutcome encoded = try_quantize_block(values, fmt(FormatId::e2m1), o);
  ASSERT_FALSE(encoded.refused());
  EXPECT_EQ(encoded.block.codes[1], 0x7u);  // +max: 6.0
  // Bad arguments still throw: they are not a policy's refusal.
  EXPECT_THROW((void)try_quantize_block(std::vector<ExactValue>{}, fmt(FormatId::e2m1), o), InvalidArgument);
}

TEST(BlockInfInput, NanScalePolicy) {
  const auto b = quantize({ExactValue::infinity(false), num(1), num(-2)}, FormatId::e4m3, options(ScaleRule::rceil));
  EXPECT_EQ(b.scale, 0xFFu);
  for (const auto& v : dequantize_block(b, fmt(FormatId::e4m3))) EXPECT_TRUE(v.is_nan());
}

TEST(BlockInfInput, LargestScalePolicy) {
  auto o = options(ScaleRule::rceil);
  o.block.inf = BlockInf::largest_scale;
  // X = 2^127: Inf saturates to 448 (InfUnderSaturation::clamp); 1 and -2 underflow to +0 and -0.
  const std::vector<ExactValue> values{ExactValue::infinity(false), num(1), num(-2), ExactValue::infinity(true)};
  const auto b = quantize(values, FormatId::e4m3, o);
  EXPECT_EQ(b.scale, 0xFEu);
  EXPECT_EQ(b.codes, codes({0b0'1111'110, 0x00, 0x80, 0b1'1111'110}));
  // keep_special: Inf stays Inf in e5m2, becomes NaN in e4m3.
  o.element.policies.inf_under_saturation = InfUnderSaturation::keep_special;
  EXPECT_EQ(quantize(values, FormatId::e5m2, o).codes, codes({0x7C, 0x00, 0x80, 0xFC}));
  EXPECT_EQ(quantize(values, FormatId::e4m3, o).codes[0], 0x7Fu);
  // NaN together with Inf: the NaN policy still wins when it says nan-scale.
  EXPECT_EQ(quantize({ExactValue::infinity(false), ExactValue::nan(false)}, FormatId::e4m3, o).scale, 0xFFu);
}

// ---------------------------------------------------------------------------------------------------------------
// Range ends.

TEST(BlockRange, SubnormalAmax) {
  // amax = 0x007FFFFF = (2 - 2^-22) * 2^-127: floor gives s = -127 - 8, clamped to -127 (code 0). V / X =
  // 2 - 2^-22 lies in [1, 2) where the e4m3 step is 1/8: RNE goes up to 2.0 = 0b0'1000'000. 2^-149 / 2^-127 =
  // 2^-22 is far below half the smallest subnormal 2^-9: +0 (and -0 for the negative one).
  const auto b = quantize({fp32(0x007FFFFF), fp32(0x00000001), fp32(0x80000001)}, FormatId::e4m3,
                          options(ScaleRule::floor));
  EXPECT_EQ(b.scale, 0u);
  EXPECT_EQ(b.codes, codes({0b0'1000'000, 0x00, 0x80}));
}

TEST(BlockRange, NearFltMax) {
  const std::vector<ExactValue> values{fp32(0x7F7FFFFF), num(1)};
  // floor: s = 127 - 8 = 119; FLT_MAX / 2^119 = 511.99997 clamps to 448.
  const auto floor = quantize(values, FormatId::e4m3, options(ScaleRule::floor));
  EXPECT_EQ(floor.scale, 127u + 119);
  EXPECT_EQ(floor.codes, codes({0b0'1111'110, 0x00}));
  // rceil: s = 120; FLT_MAX / 2^120 = 255.99998 -> RNE to 256 = 0b0'1111'000.
  const auto rceil = quantize(values, FormatId::e4m3, options(ScaleRule::rceil));
  EXPECT_EQ(rceil.scale, 127u + 120);
  EXPECT_EQ(rceil.codes, codes({0b0'1111'000, 0x00}));
  // even: the torchao carry reaches the fp32 Inf pattern: NaN scale.
  EXPECT_EQ(quantize(values, FormatId::e4m3, options(ScaleRule::even)).scale, 0xFFu);
}

TEST(BlockDequantizeTo, OverflowAndUnderflowIntoFp32Bf16Fp16) {
  const QuantizedBlock top{0xFE, {0b0'1111'110, 0b1'1111'110}};  // +-448 * 2^127 = 1.75 * 2^135
  const auto& e4m3 = fmt(FormatId::e4m3);
  EXPECT_EQ(dequantize_block_to(top, e4m3, fmt(FormatId::fp32), Rounding::rne), codes({0x7F800000, 0xFF800000}));
  EXPECT_EQ(dequantize_block_to(top, e4m3, fmt(FormatId::fp32), Rounding::rtz), codes({0x7F7FFFFF, 0xFF7FFFFF}));
  EXPECT_EQ(dequantize_block_to(top, e4m3, fmt(FormatId::bf16), Rounding::rne), codes({0x7F80, 0xFF80}));
  // Smallest scale times the smallest subnormal: 2^-9 * 2^-127 = 2^-136: an fp32 subnormal (1 << 13); below
  // bf16's smallest subnormal 2^-133 (rounds to 0 under RNE, up to 0x0001 under rup).
  const QuantizedBlock bottom{0x00, {0x01}};
  EXPECT_EQ(dequantize_block_to(bottom, e4m3, fmt(FormatId::fp32), Rounding::rne), codes({0x00002000}));
  EXPECT_EQ(dequantize_block_to(bottom, e4m3, fmt(FormatId::bf16), Rounding::rne), codes({0x0000}));
  EXPECT_EQ(dequantize_block_to(bottom, e4m3, fmt(FormatId::bf16), Rounding::rup), codes({0x0001}));
  EXPECT_EQ(dequantize_block_to(bottom, e4m3, fmt(FormatId::fp16), Rounding::rne), codes({0x0000}));
  // Ordinary: scale 2^1, 0b0'0111'100 = 1.5 -> 3.0 = 0x40400000.
  EXPECT_EQ(dequantize_block_to(QuantizedBlock{128, {0b0'0111'100}}, e4m3, fmt(FormatId::fp32), Rounding::rne),
            codes({0x40400000}));
  // NaN scale: the default quiet NaN.
  EXPECT_EQ(dequantize_block_to(QuantizedBlock{0xFF, {0x00}}, e4m3, fmt(FormatId::fp32), Rounding::rne),
            codes({0x7FC00000}));
}

// ---------------------------------------------------------------------------------------------------------------
// Block sizes, stochastic rounding, the MXFP4 three-quarters recipe, errors.

TEST(BlockSize, SingleElement) {
  const auto b = quantize({num(-3, -4)}, FormatId::e2m1, options(ScaleRule::floor));
  // -3/16: floor(log2) = -3, s = -5; V / X = -6 -> 0b1'11'1.
  EXPECT_EQ(b.scale, 127u - 5);
  EXPECT_EQ(b.codes, codes({0b1'11'1}));
}

TEST(BlockSize, ThirtyThreeElements) {
  std::vector<ExactValue> values;
  for (int i = 0; i <= 32; ++i) values.push_back(num(i, -2));  // 0, 0.25, ..., 8
  const auto b = quantize(values, FormatId::e2m1, options(ScaleRule::floor));
  // amax 8: s = 3 - 2 = 1, X = 2; V / X = i / 8 on the E2M1 grid {0, .5, 1, 1.5, 2, 3, 4, 6}, RNE ties to the
  // even code: i/8 = 0.25 -> 0, 0.75 -> 1.0 (code 2), 1.25 -> 1.0, 1.75 -> 2, 2.5 -> 2, 3.5 -> 4.
  const std::vector<std::uint64_t> expected{
      0, 0, 0, 1, 1, 1, 2, 2,  // i/8 = 0 .. 0.875
      2, 2, 2, 3, 3, 3, 4, 4,  // 1.0 .. 1.875
      4, 4, 4, 4, 4, 5, 5, 5,  // 2.0 .. 2.875
      5, 5, 5, 5, 6, 6, 6, 6,  // 3.0 .. 3.875
      6};                      // 4.0
  EXPECT_EQ(b.scale, 128u);
  EXPECT_EQ(b.codes, expected);
}

TEST(BlockStochastic, EachElementUsesItsOwnRandomValue) {
  // X = 1 (amax 4). 2.5 lies half way between 2 and 3: the top 8 discarded bits are 128; r = 127 stays below
  // 256 (down to 2 = 0b0'10'0), r = 128 carries (up to 3 = 0b0'10'1). -2.5 rounds its magnitude the same way.
  const std::vector<std::uint64_t> random{0, 127, 128, 128, 255};
  auto o = options(ScaleRule::floor, Rounding::sr);
  o.random = random;
  const auto b = quantize({num(4), num(5, -1), num(5, -1), num(-5, -1), num(1)}, FormatId::e2m1, o);
  EXPECT_EQ(b.scale, 127u);
  EXPECT_EQ(b.codes, codes({0b0'11'0, 0b0'10'0, 0b0'10'1, 0b1'10'1, 0b0'01'0}));
}

TEST(BlockStochastic, RandomCountMustMatch) {
  const std::vector<std::uint64_t> random{1, 2, 3};
  auto o = options(ScaleRule::floor, Rounding::sr);
  o.random = random;
  EXPECT_THROW(quantize({num(1), num(2)}, FormatId::e2m1, o), InvalidArgument);
  o.random = {};
  EXPECT_THROW(quantize({num(1)}, FormatId::e2m1, o), InvalidArgument);
  // Non-stochastic rounding ignores `random`.
  auto rne = options(ScaleRule::floor);
  rne.random = random;
  EXPECT_NO_THROW(quantize({num(1)}, FormatId::e2m1, rne));
}

TEST(BlockFp4ThreeQuarters, ElementsAreThreeQuartersOfTheScaledValue) {
  // amax 6 -> floor s = 0. 3/4 * {6, 2, -5} = {4.5, 1.5, -3.75}.
  const std::vector<ExactValue> values{num(6), num(2), num(-5)};
  // RNE: 4.5 -> 4 (0b0'11'0), 1.5 exact (0b0'01'1), -3.75 -> -4 (0b1'11'0).
  const auto rne = quantize(values, FormatId::e2m1, options(ScaleRule::fp4_three_quarters));
  EXPECT_EQ(rne.scale, 127u);
  EXPECT_EQ(rne.codes, codes({0b0'11'0, 0b0'01'1, 0b1'11'0}));
  // SR: 4.5 is a quarter of the way from 4 to 6 (top bits 64); 3.75 three quarters from 3 to 4 (top bits 192).
  auto sr = options(ScaleRule::fp4_three_quarters, Rounding::sr);
  const std::vector<std::uint64_t> up{192, 0, 64};
  sr.random = up;
  EXPECT_EQ(quantize(values, FormatId::e2m1, sr).codes, codes({0b0'11'1, 0b0'01'1, 0b1'11'0}));
  const std::vector<std::uint64_t> down{191, 255, 63};
  sr.random = down;
  EXPECT_EQ(quantize(values, FormatId::e2m1, sr).codes, codes({0b0'11'0, 0b0'01'1, 0b1'10'1}));
  // The block's values are X * P: the 4/3 compensation happens outside MX (in the GEMM output).
  EXPECT_TRUE(dequantize_block(rne, fmt(FormatId::e2m1))[0].identical(num(4)));
}

TEST(BlockErrors, EmptyBlockAndNonElementFormat) {
  EXPECT_THROW(quantize({}, FormatId::e4m3, options(ScaleRule::floor)), InvalidArgument);
  EXPECT_THROW(quantize({num(1)}, FormatId::fp32, options(ScaleRule::floor)), InvalidArgument);
  EXPECT_THROW(dequantize_block(QuantizedBlock{0x100, {0}}, fmt(FormatId::e4m3)), InvalidArgument);
  EXPECT_THROW(dequantize_block(QuantizedBlock{127, {0x10}}, fmt(FormatId::e2m1)), InvalidArgument);
}

// ---------------------------------------------------------------------------------------------------------------
// Properties. Arithmetic here is on plain integers: a value is sig * 2^exp with a signed BigInt sig.

struct Dyadic {
  BigInt sig;
  std::int64_t exp;
};
Dyadic dyadic_of_fp32(std::uint32_t bits) {
  const std::uint32_t field = (bits >> 23) & 0xFF;
  const std::uint32_t mantissa = bits & 0x7FFFFF;
  BigInt sig = field == 0 ? BigInt(mantissa) : BigInt(mantissa | 0x800000u);
  if (bits >> 31) sig = -sig;
  return {sig, field == 0 ? -149 : static_cast<std::int64_t>(field) - 150};
}
Dyadic dyadic_of(const ExactValue& v) {
  BigInt sig = v.significand();
  if (v.negative()) sig = -sig;
  return {sig, v.exponent()};
}
Dyadic difference(const Dyadic& a, const Dyadic& b) {
  const std::int64_t e = std::min(a.exp, b.exp);
  return {(a.sig << static_cast<unsigned>(a.exp - e)) - (b.sig << static_cast<unsigned>(b.exp - e)), e};
}
// |d| <= 2^k
bool magnitude_at_most_power(const Dyadic& d, std::int64_t k) {
  const BigInt magnitude = d.sig < 0 ? BigInt(-d.sig) : d.sig;
  if (magnitude == 0) return true;
  if (k >= d.exp) return magnitude <= (BigInt(1) << static_cast<unsigned>(k - d.exp));
  return (magnitude << static_cast<unsigned>(d.exp - k)) <= 1;
}
// floor(log2 |fp32|) from the bits.
std::int64_t floor_log2_of_fp32(std::uint32_t bits) {
  const Dyadic d = dyadic_of_fp32(bits & 0x7FFFFFFF);
  return static_cast<std::int64_t>(boost::multiprecision::msb(d.sig)) + d.exp;
}

struct GridFacts {
  FormatId id;
  std::int64_t min_normal_exponent;  // spec-rules §1 (int8: the fixed grid)
  std::int64_t mantissa_bits;
  bool fixed_grid;  // int8: step 2^-6 everywhere
};
constexpr std::array<GridFacts, 6> kGrids{{
    {FormatId::e4m3, -6, 3, false},
    {FormatId::e5m2, -14, 2, false},
    {FormatId::e3m2, -2, 2, false},
    {FormatId::e2m3, 0, 3, false},
    {FormatId::e2m1, 0, 1, false},
    {FormatId::int8, 0, 0, true},
}};

// rc::gen::inRange narrows its range with the test's size (everything is `min` at size 0); at the nominal size
// 100 it covers the whole range uniformly.
template <typename T>
rc::Gen<T> uniform(T min, T max) {
  return rc::gen::resize(100, rc::gen::inRange<T>(min, max));
}

// A block of finite fp32 bit patterns around a random binade (so that elements land on every part of the grid,
// subnormals included), with random signs.
rc::Gen<std::vector<std::uint32_t>> fp32_block() {
  return rc::gen::exec([] {
    const auto k = *rc::gen::inRange<std::size_t>(1, 41);
    const auto base = *uniform<int>(1, 255);
    std::vector<std::uint32_t> bits;
    for (std::size_t i = 0; i < k; ++i) {
      const int field = std::max(0, base - *uniform<int>(0, 12));
      const auto mantissa = *uniform<std::uint32_t>(0, 0x800000);
      const auto sign = *uniform<std::uint32_t>(0, 2);
      bits.push_back((sign << 31) | (static_cast<std::uint32_t>(field) << 23) | mantissa);
    }
    return bits;
  });
}

std::vector<ExactValue> values_of(const std::vector<std::uint32_t>& bits) {
  std::vector<ExactValue> v;
  for (auto b : bits) v.push_back(fp32(b));
  return v;
}

// Under RCEIL with RNE nothing saturates, so every element is within half an element ulp (at |V|/X, subnormal
// grid included) times X of its input.
RC_GTEST_PROP(BlockProperty, RceilRneErrorIsAtMostHalfAnElementUlp, ()) {
  const auto bits = *fp32_block();
  const auto grid = *rc::gen::elementOf(kGrids);
  const auto block = quantize(values_of(bits), grid.id, options(ScaleRule::rceil));
  // MXINT8 at the very top (amax > 127/64 * 2^127) needs s = 128: the scale clamps and the bound cannot hold.
  RC_PRE(block.scale != 0xFEu);
  const std::int64_t s = static_cast<std::int64_t>(block.scale) - 127;
  const auto dequantized = dequantize_block(block, fmt(grid.id));
  for (std::size_t i = 0; i < bits.size(); ++i) {
    if ((bits[i] & 0x7FFFFFFF) == 0) continue;
    const std::int64_t binade = floor_log2_of_fp32(bits[i]) - s;  // of |V| / X
    const std::int64_t ulp = grid.fixed_grid ? -6 : std::max(binade, grid.min_normal_exponent) - grid.mantissa_bits;
    const Dyadic error = difference(dyadic_of(dequantized[i]), dyadic_of_fp32(bits[i]));
    RC_ASSERT(magnitude_at_most_power(error, ulp - 1 + s));
  }
}

// An independent MXFP4 quantizer: floor scale from the fp32 exponent field, then the nearest of the eight E2M1
// magnitudes with ties to the even code, saturating at 6 (OCP MX v1.0 §6.3).
std::uint64_t e2m1_nearest_code(const Dyadic& magnitude_over_x) {
  // Twice the grid: {0, 1, 2, 3, 4, 6, 8, 12}; compare 4y with the sums of neighbours, all on integers.
  constexpr std::array<int, 8> twice{0, 1, 2, 3, 4, 6, 8, 12};
  auto compare_4y_with = [&](int n) {  // sign of 4y - n
    const Dyadic four_y{magnitude_over_x.sig, magnitude_over_x.exp + 2};
    const Dyadic d = difference(four_y, Dyadic{BigInt(n), 0});
    return d.sig > 0 ? 1 : (d.sig < 0 ? -1 : 0);
  };
  for (std::uint64_t c = 0; c < 7; ++c) {
    const int c_mid = twice[c] + twice[c + 1];  // 4y vs 2 * midpoint
    const int cmp = compare_4y_with(c_mid);
    if (cmp < 0) return c;
    if (cmp == 0) return c % 2 == 0 ? c : c + 1;
  }
  return 7;  // beyond 6 (or the 7 tie that would round to 8): saturate
}

RC_GTEST_PROP(BlockProperty, Mxfp4FloorRneMatchesAnIndependentQuantizer, ()) {
  const auto bits = *fp32_block();
  const auto block = quantize(values_of(bits), FormatId::e2m1, options(ScaleRule::floor));
  std::int64_t amax_exponent = -1000;
  for (auto b : bits)
    if ((b & 0x7FFFFFFF) != 0) amax_exponent = std::max(amax_exponent, floor_log2_of_fp32(b));
  const std::int64_t s = amax_exponent == -1000 ? -127 : std::clamp<std::int64_t>(amax_exponent - 2, -127, 127);
  RC_ASSERT(block.scale == static_cast<std::uint64_t>(s + 127));
  for (std::size_t i = 0; i < bits.size(); ++i) {
    Dyadic y = dyadic_of_fp32(bits[i] & 0x7FFFFFFF);
    y.exp -= s;
    const std::uint64_t sign = (bits[i] >> 31) ? 0x8 : 0x0;
    RC_ASSERT(block.codes[i] == (sign | e2m1_nearest_code(y)));
  }
}

// The MXFP4 recipe never needs saturation: with the floor scale 3/4 * |V| / X < 6, whatever the random bits.
RC_GTEST_PROP(BlockProperty, ThreeQuartersNeverExceedsSix, ()) {
  const auto bits = *fp32_block();
  std::vector<std::uint64_t> random;
  for (std::size_t i = 0; i < bits.size(); ++i) random.push_back(*uniform<std::uint64_t>(0, 256));
  auto o = options(ScaleRule::fp4_three_quarters, Rounding::sr);
  o.random = random;
  const auto block = quantize(values_of(bits), FormatId::e2m1, o);
  const std::int64_t s = static_cast<std::int64_t>(block.scale) - 127;
  for (std::size_t i = 0; i < bits.size(); ++i) {
    const Dyadic v = dyadic_of_fp32(bits[i] & 0x7FFFFFFF);
    // 3/4 |V| / X < 6  <=>  |V| < 8 X = 2^(s+3).
    const Dyadic limit{BigInt(8), s};
    RC_ASSERT(difference(v, limit).sig < 0);
  }
}

// Dequantize is X * P exactly: compared with integer arithmetic on the element's decoded fields.
RC_GTEST_PROP(BlockProperty, DequantizeIsScaleTimesElement, ()) {
  const auto grid = *rc::gen::elementOf(kGrids);
  const auto& f = fmt(grid.id);
  const auto scale = *uniform<std::uint64_t>(0, 255);
  const auto element = *uniform<std::uint64_t>(0, code_count(f));
  RC_PRE(!is_nan_code(f, element) && !is_inf_code(f, element));
  const auto v = dequantize_block(QuantizedBlock{scale, {element}}, f);
  const Dyadic p = dyadic_of(decode(f, element));
  const Dyadic expected{p.sig, p.exp + static_cast<std::int64_t>(scale) - 127};
  RC_ASSERT(difference(dyadic_of(v[0]), expected).sig == 0);
}

}  // namespace
}  // namespace mxconf
