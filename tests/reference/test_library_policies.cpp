// Policy values that model what real libraries measurably do (issue 8; /work/shared/notes/real-clients.md §4-§5):
// torchao 0.18's scale of an Inf block, its element divisor under scale code 0x00, RCEIL as
// ceil(torch.log2(amax * fl32(1/M))), LLVM's refusal of Inf into FP6/FP4, ml_dtypes' saturating E8M0 conversion of negatives, gfloat's single FP8 NaN
// code and its E8M0 overflow before rounding. Every expected value is a literal from a measurement or a peer's own
// test (cited), or worked out by hand from the format definitions in the comment beside it.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/reference/profile.hpp"
#include "mxconf/reference/scale_rule.hpp"

namespace mxconf {
namespace {

const FormatSpec& fmt(FormatId id) { return format_spec(id); }
ExactValue fp32(std::uint32_t bits) { return decode(fmt(FormatId::fp32), bits); }
ExactValue num(std::int64_t integer, std::int64_t exponent = 0) { return ExactValue::dyadic(integer, exponent); }

const Profile& profile(const char* name) {
  const Profile* p = find_profile(name);
  if (!p) throw std::runtime_error(std::string("no profile ") + name);
  return *p;
}

// The ocp profile's element options (rne), for a caller to change one policy.
EncodeOptions ocp_options() { return encode_options(profile("ocp"), fmt(FormatId::e4m3)); }

std::uint64_t rule_code(ScaleRule rule, std::uint32_t amax_bits, FormatId element) {
  return scale_code(rule, fp32(amax_bits), fmt(element), ScaleOverflow::clamp, ZeroAmax::smallest_scale);
}

// ---------------------------------------------------------------------------------------------------------------
// rceil-log2f (torchao 0.18 RCEIL on sm_90: ceil(torch.log2(fl32(amax * fl32(1/M)))), real-clients.md §4)

TEST(RceilLog2f, MeasuredTorchaoBlockIsOneCodeBelowRceilFp32) {
  // real-clients.md §4: E4M3 amax 0x24e00002: rceil-fp32 0x42, torchao 0x41.
  EXPECT_EQ(rule_code(ScaleRule::rceil_fp32, 0x24e00002, FormatId::e4m3), 0x42u);
  EXPECT_EQ(rule_code(ScaleRule::rceil, 0x24e00002, FormatId::e4m3), 0x42u);
  EXPECT_EQ(rule_code(ScaleRule::rceil_log2f, 0x24e00002, FormatId::e4m3), 0x41u);
}

// Blocks whose amax / 448 is exactly 2^k (1 + X / 2^23) (amax = 1.75 * 2^(k+8) * (1 + X / 2^23), X a multiple of 4,
// so the division is exact; fl32(amax * fl32(1/448)) rounds to the same q, checked in numpy float32).
// fl32(log2 q) stays k while log2(1 + X / 2^23) < half the fp32 gap above k:
// 2^-18 for k = +-100 (ulp(100) = 2^-17), 2^-19 for k = -64 (the gap below 64 is 2^-18). Solving
// log2(1 + X / 2^23) = 2^-e by hand (X = 2^23 (2^(2^-e) - 1)): X* = 22.18 for e = 18, 11.09 for e = 19.
TEST(RceilLog2f, ThresholdsAboveAPowerOfTwo) {
  struct Case {
    std::uint32_t amax;
    std::uint64_t log2f, rceil;
    const char* why;
  };
  const Case cases[] = {
      {0x75e00023, 0xe3, 0xe4, "k = 100, X = 20 < 22.18: log2f rounds to 100"},
      {0x75e0002a, 0xe4, 0xe4, "k = 100, X = 24 > 22.18"},
      {0x11e00023, 0x1b, 0x1c, "k = -100, X = 20"},
      {0x11e0002a, 0x1c, 0x1c, "k = -100, X = 24"},
      {0x23e0000e, 0x3f, 0x40, "k = -64 (power of two), X = 8 < 11.09"},
      {0x23e00015, 0x40, 0x40, "k = -64, X = 12 > 11.09"},
      {0x43e00000, 0x7f, 0x7f, "amax = 448 exactly: q = 1, both give 2^0"},
      {0x43e00001, 0x80, 0x80, "k = 0: fp32 resolves log2 q > 0, never rounds to 0"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(rule_code(ScaleRule::rceil_log2f, c.amax, FormatId::e4m3), c.log2f);
    EXPECT_EQ(rule_code(ScaleRule::rceil, c.amax, FormatId::e4m3), c.rceil);
  }
}

// torch divides a CUDA tensor by a Python scalar as a multiplication by the scalar's fp32 reciprocal, so torchao's
// q is fl32(amax * fl32(1/M)), not fl32(amax / M). Measured: observations/torchao/0.18.0/quantize-e4m3-rceil.txt
// rows M*2^-8+1 (scale 0x77) and M*2^-8+2 (0x78), torch 2.11.0+cu130 on an H200. By hand (numpy float32):
// amax 0x3fe00002 = 1.75 + 2^-22; fl32(amax / 448) = 2^-8 (1 + 2^-23) but fl32(amax * fl32(1/448)) =
// 2^-8 (1 + 2^-22); torch.log2 of the first is exactly -8 (ceil -8: 0x77), of the second above -8 (ceil -7: 0x78):
// the k = -8 threshold is 2^-8 (1 + 2 * 2^-23) (observations/torch/2.11.0/log2f-ceil-thresholds.dat, 0x3b800002).
TEST(RceilLog2f, TorchaoMultipliesByTheFp32Reciprocal) {
  EXPECT_EQ(rule_code(ScaleRule::rceil_log2f, 0x3fe00001, FormatId::e4m3), 0x77u);
  EXPECT_EQ(rule_code(ScaleRule::rceil_log2f, 0x3fe00002, FormatId::e4m3), 0x78u);
  EXPECT_EQ(rule_code(ScaleRule::rceil_log2f, 0x3fe00000, FormatId::e4m3), 0x77u);  // amax = M * 2^-8: q = 2^-8
}

TEST(RceilLog2f, NameAndTinyAmax) {
  EXPECT_EQ(to_string(ScaleRule::rceil_log2f), "rceil-log2f");
  EXPECT_EQ(parse_scale_rule("rceil-log2f"), ScaleRule::rceil_log2f);
  // amax = 2^-149: fl32(2^-149 / 448) = 0, log2f(0) = -Inf: the clamp at 2^-127.
  EXPECT_EQ(rule_code(ScaleRule::rceil_log2f, 0x00000001, FormatId::e4m3), 0x00u);
}

// ---------------------------------------------------------------------------------------------------------------
// block-inf=exponent-field, min-scale-divisor (torchao 0.18, real-clients.md §4)

TEST(BlockInfExponentField, TorchaoFloorScaleOfAnInfBlock) {
  // real-clients.md §4: E4M3 FLOOR gives 0xf7 = 255 - emax(8), then the elements saturate.
  const std::vector<ExactValue> values{ExactValue::infinity(false), num(1), ExactValue::infinity(true)};
  const auto q = quantize_block(values, fmt(FormatId::e4m3), quantize_options(profile("torchao-floor")));
  EXPECT_EQ(q.scale, 0xf7u);
  EXPECT_EQ(q.codes, (std::vector<std::uint64_t>{0x7e, 0x00, 0xfe}));  // +-448; 1 / 2^120 -> +0
  // By hand: 255 - emax for e5m2 (15), e2m1 (2), e3m2 (4); MXINT8 (emax 0) reaches 0xff, the NaN scale.
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e5m2), quantize_options(profile("torchao-ceil"))).scale, 0xf0u);
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e2m1), quantize_options(profile("torchao-even"))).scale, 0xfdu);
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e3m2), quantize_options(profile("torchao-floor"))).scale, 0xfbu);
  EXPECT_EQ(quantize_block(values, fmt(FormatId::int8), quantize_options(profile("torchao-floor"))).scale, 0xffu);
}

TEST(BlockInfExponentField, TorchaoRceilScaleOfAnInfBlockIsLargestScale) {
  // real-clients.md §4: RCEIL gives 0xfe: block-inf=largest-scale, elements saturate as under FLOOR.
  const std::vector<ExactValue> values{ExactValue::infinity(false), num(-3)};
  const auto q = quantize_block(values, fmt(FormatId::e4m3), quantize_options(profile("torchao-rceil")));
  EXPECT_EQ(q.scale, 0xfeu);
  EXPECT_EQ(q.codes, (std::vector<std::uint64_t>{0x7e, 0x80}));
  EXPECT_EQ(to_string(BlockInf::exponent_field), "exponent-field");
  EXPECT_EQ(parse_block_inf("exponent-field"), BlockInf::exponent_field);
}

// torchao 0.18 EVEN rounds amax half-up to the element's fraction bits on its fp32 pattern; from FLT_MAX the
// rounding carries into the Inf pattern, and torchao reads its exponent field like an Inf block's: 255 - emax.
// Measured: observations/torchao/0.18.0/quantize-e4m3-even.txt row golden:flt-max (v0 -FLT_MAX, v1 1.0, v2..v31
// FLT_MAX): scale 0xf7, p0 0xf8, p1 0x00, p2 0x78 (torch 2.11.0+cu130, H200).
TEST(BlockInfExponentField, TorchaoEvenRoundsFltMaxToTheInfPattern) {
  std::vector<ExactValue> values{fp32(0xff7fffff), num(1)};
  values.resize(32, fp32(0x7f7fffff));
  const auto q = quantize_block(values, fmt(FormatId::e4m3), quantize_options(profile("torchao-even")));
  EXPECT_EQ(q.scale, 0xf7u);
  EXPECT_EQ(q.codes[0], 0xf8u);
  EXPECT_EQ(q.codes[1], 0x00u);
  EXPECT_EQ(q.codes[2], 0x78u);
  // The other formats (quantize-<element>-even.txt, golden:flt-max): 255 - emax.
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e5m2), quantize_options(profile("torchao-even"))).scale, 0xf0u);
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e3m2), quantize_options(profile("torchao-even"))).scale, 0xfbu);
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e2m3), quantize_options(profile("torchao-even"))).scale, 0xfdu);
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e2m1), quantize_options(profile("torchao-even"))).scale, 0xfdu);
  // The rule alone (and EVEN under any other block-inf) keeps its own NaN scale for the Inf pattern.
  EXPECT_EQ(rule_code(ScaleRule::even, 0x7f7fffff, FormatId::e4m3), 0xffu);
  auto o = quantize_options(profile("torchao-even"));
  o.block.inf = BlockInf::nan_scale;
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e4m3), o).scale, 0xffu);
  // Where the carry starts: 2^127 (2 - 2^-4) for e4m3 (m = 3) is 0x7f780000; one pattern below stays finite:
  // floor 127 - emax 8 = 119 -> 0xf6 (quantize-e4m3-even.txt rows carry2^127-1: 0xf6, carry2^127+0: 0xf7).
  EXPECT_TRUE(even_rounds_to_fp32_inf(fp32(0x7f780000), fmt(FormatId::e4m3)));
  EXPECT_FALSE(even_rounds_to_fp32_inf(fp32(0x7f77ffff), fmt(FormatId::e4m3)));
  EXPECT_FALSE(even_rounds_to_fp32_inf(num(0), fmt(FormatId::e4m3)));
  const std::vector<ExactValue> below{fp32(0x7f77ffff)}, at{fp32(0x7f780000)};
  EXPECT_EQ(quantize_block(below, fmt(FormatId::e4m3), quantize_options(profile("torchao-even"))).scale, 0xf6u);
  EXPECT_EQ(quantize_block(at, fmt(FormatId::e4m3), quantize_options(profile("torchao-even"))).scale, 0xf7u);
  // FLOOR and CEIL do not round amax: the same block takes floor 127 - 8 (0xf6) and ceil 128 - 8 (0xf7) as numbers.
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e4m3), quantize_options(profile("torchao-floor"))).scale, 0xf6u);
}

// A block whose floor scale clamps to code 0x00: amax 2^-120 (floor(-120) - emax 8 = -128 < -127).
TEST(MinScaleDivisor, ElementsOfAScaleCodeZeroBlock) {
  const std::vector<ExactValue> values{num(1, -120), num(-3, -124)};
  auto o = quantize_options(profile("ocp"));
  // exact (OCP): 2^-120 / 2^-127 = 128 = 2^7 -> e4m3 exponent field 7 + 7 = 14: 0x70; -3*2^-124 / 2^-127 = -24 =
  // -1.5 * 2^4 -> 1 | 1011 | 100 = 0xdc.
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e4m3), o).scale, 0x00u);
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e4m3), o).codes, (std::vector<std::uint64_t>{0x70, 0xdc}));
  // fp32-min-normal (torchao FLOOR/CEIL/EVEN, real-clients.md §4: one binade low): 64 -> 0x68, -12 -> 0xd4.
  o.block.min_scale_divisor = MinScaleDivisor::fp32_min_normal;
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e4m3), o).codes, (std::vector<std::uint64_t>{0x68, 0xd4}));
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e4m3), quantize_options(profile("torchao-floor"))).codes,
            (std::vector<std::uint64_t>{0x68, 0xd4}));
  // one (torchao RCEIL, real-clients.md §4: every element becomes 0): V_i itself, far below e4m3's 2^-9.
  o.block.min_scale_divisor = MinScaleDivisor::one;
  EXPECT_EQ(quantize_block(values, fmt(FormatId::e4m3), o).codes, (std::vector<std::uint64_t>{0x00, 0x80}));
  // Any other scale code divides exactly: amax 2^-100 gives scale 2^-108 (code 19) under every value.
  const std::vector<ExactValue> normal{num(1, -100)};
  for (const auto d : {MinScaleDivisor::exact, MinScaleDivisor::fp32_min_normal, MinScaleDivisor::one}) {
    o.block.min_scale_divisor = d;
    const auto q = quantize_block(normal, fmt(FormatId::e4m3), o);
    EXPECT_EQ(q.scale, 19u);
    EXPECT_EQ(q.codes, (std::vector<std::uint64_t>{0x78}));  // 2^8 = 256: exponent field 15, mantissa 0
  }
  EXPECT_EQ(parse_min_scale_divisor("fp32-min-normal"), MinScaleDivisor::fp32_min_normal);
  EXPECT_EQ(to_string(MinScaleDivisor::one), "one");
}

// ---------------------------------------------------------------------------------------------------------------
// Element policies from peers' own test suites (real-clients.md §5)

TEST(InfIntoFinite, LlvmRefusesInfIntoFp6AndFp4) {
  EncodeOptions o = ocp_options();
  o.policies.inf_into_finite = InfIntoFinite::error;
  for (const FormatId id : {FormatId::e3m2, FormatId::e2m3, FormatId::e2m1, FormatId::int8}) {
    SCOPED_TRACE(fmt(id).name);
    EXPECT_THROW(encode(ExactValue::infinity(false), fmt(id), o), InvalidArgument);
    EXPECT_THROW(encode(ExactValue::infinity(true), fmt(id), o), InvalidArgument);
    EXPECT_EQ(encode(num(1000), fmt(id), o), max_finite_code(fmt(id)));  // finite overflow still clamps
  }
  EXPECT_EQ(encode(ExactValue::infinity(false), fmt(FormatId::e4m3), o), 0x7eu);  // formats with NaN: unaffected
  o.policies.inf_into_finite = InfIntoFinite::max;
  EXPECT_EQ(encode(ExactValue::infinity(true), fmt(FormatId::e2m1), o), 0xfu);  // -6
}

TEST(NegativeIntoUnsigned, MlDtypesSaturatingConversionSendsNegativesToCodeZero) {
  // ml_dtypes tests/float8_test.cc Float8E8m0fnuTest.NegativeInput, ConvertFrom<kSaturate=true>: every finite
  // negative and -0 -> lowest() = 0x00 (2^-127); -Inf and NaN -> NaN.
  EncodeOptions o = encode_options(profile("ml_dtypes"), fmt(FormatId::e8m0));
  o.policies.negative_into_unsigned = NegativeIntoUnsigned::smallest;
  o.policies.zero_into_e8m0 = ZeroIntoE8m0::smallest;
  const auto& e8m0 = fmt(FormatId::e8m0);
  for (const std::uint32_t bits : {0xff7fffffu /* lowest */, 0xbf800000u /* -1 */, 0xbf000000u /* -0.5 */,
                                   0x80800000u /* -min */, 0x80000001u /* -denorm_min */, 0x80000000u /* -0 */})
    EXPECT_EQ(encode(fp32(bits), e8m0, o), 0x00u) << std::hex << bits;
  EXPECT_EQ(encode(ExactValue::infinity(true), e8m0, o), 0xffu);
  EXPECT_EQ(encode(ExactValue::nan(true), e8m0, o), 0xffu);
  EXPECT_EQ(encode(num(2), e8m0, o), 0x80u);  // positives as before
}

TEST(NanSignNegative, GfloatHasOneNanCodeForFp8) {
  // gfloat: NaN -> 0xff in e4m3 and e5m2 whatever its sign; +560 into e4m3 (non-saturating) -> 0xff.
  EncodeOptions o = ocp_options();
  o.policies.nan_encoding = NanEncoding{NanSign::negative, NanMantissa::all_ones};
  for (const FormatId id : {FormatId::e4m3, FormatId::e5m2}) {
    EXPECT_EQ(encode(ExactValue::nan(false), fmt(id), o), 0xffu);
    EXPECT_EQ(encode(ExactValue::nan(true), fmt(id), o), 0xffu);
  }
  o.policies.overflow = Overflow::non_saturating;
  EXPECT_EQ(encode(num(560), fmt(FormatId::e4m3), o), 0xffu);
  EXPECT_EQ(encode(num(-560), fmt(FormatId::e4m3), o), 0xffu);
  EXPECT_EQ(encode(num(1 << 17), fmt(FormatId::e5m2), o), 0x7cu);  // e5m2 overflows to Inf, not NaN
  EXPECT_EQ(parse_nan_sign("negative"), NanSign::negative);
}

TEST(E8m0Overflow, GfloatDecidesBeforeRounding) {
  // gfloat: 1.25 * 2^127 -> 0xff (non-saturating E8M0). After rounding it is nearer 2^127: 0xfe.
  EncodeOptions o = encode_options(profile("ml_dtypes"), fmt(FormatId::e8m0));
  o.rounding = Rounding::rne;
  const auto& e8m0 = fmt(FormatId::e8m0);
  const ExactValue x = num(5, 125);  // 1.25 * 2^127
  EXPECT_EQ(encode(x, e8m0, o), 0xfeu);
  o.policies.e8m0_overflow = E8m0Overflow::before_rounding;
  EXPECT_EQ(encode(x, e8m0, o), 0xffu);
  EXPECT_EQ(encode(num(1, 127), e8m0, o), 0xfeu);  // 2^127 itself is in range
  o.policies.overflow = Overflow::saturate;
  EXPECT_EQ(encode(x, e8m0, o), 0xfeu);  // saturating: the overflow clamps to 2^127 either way
}

TEST(DirectedOverflow, MlDtypesTruncatedTwoTo128IsNonFinite) {
  // ml_dtypes tests/float8_test.cc ConvertFromWithTruncation: ConvertFrom<kSaturate=false, kTruncate=true>(2^128)
  // is infinity().rep(): e4m3 0x7f, e5m2 0x7c, e4m3fnuz 0x80, e8m0 0xff (real-clients.md §5).
  for (const char* name : {"ml_dtypes", "ml_dtypes-0.6"}) {
    SCOPED_TRACE(name);
    const Profile& p = profile(name);
    const ExactValue big = num(1, 128);
    const std::pair<FormatId, std::uint64_t> expected[] = {
        {FormatId::e4m3, 0x7f}, {FormatId::e5m2, 0x7c}, {FormatId::e4m3fnuz, 0x80}, {FormatId::e8m0, 0xff}};
    for (const auto& [id, code] : expected) {
      EncodeOptions o = encode_options(p, fmt(id));
      o.rounding = Rounding::rtz;
      EXPECT_EQ(encode(big, fmt(id), o), code) << fmt(id).name;
    }
    // Truncation that stays in range is not an overflow: 470 -> 448 in e4m3.
    EncodeOptions o = encode_options(p, fmt(FormatId::e4m3));
    o.rounding = Rounding::rtz;
    EXPECT_EQ(encode(num(470), fmt(FormatId::e4m3), o), 0x7eu);
  }
}

}  // namespace
}  // namespace mxconf
