// Corner cases as a literal table: {why, input, destination, rounding, policies, expected code}.
// Every expected code is derived by hand from spec-rules (clause in `why`) or peer-lessons (the bug it pins).
#include <gtest/gtest.h>

#include <bit>
#include <string>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "oracle.hpp"

namespace {

using mxconf::FormatId;
using mxconf::Rounding;
using namespace mxconf;  // policy enums

struct Input {
  FormatId from;
  std::uint64_t bits;
};
constexpr Input F32(float f) { return {FormatId::fp32, std::bit_cast<std::uint32_t>(f)}; }
constexpr Input F32b(std::uint32_t b) { return {FormatId::fp32, b}; }
constexpr Input F64(double d) { return {FormatId::fp64, std::bit_cast<std::uint64_t>(d)}; }
constexpr Input F64b(std::uint64_t b) { return {FormatId::fp64, b}; }
constexpr Input kNaN = F32b(0x7fc00000), kNegNaN = F32b(0xffc00000);
constexpr Input kInf = F32b(0x7f800000), kNegInf = F32b(0xff800000);

// The "ocp" profile's element policies (profile.cpp), changed one field at a time.
struct P {
  ElementPolicies v{.overflow = Overflow::saturate,
                    .directed_overflow = DirectedOverflow::largest_finite,
                    .inf_under_saturation = InfUnderSaturation::clamp,
                    .nan_encoding = {.sign = NanSign::keep, .mantissa = NanMantissa::all_ones},
                    .nan_into_finite = NanIntoFinite::error,
                    .int8_range = Int8Range::symmetric,
                    .subnormal_input = SubnormalInput::keep,
                    .negative_into_unsigned = NegativeIntoUnsigned::error,
                    .zero_into_e8m0 = ZeroIntoE8m0::smallest,
                    .e8m0_subnormal_rounding = E8m0SubnormalRounding::exact,
                    .inf_into_finite = InfIntoFinite::max,
                    .e8m0_overflow = E8m0Overflow::after_rounding};
  P nonsat() const { P c = *this; c.v.overflow = Overflow::non_saturating; return c; }
  P non_finite() const { P c = *this; c.v.directed_overflow = DirectedOverflow::non_finite; return c; }
  P keep_inf() const { P c = *this; c.v.inf_under_saturation = InfUnderSaturation::keep_special; return c; }
  P nan(NanSign s, NanMantissa m) const { P c = *this; c.v.nan_encoding = {s, m}; return c; }
  P into(NanIntoFinite n) const { P c = *this; c.v.nan_into_finite = n; return c; }
  P full() const { P c = *this; c.v.int8_range = Int8Range::full; return c; }
  P flush() const { P c = *this; c.v.subnormal_input = SubnormalInput::flush; return c; }
  P neg(NegativeIntoUnsigned n) const { P c = *this; c.v.negative_into_unsigned = n; return c; }
  P zero_nan() const { P c = *this; c.v.zero_into_e8m0 = ZeroIntoE8m0::nan; return c; }
  P up_above() const { P c = *this; c.v.e8m0_subnormal_rounding = E8m0SubnormalRounding::up_above_smallest; return c; }
};
const P ocp;
constexpr std::uint64_t kThrows = ~0ull;

struct Corner {
  const char* why;
  Input in;
  FormatId to;
  Rounding mode;
  P policies;
  std::uint64_t expected;  // kThrows: InvalidArgument
};

constexpr auto rne = Rounding::rne, rtz = Rounding::rtz, rup = Rounding::rup, rdn = Rounding::rdn,
               rna = Rounding::rna;
constexpr auto e4m3 = FormatId::e4m3, e5m2 = FormatId::e5m2, e3m2 = FormatId::e3m2, e2m3 = FormatId::e2m3,
               e2m1 = FormatId::e2m1, int8 = FormatId::int8, e8m0 = FormatId::e8m0, fnuz4 = FormatId::e4m3fnuz,
               fnuz5 = FormatId::e5m2fnuz, ue4m3 = FormatId::ue4m3;

// clang-format off
const Corner kOverflow[] = {
  // spec-rules §2.2: 464 = 448 + ulp/2 ties 448 (M=110, even) vs 480 (M=111, the NaN pattern) -> 448 [HW]
  {"e4m3 464 tie -> 448 (sat)",                  F32b(0x43e80000), e4m3, rne, ocp,          0x7e},
  {"e4m3 464 tie -> 448 (nonsat)",               F32b(0x43e80000), e4m3, rne, ocp.nonsat(), 0x7e},
  {"e4m3 464+ulp rounds to 480 > max: sat 448",  F32b(0x43e80001), e4m3, rne, ocp,          0x7e},
  {"e4m3 464+ulp nonsat -> NaN 0x7f [HW, torch]", F32b(0x43e80001), e4m3, rne, ocp.nonsat(), 0x7f},
  {"e4m3 -464-ulp sat -> -448",                  F32b(0xc3e80001), e4m3, rne, ocp,          0xfe},
  {"e4m3 -464-ulp nonsat -> NaN keeps sign 0xff (torch)", F32b(0xc3e80001), e4m3, rne, ocp.nonsat(), 0xff},
  {"e4m3 480 nonsat -> NaN (ml_dtypes #260)",    F32(480.0f),      e4m3, rne, ocp.nonsat(), 0x7f},
  {"e4m3 500 nonsat -> NaN (universal #1302)",   F32(500.0f),      e4m3, rne, ocp.nonsat(), 0x7f},
  {"e4m3 500 rtz nonsat: toward zero -> max (IEEE 754 §7.4)", F32(500.0f), e4m3, rtz, ocp.nonsat(), 0x7e},
  {"e4m3 500 rtz nonsat non_finite: 480 on unbounded range > max -> NaN", F32(500.0f), e4m3, rtz, ocp.nonsat().non_finite(), 0x7f},
  {"e4m3 470 rtz nonsat non_finite: truncates to 448, not beyond", F32(470.0f), e4m3, rtz, ocp.nonsat().non_finite(), 0x7e},
  {"e4m3 500 rup nonsat: away from zero -> NaN", F32(500.0f),      e4m3, rup, ocp.nonsat(), 0x7f},
  {"e4m3 -500 rup nonsat: toward zero -> -max",  F32(-500.0f),     e4m3, rup, ocp.nonsat(), 0xfe},
  {"e4m3 -500 rdn nonsat: away -> NaN 0xff",     F32(-500.0f),     e4m3, rdn, ocp.nonsat(), 0xff},
  {"e4m3 500 rdn nonsat: toward zero -> max",    F32(500.0f),      e4m3, rdn, ocp.nonsat(), 0x7e},
  {"e4m3 449 rup sat -> 448",                    F32(449.0f),      e4m3, rup, ocp,          0x7e},
  // spec-rules §2.2: 61440 = 57344 + ulp/2 ties 57344 (M=11, odd) vs 65536 (even) -> overflow
  {"e5m2 61440 tie -> 65536: nonsat Inf",        F32b(0x47700000), e5m2, rne, ocp.nonsat(), 0x7c},
  {"e5m2 61440 tie -> 65536: sat max",           F32b(0x47700000), e5m2, rne, ocp,          0x7b},
  {"e5m2 -61440 nonsat -> -Inf",                 F32b(0xc7700000), e5m2, rne, ocp.nonsat(), 0xfc},
  {"e5m2 61440-ulp -> 57344 (nonsat)",           F32b(0x476fffff), e5m2, rne, ocp.nonsat(), 0x7b},
  {"e5m2 61440-ulp -> 57344 (sat)",              F32b(0x476fffff), e5m2, rne, ocp,          0x7b},
  {"e5m2 58000 -> 57344, not Inf (universal #1302)", F32(58000.0f), e5m2, rne, ocp.nonsat(), 0x7b},
  {"e5m2 65536 rtz nonsat -> max (IEEE 754 §7.4)", F32(65536.0f),  e5m2, rtz, ocp.nonsat(), 0x7b},
  {"e5m2 65536 rup nonsat -> Inf",               F32(65536.0f),    e5m2, rup, ocp.nonsat(), 0x7c},
  {"e5m2 -65536 rup nonsat -> -max",             F32(-65536.0f),   e5m2, rup, ocp.nonsat(), 0xfb},
  // spec-rules §2.3: FP6/FP4 have no Inf/NaN; ties at the top go to the even (overflowing) value, then clamp
  {"e2m1 7 tie 6|8 -> 8 -> clamp 6",             F32(7.0f),        e2m1, rne, ocp,          0x7},
  {"e2m1 7 nonsat still clamps (no Inf/NaN)",    F32(7.0f),        e2m1, rne, ocp.nonsat(), 0x7},
  {"e2m1 -7 -> -6",                              F32(-7.0f),       e2m1, rne, ocp,          0xf},
  {"e2m1 1e30 nonsat -> 6",                      F32(1e30f),       e2m1, rne, ocp.nonsat(), 0x7},
  {"e3m2 30 tie 28|32 -> clamp 28",              F32(30.0f),       e3m2, rne, ocp,          0x1f},
  {"e3m2 30 nonsat -> 28",                       F32(30.0f),       e3m2, rne, ocp.nonsat(), 0x1f},
  {"e2m3 7.75 tie 7.5|8 -> clamp 7.5",           F32(7.75f),       e2m3, rne, ocp,          0x1f},
  {"e2m3 -7.75 nonsat -> -7.5 (not -0: JAX bug, peer-behaviour)", F32(-7.75f), e2m3, rne, ocp.nonsat(), 0x3f},
};

const Corner kTies[] = {
  // spec-rules §2.3 E2M1 RNE tie points (TE reference_nvfp4.py interval table)
  {"e2m1 0.25 tie 0|0.5 -> 0",      F32(0.25f), e2m1, rne, ocp, 0x0},
  {"e2m1 0.75 tie 0.5|1 -> 1",      F32(0.75f), e2m1, rne, ocp, 0x2},
  {"e2m1 1.25 tie 1|1.5 -> 1",      F32(1.25f), e2m1, rne, ocp, 0x2},
  {"e2m1 1.75 tie 1.5|2 -> 2",      F32(1.75f), e2m1, rne, ocp, 0x4},
  {"e2m1 2.5 tie 2|3 -> 2",         F32(2.5f),  e2m1, rne, ocp, 0x4},
  {"e2m1 3.5 tie 3|4 -> 4",         F32(3.5f),  e2m1, rne, ocp, 0x6},
  {"e2m1 5 tie 4|6 -> 4",           F32(5.0f),  e2m1, rne, ocp, 0x6},
  {"e2m1 -0.25 -> -0",              F32(-0.25f), e2m1, rne, ocp, 0x8},
  {"e2m1 -0 keeps its sign",        F32(-0.0f), e2m1, rne, ocp, 0x8},
  {"e2m1 0.25 rna -> 0.5",          F32(0.25f), e2m1, rna, ocp, 0x1},
  {"e2m1 5 rna -> 6",               F32(5.0f),  e2m1, rna, ocp, 0x7},
  {"e2m1 5.9 rtz -> 4",             F32(5.9f),  e2m1, rtz, ocp, 0x6},
  {"e2m1 0.1 rup -> 0.5",           F32(0.1f),  e2m1, rup, ocp, 0x1},
  {"e2m1 -0.1 rdn -> -0.5",         F32(-0.1f), e2m1, rdn, ocp, 0x9},
  {"e2m1 -0.1 rup -> -0",           F32(-0.1f), e2m1, rup, ocp, 0x8},
  {"e2m1 0.1 rdn -> +0",            F32(0.1f),  e2m1, rdn, ocp, 0x0},
  // spec-rules §2.1: microxcaling rounds ties away; its test: e4m3 400 -> 416 (0x7d), RNE 384 (0x7c) [HW]
  {"e4m3 400 tie 384|416 rne -> 384 (M=100 even)", F32(400.0f),  e4m3, rne, ocp, 0x7c},
  {"e4m3 400 rna -> 416 (microxcaling)",           F32(400.0f),  e4m3, rna, ocp, 0x7d},
  {"e4m3 -400 rna -> -416",                        F32(-400.0f), e4m3, rna, ocp, 0xfd},
  // triton #11897: the mantissa carry must bump the exponent (126.24 -> 128, not 64)
  {"e4m3 126.24 -> 128 (carry into E)",            F32(126.24f), e4m3, rne, ocp, 0x70},
  {"e4m3 1-2^-24 -> 1.0 (carry)",                  F32b(0x3f7fffff), e4m3, rne, ocp, 0x38},
  {"e4m3 1-2^-24 rtz -> 0.9375",                   F32b(0x3f7fffff), e4m3, rtz, ocp, 0x37},
  {"e4m3 max subnormal + ulp/2 = 15*2^-10 ties to min normal 0x08 (even)", F32(15.0f / 1024), e4m3, rne, ocp, 0x08},
  // spec-rules §2.2 underflow: |x| <= min_subnormal/2 -> 0 (tie to even 0), just above -> min subnormal [HW]
  {"e4m3 2^-10 tie 0|2^-9 -> 0",           F32b(0x3a800000), e4m3, rne, ocp, 0x00},
  {"e4m3 2^-10+ulp -> 2^-9",               F32b(0x3a800001), e4m3, rne, ocp, 0x01},
  {"e4m3 -2^-10 -> -0 (sign kept) [HW]",   F32b(0xba800000), e4m3, rne, ocp, 0x80},
  {"e4m3 1.5*2^-9 tie 1|2 subnormal -> 2", F32(1.5f / 512),  e4m3, rne, ocp, 0x02},
  {"e4m3 1.25*2^-9 -> 1 subnormal",        F32(1.25f / 512), e4m3, rne, ocp, 0x01},
  {"e4m3 2^-20 rup -> 2^-9",               F32(0x1p-20f),  e4m3, rup, ocp, 0x01},
  {"e4m3 -2^-20 rdn -> -2^-9",             F32(-0x1p-20f), e4m3, rdn, ocp, 0x81},
  {"e4m3 -2^-20 rup -> -0",                F32(-0x1p-20f), e4m3, rup, ocp, 0x80},
  {"e4m3 -2^-20 rtz -> -0",                F32(-0x1p-20f), e4m3, rtz, ocp, 0x80},
  {"e4m3 2^-20 rdn -> +0",                 F32(0x1p-20f),  e4m3, rdn, ocp, 0x00},
  {"e5m2 2^-17 tie 0|2^-16 -> 0",          F32b(0x37000000), e5m2, rne, ocp, 0x00},
  {"e5m2 2^-17+ulp -> 2^-16",              F32b(0x37000001), e5m2, rne, ocp, 0x01},
  {"e5m2 3*2^-17 tie 1|2 subnormal -> 2 (tvm #20315)", F32(3.0f / 131072), e5m2, rne, ocp, 0x02},
  {"e5m2 2^-14 min normal",                F32(0x1p-14f), e5m2, rne, ocp, 0x04},
  // ml_dtypes #401: the double is rounded once; -431.99999999999994 is below the 432 midpoint -> -416 (M=101).
  // (Through fp32 it becomes -432, a tie that goes to -448.)
  {"fp64 -431.99999999999994 -> -416 (no double rounding)", F64b(0xc07affffffffffff), e4m3, rne, ocp, 0xfd},
  {"fp64 431.99999999999994 -> 416",                        F64b(0x407affffffffffff), e4m3, rne, ocp, 0x7d},
  {"fp64 432 tie 416|448 -> 448 (M=110 even)",              F64(432.0),              e4m3, rne, ocp, 0x7e},
  {"fp64 432+ulp -> 448",                                   F64b(0x407b000000000001), e4m3, rne, ocp, 0x7e},
  {"fp64 2^-10 + 2^-60 -> e4m3 2^-9",                       F64(0x1p-10 + 0x1p-60),  e4m3, rne, ocp, 0x01},
};

const Corner kSpecials[] = {
  // Inf under each Overflow x InfUnderSaturation (spec-rules §2.2 table; §2.3; §2.6; policy.hpp)
  {"e4m3 +Inf sat clamp -> 448 (PTX satfinite)", kInf,    e4m3, rne, ocp,                   0x7e},
  {"e4m3 +Inf sat keep_special -> NaN",          kInf,    e4m3, rne, ocp.keep_inf(),        0x7f},
  {"e4m3 +Inf nonsat -> NaN",                    kInf,    e4m3, rne, ocp.nonsat(),          0x7f},
  {"e4m3 +Inf nonsat keep_special -> NaN",       kInf,    e4m3, rne, ocp.nonsat().keep_inf(), 0x7f},
  {"e4m3 -Inf sat clamp -> -448",                kNegInf, e4m3, rne, ocp,                   0xfe},
  {"e4m3 -Inf sat keep_special -> -NaN",         kNegInf, e4m3, rne, ocp.keep_inf(),        0xff},
  {"e4m3 -Inf nonsat -> 0xff (torch)",           kNegInf, e4m3, rne, ocp.nonsat(),          0xff},
  {"e4m3 +Inf rtz nonsat: Inf is exact, not a finite overflow -> NaN", kInf, e4m3, rtz, ocp.nonsat(), 0x7f},
  {"e5m2 +Inf sat clamp -> 57344",               kInf,    e5m2, rne, ocp,                   0x7b},
  {"e5m2 +Inf sat keep_special -> Inf",          kInf,    e5m2, rne, ocp.keep_inf(),        0x7c},
  {"e5m2 +Inf nonsat -> Inf",                    kInf,    e5m2, rne, ocp.nonsat(),          0x7c},
  {"e5m2 -Inf sat clamp -> -57344",              kNegInf, e5m2, rne, ocp,                   0xfb},
  {"e5m2 -Inf nonsat -> -Inf",                   kNegInf, e5m2, rne, ocp.nonsat(),          0xfc},
  {"e5m2 -Inf nonsat keep -> -Inf",              kNegInf, e5m2, rne, ocp.nonsat().keep_inf(), 0xfc},
  {"e5m2 +Inf rtz nonsat -> Inf (exact)",        kInf,    e5m2, rtz, ocp.nonsat(),          0x7c},
  {"e2m1 +Inf sat -> 6",                         kInf,    e2m1, rne, ocp,                   0x7},
  {"e2m1 +Inf sat keep_special -> 6 (no Inf, no NaN)", kInf, e2m1, rne, ocp.keep_inf(),     0x7},
  {"e2m1 +Inf nonsat -> 6",                      kInf,    e2m1, rne, ocp.nonsat(),          0x7},
  {"e2m1 -Inf nonsat keep -> -6",                kNegInf, e2m1, rne, ocp.nonsat().keep_inf(), 0xf},
  {"e2m1 -Inf sat -> -6",                        kNegInf, e2m1, rne, ocp,                   0xf},
  {"e8m0 +Inf sat clamp -> 0xfe (CUDA SATFINITE)", kInf,  e8m0, rup, ocp,                   0xfe},
  {"e8m0 +Inf sat keep_special -> NaN (ONNX)",   kInf,    e8m0, rup, ocp.keep_inf(),        0xff},
  {"e8m0 +Inf nonsat -> NaN",                    kInf,    e8m0, rtz, ocp.nonsat(),          0xff},
  {"e8m0 -Inf magnitude sat -> 0xfe",            kNegInf, e8m0, rup, ocp.neg(NegativeIntoUnsigned::magnitude), 0xfe},
  {"e8m0 -Inf magnitude nonsat -> 0xff",         kNegInf, e8m0, rup, ocp.nonsat().neg(NegativeIntoUnsigned::magnitude), 0xff},
  {"e8m0 -Inf nan -> 0xff",                      kNegInf, e8m0, rup, ocp.neg(NegativeIntoUnsigned::nan), 0xff},
  {"e8m0 -Inf error -> throws",                  kNegInf, e8m0, rup, ocp,                   kThrows},
  // NaN under every NanEncoding (spec-rules §6.8)
  {"e4m3 +NaN keep -> 0x7f",               kNaN,    e4m3, rne, ocp,                                               0x7f},
  {"e4m3 -NaN keep -> 0xff (torch)",       kNegNaN, e4m3, rne, ocp,                                               0xff},
  {"e4m3 -NaN positive -> 0x7f (PTX)",     kNegNaN, e4m3, rne, ocp.nan(NanSign::positive, NanMantissa::all_ones), 0x7f},
  {"e4m3 -NaN positive quiet -> 0x7f (one NaN pattern)", kNegNaN, e4m3, rne, ocp.nan(NanSign::positive, NanMantissa::quiet_bit), 0x7f},
  {"e4m3 +NaN sat is still NaN",           kNaN,    e4m3, rtz, ocp,                                               0x7f},
  {"e5m2 +NaN all_ones -> 0x7f",           kNaN,    e5m2, rne, ocp,                                               0x7f},
  {"e5m2 +NaN quiet_bit -> 0x7e (ml_dtypes)", kNaN, e5m2, rne, ocp.nan(NanSign::keep, NanMantissa::quiet_bit),    0x7e},
  {"e5m2 -NaN keep all_ones -> 0xff",      kNegNaN, e5m2, rne, ocp,                                               0xff},
  {"e5m2 -NaN keep quiet_bit -> 0xfe",     kNegNaN, e5m2, rne, ocp.nan(NanSign::keep, NanMantissa::quiet_bit),    0xfe},
  {"e5m2 -NaN positive all_ones -> 0x7f",  kNegNaN, e5m2, rne, ocp.nan(NanSign::positive, NanMantissa::all_ones), 0x7f},
  {"e5m2 -NaN positive quiet_bit -> 0x7e", kNegNaN, e5m2, rne, ocp.nan(NanSign::positive, NanMantissa::quiet_bit), 0x7e},
  {"e8m0 NaN -> 0xff",                     kNaN,    e8m0, rup, ocp,                                               0xff},
  {"e8m0 -NaN -> 0xff",                    kNegNaN, e8m0, rup, ocp,                                               0xff},
  // NaN into formats without NaN, every NanIntoFinite (spec-rules §2.3, §6.10)
  {"e2m1 +NaN positive_max -> 0x7 (CUDA)",  kNaN,    e2m1, rne, ocp.into(NanIntoFinite::positive_max),      0x7},
  {"e2m1 -NaN positive_max -> 0x7 (CUDA)",  kNegNaN, e2m1, rne, ocp.into(NanIntoFinite::positive_max),      0x7},
  {"e2m1 +NaN signed_max -> 0x7 (AMD)",     kNaN,    e2m1, rne, ocp.into(NanIntoFinite::signed_max),        0x7},
  {"e2m1 -NaN signed_max -> 0xf (AMD)",     kNegNaN, e2m1, rne, ocp.into(NanIntoFinite::signed_max),        0xf},
  {"e2m1 +NaN negative_zero -> 0x8 (XLA)",  kNaN,    e2m1, rne, ocp.into(NanIntoFinite::negative_zero),     0x8},
  {"e2m1 -NaN negative_zero -> 0x8 (XLA)",  kNegNaN, e2m1, rne, ocp.into(NanIntoFinite::negative_zero),     0x8},
  {"e2m1 +NaN zero_flipped_sign -> 0x8 (ml_dtypes)", kNaN, e2m1, rne, ocp.into(NanIntoFinite::zero_flipped_sign), 0x8},
  {"e2m1 -NaN zero_flipped_sign -> 0x0 (ml_dtypes)", kNegNaN, e2m1, rne, ocp.into(NanIntoFinite::zero_flipped_sign), 0x0},
  {"e2m1 NaN error -> throws",              kNaN,    e2m1, rne, ocp,                                        kThrows},
  {"e3m2 +NaN positive_max -> 0x1f",        kNaN,    e3m2, rne, ocp.into(NanIntoFinite::positive_max),      0x1f},
  {"e2m3 -NaN signed_max -> 0x3f",          kNegNaN, e2m3, rne, ocp.into(NanIntoFinite::signed_max),        0x3f},
  {"e3m2 +NaN zero_flipped_sign -> 0x20",   kNaN,    e3m2, rne, ocp.into(NanIntoFinite::zero_flipped_sign), 0x20},
  {"int8 +NaN positive_max -> 0x7f",        kNaN,    int8, rne, ocp.into(NanIntoFinite::positive_max),      0x7f},
  {"int8 -NaN signed_max -> 0x81",          kNegNaN, int8, rne, ocp.into(NanIntoFinite::signed_max),        0x81},
  {"int8 NaN negative_zero: no -0 in int8 -> 0x00", kNaN, int8, rne, ocp.into(NanIntoFinite::negative_zero), 0x00},
  {"int8 NaN error -> throws",              kNaN,    int8, rne, ocp,                                        kThrows},
};

const Corner kInt8[] = {
  // spec-rules §1.4, §2.4: q = round(64 x), clamp; -128 only under Int8Range::full
  {"int8 127/64 -> 0x7f",                   F32(127.0f / 64),  int8, rne, ocp,          0x7f},
  {"int8 -2.0 symmetric -> -127/64 (microxcaling)", F32(-2.0f), int8, rne, ocp,         0x81},
  {"int8 -2.0 full -> 0x80 (TOSA)",         F32(-2.0f),        int8, rne, ocp.full(),   0x80},
  {"int8 1/128 tie 0|1 rne -> 0",           F32(1.0f / 128),   int8, rne, ocp,          0x00},
  {"int8 1/128 rna -> 1/64",                F32(1.0f / 128),   int8, rna, ocp,          0x01},
  {"int8 3/128 tie 1|2 rne -> 2",           F32(3.0f / 128),   int8, rne, ocp,          0x02},
  {"int8 -1/128 rna -> -1/64",              F32(-1.0f / 128),  int8, rna, ocp,          0xff},
  {"int8 -1/128 rne -> 0 (no -0)",          F32(-1.0f / 128),  int8, rne, ocp,          0x00},
  {"int8 1/128 rup -> 1/64",                F32(1.0f / 128),   int8, rup, ocp,          0x01},
  {"int8 -1/128 rdn -> -1/64",              F32(-1.0f / 128),  int8, rdn, ocp,          0xff},
  {"int8 -1/128 rup -> 0",                  F32(-1.0f / 128),  int8, rup, ocp,          0x00},
  {"int8 2.0 -> clamp 127/64",              F32(2.0f),         int8, rne, ocp.full(),   0x7f},
  {"int8 100 nonsat -> 127/64 (no Inf/NaN)", F32(100.0f),      int8, rne, ocp.nonsat(), 0x7f},
  {"int8 -127.5/64 tie -127|-128: symmetric clamps -> 0x81", F32(-127.5f / 64), int8, rne, ocp, 0x81},
  {"int8 -127.5/64 tie, full: even q = -128 -> 0x80", F32(-127.5f / 64), int8, rne, ocp.full(), 0x80},
  {"int8 -128.5/64 full rne -> 0x80 (tie 128|129, even 128)", F32(-128.5f / 64), int8, rne, ocp.full(), 0x80},
  {"int8 -0 -> 0x00",                       F32(-0.0f),        int8, rne, ocp,          0x00},
  {"int8 +Inf -> 0x7f",                     kInf,              int8, rne, ocp,          0x7f},
  {"int8 -Inf symmetric -> 0x81",           kNegInf,           int8, rne, ocp,          0x81},
  {"int8 -Inf full -> 0x80",                kNegInf,           int8, rne, ocp.full(),   0x80},
  {"int8 0.5 -> 0x20",                      F32(0.5f),         int8, rne, ocp,          0x20},
};

const Corner kE8m0[] = {
  // spec-rules §2.6; ties go to the even code (ml_dtypes PR #398); torch/ml_dtypes ties up = rna
  {"e8m0 1.5 rtz -> 1",                 F32(1.5f), e8m0, rtz, ocp, 0x7f},
  {"e8m0 1.5 rdn -> 1",                 F32(1.5f), e8m0, rdn, ocp, 0x7f},
  {"e8m0 1.5 rup -> 2 (CUDA RP)",       F32(1.5f), e8m0, rup, ocp, 0x80},
  {"e8m0 1.5 tie 1|2 rne -> 2 (even code 0x80)", F32(1.5f), e8m0, rne, ocp, 0x80},
  {"e8m0 1.5 rna -> 2 (torch)",         F32(1.5f), e8m0, rna, ocp, 0x80},
  {"e8m0 3.0 tie 2|4 rne -> 2 (even code 0x80)", F32(3.0f), e8m0, rne, ocp, 0x80},
  {"e8m0 3.0 rna -> 4 (torch 0x81)",    F32(3.0f), e8m0, rna, ocp, 0x81},
  {"e8m0 3.0 rtz -> 2",                 F32(3.0f), e8m0, rtz, ocp, 0x80},
  {"e8m0 3.0 rup -> 4",                 F32(3.0f), e8m0, rup, ocp, 0x81},
  {"e8m0 0.75 tie 0.5|1 rne -> 0.5 (0x7e even)", F32(0.75f), e8m0, rne, ocp, 0x7e},
  {"e8m0 0.75 rna -> 1 (torch 0x7f)",   F32(0.75f), e8m0, rna, ocp, 0x7f},
  {"e8m0 1+ulp rup -> 2 (CUDA 0x3f800001 -> 0x80)", F32b(0x3f800001), e8m0, rup, ocp, 0x80},
  {"e8m0 1+ulp rtz -> 1",               F32b(0x3f800001), e8m0, rtz, ocp, 0x7f},
  {"e8m0 2^-127 exact -> 0x00",         F32b(0x00400000), e8m0, rup, ocp, 0x00},
  {"e8m0 2^-127+ulp rne exact -> 0x00", F32b(0x00400001), e8m0, rne, ocp, 0x00},
  {"e8m0 2^-127+ulp rne up_above_smallest -> 0x01 (torch)", F32b(0x00400001), e8m0, rne, ocp.up_above(), 0x01},
  {"e8m0 2^-127+ulp rna up_above_smallest -> 0x01", F32b(0x00400001), e8m0, rna, ocp.up_above(), 0x01},
  {"e8m0 2^-127+ulp rup -> 0x01 (CUDA RP: f > 0x400000)", F32b(0x00400001), e8m0, rup, ocp, 0x01},
  {"e8m0 2^-127+ulp rtz -> 0x00",       F32b(0x00400001), e8m0, rtz, ocp, 0x00},
  {"e8m0 1.5*2^-127 tie rne -> 0x00 (even)", F32b(0x00600000), e8m0, rne, ocp, 0x00},
  {"e8m0 1.5*2^-127 rna -> 0x01",       F32b(0x00600000), e8m0, rna, ocp, 0x01},
  {"e8m0 2^-126 -> 0x01",               F32b(0x00800000), e8m0, rtz, ocp, 0x01},
  {"e8m0 2^-149 rup -> 2^-127 (clipped)", F32b(0x00000001), e8m0, rup, ocp, 0x00},
  {"e8m0 2^-149 rne -> 2^-127 (clipped)", F32b(0x00000001), e8m0, rne, ocp, 0x00},
  {"e8m0 2^-149 rtz -> 2^-127 (clipped)", F32b(0x00000001), e8m0, rtz, ocp, 0x00},
  {"e8m0 fp64 2^-200 rdn -> 2^-127 (clipped)", F64(0x1p-200), e8m0, rdn, ocp, 0x00},
  {"e8m0 2^127(1+2^-23) rup sat -> 0xfe", F32b(0x7f000001), e8m0, rup, ocp, 0xfe},
  {"e8m0 2^127(1+2^-23) rup nonsat -> 0xff", F32b(0x7f000001), e8m0, rup, ocp.nonsat(), 0xff},
  {"e8m0 1.5*2^127 tie 2^127|2^128 rne -> 0xfe (even)", F32b(0x7f400000), e8m0, rne, ocp.nonsat(), 0xfe},
  {"e8m0 1.5*2^127 rna nonsat -> 0xff",  F32b(0x7f400000), e8m0, rna, ocp.nonsat(), 0xff},
  {"e8m0 1.5*2^127 rna sat -> 0xfe",     F32b(0x7f400000), e8m0, rna, ocp, 0xfe},
  {"e8m0 FLT_MAX rne nonsat -> 0xff (torch)", F32b(0x7f7fffff), e8m0, rne, ocp.nonsat(), 0xff},
  {"e8m0 FLT_MAX rtz nonsat non_finite -> 2^127 (not beyond)", F32b(0x7f7fffff), e8m0, rtz, ocp.nonsat().non_finite(), 0xfe},
  {"e8m0 +0 smallest -> 0x00",          F32(0.0f),  e8m0, rne, ocp,            0x00},
  {"e8m0 -0 smallest -> 0x00",          F32(-0.0f), e8m0, rne, ocp,            0x00},
  {"e8m0 +0 nan -> 0xff (ml_dtypes)",   F32(0.0f),  e8m0, rne, ocp.zero_nan(), 0xff},
  {"e8m0 -0 nan -> 0xff",               F32(-0.0f), e8m0, rne, ocp.zero_nan(), 0xff},
  {"e8m0 -2 magnitude -> 2 (torch, CUDA)", F32(-2.0f), e8m0, rne, ocp.neg(NegativeIntoUnsigned::magnitude), 0x80},
  {"e8m0 -6 magnitude: 6 = 1.5*4 ties 4 (0x81 odd) | 8 (0x82 even) -> 0x82 (torch)", F32(-6.0f), e8m0, rne, ocp.neg(NegativeIntoUnsigned::magnitude), 0x82},
  {"e8m0 -2 nan -> 0xff (ml_dtypes)",   F32(-2.0f), e8m0, rne, ocp.neg(NegativeIntoUnsigned::nan), 0xff},
  {"e8m0 -2 error -> throws",           F32(-2.0f), e8m0, rne, ocp, kThrows},
  {"e8m0 -1.5 magnitude rup -> 2 (|x| rounded up)", F32(-1.5f), e8m0, rup, ocp.neg(NegativeIntoUnsigned::magnitude), 0x80},
  // fp64 >= 2^128 under rtz: DirectedOverflow decides (policy.hpp; CUDA __NV_NOSAT "NaN otherwise")
  {"e8m0 fp64 2^128 rtz nonsat non_finite -> 0xff", F64(0x1p128), e8m0, rtz, ocp.nonsat().non_finite(), 0xff},
  {"e8m0 fp64 2^128 rtz nonsat largest_finite -> 0xfe", F64(0x1p128), e8m0, rtz, ocp.nonsat(), 0xfe},
  {"e8m0 fp64 2^128 rtz sat -> 0xfe",   F64(0x1p128), e8m0, rtz, ocp, 0xfe},
  {"e8m0 fp64 2^200 rtz nonsat non_finite -> 0xff", F64(0x1p200), e8m0, rtz, ocp.nonsat().non_finite(), 0xff},
  {"e8m0 fp64 2^128 rne nonsat -> 0xff", F64(0x1p128), e8m0, rne, ocp.nonsat(), 0xff},
  {"e8m0 fp64 2^128 rdn nonsat largest -> 0xfe", F64(0x1p128), e8m0, rdn, ocp.nonsat(), 0xfe},
};

const Corner kFnuzAndUnsigned[] = {
  // onnx #5764: in FNUZ a negative underflow must give +0 (0x80 is NaN there)
  {"e4m3fnuz -2^-12 underflow -> 0x00, never 0x80", F32(-0x1p-12f), fnuz4, rne, ocp, 0x00},
  {"e4m3fnuz -2^-11 tie -> 0x00",                   F32(-0x1p-11f), fnuz4, rne, ocp, 0x00},
  {"e4m3fnuz -2^-12 rup -> 0x00",                   F32(-0x1p-12f), fnuz4, rup, ocp, 0x00},
  {"e4m3fnuz -2^-12 rdn -> -2^-10 (0x81)",          F32(-0x1p-12f), fnuz4, rdn, ocp, 0x81},
  {"e4m3fnuz -0 -> 0x00",                           F32(-0.0f),     fnuz4, rne, ocp, 0x00},
  {"e4m3fnuz -2^-10 -> 0x81",                       F32(-0x1p-10f), fnuz4, rne, ocp, 0x81},
  {"e4m3fnuz NaN -> 0x80",                          kNaN,           fnuz4, rne, ocp, 0x80},
  {"e4m3fnuz -NaN -> 0x80",                         kNegNaN,        fnuz4, rne, ocp, 0x80},
  {"e4m3fnuz 240 max",                              F32(240.0f),    fnuz4, rne, ocp, 0x7f},
  {"e4m3fnuz 248 tie 240|256 -> 256 -> sat 240",    F32(248.0f),    fnuz4, rne, ocp, 0x7f},
  {"e4m3fnuz 248 nonsat -> NaN 0x80",               F32(248.0f),    fnuz4, rne, ocp.nonsat(), 0x80},
  {"e4m3fnuz -1e6 nonsat -> NaN 0x80",              F32(-1e6f),     fnuz4, rne, ocp.nonsat(), 0x80},
  {"e4m3fnuz +Inf nonsat -> NaN 0x80",              kInf,           fnuz4, rne, ocp.nonsat(), 0x80},
  {"e4m3fnuz -Inf sat -> -240",                     kNegInf,        fnuz4, rne, ocp, 0xff},
  {"fnuz NaN 0x80 is unsigned: -> e4m3 +NaN 0x7f even under NanSign::keep", {fnuz4, 0x80}, e4m3, rne, ocp, 0x7f},
  {"fnuz -240 -> e4m3 -240 (0xf7)",                 {fnuz4, 0xff},  e4m3, rne, ocp, 0xf7},
  {"e5m2fnuz NaN -> 0x80",                          kNaN,           fnuz5, rne, ocp, 0x80},
  {"e5m2fnuz -2^-20 -> 0x00",                       F32(-0x1p-20f), fnuz5, rne, ocp, 0x00},
  {"ue4m3 -1 error -> throws",                      F32(-1.0f),     ue4m3, rne, ocp, kThrows},
  {"ue4m3 -1 magnitude -> 1.0 (0x38)",              F32(-1.0f),     ue4m3, rne, ocp.neg(NegativeIntoUnsigned::magnitude), 0x38},
  {"ue4m3 -1 nan -> 0x7f",                          F32(-1.0f),     ue4m3, rne, ocp.neg(NegativeIntoUnsigned::nan), 0x7f},
  {"ue4m3 -0 -> 0x00 (zero is not negative)",       F32(-0.0f),     ue4m3, rne, ocp, 0x00},
  {"ue4m3 464 tie -> 448",                          F32(464.0f),    ue4m3, rne, ocp, 0x7e},
  {"ue4m3 464+ulp nonsat -> NaN 0x7f",              F32b(0x43e80001), ue4m3, rne, ocp.nonsat(), 0x7f},
  {"ue4m3 NaN -> 0x7f",                             kNegNaN,        ue4m3, rne, ocp, 0x7f},
};

const Corner kSubnormalInput[] = {
  // SubnormalInput (spec-rules §2.5: the MX paper flushes fp32 subnormals; OCP and vendors keep them)
  {"fp32 2^-149 keep rup -> e4m3 2^-9",  F32b(0x00000001), e4m3, rup, ocp,         0x01},
  {"fp32 2^-149 flush rup -> +0",        F32b(0x00000001), e4m3, rup, ocp.flush(), 0x00},
  {"fp32 2^-149 flush rne -> +0",        F32b(0x00000001), e4m3, rne, ocp.flush(), 0x00},
  {"fp32 -2^-149 flush -> -0",           F32b(0x80000001), e4m3, rne, ocp.flush(), 0x80},
  {"fp32 -2^-149 keep rdn -> -2^-9",     F32b(0x80000001), e4m3, rdn, ocp,         0x81},
  {"fp32 -2^-149 flush rdn -> -0",       F32b(0x80000001), e4m3, rdn, ocp.flush(), 0x80},
  {"fp32 max subnormal keep -> e8m0 2^-126", F32b(0x007fffff), e8m0, rne, ocp,         0x01},
  {"fp32 max subnormal flush -> 0 -> e8m0 smallest", F32b(0x007fffff), e8m0, rne, ocp.flush(), 0x00},
  {"fp32 min normal flush: kept",        F32b(0x00800000), e8m0, rne, ocp.flush(), 0x01},
  {"fp64 2^-1074 flush rup -> +0",       F64b(0x1),        e4m3, rup, ocp.flush(), 0x00},
  {"fp64 2^-1022 (normal) flush rup -> 2^-9", F64(0x1p-1022), e4m3, rup, ocp.flush(), 0x01},
  {"fp32 -2^-149 flush -> e2m1 -0",      F32b(0x80000001), e2m1, rdn, ocp.flush(), 0x8},
  {"fp32 -2^-149 flush -> int8 0",       F32b(0x80000001), int8, rdn, ocp.flush(), 0x00},
};
// clang-format on

void run(const Corner& c) {
  const auto& from = mxconf::format_spec(c.in.from);
  const auto& to = mxconf::format_spec(c.to);
  SCOPED_TRACE(std::string(c.why) + " [" + std::string(from.name) + " " + mxtest::hex(c.in.bits) + " -> " +
               std::string(to.name) + " " + mxtest::mode_name(c.mode) + "]");
  const mxconf::EncodeOptions o{c.mode, c.policies.v, {}};
  if (c.expected == kThrows) {
    EXPECT_THROW(mxconf::convert(from, c.in.bits, to, o), mxconf::InvalidArgument);
    return;
  }
  try {
    EXPECT_EQ(mxtest::hex(mxconf::convert(from, c.in.bits, to, o)), mxtest::hex(c.expected));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw " << e.what();
  }
}

// The oracle agrees with each hand-derived row (a check on the oracle itself, so that the exhaustive tests rest
// on something that has been compared with the spec's literal values).
void check_oracle(const Corner& c) {
  SCOPED_TRACE(std::string("oracle: ") + c.why);
  ExactValue x = mxtest::oracle_decode(c.in.from, c.in.bits);
  if (c.policies.v.subnormal_input == SubnormalInput::flush && x.is_finite() && !x.is_zero() &&
      mxtest::lt(x.abs(), mxtest::pow2_value(1 - mxtest::layout(c.in.from).bias)))
    x = ExactValue::zero(x.negative());
  const mxtest::Outcome o = mxtest::grid(c.to, c.policies.v.int8_range).encode(x, c.mode, c.policies.v);
  if (c.expected == kThrows) {
    EXPECT_TRUE(o.error);
  } else {
    EXPECT_EQ(mxtest::describe(o), mxtest::hex(c.expected));
  }
}

template <std::size_t N>
void run_all(const Corner (&table)[N]) {
  for (const auto& c : table) {
    run(c);
    check_oracle(c);
  }
}

TEST(EncodeCorners, OverflowAndSaturation) { run_all(kOverflow); }
TEST(EncodeCorners, TiesUnderflowAndDoubleRounding) { run_all(kTies); }
TEST(EncodeCorners, InfAndNanPolicies) { run_all(kSpecials); }
TEST(EncodeCorners, Int8) { run_all(kInt8); }
TEST(EncodeCorners, E8m0FromWideFloats) { run_all(kE8m0); }
TEST(EncodeCorners, FnuzAndUnsigned) { run_all(kFnuzAndUnsigned); }
TEST(EncodeCorners, SubnormalInputPolicy) { run_all(kSubnormalInput); }

// round_to_format's trace: the neighbours and the deciding rule (codec.hpp RoundingTrace).
TEST(EncodeTrace, NeighboursAndRule) {
  const auto& e4m3f = mxconf::format_spec(FormatId::e4m3);
  const mxconf::EncodeOptions o{Rounding::rne, ocp.v, {}};
  {
    SCOPED_TRACE("e4m3 464: tie between 448 and 480 (480 has no code)");
    const auto t = mxconf::round_to_format(ExactValue::dyadic(464, 0), e4m3f, o);
    EXPECT_EQ(t.code, 0x7eu);
    EXPECT_EQ(t.rule, mxconf::RoundingRule::tie_to_even);
    ASSERT_TRUE(t.below && t.above);
    EXPECT_TRUE(t.below->identical(ExactValue::dyadic(448, 0)));
    EXPECT_TRUE(t.above->identical(ExactValue::dyadic(480, 0)));
    EXPECT_EQ(t.below_code, std::optional<std::uint64_t>(0x7e));
    EXPECT_FALSE(t.above_code.has_value());
  }
  {
    SCOPED_TRACE("e4m3 -400: tie between -384 and -416");
    const auto t = mxconf::round_to_format(ExactValue::dyadic(-400, 0), e4m3f, o);
    EXPECT_EQ(t.code, 0xfcu);
    EXPECT_EQ(t.rule, mxconf::RoundingRule::tie_to_even);
    ASSERT_TRUE(t.below && t.above);
    EXPECT_TRUE(t.below->identical(ExactValue::dyadic(-384, 0)));
    EXPECT_TRUE(t.above->identical(ExactValue::dyadic(-416, 0)));
    EXPECT_EQ(t.below_code, std::optional<std::uint64_t>(0xfc));
    EXPECT_EQ(t.above_code, std::optional<std::uint64_t>(0xfd));
  }
  {
    SCOPED_TRACE("e4m3 401 -> 416 nearest; 400 rna tie_away; 1.0 exact");
    EXPECT_EQ(mxconf::round_to_format(ExactValue::dyadic(401, 0), e4m3f, o).rule, mxconf::RoundingRule::nearest);
    EXPECT_EQ(mxconf::round_to_format(ExactValue::dyadic(400, 0), e4m3f, {Rounding::rna, ocp.v, {}}).rule,
              mxconf::RoundingRule::tie_away);
    EXPECT_EQ(mxconf::round_to_format(ExactValue::dyadic(1, 0), e4m3f, o).rule, mxconf::RoundingRule::exact);
    EXPECT_EQ(mxconf::round_to_format(ExactValue::dyadic(401, 0), e4m3f, {Rounding::rtz, ocp.v, {}}).rule,
              mxconf::RoundingRule::directed);
  }
  {
    SCOPED_TRACE("overflow rules");
    EXPECT_EQ(mxconf::round_to_format(ExactValue::dyadic(500, 0), e4m3f, o).rule,
              mxconf::RoundingRule::overflow_saturate);
    EXPECT_EQ(mxconf::round_to_format(ExactValue::dyadic(500, 0), e4m3f, {Rounding::rne, ocp.nonsat().v, {}}).rule,
              mxconf::RoundingRule::overflow_to_nan);
    EXPECT_EQ(mxconf::round_to_format(ExactValue::dyadic(500, 0), e4m3f, {Rounding::rtz, ocp.nonsat().v, {}}).rule,
              mxconf::RoundingRule::overflow_directed_to_max);
    EXPECT_EQ(mxconf::round_to_format(ExactValue::dyadic(1, 17), mxconf::format_spec(FormatId::e5m2),
                                      {Rounding::rne, ocp.nonsat().v, {}})
                  .rule,
              mxconf::RoundingRule::overflow_to_inf);
    EXPECT_EQ(mxconf::round_to_format(ExactValue::nan(false), e4m3f, o).rule, mxconf::RoundingRule::nan_input);
    EXPECT_EQ(mxconf::round_to_format(ExactValue::zero(true), e4m3f, o).rule, mxconf::RoundingRule::zero_input);
    EXPECT_EQ(mxconf::round_to_format(ExactValue::dyadic(1, -200), mxconf::format_spec(FormatId::e8m0), o).rule,
              mxconf::RoundingRule::e8m0_clamp_low);
  }
}

}  // namespace
