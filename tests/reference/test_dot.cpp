// MX Dot and DotGeneral (OCP MX v1.0 §6.1, §6.2; spec-rules §3.4): exact results, specials, and the single
// rounding to fp32. Expected values are hand-computed, or summed here on plain integers from the decoded
// significands.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/dot.hpp"
#include "mxconf/reference/error.hpp"

namespace mxconf {
namespace {

const FormatSpec& fmt(FormatId id) { return format_spec(id); }
ExactValue num(std::int64_t integer, std::int64_t exponent = 0) { return ExactValue::dyadic(integer, exponent); }

ExactValue dot_of(const QuantizedBlock& a, FormatId fa, const QuantizedBlock& b, FormatId fb) {
  return dot(a, fmt(fa), b, fmt(fb));
}

// E4M3 codes used below (bias 7): 1.0 = 0b0'0111'000, 2.0 = 0b0'1000'000, 0.5 = 0b0'0110'000,
// 3.0 = 0b0'1000'100, 4.0 = 0b0'1001'000, 448 = 0b0'1111'110.
constexpr std::uint64_t kE4m3One = 0b0'0111'000;
constexpr std::uint64_t kE4m3Two = 0b0'1000'000;
constexpr std::uint64_t kE4m3Half = 0b0'0110'000;
constexpr std::uint64_t kE4m3Three = 0b0'1000'100;
constexpr std::uint64_t kE4m3Four = 0b0'1001'000;
constexpr std::uint64_t kE4m3Max = 0b0'1111'110;
constexpr std::uint64_t kE4m3Sign = 0b1'0000'000;

TEST(DotExact, HandComputedE4m3) {
  // X_A = 2^0, X_B = 2^1. (1 * 3) + (2 * 0.5) + (-0.5 * 4) = 3 + 1 - 2 = 2; times 2 = 4.
  const QuantizedBlock a{127, {kE4m3One, kE4m3Two, kE4m3Sign | kE4m3Half}};
  const QuantizedBlock b{128, {kE4m3Three, kE4m3Half, kE4m3Four}};
  EXPECT_TRUE(dot_of(a, FormatId::e4m3, b, FormatId::e4m3).identical(num(4)));
}

TEST(DotExact, MixedElementFormats) {
  // E4M3 {448, -1} with E2M1 {6 = 0b0'11'1, 0.5 = 0b0'00'1}; scales 2^-3 and 2^2: (2688 - 0.5) * 2^-1 = 1343.75.
  const QuantizedBlock a{124, {kE4m3Max, kE4m3Sign | kE4m3One}};
  const QuantizedBlock b{129, {0b0'11'1, 0b0'00'1}};
  EXPECT_TRUE(dot_of(a, FormatId::e4m3, b, FormatId::e2m1).identical(num(5375, -2)));
}

TEST(DotExact, Int8FullRange) {
  // MXINT8 q * 2^-6: (127 * 127 + (-128) * (-128)) * 2^-12 = 32513 / 4096, scales 2^0.
  const QuantizedBlock a{127, {0x7F, 0x80}};
  EXPECT_TRUE(dot_of(a, FormatId::int8, a, FormatId::int8).identical(num(32513, -12)));
}

TEST(DotExact, ExtremeScalesCancel) {
  // 2^-127 * 2^127 = 1: 32 products of 1 * 1 sum to 32.
  const QuantizedBlock small{0x00, std::vector<std::uint64_t>(32, kE4m3One)};
  const QuantizedBlock large{0xFE, std::vector<std::uint64_t>(32, kE4m3One)};
  EXPECT_TRUE(dot_of(small, FormatId::e4m3, large, FormatId::e4m3).identical(num(32)));
  // Both smallest: 32 * 2^-254 exactly, far below fp32 (rounds to +0 under RNE, to the smallest subnormal up).
  const ExactValue tiny = dot_of(small, FormatId::e4m3, small, FormatId::e4m3);
  EXPECT_TRUE(tiny.identical(num(1, 5 - 254)));
  EXPECT_EQ(dot_to_fp32(tiny, Rounding::rne), 0x00000000u);
  EXPECT_EQ(dot_to_fp32(tiny, Rounding::rup), 0x00000001u);
  // Both largest: 32 * 448^2 * 2^254 overflows fp32: Inf under RNE, FLT_MAX under RTZ.
  const QuantizedBlock top{0xFE, std::vector<std::uint64_t>(32, kE4m3Max)};
  const ExactValue huge = dot_of(top, FormatId::e4m3, top, FormatId::e4m3);
  EXPECT_TRUE(huge.identical(num(32 * 448 * 448, 254)));
  EXPECT_EQ(dot_to_fp32(huge, Rounding::rne), 0x7F800000u);
  EXPECT_EQ(dot_to_fp32(huge, Rounding::rtz), 0x7F7FFFFFu);
}

TEST(DotExact, SignedZero) {
  // A single -0 * 1 stays -0 (IEEE 754 §6.3); -0 + +0 is +0.
  const QuantizedBlock minus_zero{127, {kE4m3Sign}};
  const QuantizedBlock one{127, {kE4m3One}};
  const ExactValue z = dot_of(minus_zero, FormatId::e4m3, one, FormatId::e4m3);
  EXPECT_TRUE(z.identical(ExactValue::zero(true)));
  EXPECT_EQ(dot_to_fp32(z, Rounding::rne), 0x80000000u);
  const QuantizedBlock mixed{127, {kE4m3Sign, 0x00}};
  const QuantizedBlock ones{127, {kE4m3One, kE4m3One}};
  EXPECT_TRUE(dot_of(mixed, FormatId::e4m3, ones, FormatId::e4m3).identical(ExactValue::zero(false)));
  // An exact cancellation is +0: 1 * 1 + (-1) * 1.
  const QuantizedBlock cancel{127, {kE4m3One, kE4m3Sign | kE4m3One}};
  EXPECT_TRUE(dot_of(cancel, FormatId::e4m3, ones, FormatId::e4m3).identical(ExactValue::zero(false)));
}

// ---------------------------------------------------------------------------------------------------------------
// Specials (OCP MX v1.0 §6.3: a NaN scale makes every value NaN; IEEE rules within the sum).

TEST(DotSpecials, NanScaleOnEitherSide) {
  const QuantizedBlock nan_block{0xFF, {kE4m3One, 0x00}};
  const QuantizedBlock ordinary{127, {kE4m3One, kE4m3Two}};
  EXPECT_TRUE(dot_of(nan_block, FormatId::e4m3, ordinary, FormatId::e4m3).is_nan());
  EXPECT_TRUE(dot_of(ordinary, FormatId::e4m3, nan_block, FormatId::e4m3).is_nan());
  EXPECT_EQ(dot_to_fp32(dot_of(ordinary, FormatId::e4m3, nan_block, FormatId::e4m3), Rounding::rne), 0x7FC00000u);
  // Even when every element is zero.
  const QuantizedBlock zeros{127, {0x00, 0x00}};
  EXPECT_TRUE(dot_of(nan_block, FormatId::e4m3, zeros, FormatId::e4m3).is_nan());
}

TEST(DotSpecials, InfTimesZeroIsNan) {
  // E5M2 Inf = 0b0'11111'00, 1.0 = 0b0'01111'00.
  const QuantizedBlock inf{127, {0b0'11111'00}};
  const QuantizedBlock zero{127, {0x00}};
  EXPECT_TRUE(dot_of(inf, FormatId::e5m2, zero, FormatId::e5m2).is_nan());
  EXPECT_TRUE(dot_of(zero, FormatId::e4m3, inf, FormatId::e5m2).is_nan());
}

TEST(DotSpecials, InfMinusInfIsNanAndInfPlusFiniteIsInf) {
  const QuantizedBlock infs{127, {0b0'11111'00, 0b1'11111'00}};
  const QuantizedBlock ones{127, {0b0'01111'00, 0b0'01111'00}};
  EXPECT_TRUE(dot_of(infs, FormatId::e5m2, ones, FormatId::e5m2).is_nan());
  const QuantizedBlock inf_and_one{127, {0b1'11111'00, 0b0'01111'00}};
  const ExactValue r = dot_of(inf_and_one, FormatId::e5m2, ones, FormatId::e5m2);
  EXPECT_TRUE(r.is_inf() && r.negative());
  EXPECT_EQ(dot_to_fp32(r, Rounding::rne), 0xFF800000u);
}

TEST(DotSpecials, NanElement) {
  const QuantizedBlock with_nan{127, {0b0'1111'111, kE4m3One}};  // e4m3 NaN
  const QuantizedBlock ones{127, {kE4m3One, kE4m3One}};
  EXPECT_TRUE(dot_of(with_nan, FormatId::e4m3, ones, FormatId::e4m3).is_nan());
}

TEST(DotErrors, LengthMismatch) {
  const QuantizedBlock two{127, {kE4m3One, kE4m3One}};
  const QuantizedBlock three{127, {kE4m3One, kE4m3One, kE4m3One}};
  EXPECT_THROW(dot_of(two, FormatId::e4m3, three, FormatId::e4m3), InvalidArgument);
  try {
    dot_of(two, FormatId::e4m3, three, FormatId::e4m3);
  } catch (const InvalidArgument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find('2'), std::string::npos) << what;
    EXPECT_NE(what.find('3'), std::string::npos) << what;
  }
  const std::vector<QuantizedBlock> one_block{two};
  const std::vector<QuantizedBlock> two_blocks{two, two};
  EXPECT_THROW(dot(one_block, fmt(FormatId::e4m3), two_blocks, fmt(FormatId::e4m3)), InvalidArgument);
  const std::vector<QuantizedBlock> mismatched{three};
  EXPECT_THROW(dot(one_block, fmt(FormatId::e4m3), mismatched, fmt(FormatId::e4m3)), InvalidArgument);
}

// ---------------------------------------------------------------------------------------------------------------
// DotGeneral.

TEST(DotGeneral, SumOfBlockDots) {
  // Block 1: 4 (from HandComputedE4m3); block 2: scales 2^-1, 2^-1, 448 * 448 * 2^-2 = 50176.
  const std::vector<QuantizedBlock> a{{127, {kE4m3One, kE4m3Two, kE4m3Sign | kE4m3Half}}, {126, {kE4m3Max}}};
  const std::vector<QuantizedBlock> b{{128, {kE4m3Three, kE4m3Half, kE4m3Four}}, {126, {kE4m3Max}}};
  EXPECT_TRUE(dot(a, fmt(FormatId::e4m3), b, fmt(FormatId::e4m3)).identical(num(50180)));
}

// Plain integers: a value is sig * 2^exp with a signed BigInt sig.
struct Dyadic {
  BigInt sig;
  std::int64_t exp;
};
Dyadic dyadic_of(const ExactValue& v) {
  BigInt sig = v.significand();
  if (v.negative()) sig = -sig;
  return {sig, v.exponent()};
}
Dyadic times(const Dyadic& a, const Dyadic& b) { return {a.sig * b.sig, a.exp + b.exp}; }
Dyadic plus(const Dyadic& a, const Dyadic& b) {
  const std::int64_t e = std::min(a.exp, b.exp);
  return {(a.sig << static_cast<unsigned>(a.exp - e)) + (b.sig << static_cast<unsigned>(b.exp - e)), e};
}
bool equal_values(const Dyadic& a, const Dyadic& b) {
  const Dyadic d = plus(a, Dyadic{-b.sig, b.exp});
  return d.sig == 0;
}

constexpr std::array<FormatId, 6> kElementFormats{FormatId::e4m3, FormatId::e5m2, FormatId::e3m2,
                                                  FormatId::e2m3, FormatId::e2m1, FormatId::int8};

// rc::gen::inRange narrows its range with the test's size (everything is `min` at size 0); at the nominal size
// 100 it covers the whole range uniformly.
template <typename T>
rc::Gen<T> uniform(T min, T max) {
  return rc::gen::resize(100, rc::gen::inRange<T>(min, max));
}

rc::Gen<QuantizedBlock> finite_block(FormatId element, std::size_t k) {
  return rc::gen::exec([element, k] {
    const auto& f = fmt(element);
    QuantizedBlock b;
    b.scale = *uniform<std::uint64_t>(0, 255);  // 0xff (NaN) excluded
    for (std::size_t i = 0; i < k; ++i) {
      const auto c = *rc::gen::suchThat(uniform<std::uint64_t>(0, code_count(f)), [&f](std::uint64_t x) {
        return !is_nan_code(f, x) && !is_inf_code(f, x);
      });
      b.codes.push_back(c);
    }
    return b;
  });
}

RC_GTEST_PROP(DotGeneralProperty, EqualsTheIntegerSumOfSeparateProducts, ()) {
  const auto fa = *rc::gen::elementOf(kElementFormats);
  const auto fb = *rc::gen::elementOf(kElementFormats);
  const auto n = *rc::gen::inRange<std::size_t>(1, 5);
  const auto k = *rc::gen::inRange<std::size_t>(1, 34);
  std::vector<QuantizedBlock> a, b;
  for (std::size_t j = 0; j < n; ++j) {
    a.push_back(*finite_block(fa, k));
    b.push_back(*finite_block(fb, k));
  }
  Dyadic expected{0, 0};
  for (std::size_t j = 0; j < n; ++j) {
    const std::int64_t scale_exponent =
        static_cast<std::int64_t>(a[j].scale) + static_cast<std::int64_t>(b[j].scale) - 254;
    for (std::size_t i = 0; i < k; ++i) {
      Dyadic product = times(dyadic_of(decode(fmt(fa), a[j].codes[i])), dyadic_of(decode(fmt(fb), b[j].codes[i])));
      product.exp += scale_exponent;
      expected = plus(expected, product);
    }
  }
  const ExactValue got = dot(a, fmt(fa), b, fmt(fb));
  RC_ASSERT(got.is_finite());
  RC_ASSERT(equal_values(dyadic_of(got), expected));
}

RC_GTEST_PROP(DotGeneralProperty, AnyNanScaleGivesNan, ()) {
  const auto fa = *rc::gen::elementOf(kElementFormats);
  const auto k = *rc::gen::inRange<std::size_t>(1, 9);
  std::vector<QuantizedBlock> a{*finite_block(fa, k), *finite_block(fa, k)};
  std::vector<QuantizedBlock> b{*finite_block(fa, k), *finite_block(fa, k)};
  const auto which = *uniform<std::size_t>(0, 4);
  (which < 2 ? a[which] : b[which - 2]).scale = 0xFF;
  RC_ASSERT(dot(a, fmt(fa), b, fmt(fa)).is_nan());
}

// ---------------------------------------------------------------------------------------------------------------
// dot_to_fp32: one rounding of the exact result.

TEST(DotToFp32, DirectedAndNearestOfATie) {
  // E5M2 1.0 = 0b0'01111'00, 2^-12 = 0b0'00011'00: 1 * 1 + 2^-12 * 2^-12 = 1 + 2^-24, half an fp32 ulp above 1.
  const QuantizedBlock a{127, {0b0'01111'00, 0b0'00011'00}};
  const ExactValue tie = dot_of(a, FormatId::e5m2, a, FormatId::e5m2);
  ASSERT_TRUE(tie.identical(ExactValue::finite(false, (BigInt(1) << 24) + 1, -24)));
  EXPECT_EQ(dot_to_fp32(tie, Rounding::rne), 0x3F800000u);  // tie to even
  EXPECT_EQ(dot_to_fp32(tie, Rounding::rna), 0x3F800001u);
  EXPECT_EQ(dot_to_fp32(tie, Rounding::rtz), 0x3F800000u);
  EXPECT_EQ(dot_to_fp32(tie, Rounding::rup), 0x3F800001u);
  EXPECT_EQ(dot_to_fp32(tie, Rounding::rdn), 0x3F800000u);
  // Negated: -(1 + 2^-24).
  const QuantizedBlock neg{127, {0b1'01111'00, 0b1'00011'00}};
  const ExactValue negative_tie = dot_of(neg, FormatId::e5m2, a, FormatId::e5m2);
  EXPECT_EQ(dot_to_fp32(negative_tie, Rounding::rne), 0xBF800000u);
  EXPECT_EQ(dot_to_fp32(negative_tie, Rounding::rtz), 0xBF800000u);
  EXPECT_EQ(dot_to_fp32(negative_tie, Rounding::rup), 0xBF800000u);
  EXPECT_EQ(dot_to_fp32(negative_tie, Rounding::rdn), 0xBF800001u);
}

TEST(DotToFp32, AboveATieRoundsUpUnderNearest) {
  // 1 + 2^-24 + 2^-28 (E5M2 2^-14 = 0b0'00001'00 squared): above the half-way point, RNE goes up; RTZ stays.
  const QuantizedBlock a{127, {0b0'01111'00, 0b0'00011'00, 0b0'00001'00}};
  const ExactValue v = dot_of(a, FormatId::e5m2, a, FormatId::e5m2);
  EXPECT_EQ(dot_to_fp32(v, Rounding::rne), 0x3F800001u);
  EXPECT_EQ(dot_to_fp32(v, Rounding::rtz), 0x3F800000u);
  EXPECT_EQ(dot_to_fp32(v, Rounding::rdn), 0x3F800000u);
  EXPECT_EQ(dot_to_fp32(v, Rounding::rup), 0x3F800001u);
}

TEST(DotToFp32, ExactValuesPassThrough) {
  EXPECT_EQ(dot_to_fp32(num(4), Rounding::rne), 0x40800000u);
  EXPECT_EQ(dot_to_fp32(num(-3, -1), Rounding::rtz), 0xBFC00000u);
  EXPECT_EQ(dot_to_fp32(ExactValue::zero(false), Rounding::rdn), 0x00000000u);
}

}  // namespace
}  // namespace mxconf
