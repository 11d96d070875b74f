// E8M0 scalar conversions (spec-rules §1.5, §2.6), checked against the bit-level rules the notes give for binary32
// inputs -- a third formulation, independent of both the reference and the oracle -- over every fp32 exponent field.
#include <gtest/gtest.h>

#include <bit>
#include <string>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "oracle.hpp"

namespace {

using mxconf::ExactValue;
using mxconf::FormatId;
using mxconf::Rounding;

// The e8m0 code of a binary32 pattern by exponent field e and mantissa f, taken |x| (spec-rules §2.6):
//  * rtz/rdn: c = e (subnormals, e = 0: everything below 2^-126 is clipped to 2^-127, code 0);
//  * rup: "if e = 0: c = (f > 0x400000) ? 1 : 0, else c = e + (f != 0)" (the NVIDIA/TE/torchao RCEIL rule);
//  * rne: c = e + (f > 0x400000, or f == 0x400000 and e odd: the tie 1.5*2^k goes to the even code);
//         e = 0: c = (f > 0x600000) (2^-127 is code 0, the midpoint to 2^-126 is f = 0x600000, a tie goes to 0);
//  * rna: c = e + (f >= 0x400000); e = 0: c = (f >= 0x600000);
//  * E8m0SubnormalRounding::up_above_smallest (rne/rna): e = 0: c = (f > 0x400000) (torch / ml_dtypes);
//  * c = 255 means beyond 2^127: 0xfe saturating, else 0xff; Inf: 0xfe saturating (clamp), else 0xff; NaN 0xff;
//    +-0: 0x00 (ZeroIntoE8m0::smallest).
std::uint64_t bit_rule(std::uint32_t bits, Rounding mode, bool saturate, bool up_above_smallest) {
  const std::uint32_t magnitude = bits & 0x7fffffff;
  const std::uint32_t e = magnitude >> 23;
  const std::uint32_t f = magnitude & 0x7fffff;
  if (e == 255) return f != 0 ? 0xff : (saturate ? 0xfe : 0xff);
  if (magnitude == 0) return 0x00;
  std::uint32_t c = 0;
  const bool nearest = mode == Rounding::rne || mode == Rounding::rna;
  if (e == 0 && nearest && up_above_smallest) {
    c = f > 0x400000 ? 1 : 0;
  } else {
    switch (mode) {
      case Rounding::rtz:
      case Rounding::rdn: c = e; break;
      case Rounding::rup: c = e == 0 ? (f > 0x400000 ? 1 : 0) : e + (f != 0 ? 1 : 0); break;
      case Rounding::rne:
        c = e == 0 ? (f > 0x600000 ? 1 : 0) : e + ((f > 0x400000 || (f == 0x400000 && (e & 1))) ? 1 : 0);
        break;
      case Rounding::rna: c = e == 0 ? (f >= 0x600000 ? 1 : 0) : e + (f >= 0x400000 ? 1 : 0); break;
      case Rounding::sr: break;
    }
  }
  if (c == 255) return saturate ? 0xfe : 0xff;
  return c;
}

TEST(E8m0FromFp32, EveryExponentFieldAgainstBitRules) {
  const auto& fp32 = mxconf::format_spec(FormatId::fp32);
  const auto& e8m0 = mxconf::format_spec(FormatId::e8m0);
  std::vector<std::uint32_t> mantissas = {0,        1,        2,        0x3ffffe, 0x3fffff, 0x400000, 0x400001,
                                          0x5fffff, 0x600000, 0x600001, 0x7ffffe, 0x7fffff, 0x200000, 0x200001};
  for (std::uint32_t k = 0; k < 64; ++k) mantissas.push_back((k * 0x20000 + 0x1357) & 0x7fffff);
  std::size_t checked = 0;
  for (const bool saturate : {true, false})
    for (const bool up : {false, true})
      for (const Rounding mode : mxtest::kDeterministicModes) {
        auto p = mxtest::test_policies(saturate ? mxconf::Overflow::saturate : mxconf::Overflow::non_saturating);
        p.e8m0_subnormal_rounding =
            up ? mxconf::E8m0SubnormalRounding::up_above_smallest : mxconf::E8m0SubnormalRounding::exact;
        const mxconf::EncodeOptions o{mode, p, {}};
        for (std::uint32_t sign = 0; sign < 2; ++sign)
          for (std::uint32_t e = 0; e < 256; ++e)
            for (const std::uint32_t f : mantissas) {
              const std::uint32_t bits = sign << 31 | e << 23 | f;
              const std::uint64_t want = bit_rule(bits, mode, saturate, up);
              const std::uint64_t got = mxconf::convert(fp32, bits, e8m0, o);
              ++checked;
              ASSERT_EQ(mxtest::hex(got), mxtest::hex(want))
                  << "fp32 " << mxtest::hex(bits) << " " << mxtest::mode_name(mode) << (saturate ? " sat" : " nonsat")
                  << (up ? " up_above_smallest" : "");
            }
      }
  EXPECT_GT(checked, 100000u);
}

// A stride sample of all 2^32 patterns under the NVIDIA RP rule (cvt.rp.satfinite.ue8m0x2.f32).
TEST(E8m0FromFp32, StrideSampleUnderRoundUpMatchesCudaRule) {
  const auto& fp32 = mxconf::format_spec(FormatId::fp32);
  const auto& e8m0 = mxconf::format_spec(FormatId::e8m0);
  for (const bool saturate : {true, false}) {
    const mxconf::EncodeOptions o{
        Rounding::rup,
        mxtest::test_policies(saturate ? mxconf::Overflow::saturate : mxconf::Overflow::non_saturating),
        {}};
    for (std::uint64_t i = 7; i < (1ull << 32); i += 104729) {  // prime stride
      const auto bits = static_cast<std::uint32_t>(i);
      ASSERT_EQ(mxconf::convert(fp32, bits, e8m0, o), bit_rule(bits, Rounding::rup, saturate, false))
          << mxtest::hex(bits);
    }
  }
}

// bf16 inputs are the top half of an fp32: the same rules hold on bits << 16, for all 65,536 patterns.
TEST(E8m0FromBf16, AllPatternsMatchFp32Rules) {
  const auto& bf16 = mxconf::format_spec(FormatId::bf16);
  const auto& e8m0 = mxconf::format_spec(FormatId::e8m0);
  for (const Rounding mode : mxtest::kDeterministicModes) {
    const mxconf::EncodeOptions o{mode, mxtest::test_policies(), {}};
    for (std::uint32_t c = 0; c < 0x10000; ++c)
      ASSERT_EQ(mxconf::convert(bf16, c, e8m0, o), bit_rule(c << 16, mode, true, false))
          << "bf16 " << mxtest::hex(c) << " " << mxtest::mode_name(mode);
  }
}

// E8M0 decoded into binary32/bf16 (spec-rules §1.5: code 0 is 2^-127, a subnormal 0x00400000 / 0x0040;
// "a decoder that builds c<<23 gets 0.0 for c = 0, which is wrong"; 0xff is NaN).
TEST(E8m0Decode, IntoFp32AndBf16) {
  const auto& e8m0 = mxconf::format_spec(FormatId::e8m0);
  const auto& fp32 = mxconf::format_spec(FormatId::fp32);
  const auto& bf16 = mxconf::format_spec(FormatId::bf16);
  const auto o = mxconf::ieee_encode_options(Rounding::rne);
  for (std::uint64_t c = 0; c < 256; ++c) {
    SCOPED_TRACE("e8m0 " + mxtest::hex(c));
    const ExactValue v = mxconf::decode(e8m0, c);
    if (c == 0xff) {
      EXPECT_TRUE(v.is_nan());
      EXPECT_TRUE(mxconf::is_nan_code(fp32, mxconf::encode(v, fp32, o)));
      EXPECT_TRUE(mxconf::is_nan_code(bf16, mxconf::encode(v, bf16, o)));
      continue;
    }
    EXPECT_TRUE(v.identical(ExactValue::dyadic(1, static_cast<std::int64_t>(c) - 127)));  // 2^(c-127)
    EXPECT_EQ(mxtest::hex(mxconf::encode(v, fp32, o)), mxtest::hex(c == 0 ? 0x00400000 : c << 23));
    EXPECT_EQ(mxtest::hex(mxconf::encode(v, bf16, o)), mxtest::hex(c == 0 ? 0x0040 : c << 7));
  }
}

// The reciprocal of each scale (TE exp2f_rcp, spec-rules §1.5): 2^(127-c) in fp32; code 254 gives 2^-127 =
// 0x00400000 (subnormal), code 0 gives 2^127 (TE before PR #2647 gave 1.0).
TEST(E8m0Decode, ReciprocalScalesIntoFp32) {
  const auto& fp32 = mxconf::format_spec(FormatId::fp32);
  const auto o = mxconf::ieee_encode_options(Rounding::rne);
  for (std::uint64_t c = 0; c < 255; ++c) {
    const ExactValue rcp = ExactValue::dyadic(1, 127 - static_cast<std::int64_t>(c));
    const std::uint64_t want = c == 254 ? 0x00400000 : (254 - c) << 23;
    EXPECT_EQ(mxtest::hex(mxconf::encode(rcp, fp32, o)), mxtest::hex(want)) << "e8m0 " << c;
  }
}

// fp64 sources: wider range than e8m0 in both directions, rounded once.
TEST(E8m0FromFp64, RangeEnds) {
  const auto& fp64 = mxconf::format_spec(FormatId::fp64);
  const auto& e8m0 = mxconf::format_spec(FormatId::e8m0);
  struct {
    double x;
    Rounding mode;
    bool saturate;
    mxconf::DirectedOverflow directed;
    std::uint64_t expected;
    const char* why;
  } const rows[] = {
      {0x1p127, Rounding::rne, false, mxconf::DirectedOverflow::largest_finite, 0xfe, "2^127 exact"},
      {0x1.8p127, Rounding::rne, false, mxconf::DirectedOverflow::largest_finite, 0xfe, "tie -> even 0xfe"},
      {0x1.8000000000001p127, Rounding::rne, false, mxconf::DirectedOverflow::largest_finite, 0xff,
       "past the tie -> 2^128 -> NaN"},
      {0x1.8000000000001p127, Rounding::rne, true, mxconf::DirectedOverflow::largest_finite, 0xfe, "saturates"},
      {0x1p128, Rounding::rtz, false, mxconf::DirectedOverflow::largest_finite, 0xfe, "IEEE 754 §7.4"},
      {0x1p128, Rounding::rtz, false, mxconf::DirectedOverflow::non_finite, 0xff, "CUDA NOSAT: NaN"},
      {0x1p1000, Rounding::rdn, false, mxconf::DirectedOverflow::largest_finite, 0xfe, "rdn toward zero"},
      {0x1p1000, Rounding::rup, false, mxconf::DirectedOverflow::largest_finite, 0xff, "rup away from zero"},
      {0x1.0000000000001p126, Rounding::rup, true, mxconf::DirectedOverflow::largest_finite, 0xfe,
       "2^126 + ulp rup -> 2^127"},
      {0x1p-127, Rounding::rup, true, mxconf::DirectedOverflow::largest_finite, 0x00, "2^-127 exact"},
      {0x1p-128, Rounding::rup, true, mxconf::DirectedOverflow::largest_finite, 0x00, "clipped"},
      {0x1p-1074, Rounding::rne, true, mxconf::DirectedOverflow::largest_finite, 0x00, "clipped"},
      {0x1.0000000000001p-127, Rounding::rup, true, mxconf::DirectedOverflow::largest_finite, 0x01, "just above"},
      {0x1.7ffffffffffffp-127, Rounding::rne, true, mxconf::DirectedOverflow::largest_finite, 0x00,
       "below the midpoint 1.5*2^-127"},
      {0x1.8000000000001p-127, Rounding::rne, true, mxconf::DirectedOverflow::largest_finite, 0x01,
       "above the midpoint"},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.why);
    auto p = mxtest::test_policies(r.saturate ? mxconf::Overflow::saturate : mxconf::Overflow::non_saturating);
    p.directed_overflow = r.directed;
    EXPECT_EQ(mxtest::hex(mxconf::convert(fp64, std::bit_cast<std::uint64_t>(r.x), e8m0, {r.mode, p, {}})),
              mxtest::hex(r.expected));
  }
}

}  // namespace
