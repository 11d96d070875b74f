// Exhaustive encode checks:
//  * every code of every format up to 16 bits round-trips under every rounding mode (tt-metal #51971: the
//    cheapest exhaustive test there is; peer-lessons §2 D);
//  * all 65,536 bf16 and all 65,536 fp16 inputs into every element format and e8m0, under rne/rtz/rup/rdn/rna and
//    both Overflow policies, equal the brute-force oracle (oracle.hpp; universal's ocp_e4m3_conformance style);
//  * every NaN input under every NaN policy.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "oracle.hpp"

namespace {

using mxconf::ExactValue;
using mxconf::FormatId;
using mxconf::Overflow;
using mxconf::Rounding;
using mxtest::hex;
using mxtest::Outcome;

mxconf::EncodeOptions options(Rounding mode, const mxconf::ElementPolicies& p, mxconf::StochasticBits sr = {}) {
  return mxconf::EncodeOptions{mode, p, sr};
}

// ---- Requirement 2: encode(decode(c)) == c. ----

struct ModeCase {
  Rounding mode;
  mxconf::StochasticBits sr;
};
const ModeCase kRoundTripModes[] = {
    {Rounding::rne, {}},      {Rounding::rtz, {}},       {Rounding::rup, {}},
    {Rounding::rdn, {}},      {Rounding::rna, {}},       {Rounding::sr, {8, 0}},
    {Rounding::sr, {8, 255}}, {Rounding::sr, {1, 1}},    {Rounding::sr, {13, 0x1234}},
    {Rounding::sr, {64, ~0ull}},
};

// The only codes that do not come back (each reasoned from the policies, policy.hpp):
//  * an Inf code under Overflow::saturate with InfUnderSaturation::clamp becomes +-max finite (PTX .satfinite);
//  * int8 0x80 (-2.0) under Int8Range::symmetric clamps to 0x81 (-127/64; microxcaling never emits -128).
// -0 needs no exception: every format here that decodes a -0 also has a -0 code (fnuz and unsigned formats
// have no -0 code at all), and NaN codes are excluded (checked below).
std::uint64_t expected_round_trip(FormatId id, std::uint64_t code, const mxconf::ElementPolicies& p) {
  const ExactValue v = mxtest::oracle_decode(id, code);
  if (v.is_inf() && p.overflow == Overflow::saturate && p.inf_under_saturation == mxconf::InfUnderSaturation::clamp)
    return mxtest::grid(id).max_code(v.negative());
  if (id == FormatId::int8 && code == 0x80 && p.int8_range == mxconf::Int8Range::symmetric) return 0x81;
  return code;
}

TEST(EncodeRoundTrip, EveryNonNanCodeUnderEveryMode) {
  for (const FormatId id : mxtest::kSmallFormats) {
    const auto& f = mxconf::format_spec(id);
    for (const Overflow overflow : {Overflow::saturate, Overflow::non_saturating})
      for (const auto inf : {mxconf::InfUnderSaturation::clamp, mxconf::InfUnderSaturation::keep_special})
        for (const auto range : {mxconf::Int8Range::symmetric, mxconf::Int8Range::full}) {
          if (range == mxconf::Int8Range::full && id != FormatId::int8) continue;
          mxconf::ElementPolicies p = mxtest::test_policies(overflow);
          p.inf_under_saturation = inf;
          p.int8_range = range;
          for (const auto& m : kRoundTripModes) {
            const auto o = options(m.mode, p, m.sr);
            for (std::uint64_t c = 0; c < mxconf::code_count(f); ++c) {
              const ExactValue v = mxconf::decode(f, c);
              if (v.is_nan()) continue;
              const std::uint64_t want = expected_round_trip(id, c, p);
              ASSERT_EQ(mxconf::encode(v, f, o), want)
                  << f.name << " code " << hex(c) << " mode " << mxtest::mode_name(m.mode) << " K=" << m.sr.bits
                  << " r=" << m.sr.random << " overflow " << int(overflow) << " inf " << int(inf) << " range "
                  << int(range);
            }
          }
        }
  }
}

// NaN codes come back as a NaN code of the same format (which one is a policy).
TEST(EncodeRoundTrip, NanCodesStayNan) {
  for (const FormatId id : mxtest::kSmallFormats) {
    const auto& f = mxconf::format_spec(id);
    if (!mxtest::oracle_has_nan(mxtest::layout(id))) continue;
    for (std::uint64_t c = 0; c < mxconf::code_count(f); ++c) {
      const ExactValue v = mxconf::decode(f, c);
      if (!v.is_nan()) continue;
      const std::uint64_t got = mxconf::encode(v, f, options(Rounding::rne, mxtest::test_policies()));
      ASSERT_TRUE(mxtest::oracle_decode(id, got).is_nan()) << f.name << " " << hex(c) << " -> " << hex(got);
    }
  }
}

// ---- Requirement 3: all bf16 and fp16 inputs, against the oracle. ----

struct Pair {
  FormatId from, to;
};
std::string pair_name(const ::testing::TestParamInfo<Pair>& info) {
  return std::string(mxtest::layout(info.param.from).name) + "_to_" + mxtest::layout(info.param.to).name;
}

class EncodeExhaustive : public ::testing::TestWithParam<Pair> {};

TEST_P(EncodeExhaustive, EveryFiniteAndInfiniteInputMatchesOracle) {
  const auto [from, to] = GetParam();
  const auto& src = mxconf::format_spec(from);
  const auto& dst = mxconf::format_spec(to);
  const mxtest::Grid& g = mxtest::grid(to);
  const mxconf::ElementPolicies policies[] = {mxtest::test_policies(Overflow::saturate),
                                              mxtest::test_policies(Overflow::non_saturating)};
  std::size_t checked = 0;
  for (std::uint64_t c = 0; c < mxconf::code_count(src); ++c) {
    const ExactValue x = mxtest::oracle_decode(from, c);
    if (x.is_nan()) continue;
    // Unsigned formats (e8m0, ue4m3) take |x| (NegativeIntoUnsigned::magnitude in test_policies).
    const bool is_unsigned = to == FormatId::e8m0 || to == FormatId::ue4m3;
    const ExactValue xin = is_unsigned && x.negative() ? x.abs() : x;
    const bool plain = xin.is_finite() && !xin.is_zero();
    const mxtest::Bracket b = plain ? g.locate(xin) : mxtest::Bracket{};
    for (const auto& p : policies)
      for (const Rounding mode : mxtest::kDeterministicModes) {
        const Outcome want = plain ? g.pick(xin, b, mode, p) : g.encode(x, mode, p);
        const std::uint64_t got = mxconf::convert(src, c, dst, options(mode, p));
        ++checked;
        if (want.error || got != want.code) {
          ADD_FAILURE() << src.name << " " << hex(c) << " -> " << dst.name << " mode " << mxtest::mode_name(mode)
                        << (p.overflow == Overflow::saturate ? " sat" : " nonsat") << ": got " << hex(got)
                        << " want " << mxtest::describe(want);
          return;  // one report per pair is enough to locate the bug
        }
      }
  }
  EXPECT_GT(checked, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    EncodeExhaustiveAll, EncodeExhaustive,
    ::testing::Values(Pair{FormatId::bf16, FormatId::e4m3}, Pair{FormatId::bf16, FormatId::e5m2},
                      Pair{FormatId::bf16, FormatId::e3m2}, Pair{FormatId::bf16, FormatId::e2m3},
                      Pair{FormatId::bf16, FormatId::e2m1}, Pair{FormatId::bf16, FormatId::int8},
                      Pair{FormatId::bf16, FormatId::e8m0}, Pair{FormatId::fp16, FormatId::e4m3},
                      Pair{FormatId::fp16, FormatId::e5m2}, Pair{FormatId::fp16, FormatId::e3m2},
                      Pair{FormatId::fp16, FormatId::e2m3}, Pair{FormatId::fp16, FormatId::e2m1},
                      Pair{FormatId::fp16, FormatId::int8}, Pair{FormatId::fp16, FormatId::e8m0},
                      Pair{FormatId::bf16, FormatId::e4m3fnuz}, Pair{FormatId::fp16, FormatId::e5m2fnuz},
                      Pair{FormatId::bf16, FormatId::ue4m3}),
    pair_name);

// Every NaN code of bf16 and fp16, into every destination, under every NaN policy (spec-rules §6.8, §6.10).
TEST(EncodeExhaustiveNan, EveryNanInputUnderEveryNanPolicy) {
  using mxconf::NanMantissa;
  using mxconf::NanSign;
  const mxconf::NanEncoding encodings[] = {{NanSign::keep, NanMantissa::all_ones},
                                           {NanSign::keep, NanMantissa::quiet_bit},
                                           {NanSign::positive, NanMantissa::all_ones},
                                           {NanSign::positive, NanMantissa::quiet_bit}};
  const mxconf::NanIntoFinite into_finite[] = {
      mxconf::NanIntoFinite::positive_max, mxconf::NanIntoFinite::signed_max, mxconf::NanIntoFinite::negative_zero,
      mxconf::NanIntoFinite::zero_flipped_sign, mxconf::NanIntoFinite::error};
  for (const FormatId from : {FormatId::bf16, FormatId::fp16}) {
    const auto& src = mxconf::format_spec(from);
    for (const FormatId to : mxtest::kSmallFormats) {
      const auto& dst = mxconf::format_spec(to);
      const mxtest::Grid& g = mxtest::grid(to);
      for (std::uint64_t c = 0; c < mxconf::code_count(src); ++c) {
        const ExactValue x = mxtest::oracle_decode(from, c);
        if (!x.is_nan()) continue;
        for (const auto& enc : encodings)
          for (const auto nif : into_finite)
            for (const Overflow overflow : {Overflow::saturate, Overflow::non_saturating}) {
              mxconf::ElementPolicies p = mxtest::test_policies(overflow);
              p.nan_encoding = enc;
              p.nan_into_finite = nif;
              const Outcome want = g.encode_nan(x.negative(), p);
              Outcome got;
              try {
                got = {false, mxconf::convert(src, c, dst, options(Rounding::rne, p))};
              } catch (const mxconf::InvalidArgument&) {
                got = {true, 0};
              }
              ASSERT_EQ(got, want) << src.name << " " << hex(c) << " -> " << dst.name << " sign " << int(enc.sign)
                                   << " mantissa " << int(enc.mantissa) << " into-finite " << int(nif) << ": got "
                                   << mxtest::describe(got) << " want " << mxtest::describe(want);
            }
      }
    }
  }
}

// fp16 <-> bf16 under the IEEE options the reference uses for dequantize and dot (codec.hpp ieee_encode_options:
// overflow to Inf under nearest, largest finite under directed rounding toward zero, quiet NaN sign dropped).
TEST(EncodeExhaustive, Fp16AndBf16UnderIeeeOptions) {
  for (const auto& [from, to] : {std::pair{FormatId::fp16, FormatId::bf16}, std::pair{FormatId::bf16, FormatId::fp16}}) {
    const auto& src = mxconf::format_spec(from);
    const auto& dst = mxconf::format_spec(to);
    const mxtest::Grid& g = mxtest::grid(to);
    for (const Rounding mode : mxtest::kDeterministicModes) {
      const auto o = mxconf::ieee_encode_options(mode);
      mxconf::ElementPolicies p = mxtest::test_policies(Overflow::non_saturating);
      p.directed_overflow = mxconf::DirectedOverflow::largest_finite;
      p.nan_encoding = {mxconf::NanSign::positive, mxconf::NanMantissa::quiet_bit};
      for (std::uint64_t c = 0; c < mxconf::code_count(src); ++c) {
        const ExactValue x = mxtest::oracle_decode(from, c);
        const Outcome want = g.encode(x, mode, p);
        const std::uint64_t got = mxconf::convert(src, c, dst, o);
        ASSERT_FALSE(want.error);
        ASSERT_EQ(got, want.code) << src.name << " " << hex(c) << " -> " << dst.name << " "
                                  << mxtest::mode_name(mode);
      }
    }
  }
}

}  // namespace
