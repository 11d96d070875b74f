// Profiles (profile.hpp): each named bundle exists and makes the choices spec-rules §2, §5 and §6 attribute to
// the implementation it is named after, checked both as fields and as encode results.
#include <gtest/gtest.h>

#include <bit>
#include <set>
#include <utility>
#include <string>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/reference/profile.hpp"
#include "oracle.hpp"

namespace {

using mxconf::FormatId;
using mxconf::Rounding;
using namespace mxconf;

constexpr const char* kNames[] = {"ocp",          "nvidia",        "torch",        "triton",       "triton-rtz",
                                  "torchao-floor", "torchao-ceil", "torchao-even", "torchao-rceil", "ml_dtypes",
                                  "ml_dtypes-0.6", "microxcaling", "tosa"};

// Profiles named after a library name the release they were measured against and the observation folder
// (issue 8 item 2); the others read a specification or a source and name none.
constexpr const char* kVersioned[] = {"nvidia",       "torch",        "triton",        "triton-rtz", "torchao-floor",
                                      "torchao-ceil", "torchao-even", "torchao-rceil", "ml_dtypes",  "ml_dtypes-0.6"};

const Profile& profile(const char* name) {
  const Profile* p = find_profile(name);
  if (!p) throw std::runtime_error(std::string("no profile ") + name);
  return *p;
}

TEST(ProfileTable, EveryNamedProfileExists) {
  std::set<std::string_view> seen;
  for (const auto& p : profile_table()) {
    EXPECT_TRUE(seen.insert(p.name).second) << "duplicate " << p.name;
    EXPECT_FALSE(p.summary.empty()) << p.name;
    EXPECT_FALSE(p.sources.empty()) << p.name;
  }
  for (const char* name : kNames) {
    SCOPED_TRACE(name);
    const Profile* p = find_profile(name);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, name);
  }
  EXPECT_EQ(profile_table().size(), std::size(kNames));
  EXPECT_EQ(find_profile("no-such-profile"), nullptr);
  EXPECT_EQ(find_profile(""), nullptr);
}

TEST(ProfileTable, LibraryProfilesNameTheirVersionAndObservations) {
  for (const char* name : kVersioned) {
    SCOPED_TRACE(name);
    const Profile& p = profile(name);
    EXPECT_FALSE(p.verified.empty());
    EXPECT_FALSE(p.observations.empty());
  }
  EXPECT_NE(profile("torch").verified.find("2.11"), std::string_view::npos);
  EXPECT_NE(profile("triton").verified.find("3.6"), std::string_view::npos);
  EXPECT_NE(profile("torchao-rceil").verified.find("0.18.0"), std::string_view::npos);
  EXPECT_NE(profile("ml_dtypes").verified.find("0.7.0"), std::string_view::npos);
  EXPECT_NE(profile("ml_dtypes-0.6").verified.find("0.6"), std::string_view::npos);
  EXPECT_EQ(profile("torchao-floor").observations, "observations/torchao/");
  EXPECT_EQ(profile("ocp").verified, "");
}

// encode_options: scale rounding for e8m0, element rounding for everything else; quantize_options carries both.
TEST(ProfileTable, OptionsCarryTheProfile) {
  for (const auto& p : profile_table()) {
    SCOPED_TRACE(p.name);
    EXPECT_EQ(encode_options(p, format_spec(FormatId::e8m0)).rounding, p.scale_rounding);
    for (const FormatId id : mxtest::kElementFormats)
      EXPECT_EQ(encode_options(p, format_spec(id)).rounding, p.element_rounding);
    const auto o = encode_options(p, format_spec(FormatId::e4m3));
    EXPECT_EQ(o.policies.overflow, p.element.overflow);
    EXPECT_EQ(o.policies.nan_into_finite, p.element.nan_into_finite);
    const auto q = quantize_options(p);
    EXPECT_EQ(q.element.rounding, p.element_rounding);
    EXPECT_EQ(q.block.rule, p.block.rule);
    EXPECT_EQ(q.block.element_overflow, Overflow::saturate);  // OCP MX §6.3: every MX quantizer clamps normals
  }
}

// Field-level choices with their attribution.
TEST(ProfileChoices, Fields) {
  {
    SCOPED_TRACE("ocp: RNE (OFP8 default, spec-rules §2.1), MX saturates (§3.3), floor scale (OCP MX §6.3)");
    const auto& p = profile("ocp");
    EXPECT_EQ(p.element_rounding, Rounding::rne);
    EXPECT_EQ(p.element.overflow, Overflow::saturate);
    EXPECT_EQ(p.block.rule, ScaleRule::floor);
    EXPECT_EQ(p.element.subnormal_input, SubnormalInput::keep);  // §2.5: the flush is "not in the OCP text"
  }
  {
    SCOPED_TRACE("nvidia: PTX cvt.rn.satfinite; NaN 0x7f sign dropped; e8m0 via cvt.rp (RCEIL); |x| into e8m0");
    const auto& p = profile("nvidia");
    EXPECT_EQ(p.element_rounding, Rounding::rne);
    EXPECT_EQ(p.scale_rounding, Rounding::rup);
    EXPECT_EQ(p.element.overflow, Overflow::saturate);
    EXPECT_EQ(p.element.inf_under_saturation, InfUnderSaturation::clamp);
    EXPECT_EQ(p.element.nan_encoding.sign, NanSign::positive);
    EXPECT_EQ(p.element.nan_encoding.mantissa, NanMantissa::all_ones);
    EXPECT_EQ(p.element.nan_into_finite, NanIntoFinite::positive_max);
    EXPECT_EQ(p.element.negative_into_unsigned, NegativeIntoUnsigned::magnitude);
    EXPECT_EQ(p.element.zero_into_e8m0, ZeroIntoE8m0::smallest);
    EXPECT_EQ(p.block.rule, ScaleRule::rceil_fp32);
  }
  for (const char* name : {"torchao-floor", "torchao-rceil"}) {
    SCOPED_TRACE(std::string(name) + ": torch keeps the NaN sign; torch e8m0 ties up with the subnormal quirk");
    const auto& p = profile(name);
    EXPECT_EQ(p.element_rounding, Rounding::rne);
    EXPECT_EQ(p.element.nan_encoding.sign, NanSign::keep);
    EXPECT_EQ(p.scale_rounding, Rounding::rna);
    EXPECT_EQ(p.element.e8m0_subnormal_rounding, E8m0SubnormalRounding::up_above_smallest);
    EXPECT_EQ(p.element.negative_into_unsigned, NegativeIntoUnsigned::magnitude);
    EXPECT_EQ(p.element.zero_into_e8m0, ZeroIntoE8m0::smallest);
  }
  // torchao 0.18 on an H200 (real-clients.md §4): FLOOR/CEIL/EVEN divide by 2^-126 under scale 0x00 and read an
  // Inf block's scale from Inf's exponent bits; RCEIL is ceil(log2(amax * fl32(1/M))), 0xfe for Inf, 1.0 under 0x00.
  for (const auto& [name, rule] : {std::pair{"torchao-floor", ScaleRule::floor}, std::pair{"torchao-ceil", ScaleRule::ceil},
                                   std::pair{"torchao-even", ScaleRule::even}}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(profile(name).block.rule, rule);
    EXPECT_EQ(profile(name).block.inf, BlockInf::exponent_field);
    EXPECT_EQ(profile(name).block.min_scale_divisor, MinScaleDivisor::fp32_min_normal);
    EXPECT_EQ(profile(name).block.nan, BlockNan::nan_scale);
  }
  EXPECT_EQ(profile("torchao-rceil").block.rule, ScaleRule::rceil_log2f);
  EXPECT_EQ(profile("torchao-rceil").block.inf, BlockInf::largest_scale);
  EXPECT_EQ(profile("torchao-rceil").block.min_scale_divisor, MinScaleDivisor::one);
  for (const char* name : {"ml_dtypes", "ml_dtypes-0.6"}) {
    SCOPED_TRACE(std::string(name) + ": ml_dtypes' C++ tests expect Inf/NaN for a truncated 2^128 (real-clients.md §5)");
    EXPECT_EQ(profile(name).element.directed_overflow, DirectedOverflow::non_finite);
  }
  {
    SCOPED_TRACE("ml_dtypes: non-saturating, e5m2 NaN 0x7e, NaN -> -0 in FP4/FP6, 0 and negatives -> e8m0 NaN");
    const auto& p = profile("ml_dtypes");
    EXPECT_EQ(p.element_rounding, Rounding::rne);
    EXPECT_EQ(p.element.overflow, Overflow::non_saturating);
    EXPECT_EQ(p.element.nan_encoding.sign, NanSign::keep);
    EXPECT_EQ(p.element.nan_encoding.mantissa, NanMantissa::quiet_bit);
    EXPECT_EQ(p.element.nan_into_finite, NanIntoFinite::zero_flipped_sign);
    EXPECT_EQ(p.element.negative_into_unsigned, NegativeIntoUnsigned::nan);
    EXPECT_EQ(p.element.zero_into_e8m0, ZeroIntoE8m0::nan);
    EXPECT_EQ(p.scale_rounding, Rounding::rna);
  }
  {
    SCOPED_TRACE("microxcaling: 'nearest' is ties away; symmetric int8; floor scale; NaN scale above 2^127");
    const auto& p = profile("microxcaling");
    EXPECT_EQ(p.element_rounding, Rounding::rna);
    EXPECT_EQ(p.element.int8_range, Int8Range::symmetric);
    EXPECT_EQ(p.element.overflow, Overflow::saturate);
    EXPECT_EQ(p.block.rule, ScaleRule::floor);
    EXPECT_EQ(p.block.scale_overflow, ScaleOverflow::nan);  // spec-rules §6.7
  }
  {
    SCOPED_TRACE("tosa: non-saturating casts (commit aa162aa), -128 allowed, RNE, TOSA scale rule, clip at 2^127");
    const auto& p = profile("tosa");
    EXPECT_EQ(p.element_rounding, Rounding::rne);
    EXPECT_EQ(p.element.overflow, Overflow::non_saturating);
    EXPECT_EQ(p.element.int8_range, Int8Range::full);
    EXPECT_EQ(p.block.rule, ScaleRule::tosa);
    EXPECT_EQ(p.block.scale_overflow, ScaleOverflow::clamp);
  }
}

// Behaviour through encode_options: {profile, input, destination, expected}.
struct Row {
  const char* profile;
  std::uint32_t fp32_bits;
  FormatId to;
  std::uint64_t expected;  // kThrows: InvalidArgument
  const char* why;
};
constexpr std::uint64_t kThrows = ~0ull;
constexpr std::uint32_t b(float f) { return std::bit_cast<std::uint32_t>(f); }
constexpr std::uint32_t kNaN = 0x7fc00000, kNegNaN = 0xffc00000, kInf = 0x7f800000;

// clang-format off
const Row kRows[] = {
  {"nvidia", kNaN,       FormatId::e4m3, 0x7f, "§2.2 NaN -> 0x7f [HW]"},
  {"nvidia", kNegNaN,    FormatId::e4m3, 0x7f, "§2.2 sign dropped [HW]"},
  {"nvidia", kNaN,       FormatId::e5m2, 0x7f, "§2.2 e5m2 NaN 0x7f [HW]"},
  {"nvidia", kNegNaN,    FormatId::e5m2, 0x7f, "§2.2"},
  {"nvidia", kNaN,       FormatId::e2m1, 0x7,  "§2.3 NaN -> +MAXNORM (CUDA fp4)"},
  {"nvidia", kNegNaN,    FormatId::e2m1, 0x7,  "§2.3 host emulation: -NaN -> 0x07"},
  {"nvidia", kNegNaN,    FormatId::e3m2, 0x1f, "§2.3 -NaN -> 0x1f"},
  {"nvidia", 0x43e80001, FormatId::e4m3, 0x7e, "§2.2 satfinite"},
  {"nvidia", kInf,       FormatId::e4m3, 0x7e, "§2.2 Inf under SAT -> max"},
  {"nvidia", kInf,       FormatId::e5m2, 0x7b, "§2.2"},
  {"nvidia", b(1.5f),    FormatId::e8m0, 0x80, "§2.6 cvt.rp: 1.5 -> 2"},
  {"nvidia", 0x3f800001, FormatId::e8m0, 0x80, "§2.6 RP: 0x3F800001 -> 0x80"},
  {"nvidia", 0x00400001, FormatId::e8m0, 0x01, "§2.6 RP: 0x00400001 -> 0x01"},
  {"nvidia", 0x7f000001, FormatId::e8m0, 0xfe, "§2.6 RP SAT -> 0xfe"},
  {"nvidia", b(-2.0f),   FormatId::e8m0, 0x80, "§2.6 sign ignored"},
  {"nvidia", b(0.0f),    FormatId::e8m0, 0x00, "§2.6 0 -> 0x00"},
  {"ml_dtypes", kNaN,       FormatId::e5m2, 0x7e, "§5.6 float8_e5m2 NaN -> 0x7E"},
  {"ml_dtypes", kNegNaN,    FormatId::e5m2, 0xfe, "peer-behaviour: 0xFE sign kept"},
  {"ml_dtypes", kNegNaN,    FormatId::e4m3, 0xff, "peer-behaviour: sign kept 0xFF"},
  {"ml_dtypes", b(480.0f),  FormatId::e4m3, 0x7f, "§5.6 480 -> NaN"},
  {"ml_dtypes", kInf,       FormatId::e4m3, 0x7f, "§5.6 Inf -> 0x7F"},
  {"ml_dtypes", 0x43e80001, FormatId::e4m3, 0x7f, "peer-behaviour: 0x43E80001 -> NaN"},
  {"ml_dtypes", 0x47700000, FormatId::e5m2, 0x7c, "peer-behaviour: 61440 -> Inf"},
  {"ml_dtypes", kNaN,       FormatId::e2m1, 0x8,  "peer-behaviour: +NaN -> 0x8 (-0)"},
  {"ml_dtypes", kNegNaN,    FormatId::e2m1, 0x0,  "peer-behaviour: -NaN -> 0x0"},
  {"ml_dtypes", kNaN,       FormatId::e3m2, 0x20, "peer-behaviour: +NaN -> 0x20"},
  {"ml_dtypes", b(7.0f),    FormatId::e2m1, 0x7,  "§5.6 float4 overflow -> max"},
  {"ml_dtypes", kInf,       FormatId::e2m1, 0x7,  "§5.6 float4 Inf -> max"},
  {"ml_dtypes", b(0.0f),    FormatId::e8m0, 0xff, "§2.6 0 -> NaN"},
  {"ml_dtypes", b(-0.0f),   FormatId::e8m0, 0xff, "§2.6 -0 -> NaN"},
  {"ml_dtypes", b(-1.0f),   FormatId::e8m0, 0xff, "§2.6 negative -> NaN"},
  {"ml_dtypes", b(1.5f),    FormatId::e8m0, 0x80, "§2.6 ties up"},
  {"ml_dtypes", b(3.0f),    FormatId::e8m0, 0x81, "§2.6 ties up: 3 -> 4"},
  // ml_dtypes 0.7.0 rounds (2^-127, 1.5*2^-127) to the nearer 2^-127; 0.6.0 sent it up (real-clients.md §1).
  {"ml_dtypes", 0x00400001, FormatId::e8m0, 0x00, "real-clients §1: 0.7.0 0x00400001 -> 0x00"},
  {"ml_dtypes", 0x005fffff, FormatId::e8m0, 0x00, "real-clients §1: 0.7.0 just below 1.5*2^-127 -> 0x00"},
  {"ml_dtypes", 0x00600000, FormatId::e8m0, 0x01, "real-clients §1: 0.7.0 1.5*2^-127 ties up -> 0x01"},
  {"ml_dtypes-0.6", 0x00400001, FormatId::e8m0, 0x01, "peer-behaviour: 0.6.0 0x00400001 -> 0x01"},
  {"ml_dtypes-0.6", 0x005fffff, FormatId::e8m0, 0x01, "peer-behaviour: 0.6.0 bit rounding -> 0x01"},
  {"ml_dtypes-0.6", b(0.0f),    FormatId::e8m0, 0xff, "§2.6 0 -> NaN"},
  {"ml_dtypes-0.6", kNaN,       FormatId::e5m2, 0x7e, "§5.6 float8_e5m2 NaN -> 0x7E"},
  {"ml_dtypes", 0x7f400000, FormatId::e8m0, 0xff, "peer-behaviour: x >= 1.5*2^127 -> 0xFF"},
  {"ml_dtypes", b(0x1p-128f), FormatId::e8m0, 0x00, "§2.6 2^-128 -> 0x00"},
  {"torchao-floor", kNegNaN,  FormatId::e4m3, 0xff, "§5.6 torch -NaN -> 0xFF"},
  {"torchao-floor", b(1.5f),  FormatId::e8m0, 0x80, "§2.6 torch 1.5 -> 0x80"},
  {"torchao-floor", b(3.0f),  FormatId::e8m0, 0x81, "§2.6 torch 3.0 -> 0x81"},
  {"torchao-floor", b(0.75f), FormatId::e8m0, 0x7f, "§2.6 torch 0.75 -> 0x7F"},
  {"torchao-floor", 0x00400001, FormatId::e8m0, 0x01, "peer-behaviour: torch 0x00400001 -> 0x01"},
  {"torchao-floor", 0x00600000, FormatId::e8m0, 0x01, "§2.6 torch 1.5*2^-127 -> 0x01"},
  {"torchao-floor", b(0x1p-128f), FormatId::e8m0, 0x00, "§2.6 torch 2^-128 -> 0x00"},
  {"torchao-floor", b(-6.0f), FormatId::e8m0, 0x82, "peer-behaviour: torch -6.0 -> 0x82"},
  {"torchao-floor", b(-1.0f), FormatId::e8m0, 0x7f, "§2.6 torch -1 -> 0x7F (abs)"},
  {"torchao-floor", b(0.0f),  FormatId::e8m0, 0x00, "§2.6 torch 0 -> 0x00"},
  {"torchao-rceil", b(3.0f),  FormatId::e8m0, 0x81, "§2.6 torch 3.0 -> 0x81"},
  // torch 2.11 casts, all 2^32 fp32 inputs (real-clients.md §2).
  {"torch", 0x43e80001, FormatId::e4m3, 0x7f, "real-clients §2: e4m3fn like ml_dtypes, overflow -> NaN"},
  {"torch", kInf,       FormatId::e4m3, 0x7f, "real-clients §2: +Inf -> NaN, sign kept"},
  {"torch", 0xff800000, FormatId::e4m3, 0xff, "real-clients §2: -Inf -> NaN, sign kept"},
  {"torch", kNegNaN,    FormatId::e4m3, 0xff, "real-clients §2: NaN keeps its sign"},
  {"torch", kNaN,       FormatId::e5m2, 0x7f, "real-clients §2: e5m2 NaN 0x7f (ml_dtypes 0x7e)"},
  {"torch", kNegNaN,    FormatId::e5m2, 0xff, "real-clients §2: e5m2 -NaN 0xff (ml_dtypes 0xfe)"},
  {"torch", kInf,       FormatId::e5m2, 0x7c, "real-clients §2: Inf -> Inf"},
  {"torch", 0x47700000, FormatId::e5m2, 0x7c, "real-clients §2: 61440 (a tie) -> Inf"},
  {"torch", 0xc7700000, FormatId::e5m2, 0xfc, "real-clients §2: -61440 -> -Inf"},
  {"torch", b(1.5f),    FormatId::e8m0, 0x80, "real-clients §2: nearest, ties up: 1.5 -> 2"},
  {"torch", b(3.0f),    FormatId::e8m0, 0x81, "real-clients §2: 3.0 -> 4"},
  {"torch", 0x00400001, FormatId::e8m0, 0x01, "real-clients §2: (2^-127, 1.5*2^-127) -> 0x01"},
  {"torch", b(0x1p-128f), FormatId::e8m0, 0x00, "real-clients §2: below 2^-127 -> 0x00"},
  {"torch", 0x7f400000, FormatId::e8m0, 0xff, "real-clients §2: >= 1.5*2^127 -> 0xff"},
  {"torch", kInf,       FormatId::e8m0, 0xff, "real-clients §2: Inf -> 0xff"},
  {"torch", 0xff800000, FormatId::e8m0, 0xff, "real-clients §2: -Inf -> 0xff"},
  {"torch", kNaN,       FormatId::e8m0, 0xff, "real-clients §2: NaN -> 0xff"},
  {"torch", b(0.0f),    FormatId::e8m0, 0x00, "real-clients §2: +0 -> 0x00 (ml_dtypes 0xff)"},
  {"torch", b(-0.0f),   FormatId::e8m0, 0x00, "real-clients §2: -0 -> 0x00"},
  {"torch", b(-6.0f),   FormatId::e8m0, 0x82, "real-clients §2: -6.0 -> |x| -> 0x82"},
  // Triton 3.6 on sm_90, all 2^32 fp32 inputs (real-clients.md §3).
  {"triton", kNegNaN,    FormatId::e4m3, 0x7f, "real-clients §3: as nvidia, NaN -> 0x7f"},
  {"triton", kInf,       FormatId::e4m3, 0x7e, "real-clients §3: Inf -> max (saturating)"},
  {"triton", 0xff800000, FormatId::e5m2, 0xfb, "real-clients §3: -Inf -> -max"},
  {"triton", 0x43e80001, FormatId::e4m3, 0x7e, "real-clients §3: saturating"},
  {"triton-rtz", 0x47700000, FormatId::e5m2, 0x7b, "real-clients §3: rtz saturates finite values"},
  {"triton-rtz", kInf,       FormatId::e5m2, 0x7c, "real-clients §3: rtz keeps +Inf"},
  {"triton-rtz", 0xff800000, FormatId::e5m2, 0xfc, "real-clients §3: rtz keeps -Inf"},
  {"triton-rtz", kNegNaN,    FormatId::e5m2, 0x7f, "real-clients §3: every NaN -> 0x7f"},
  {"triton-rtz", 0x3fbfffff, FormatId::e5m2, 0x3d, "rtz: 1.4999999 truncates to 1.25 (RNE: 1.5)"},
  {"microxcaling", b(400.0f),  FormatId::e4m3, 0x7d, "§2.1 mxlib test_fp8_e4m3_fix: 400 -> 416"},
  {"microxcaling", b(-400.0f), FormatId::e4m3, 0xfd, "§2.1 ties away, sign kept"},
  {"microxcaling", b(1.0f / 128), FormatId::int8, 0x01, "§2.4 ints round ties away"},
  {"microxcaling", b(-2.0f),   FormatId::int8, 0x81, "§1.4 never emits -128"},
  {"microxcaling", 0x43e80001, FormatId::e4m3, 0x7e, "§3.3 MX conversion clamps normals"},
  {"tosa", 0x43e80001, FormatId::e4m3, 0x7f, "§2.2 TOSA casts non-saturating"},
  {"tosa", 0x47700000, FormatId::e5m2, 0x7c, "§2.2 non-saturating -> Inf"},
  {"tosa", b(-2.0f),   FormatId::int8, 0x80, "§1.4 TOSA mxint8 range [-2, 1+63/64]"},
  {"tosa", b(7.0f),    FormatId::e2m1, 0x7,  "§2.3 FP4 clamps"},
  {"tosa", b(400.0f),  FormatId::e4m3, 0x7c, "§2.1 RNE"},
  {"ocp", 0x43e80001,  FormatId::e4m3, 0x7e, "§3.3 saturating"},
  {"ocp", b(400.0f),   FormatId::e4m3, 0x7c, "§2.1 RNE"},
  {"ocp", b(1.5f),     FormatId::e8m0, 0x80, "RNE, e8m0 tie to the even code"},
  {"ocp", b(-2.0f),    FormatId::int8, 0x81, "§1.4 recommendation: symmetric clamp"},
  {"ocp", kNaN,        FormatId::e2m1, kThrows, "§6.10 NaN has no correct FP4 answer: refused"},
  {"ocp", b(-2.0f),    FormatId::e8m0, kThrows, "negative into e8m0: refused"},
};
// clang-format on

TEST(ProfileBehaviour, EncodeResults) {
  const auto& fp32 = format_spec(FormatId::fp32);
  for (const auto& r : kRows) {
    const auto& to = format_spec(r.to);
    SCOPED_TRACE(std::string(r.profile) + ": " + mxtest::hex(r.fp32_bits) + " -> " + std::string(to.name) + " (" +
                 r.why + ")");
    const EncodeOptions o = encode_options(profile(r.profile), to);
    if (r.expected == kThrows) {
      EXPECT_THROW(convert(fp32, r.fp32_bits, to, o), InvalidArgument);
    } else {
      EXPECT_EQ(mxtest::hex(convert(fp32, r.fp32_bits, to, o)), mxtest::hex(r.expected));
    }
  }
}

}  // namespace
