// Scale rules (OCP MX v1.0 §6.3; spec-rules §3.3, §4). Expected values come from the spec-rules §4 tables
// (literal), from an independent oracle per rule written here on the fp32 bit fields and a linear scan over
// candidate exponents (never ExactValue::floor_log2 or the rule code), and from the float32 computation that
// TransformerEngine / torchao actually perform (for rceil-fp32).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "mxconf/reference/scale_rule.hpp"

namespace mxconf {
namespace {

const FormatSpec& fmt(FormatId id) { return format_spec(id); }
ExactValue fp32(std::uint32_t bits) { return decode(fmt(FormatId::fp32), bits); }

std::uint64_t code(ScaleRule rule, const ExactValue& amax, FormatId element,
                   ScaleOverflow overflow = ScaleOverflow::clamp, ZeroAmax zero = ZeroAmax::smallest_scale) {
  return scale_code(rule, amax, fmt(element), overflow, zero);
}

// Unbiased exponent s as the tables write it -> E8M0 code (OCP MX v1.0 §5.4.1, bias 127).
std::uint64_t code_of_s(int s) { return static_cast<std::uint64_t>(s + 127); }

// ---------------------------------------------------------------------------------------------------------------
// Names

TEST(ScaleRuleNames, RoundTripAndKnownSpellings) {
  const std::array<std::pair<ScaleRule, std::string_view>, 8> rules{{
      {ScaleRule::floor, "floor"},
      {ScaleRule::ceil, "ceil"},
      {ScaleRule::even, "even"},
      {ScaleRule::rceil, "rceil"},
      {ScaleRule::rceil_fp32, "rceil-fp32"},
      {ScaleRule::tosa, "tosa"},
      {ScaleRule::tosa_2023, "tosa-2023"},
      {ScaleRule::fp4_three_quarters, "fp4-three-quarters"},
  }};
  for (const auto& [rule, name] : rules) {
    EXPECT_EQ(to_string(rule), name);
    EXPECT_EQ(parse_scale_rule(name), rule);
  }
  EXPECT_EQ(to_string(ScaleOverflow::clamp), "clamp");
  EXPECT_EQ(to_string(ScaleOverflow::nan), "nan");
  EXPECT_EQ(parse_scale_overflow("nan"), ScaleOverflow::nan);
  EXPECT_EQ(parse_scale_overflow("clamp"), ScaleOverflow::clamp);
  EXPECT_EQ(to_string(ZeroAmax::smallest_scale), "smallest-scale");
  EXPECT_EQ(to_string(ZeroAmax::fp32_min_normal), "fp32-min-normal");
  EXPECT_EQ(parse_zero_amax("smallest-scale"), ZeroAmax::smallest_scale);
  EXPECT_EQ(parse_zero_amax("fp32-min-normal"), ZeroAmax::fp32_min_normal);
}

TEST(ScaleRuleNames, UnknownNamesAreEmpty) {
  EXPECT_FALSE(parse_scale_rule("Floor"));
  EXPECT_FALSE(parse_scale_rule("rceil_fp32"));
  EXPECT_FALSE(parse_scale_rule(""));
  EXPECT_FALSE(parse_scale_overflow("saturate"));
  EXPECT_FALSE(parse_zero_amax("zero"));
}

// ---------------------------------------------------------------------------------------------------------------
// The spec-rules §4 tables, literally (unbiased s; code = s + 127).

struct TableRow {
  const char* label;
  ExactValue amax;
  int floor, ceil, even, rceil, tosa, tosa_2023;
};

void check_table_row(const TableRow& row, FormatId element) {
  SCOPED_TRACE(row.label);
  EXPECT_EQ(code(ScaleRule::floor, row.amax, element), code_of_s(row.floor));
  EXPECT_EQ(code(ScaleRule::ceil, row.amax, element), code_of_s(row.ceil));
  EXPECT_EQ(code(ScaleRule::even, row.amax, element), code_of_s(row.even));
  EXPECT_EQ(code(ScaleRule::rceil, row.amax, element), code_of_s(row.rceil));
  EXPECT_EQ(code(ScaleRule::rceil_fp32, row.amax, element), code_of_s(row.rceil));  // no trap input here
  EXPECT_EQ(code(ScaleRule::tosa, row.amax, element), code_of_s(row.tosa));
  EXPECT_EQ(code(ScaleRule::tosa_2023, row.amax, element), code_of_s(row.tosa_2023));
  EXPECT_EQ(code(ScaleRule::fp4_three_quarters, row.amax, element), code_of_s(row.floor));
}

TEST(ScaleRuleTable, E4m3) {
  const std::vector<TableRow> rows{
      {"448", ExactValue::dyadic(448, 0), 0, 1, 0, 0, 0, 0},
      {"460", ExactValue::dyadic(460, 0), 0, 1, 0, 1, 0, 1},
      {"464", ExactValue::dyadic(464, 0), 0, 1, 0, 1, 0, 1},
      {"465", ExactValue::dyadic(465, 0), 0, 1, 0, 1, 1, 1},
      {"480", ExactValue::dyadic(480, 0), 0, 1, 0, 1, 1, 1},
      {"500", ExactValue::dyadic(500, 0), 0, 1, 1, 1, 1, 1},
      {"257", ExactValue::dyadic(257, 0), 0, 1, 0, 0, 0, 0},
      {"256", ExactValue::dyadic(256, 0), 0, 0, 0, 0, 0, 0},
      {"1.8f", fp32(0x3FE66666), -8, -7, -8, -7, -8, -7},
      {"957", ExactValue::dyadic(957, 0), 1, 2, 1, 2, 2, 2},
      {"0x43FFFFFF", fp32(0x43FFFFFF), 0, 1, 1, 1, 1, 1},
  };
  for (const auto& row : rows) check_table_row(row, FormatId::e4m3);
}

TEST(ScaleRuleTable, E2m1) {
  const std::vector<TableRow> rows{
      {"6", ExactValue::dyadic(6, 0), 0, 1, 0, 0, 0, 1},
      {"6.5", ExactValue::dyadic(13, -1), 0, 1, 0, 1, 0, 1},
      {"7", ExactValue::dyadic(7, 0), 0, 1, 1, 1, 1, 1},
      {"5", ExactValue::dyadic(5, 0), 0, 1, 0, 0, 0, 0},
      {"3", ExactValue::dyadic(3, 0), -1, 0, -1, -1, -1, 0},
      {"3.5", ExactValue::dyadic(7, -1), -1, 0, 0, 0, 0, 0},
      {"0.75", ExactValue::dyadic(3, -2), -3, -2, -3, -3, -3, -2},
  };
  for (const auto& row : rows) check_table_row(row, FormatId::e2m1);
}

// spec-rules §3.3: a float32 log2 rounds 511.99997 up to 9; the exact floor is 8, so s = 0, not 1.
TEST(ScaleRuleFloor, LargestFloatBelowPowerOfTwoIsNotRoundedUp) {
  EXPECT_EQ(code(ScaleRule::floor, fp32(0x43FFFFFF), FormatId::e4m3), 0b0111'1111u);  // s = 0
  // The same trap one binade at a time: 2^k - ulp must stay in binade k-1 for every fp32 exponent.
  for (std::uint32_t field = 2; field <= 254; ++field) {
    const std::uint32_t just_below = (field << 23) - 1;  // largest float below 2^(field-127)
    const int k = static_cast<int>(field) - 127;
    const int s = std::max(k - 1 - 8, -127);
    EXPECT_EQ(code(ScaleRule::floor, fp32(just_below), FormatId::e4m3), code_of_s(s)) << std::hex << just_below;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// rceil-fp32 traps (spec-rules §4): fl32(amax * fl32(1/M)) lands on 2^-127 in the fp32 subnormal range and the
// round-up gives code 0, while the exact ratio is just above 2^-127 and gives code 1.

struct Trap {
  FormatId element;
  std::uint32_t amax_bits;
};
constexpr std::array<Trap, 5> kRceilFp32Traps{{
    {FormatId::e4m3, 0x04600001},
    {FormatId::e5m2, 0x07E00001},
    {FormatId::e3m2, 0x02600001},
    {FormatId::e2m3, 0x01700001},
    {FormatId::e2m1, 0x01400001},
}};

TEST(ScaleRuleRceilFp32, DocumentedTrapsGiveZeroWhereExactGivesOne) {
  for (const auto& trap : kRceilFp32Traps) {
    SCOPED_TRACE(std::string(fmt(trap.element).name));
    EXPECT_EQ(code(ScaleRule::rceil_fp32, fp32(trap.amax_bits), trap.element), 0u);
    EXPECT_EQ(code(ScaleRule::rceil, fp32(trap.amax_bits), trap.element), 1u);
    // The neighbours on either side agree.
    for (std::uint32_t neighbour : {trap.amax_bits - 1, trap.amax_bits + 1}) {
      EXPECT_EQ(code(ScaleRule::rceil_fp32, fp32(neighbour), trap.element),
                code(ScaleRule::rceil, fp32(neighbour), trap.element))
          << std::hex << neighbour;
    }
  }
}

// The fp32 intermediates the explanations print (fp32_scale_working). Expected bit patterns from an independent
// exact derivation (Python fractions, RNE to binary32): fl32(1/448) = 0x3b124925; for E4M3 amax 0x24e00002
// (real-clients.md §4) p = fl32(amax * fl32(1/448)) = 0x20800002 = 2^-62 (1 + 2^-22): cvt.rp -> 2^-61 (rceil-fp32,
// code 0x42); torch.log2(p) rounds to -62 (rceil-log2f, code 0x41, as torchao 0.18 returned).
TEST(ScaleRuleFp32Working, TorchaoTrapIntermediates) {
  const auto w = fp32_scale_working(fp32(0x24e00002), fmt(FormatId::e4m3));
  EXPECT_TRUE(compare(w.reciprocal, fp32(0x3b124925)) == 0) << to_hex_float(w.reciprocal);
  EXPECT_TRUE(compare(w.product, fp32(0x20800002)) == 0) << to_hex_float(w.product);
  EXPECT_EQ(code(ScaleRule::rceil_fp32, fp32(0x24e00002), FormatId::e4m3), 0x42u);
  EXPECT_EQ(code(ScaleRule::rceil_log2f, fp32(0x24e00002), FormatId::e4m3), 0x41u);
}

// MXINT8 is no TE / torchao element format, and there fl32(64/127) is below 64/127: an exhaustive run over all
// positive finite fp32 (a C program, exact vs float32) found 254 disagreements, one per binade, at amax just above
// M * 2^k (mantissa 0x7e0001), where the fp32 product rounds down onto 2^k. (The same program finds only
// 0x01400001 for e2m1, matching spec-rules §4.)
TEST(ScaleRuleRceilFp32, Int8DisagreesOncePerBinade) {
  EXPECT_EQ(code(ScaleRule::rceil, fp32(0x3FFE0001), FormatId::int8), code_of_s(1));
  EXPECT_EQ(code(ScaleRule::rceil_fp32, fp32(0x3FFE0001), FormatId::int8), code_of_s(0));
  EXPECT_EQ(code(ScaleRule::rceil, fp32(0x007F0001), FormatId::int8), 1u);
  EXPECT_EQ(code(ScaleRule::rceil_fp32, fp32(0x007F0001), FormatId::int8), 0u);
  EXPECT_EQ(code(ScaleRule::rceil_fp32, fp32(0x3FFE0002), FormatId::int8), code_of_s(1));
}

// ---------------------------------------------------------------------------------------------------------------
// Zero amax, clamps, errors.

TEST(ScaleRuleZeroAmax, SmallestScaleIsCodeZeroForEveryRule) {
  for (int r = 0; r <= static_cast<int>(ScaleRule::fp4_three_quarters); ++r) {
    const auto rule = static_cast<ScaleRule>(r);
    for (FormatId e : {FormatId::e4m3, FormatId::e2m1, FormatId::int8}) {
      EXPECT_EQ(code(rule, ExactValue::zero(false), e), 0u) << to_string(rule);
      EXPECT_EQ(code(rule, ExactValue::zero(true), e), 0u) << to_string(rule);
    }
  }
}

// spec-rules §3.3: microxcaling's Python path adds FP32_MIN_NORMAL: floor(-126) - emax; only MXINT8 (emax 0)
// stays above the clamp, at code 0x01.
TEST(ScaleRuleZeroAmax, Fp32MinNormalGivesOneForInt8Only) {
  const auto zero = ExactValue::zero(false);
  EXPECT_EQ(code(ScaleRule::floor, zero, FormatId::int8, ScaleOverflow::clamp, ZeroAmax::fp32_min_normal), 0x01u);
  EXPECT_EQ(code(ScaleRule::floor, zero, FormatId::e4m3, ScaleOverflow::clamp, ZeroAmax::fp32_min_normal), 0x00u);
  EXPECT_EQ(code(ScaleRule::floor, zero, FormatId::e2m1, ScaleOverflow::clamp, ZeroAmax::fp32_min_normal), 0x00u);
  // rceil for int8: ceil(log2(2^-126 * 64/127)) = ceil(-126.99) = -126.
  EXPECT_EQ(code(ScaleRule::rceil, zero, FormatId::int8, ScaleOverflow::clamp, ZeroAmax::fp32_min_normal), 0x01u);
}

TEST(ScaleRuleClamp, SubnormalAmaxClampsToSmallestScale) {
  for (std::uint32_t bits : {0x00000001u, 0x00000003u, 0x00400000u, 0x007FFFFFu}) {
    EXPECT_EQ(code(ScaleRule::floor, fp32(bits), FormatId::e4m3), 0u) << std::hex << bits;
    EXPECT_EQ(code(ScaleRule::rceil, fp32(bits), FormatId::e4m3), 0u) << std::hex << bits;
    EXPECT_EQ(code(ScaleRule::even, fp32(bits), FormatId::e2m1), 0u) << std::hex << bits;
  }
  // MXINT8 has emax 0, so a subnormal amax can still sit above the clamp: 2^-127 exactly gives -127 (code 0);
  // the largest subnormal, just below 2^-126, gives ceil = -126 (code 1) under ceil, even (carry) and rceil.
  EXPECT_EQ(code(ScaleRule::ceil, fp32(0x00400000), FormatId::int8), 0u);
  EXPECT_EQ(code(ScaleRule::floor, fp32(0x007FFFFF), FormatId::int8), 0u);
  EXPECT_EQ(code(ScaleRule::ceil, fp32(0x007FFFFF), FormatId::int8), 1u);
  EXPECT_EQ(code(ScaleRule::even, fp32(0x007FFFFF), FormatId::int8), 1u);
  EXPECT_EQ(code(ScaleRule::rceil, fp32(0x007FFFFF), FormatId::int8), 1u);
}

TEST(ScaleRuleClamp, NearFltMax) {
  const auto flt_max = fp32(0x7F7FFFFF);  // (2 - 2^-23) * 2^127
  EXPECT_EQ(code(ScaleRule::floor, flt_max, FormatId::e4m3), code_of_s(127 - 8));
  EXPECT_EQ(code(ScaleRule::ceil, flt_max, FormatId::e4m3), code_of_s(128 - 8));
  // ceil(log2(2^128 / 448)) = ceil(128 - 8.807) = 120
  EXPECT_EQ(code(ScaleRule::rceil, flt_max, FormatId::e4m3), code_of_s(120));
  EXPECT_EQ(code(ScaleRule::rceil_fp32, flt_max, FormatId::e4m3), code_of_s(120));
  // e2m1: ceil(128 - log2 6) = ceil(125.42) = 126
  EXPECT_EQ(code(ScaleRule::rceil, flt_max, FormatId::e2m1), code_of_s(126));
  // torchao EVEN: the mantissa bump carries into the Inf exponent pattern, so the scale is NaN.
  EXPECT_EQ(code(ScaleRule::even, flt_max, FormatId::e4m3), 0xFFu);
  EXPECT_EQ(code(ScaleRule::even, fp32(0x7F780000), FormatId::e4m3), 0xFFu);  // 1.9375 * 2^127: first to carry
  EXPECT_EQ(code(ScaleRule::even, fp32(0x7F77FFFF), FormatId::e4m3), code_of_s(127 - 8));
  EXPECT_EQ(code(ScaleRule::even, fp32(0x7F600000), FormatId::e2m1), 0xFFu);  // 1.75 * 2^127
  EXPECT_EQ(code(ScaleRule::even, fp32(0x7F5FFFFF), FormatId::e2m1), code_of_s(127 - 2));
  // MXINT8 under rceil: FLT_MAX / (127/64) > 2^127, so s = 128 overflows: ScaleOverflow decides.
  EXPECT_EQ(code(ScaleRule::rceil, flt_max, FormatId::int8, ScaleOverflow::clamp), 0xFEu);
  EXPECT_EQ(code(ScaleRule::rceil, flt_max, FormatId::int8, ScaleOverflow::nan), 0xFFu);
  EXPECT_EQ(code(ScaleRule::rceil_fp32, flt_max, FormatId::int8, ScaleOverflow::clamp), 0xFEu);
  EXPECT_EQ(code(ScaleRule::rceil_fp32, flt_max, FormatId::int8, ScaleOverflow::nan), 0xFFu);
  // floor for MXINT8 at FLT_MAX: s = 127 exactly, no overflow.
  EXPECT_EQ(code(ScaleRule::floor, flt_max, FormatId::int8, ScaleOverflow::nan), 0xFEu);
}

// Sources wider than fp32 (fp64 amax 2^200): s > 127.
TEST(ScaleRuleClamp, ScaleOverflowPolicy) {
  const auto huge = ExactValue::dyadic(1, 200);
  EXPECT_EQ(code(ScaleRule::floor, huge, FormatId::e4m3, ScaleOverflow::clamp), 0xFEu);
  EXPECT_EQ(code(ScaleRule::floor, huge, FormatId::e4m3, ScaleOverflow::nan), 0xFFu);
  EXPECT_EQ(code(ScaleRule::tosa, huge, FormatId::e2m1, ScaleOverflow::clamp), 0xFEu);
  EXPECT_EQ(code(ScaleRule::rceil_fp32, huge, FormatId::e4m3, ScaleOverflow::nan), 0xFFu);
  // s = 127 exactly is not an overflow: amax = 2^(127 + 8) for e4m3 under floor.
  EXPECT_EQ(code(ScaleRule::floor, ExactValue::dyadic(1, 135), FormatId::e4m3, ScaleOverflow::nan), 0xFEu);
  EXPECT_EQ(code(ScaleRule::floor, ExactValue::dyadic(1, 136), FormatId::e4m3, ScaleOverflow::nan), 0xFFu);
  // Tiny fp64 amax: clamps low.
  EXPECT_EQ(code(ScaleRule::ceil, ExactValue::dyadic(1, -600), FormatId::e4m3), 0x00u);
}

TEST(ScaleRuleErrors, NonFiniteOrNegativeAmaxThrows) {
  EXPECT_THROW(code(ScaleRule::floor, ExactValue::nan(false), FormatId::e4m3), InvalidArgument);
  EXPECT_THROW(code(ScaleRule::floor, ExactValue::infinity(false), FormatId::e4m3), InvalidArgument);
  EXPECT_THROW(code(ScaleRule::rceil, ExactValue::dyadic(-1, 0), FormatId::e4m3), InvalidArgument);
  EXPECT_THROW(code(ScaleRule::floor, ExactValue::dyadic(1, 0), FormatId::fp32), InvalidArgument);
}

// Known per-format values derived by hand.
TEST(ScaleRuleKnown, OtherElementFormats) {
  // e5m2: M = 57344 = 1.75 * 2^15, out_max = 61440.
  EXPECT_EQ(code(ScaleRule::floor, ExactValue::dyadic(57344, 0), FormatId::e5m2), code_of_s(0));
  EXPECT_EQ(code(ScaleRule::rceil, ExactValue::dyadic(57345, 0), FormatId::e5m2), code_of_s(1));
  EXPECT_EQ(code(ScaleRule::tosa, ExactValue::dyadic(61439, 0), FormatId::e5m2), code_of_s(0));
  EXPECT_EQ(code(ScaleRule::tosa, ExactValue::dyadic(61440, 0), FormatId::e5m2), code_of_s(1));  // tie overflows
  // e2m3: M = 7.5, out_max = 7.75; even bumps at 1.9375 * 4 = 7.75.
  EXPECT_EQ(code(ScaleRule::tosa, ExactValue::dyadic(31, -2), FormatId::e2m3), code_of_s(1));
  EXPECT_EQ(code(ScaleRule::tosa, fp32(0x40F7FFFF), FormatId::e2m3), code_of_s(0));  // just below 7.75
  EXPECT_EQ(code(ScaleRule::even, ExactValue::dyadic(31, -2), FormatId::e2m3), code_of_s(1));
  EXPECT_EQ(code(ScaleRule::even, fp32(0x40F7FFFF), FormatId::e2m3), code_of_s(0));
  // int8: M = 127/64; 2.0 needs s = 1 under rceil, 127/64 fits s = 0; out_max = 255/128.
  EXPECT_EQ(code(ScaleRule::rceil, ExactValue::dyadic(127, -6), FormatId::int8), code_of_s(0));
  EXPECT_EQ(code(ScaleRule::rceil, fp32(0x3FFE0001), FormatId::int8), code_of_s(1));  // just above 127/64
  EXPECT_EQ(code(ScaleRule::tosa, ExactValue::dyadic(255, -7), FormatId::int8), code_of_s(1));
  EXPECT_EQ(code(ScaleRule::tosa, fp32(0x3FFEFFFF), FormatId::int8), code_of_s(0));  // just below 255/128
  EXPECT_EQ(code(ScaleRule::tosa_2023, fp32(0x3FFE0001), FormatId::int8), code_of_s(1));
  // int8 even: 7 significant bits; 1.9921875 = 255/128 is the carry threshold.
  EXPECT_EQ(code(ScaleRule::even, ExactValue::dyadic(255, -7), FormatId::int8), code_of_s(1));
  EXPECT_EQ(code(ScaleRule::even, fp32(0x3FFEFFFF), FormatId::int8), code_of_s(0));
  // int8 floor of a power of two: 2^k -> s = k (element 1.0 = 0x40, never 127/128 saturation).
  EXPECT_EQ(code(ScaleRule::floor, ExactValue::dyadic(1, 5), FormatId::int8), code_of_s(5));
}

// ---------------------------------------------------------------------------------------------------------------
// Independent oracles, on fp32 bits.

struct ElementFacts {
  FormatId id;
  int emax;            // unbiased exponent of the largest finite value
  int fraction_bits;   // torchao EVEN rounding width (int8: 6)
  std::int64_t max_num, max_den_log2;        // M = max_num / 2^max_den_log2
  std::int64_t out_max_num, out_max_den_log2;  // M + ulp/2
  float max_float;
};
// Literal values from spec-rules §1 (not from the format table).
constexpr std::array<ElementFacts, 6> kElements{{
    {FormatId::e4m3, 8, 3, 448, 0, 464, 0, 448.0f},
    {FormatId::e5m2, 15, 2, 57344, 0, 61440, 0, 57344.0f},
    {FormatId::e3m2, 4, 2, 28, 0, 30, 0, 28.0f},
    {FormatId::e2m3, 2, 3, 15, 1, 31, 2, 7.5f},
    {FormatId::e2m1, 2, 1, 6, 0, 7, 0, 6.0f},
    {FormatId::int8, 0, 6, 127, 6, 255, 7, 127.0f / 64.0f},
}};

struct Fp32Parts {
  BigInt significand;  // integer
  int exponent;        // value = significand * 2^exponent
  int field;           // biased exponent field
  std::uint32_t mantissa;
};
Fp32Parts parts(std::uint32_t bits) {
  const int field = static_cast<int>((bits >> 23) & 0xFF);
  const std::uint32_t mantissa = bits & 0x7FFFFF;
  if (field == 0) return {BigInt(mantissa), -149, field, mantissa};
  return {BigInt(mantissa | 0x800000u), field - 150, field, mantissa};
}

// a <= num * 2^(s - den_log2)  (or <) with a = sig * 2^exp, decided on integers.
bool fits_below(const Fp32Parts& a, std::int64_t num, std::int64_t den_log2, int s, bool strict) {
  const std::int64_t shift = a.exponent + den_log2 - s;  // compare sig * 2^shift with num
  BigInt lhs = a.significand;
  BigInt rhs = num;
  if (shift >= 0) lhs <<= static_cast<unsigned>(shift);
  else rhs <<= static_cast<unsigned>(-shift);
  return strict ? lhs < rhs : lhs <= rhs;
}

// The smallest s with a <= D * 2^s (strict: a < D * 2^s), by a plain upward scan.
int smallest_fitting_exponent(const Fp32Parts& a, std::int64_t num, std::int64_t den_log2, bool strict) {
  int s = -200;
  while (!fits_below(a, num, den_log2, s, strict)) ++s;
  return s;
}

std::uint64_t clamp_to_code(int s) { return code_of_s(std::clamp(s, -127, 127)); }

// Floor by the exponent field (torchao / mxlib C++), and for subnormals the top set bit.
int floor_log2_from_bits(const Fp32Parts& p) {
  if (p.field != 0) return p.field - 127;
  return static_cast<int>(std::bit_width(p.mantissa)) - 1 - 149;
}

std::uint64_t oracle_floor(std::uint32_t bits, const ElementFacts& e) {
  return clamp_to_code(floor_log2_from_bits(parts(bits)) - e.emax);
}
std::uint64_t oracle_ceil(std::uint32_t bits, const ElementFacts& e) {
  const Fp32Parts p = parts(bits);
  const bool power_of_two = p.field != 0 ? p.mantissa == 0 : std::has_single_bit(p.mantissa);
  return clamp_to_code(floor_log2_from_bits(p) + (power_of_two ? 0 : 1) - e.emax);
}
// torchao EVEN, literally on the bits: (bits + (1 << (22 - m))) & 0xff800000; the Inf pattern gives a NaN scale.
// On a subnormal pattern torchao's rounding position is one bit off (no implicit bit), so there the oracle first
// normalises the significand (the reference rounds the exact value: policy "even on fp32 subnormal amax"; only
// MXINT8, emax 0, can tell the difference, and torchao has no MXINT8).
std::uint64_t oracle_even(std::uint32_t bits, const ElementFacts& e) {
  if (((bits >> 23) & 0xFF) == 0) {
    std::uint32_t significand = bits & 0x7FFFFF;
    int exponent = -126;
    while ((significand & 0x800000u) == 0) {
      significand <<= 1;
      --exponent;
    }
    const std::uint32_t bumped = significand + (1u << (22 - e.fraction_bits));
    return clamp_to_code(exponent + ((bumped & 0x1000000u) != 0 ? 1 : 0) - e.emax);
  }
  const std::uint32_t rounded = (bits + (1u << (22 - e.fraction_bits))) & 0xFF800000u;
  const int field = static_cast<int>(rounded >> 23);
  if (field == 255) return 0xFF;
  return clamp_to_code(field - 127 - e.emax);
}
std::uint64_t oracle_rceil(std::uint32_t bits, const ElementFacts& e) {
  return clamp_to_code(smallest_fitting_exponent(parts(bits), e.max_num, e.max_den_log2, false));
}
std::uint64_t oracle_tosa(std::uint32_t bits, const ElementFacts& e, bool half_ulp) {
  const std::int64_t num = half_ulp ? e.out_max_num : e.max_num;
  const std::int64_t den = half_ulp ? e.out_max_den_log2 : e.max_den_log2;
  // e4m3: ceil(log2(a/D)) = smallest s with a <= D 2^s; others: floor(log2(a/D)) + 1 = smallest s with a < D 2^s.
  return clamp_to_code(smallest_fitting_exponent(parts(bits), num, den, e.id != FormatId::e4m3));
}
// What TE and torchao compute, in float32 arithmetic (x86-64 SSE: correctly rounded, gradual underflow), then the
// bit-exact cvt.rp.satfinite.ue8m0 rule of spec-rules §2.6.
std::uint64_t oracle_rceil_fp32(std::uint32_t bits, const ElementFacts& e) {
  volatile float r = 1.0f / e.max_float;
  volatile float p = std::bit_cast<float>(bits) * r;
  const auto pb = std::bit_cast<std::uint32_t>(static_cast<float>(p));
  const std::uint32_t field = (pb >> 23) & 0xFF;
  const std::uint32_t mantissa = pb & 0x7FFFFF;
  const std::uint32_t c = field == 0 ? (mantissa > 0x400000 ? 1u : 0u) : field + (mantissa != 0 ? 1u : 0u);
  return std::min<std::uint32_t>(c, 0xFE);
}

TEST(ScaleRuleOracle, Fp32ReciprocalOf448IsTheKnownValue) {
  EXPECT_EQ(std::bit_cast<std::uint32_t>(1.0f / 448.0f), 0x3B124925u);  // the oracle's own r, spec-rules §4
}

void check_all_rules_against_oracles(std::uint32_t bits, const ElementFacts& e) {
  const ExactValue a = fp32(bits);
  const FormatId id = e.id;
  EXPECT_EQ(code(ScaleRule::floor, a, id), oracle_floor(bits, e)) << std::hex << bits;
  EXPECT_EQ(code(ScaleRule::fp4_three_quarters, a, id), oracle_floor(bits, e)) << std::hex << bits;
  EXPECT_EQ(code(ScaleRule::ceil, a, id), oracle_ceil(bits, e)) << std::hex << bits;
  EXPECT_EQ(code(ScaleRule::even, a, id), oracle_even(bits, e)) << std::hex << bits;
  EXPECT_EQ(code(ScaleRule::rceil, a, id), oracle_rceil(bits, e)) << std::hex << bits;
  EXPECT_EQ(code(ScaleRule::tosa, a, id), oracle_tosa(bits, e, true)) << std::hex << bits;
  EXPECT_EQ(code(ScaleRule::tosa_2023, a, id), oracle_tosa(bits, e, false)) << std::hex << bits;
  EXPECT_EQ(code(ScaleRule::rceil_fp32, a, id), oracle_rceil_fp32(bits, e)) << std::hex << bits;
}

// Every fp32 exponent field with the mantissas where some rule changes its mind (the mantissas of M, M + ulp/2 and
// the EVEN carry thresholds, one ulp either side), for every element format.
TEST(ScaleRuleOracle, BoundarySweepOverAllExponents) {
  std::vector<std::uint32_t> mantissas{0, 1, 2, 0x400000, 0x400001, 0x3FFFFF, 0x7FFFFF, 0x7FFFFE};
  for (std::uint32_t m : {0x600000u, 0x680000u, 0x700000u, 0x780000u, 0x7E0000u, 0x7F0000u}) {
    mantissas.push_back(m - 1);
    mantissas.push_back(m);
    mantissas.push_back(m + 1);
  }
  for (const auto& e : kElements) {
    for (std::uint32_t field = 0; field <= 254; ++field)
      for (std::uint32_t m : mantissas) {
        const std::uint32_t bits = (field << 23) | m;
        if (bits == 0) continue;
        check_all_rules_against_oracles(bits, e);
      }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Properties over random finite positive fp32 amax.

// rc::gen::inRange narrows its range with the test's size (everything is `min` at size 0); at the nominal size
// 100 it covers the whole range uniformly.
template <typename T>
rc::Gen<T> uniform(T min, T max) {
  return rc::gen::resize(100, rc::gen::inRange<T>(min, max));
}

rc::Gen<std::uint32_t> positive_finite_fp32() { return uniform<std::uint32_t>(1, 0x7F800000); }
rc::Gen<ElementFacts> element_facts() { return rc::gen::elementOf(kElements); }

RC_GTEST_PROP(ScaleRuleProperty, EveryRuleMatchesItsOracle, ()) {
  const auto bits = *positive_finite_fp32();
  const auto e = *element_facts();
  const ExactValue a = fp32(bits);
  RC_ASSERT(code(ScaleRule::floor, a, e.id) == oracle_floor(bits, e));
  RC_ASSERT(code(ScaleRule::ceil, a, e.id) == oracle_ceil(bits, e));
  RC_ASSERT(code(ScaleRule::even, a, e.id) == oracle_even(bits, e));
  RC_ASSERT(code(ScaleRule::rceil, a, e.id) == oracle_rceil(bits, e));
  RC_ASSERT(code(ScaleRule::tosa, a, e.id) == oracle_tosa(bits, e, true));
  RC_ASSERT(code(ScaleRule::tosa_2023, a, e.id) == oracle_tosa(bits, e, false));
  RC_ASSERT(code(ScaleRule::rceil_fp32, a, e.id) == oracle_rceil_fp32(bits, e));
}

// spec-rules §4 summary: FLOOR <= EVEN <= RCEIL <= CEIL, TOSA between FLOOR and RCEIL. The clamps are monotone, so
// the order holds on codes too; EVEN's NaN scale (0xff) is left out.
RC_GTEST_PROP(ScaleRuleProperty, RulesAreOrdered, ()) {
  const auto bits = *positive_finite_fp32();
  const auto e = *element_facts();
  const ExactValue a = fp32(bits);
  const auto floor = code(ScaleRule::floor, a, e.id);
  const auto even = code(ScaleRule::even, a, e.id);
  const auto rceil = code(ScaleRule::rceil, a, e.id);
  const auto ceil = code(ScaleRule::ceil, a, e.id);
  const auto tosa = code(ScaleRule::tosa, a, e.id);
  RC_PRE(even != 0xFFu);
  RC_ASSERT(floor <= even);
  RC_ASSERT(even <= rceil);
  RC_ASSERT(rceil <= ceil);
  RC_ASSERT(floor <= tosa);
  RC_ASSERT(tosa <= rceil);
}

// a / X for a code, as integers: a <= bound * 2^(s - den_log2) where X = 2^s.
bool quotient_at_most(std::uint32_t bits, std::uint64_t scale, std::int64_t num, std::int64_t den_log2, bool strict) {
  return fits_below(parts(bits), num, den_log2, static_cast<int>(scale) - 127, strict);
}

// CEIL and RCEIL never saturate a finite element: a / X <= M (unless the scale itself clamped at 2^127).
RC_GTEST_PROP(ScaleRuleProperty, CeilAndRceilNeverSaturate, ()) {
  const auto bits = *positive_finite_fp32();
  const auto e = *element_facts();
  for (ScaleRule rule : {ScaleRule::ceil, ScaleRule::rceil}) {
    const auto scale = code(rule, fp32(bits), e.id);
    RC_PRE(scale != 0xFEu);
    RC_ASSERT(quotient_at_most(bits, scale, e.max_num, e.max_den_log2, false));
  }
}

// RCEIL is the smallest such scale: one binade lower would saturate (or the scale is already the smallest).
RC_GTEST_PROP(ScaleRuleProperty, RceilIsTheSmallestNonSaturatingScale, ()) {
  const auto bits = *positive_finite_fp32();
  const auto e = *element_facts();
  const auto scale = code(ScaleRule::rceil, fp32(bits), e.id);
  RC_PRE(scale != 0u && scale != 0xFEu);
  RC_ASSERT(!quotient_at_most(bits, scale - 1, e.max_num, e.max_den_log2, false));
}

// TOSA never overflows after RNE: a / X rounds to at most M. Checked with the codec under non-saturating
// overflow: the encoded code must be finite and at most the max.
RC_GTEST_PROP(ScaleRuleProperty, TosaNeverOverflowsAfterRne, ()) {
  const auto bits = *positive_finite_fp32();
  const auto e = *element_facts();
  const auto scale = code(ScaleRule::tosa, fp32(bits), e.id);
  RC_PRE(scale != 0xFEu);
  const ExactValue quotient = fp32(bits).scaled_by_power_of_two(127 - static_cast<std::int64_t>(scale));
  EncodeOptions o = ieee_encode_options(Rounding::rne);
  o.policies.overflow = Overflow::non_saturating;
  o.policies.inf_under_saturation = InfUnderSaturation::keep_special;
  const auto& f = fmt(e.id);
  const auto element_code = encode(quotient, f, o);
  RC_ASSERT(!is_nan_code(f, element_code));
  RC_ASSERT(!is_inf_code(f, element_code));
  // And from the definition: a / X <= out_max for e4m3 (its tie rounds down), < out_max otherwise.
  RC_ASSERT(quotient_at_most(bits, scale, e.out_max_num, e.out_max_den_log2, e.id != FormatId::e4m3));
}

// rceil-fp32 equals exact rceil everywhere except at the documented traps (spec-rules §4: checked there over all
// positive normal fp32 for the five float element formats).
RC_GTEST_PROP(ScaleRuleProperty, RceilFp32EqualsRceilExceptAtTraps, ()) {
  const auto bits = *positive_finite_fp32();
  const auto e = *rc::gen::elementOf(std::vector<ElementFacts>(kElements.begin(), kElements.end() - 1));
  const bool trap = std::any_of(kRceilFp32Traps.begin(), kRceilFp32Traps.end(),
                                [&](const Trap& t) { return t.element == e.id && t.amax_bits == bits; });
  RC_PRE(!trap);
  RC_ASSERT(code(ScaleRule::rceil_fp32, fp32(bits), e.id) == code(ScaleRule::rceil, fp32(bits), e.id));
}

// Dense near the traps and the rest of the small range, where fp32 products go subnormal.
TEST(ScaleRuleRceilFp32, AgreesWithRceilAcrossTheSubnormalProductRange) {
  for (const auto& e : kElements) {
    if (e.id == FormatId::int8) continue;
    for (std::uint32_t field = 1; field <= 30; ++field)
      for (std::uint32_t m : {0x000000u, 0x000001u, 0x200001u, 0x400001u, 0x600001u, 0x700001u, 0x7FFFFFu}) {
        const std::uint32_t bits = (field << 23) | m;
        const bool trap = std::any_of(kRceilFp32Traps.begin(), kRceilFp32Traps.end(),
                                      [&](const Trap& t) { return t.element == e.id && t.amax_bits == bits; });
        const auto exact = code(ScaleRule::rceil, fp32(bits), e.id);
        const auto f32 = code(ScaleRule::rceil_fp32, fp32(bits), e.id);
        if (trap) {
          EXPECT_EQ(exact, 1u);
          EXPECT_EQ(f32, 0u);
        } else {
          EXPECT_EQ(exact, f32) << std::hex << bits << " " << fmt(e.id).name;
        }
      }
  }
}

}  // namespace
}  // namespace mxconf
