// Stochastic rounding (rounding.hpp StochasticBits; spec-rules §5.3): r is added to the top K discarded bits,
// aligned to the destination grid (subnormal grid included); a carry rounds the magnitude up.
//
// The central check is exact unbiasedness: over all 2^K values of r,
//   sum_r decode(sr(x, r)) == 2^K * trunc_K(x),
// where trunc_K(x) is x truncated (toward zero) to K bits below the destination's grid at x. With K covering every
// discarded bit (AMD's K = 23 - m for an fp32 source in the normal range) trunc_K(x) = x: SR is exactly unbiased.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <map>
#include <string>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "oracle.hpp"

namespace {

using mxconf::BigInt;
using mxconf::ExactValue;
using mxconf::FormatId;
using mxconf::Rounding;
using mxtest::hex;

mxconf::EncodeOptions sr(int k, std::uint64_t r, mxconf::Overflow o = mxconf::Overflow::saturate) {
  return {Rounding::sr, mxtest::test_policies(o), {k, r}};
}

// 2^K * trunc_K(x): from the oracle's bracket, by its definition (not by calling the reference).
ExactValue expected_sum(FormatId to, const ExactValue& x, int k) {
  const auto& g = mxtest::grid(to);
  const mxtest::Bracket b = g.locate(x);
  if (b.where == mxtest::Bracket::Where::exact) return x.scaled_by_power_of_two(k);
  const ExactValue& toward_zero = x.negative() ? g.points()[b.hi].value : g.points()[b.lo].value;
  const ExactValue& away = x.negative() ? g.points()[b.lo].value : g.points()[b.hi].value;
  const ExactValue gap = mxtest::sub(away, toward_zero).abs();
  const BigInt d = mxtest::floor_nonnegative(mxtest::sub(x, toward_zero).abs().scaled_by_power_of_two(k - gap.exponent()));
  const ExactValue step = ExactValue::finite(x.negative(), d, gap.exponent());  // D * gap, signed
  return mxconf::add(toward_zero.scaled_by_power_of_two(k), step);
}

// sum over r in [0, 2^K) of decode(encode(x, sr(K, r))), counting codes first (2^K can be 2^22).
ExactValue actual_sum(FormatId to, const ExactValue& x, int k) {
  const auto& f = mxconf::format_spec(to);
  std::map<std::uint64_t, std::uint64_t> counts;
  for (std::uint64_t r = 0; r < (std::uint64_t{1} << k); ++r) ++counts[mxconf::encode(x, f, sr(k, r))];
  ExactValue sum = ExactValue::zero(false);
  for (const auto& [code, n] : counts)
    sum = mxconf::add(sum, mxconf::multiply(mxtest::oracle_decode(to, code), ExactValue::dyadic(static_cast<std::int64_t>(n), 0)));
  return sum;
}

// x = (toward-zero neighbour) + frac * gap, frac = n / 2^40, between points i and i+1 of the grid.
ExactValue between(FormatId to, std::size_t i, std::uint64_t n) {
  const auto& pts = mxtest::grid(to).points();
  const ExactValue& lo = pts[i].value;
  const ExactValue& hi = pts[i + 1].value;
  const bool negative = hi.negative() || (hi.is_zero() && lo.negative());
  const ExactValue& tz = negative ? hi : lo;
  const ExactValue gap = mxtest::sub(hi, lo);
  const ExactValue offset = mxconf::multiply(gap, ExactValue::dyadic(static_cast<std::int64_t>(n), -40));
  return mxconf::add(tz, negative ? offset.negated() : offset);
}

// Index of the grid point equal to v.
std::size_t index_of(FormatId to, const ExactValue& v) {
  const auto b = mxtest::grid(to).locate(v);
  EXPECT_EQ(b.where, mxtest::Bracket::Where::exact);
  return b.lo;
}

// Fractions of the gap (n / 2^40): the tie, just either side of it, a sliver that lies entirely below the top 8
// bits, just below the upper neighbour, and an irregular one.
constexpr std::uint64_t kFractions[] = {std::uint64_t{1} << 39, (std::uint64_t{1} << 39) - 1,
                                        (std::uint64_t{1} << 39) + (std::uint64_t{1} << 31), 1,
                                        (std::uint64_t{1} << 40) - 1, 0x5a5a5a5a5a};

struct Interval {
  FormatId to;
  ExactValue lower;  // a grid point; x lies between it and the next point up
  const char* what;
  bool amd = false;  // also enumerated with AMD's large K (2^20..2^22 values of r: a few per format)
};

std::vector<Interval> intervals() {
  using E = ExactValue;
  return {
      {FormatId::e4m3, E::zero(false), "e4m3 [0, 2^-9]: subnormal grid", true},
      {FormatId::e4m3, E::dyadic(3, -9), "e4m3 subnormals 3..4 * 2^-9"},
      {FormatId::e4m3, E::dyadic(7, -9), "e4m3 max subnormal .. min normal"},
      {FormatId::e4m3, E::dyadic(1, 0), "e4m3 [1, 1.125]"},
      {FormatId::e4m3, E::dyadic(416, 0), "e4m3 just below max [416, 448]", true},
      {FormatId::e4m3, E::dyadic(-448, 0), "e4m3 negative, just below -max [-448, -416]"},
      {FormatId::e4m3, E::dyadic(-1, -9), "e4m3 [-2^-9, -0]"},
      {FormatId::e5m2, E::zero(false), "e5m2 [0, 2^-16]", true},
      {FormatId::e5m2, E::dyadic(3, -16), "e5m2 max subnormal .. min normal"},
      {FormatId::e5m2, E::dyadic(49152, 0), "e5m2 just below max", true},
      {FormatId::e5m2, E::dyadic(-7, -1), "e5m2 [-3.5, -3]"},
      {FormatId::e3m2, E::zero(false), "e3m2 [0, 1/16]", true},
      {FormatId::e3m2, E::dyadic(24, 0), "e3m2 just below max [24, 28]", true},
      {FormatId::e2m3, E::dyadic(7, -3), "e2m3 max subnormal .. 1", true},
      {FormatId::e2m3, E::dyadic(7, 0), "e2m3 just below max [7, 7.5]", true},
      {FormatId::e2m1, E::zero(false), "e2m1 [0, 0.5]", true},
      {FormatId::e2m1, E::dyadic(1, -1), "e2m1 [0.5, 1]"},
      {FormatId::e2m1, E::dyadic(2, 0), "e2m1 [2, 3]"},
      {FormatId::e2m1, E::dyadic(4, 0), "e2m1 just below max [4, 6]"},
      {FormatId::e2m1, E::dyadic(-6, 0), "e2m1 [-6, -4]", true},
      {FormatId::int8, E::zero(false), "int8 [0, 1/64]", true},
      {FormatId::int8, E::dyadic(126, -6), "int8 just below max", true},
      {FormatId::int8, E::dyadic(-127, -6), "int8 [-127/64, -126/64]", true},
      {FormatId::e8m0, E::dyadic(1, -127), "e8m0 [2^-127, 2^-126]", true},
      {FormatId::e8m0, E::dyadic(1, 0), "e8m0 [1, 2]", true},
      {FormatId::e8m0, E::dyadic(1, 126), "e8m0 just below max [2^126, 2^127]", true},
  };
}

TEST(StochasticUnbiased, SumOverAllRandomValuesK8) {
  for (const auto& iv : intervals()) {
    const std::size_t i = index_of(iv.to, iv.lower);
    for (const std::uint64_t n : kFractions) {
      const ExactValue x = between(iv.to, i, n);
      SCOPED_TRACE(std::string(iv.what) + " frac " + hex(n) + "/2^40");
      for (const int k : {1, 3, 8}) {  // 8: NVIDIA cvt.rs for FP8/FP4 (spec-rules §5.3)
        SCOPED_TRACE("K=" + std::to_string(k));
        EXPECT_TRUE(actual_sum(iv.to, x, k).identical(expected_sum(iv.to, x, k)));
      }
    }
  }
}

// The same intervals with AMD's K = 23 - m (16 for int8 and e8m0), at one irregular fraction of the gap.
TEST(StochasticUnbiased, SumOverAllRandomValuesAmdK) {
  for (const auto& iv : intervals()) {
    if (!iv.amd) continue;
    const auto& l = mxtest::layout(iv.to);
    const int k = l.kind == mxtest::Kind::int8 || l.kind == mxtest::Kind::e8m0 ? 16 : 23 - l.mbits;
    const ExactValue x = between(iv.to, index_of(iv.to, iv.lower), 0x5a5a5a5a5a);
    SCOPED_TRACE(std::string(iv.what) + " K=" + std::to_string(k));
    EXPECT_TRUE(actual_sum(iv.to, x, k).identical(expected_sum(iv.to, x, k)));
  }
}

// AMD gfx950: K = 23 - m random bits for an fp32 source (spec-rules §5.3). In the normal range K covers every
// discarded bit, so the sum is exactly 2^K * x; on the subnormal grid the bits below the top K are dropped.
TEST(StochasticUnbiased, AmdStyleKCoversTheFp32Mantissa) {
  struct Case {
    FormatId to;
    std::uint32_t bits;
    bool exact_mean;  // every discarded bit is among the top K
    const char* what;
  } const cases[] = {
      {FormatId::e4m3, 0x3fb5a5a5, true, "e4m3 1.41..., K=20"},
      {FormatId::e5m2, 0xc0a5a5a5, true, "e5m2 -5.17..., K=21"},
      {FormatId::e3m2, 0x3f9e3779, true, "e3m2 1.23..., K=21"},
      {FormatId::e2m3, 0x3e99999a, false, "e2m3 0.3 (subnormal grid), K=20"},
      {FormatId::e2m1, 0x40a66666, true, "e2m1 5.2, K=22"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const int k = 23 - mxtest::layout(c.to).mbits;
    const ExactValue x = mxtest::oracle_decode(FormatId::fp32, c.bits);
    const ExactValue sum = actual_sum(c.to, x, k);
    EXPECT_TRUE(sum.identical(expected_sum(c.to, x, k)));
    EXPECT_EQ(sum.identical(x.scaled_by_power_of_two(k)), c.exact_mean);
  }
}

// r = 0 truncates (the same as rtz) and r = 2^K - 1 rounds up exactly when the top K discarded bits are not all 0.
RC_GTEST_PROP(StochasticProperties, ZeroRandomTruncatesAndMaxRandomRoundsUpOnNonzeroTopBits, ()) {
  const auto to = *rc::gen::element(FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3, FormatId::e2m1,
                                    FormatId::int8, FormatId::e8m0);
  const auto& g = mxtest::grid(to);
  const auto i = *rc::gen::inRange<std::size_t>(1, g.points().size() - 2);  // a real interval
  const auto n = *rc::gen::inRange<std::uint64_t>(0, std::uint64_t{1} << 40);
  const int k = *rc::gen::inRange(1, 65);
  const ExactValue x = between(to, i, n);
  const auto& f = mxconf::format_spec(to);
  const auto p = mxtest::test_policies();
  const std::uint64_t all_ones = k == 64 ? ~0ull : (std::uint64_t{1} << k) - 1;
  RC_ASSERT(mxconf::encode(x, f, sr(k, 0)) == mxconf::encode(x, f, {Rounding::rtz, p, {}}));
  // top K bits of the fraction n / 2^40
  const BigInt top = k <= 40 ? BigInt(n >> (40 - k)) : BigInt(n) << (k - 40);
  const std::uint64_t up = mxconf::encode(x, f, sr(k, all_ones));
  // The away-from-zero neighbour, from the oracle (a real interval: no overflow).
  const std::uint64_t away = g.encode(x, x.negative() ? Rounding::rdn : Rounding::rup, p).code;
  RC_ASSERT(up == (top != 0 ? away : mxconf::encode(x, f, {Rounding::rtz, p, {}})));
}

// Bits below the top K never matter: x and trunc_K(x) + anything smaller than gap * 2^-K round alike for every r.
RC_GTEST_PROP(StochasticProperties, DiscardedBitsBelowTopKNeverMatter, ()) {
  const auto to = *rc::gen::element(FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3, FormatId::e2m1,
                                    FormatId::int8, FormatId::e8m0);
  const auto& g = mxtest::grid(to);
  const auto i = *rc::gen::inRange<std::size_t>(1, g.points().size() - 2);
  const int k = *rc::gen::inRange(1, 30);
  // Same top K bits of the 40-bit fraction, different bits below.
  const std::uint64_t top = *rc::gen::inRange<std::uint64_t>(0, std::uint64_t{1} << k);
  const std::uint64_t low_mask = (std::uint64_t{1} << (40 - k)) - 1;
  const std::uint64_t n1 = top << (40 - k) | (*rc::gen::arbitrary<std::uint64_t>() & low_mask);
  const std::uint64_t n2 = top << (40 - k) | (*rc::gen::arbitrary<std::uint64_t>() & low_mask);
  const ExactValue x1 = between(to, i, n1);
  const ExactValue x2 = between(to, i, n2);
  const auto& f = mxconf::format_spec(to);
  for (int j = 0; j < 8; ++j) {
    const std::uint64_t r = *rc::gen::inRange<std::uint64_t>(0, std::uint64_t{1} << k);
    RC_ASSERT(mxconf::encode(x1, f, sr(k, r)) == mxconf::encode(x2, f, sr(k, r)));
  }
}

// Literal SR results on the subnormal grid (the alignment follows the destination's subnormal grid, B200-probed).
TEST(StochasticLiterals, SubnormalGridAlignment) {
  struct Case {
    FormatId to;
    ExactValue x;
    int k;
    std::uint64_t r;
    std::uint64_t expected;
    const char* why;
  } const cases[] = {
      // e2m1 2.5 in [2, 3]: D = 0.5 * 256 = 128; carry iff r >= 128
      {FormatId::e2m1, ExactValue::dyadic(5, -1), 8, 127, 0x4, "2.5: 128 + 127 < 256 -> 2"},
      {FormatId::e2m1, ExactValue::dyadic(5, -1), 8, 128, 0x5, "2.5: 128 + 128 = 256 -> 3"},
      // e2m1 0.375 on the subnormal grid [0, 0.5]: D = 0.75 * 256 = 192
      {FormatId::e2m1, ExactValue::dyadic(3, -3), 8, 63, 0x0, "0.375: 192 + 63 -> 0"},
      {FormatId::e2m1, ExactValue::dyadic(3, -3), 8, 64, 0x1, "0.375: 192 + 64 -> 0.5"},
      {FormatId::e2m1, ExactValue::dyadic(-3, -3), 8, 64, 0x9, "-0.375: magnitude rounds up -> -0.5"},
      {FormatId::e2m1, ExactValue::dyadic(-3, -3), 8, 0, 0x8, "-0.375: r = 0 -> -0"},
      // e4m3 1.25 * 2^-10 in [0, 2^-9]: D = 0.625 * 256 = 160
      {FormatId::e4m3, ExactValue::dyadic(5, -12), 8, 95, 0x00, "1.25*2^-10: 160 + 95 -> 0"},
      {FormatId::e4m3, ExactValue::dyadic(5, -12), 8, 96, 0x01, "1.25*2^-10: 160 + 96 -> 2^-9"},
      // the carry crosses the binade: 1.9375 in [1.875, 2] (e4m3 gap 0.125), D = 128
      {FormatId::e4m3, ExactValue::dyadic(31, -4), 8, 128, 0x40, "1.9375 rounds up to 2.0 (exponent carry)"},
      // bits below the top K ignored: 1 + 2^-20 in e4m3 with K = 8: top 8 bits are 0
      {FormatId::e4m3, mxconf::add(ExactValue::dyadic(1, 0), ExactValue::dyadic(1, -20)), 8, 255, 0x38,
       "1 + 2^-20: top 8 discarded bits are zero -> 1.0 even with r = 255"},
      {FormatId::e4m3, mxconf::add(ExactValue::dyadic(1, 0), ExactValue::dyadic(1, -20)), 20, (1u << 20) - 1, 0x39,
       "1 + 2^-20 with K = 20: D = 2^-17 * 2^20 = 8 -> rounds up with r = 2^20 - 1"},
      // int8: 1/128 in [0, 1/64], D = 128
      {FormatId::int8, ExactValue::dyadic(1, -7), 8, 128, 0x01, "int8 1/128 + r=128 -> 1/64"},
      {FormatId::int8, ExactValue::dyadic(-1, -7), 8, 128, 0xff, "int8 -1/128 + r=128 -> -1/64"},
      // e8m0 1.5 in [1, 2]: gap 1, D = 128
      {FormatId::e8m0, ExactValue::dyadic(3, -1), 8, 127, 0x7f, "e8m0 1.5, r=127 -> 1"},
      {FormatId::e8m0, ExactValue::dyadic(3, -1), 8, 128, 0x80, "e8m0 1.5, r=128 -> 2"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(hex(mxconf::encode(c.x, mxconf::format_spec(c.to), sr(c.k, c.r))), hex(c.expected));
  }
}

// Past max under SR: saturate keeps max for every r; non-saturating overflows exactly when the carry happens.
TEST(StochasticLiterals, JustAboveMax) {
  const auto& e4m3 = mxconf::format_spec(FormatId::e4m3);
  const ExactValue x = ExactValue::dyadic(456, 0);  // 448 + gap/4: D = 64 of 256
  for (std::uint64_t r = 0; r < 256; ++r) {
    SCOPED_TRACE("r=" + std::to_string(r));
    EXPECT_EQ(mxconf::encode(x, e4m3, sr(8, r)), 0x7eu);
    EXPECT_EQ(mxconf::encode(x, e4m3, sr(8, r, mxconf::Overflow::non_saturating)), r >= 192 ? 0x7fu : 0x7eu);
  }
}

TEST(StochasticArguments, OutOfRangeThrows) {
  const auto& e4m3 = mxconf::format_spec(FormatId::e4m3);
  const ExactValue x = ExactValue::dyadic(3, -1);
  EXPECT_THROW(mxconf::encode(x, e4m3, sr(8, 256)), mxconf::InvalidArgument);
  EXPECT_THROW(mxconf::encode(x, e4m3, sr(1, 2)), mxconf::InvalidArgument);
  EXPECT_THROW(mxconf::encode(x, e4m3, sr(0, 0)), mxconf::InvalidArgument);
  EXPECT_THROW(mxconf::encode(x, e4m3, sr(65, 0)), mxconf::InvalidArgument);
  EXPECT_THROW(mxconf::encode(x, e4m3, sr(-1, 0)), mxconf::InvalidArgument);
  EXPECT_THROW(mxconf::encode(x, e4m3, sr(13, 1u << 13)), mxconf::InvalidArgument);
  // Checked before anything else: also for exact values and NaN.
  EXPECT_THROW(mxconf::encode(ExactValue::dyadic(1, 0), e4m3, sr(8, 256)), mxconf::InvalidArgument);
  EXPECT_THROW(mxconf::encode(ExactValue::nan(false), e4m3, sr(0, 0)), mxconf::InvalidArgument);
  // In range: fine, including K = 64 with every bit set.
  EXPECT_NO_THROW(mxconf::encode(x, e4m3, sr(8, 255)));
  EXPECT_NO_THROW(mxconf::encode(x, e4m3, sr(64, ~0ull)));
  EXPECT_NO_THROW(mxconf::encode(x, e4m3, sr(1, 1)));
  // The random bits are ignored (not checked) when the mode is not sr.
  EXPECT_NO_THROW(mxconf::encode(x, e4m3, {Rounding::rne, mxtest::test_policies(), {0, 12345}}));
}

}  // namespace
