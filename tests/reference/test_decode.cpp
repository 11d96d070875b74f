// decode: every code of every format up to 16 bits against the field oracle, literal spec values, fp32 and fp64
// against the native floating point unit, and the width check.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <string>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "oracle.hpp"

namespace {

using mxconf::ExactValue;
using mxconf::FormatId;
using mxtest::hex;

// Same value, or both NaN with the same sign. (The fnuz NaN, code 0x80, is the would-be -0 pattern, not a
// negative number: the oracle decodes it as +NaN, so that NanSign::keep writes it as a positive NaN elsewhere.)
::testing::AssertionResult same_value(const ExactValue& got, const ExactValue& want) {
  if (want.is_nan()) {
    if (!got.is_nan()) return ::testing::AssertionFailure() << "want NaN, got a number";
    if (got.negative() != want.negative())
      return ::testing::AssertionFailure() << "NaN sign " << got.negative() << " want " << want.negative();
    return ::testing::AssertionSuccess();
  }
  if (!got.identical(want))
    return ::testing::AssertionFailure() << "value differs (kind " << int(got.kind()) << " neg " << got.negative()
                                         << " sig " << got.significand() << " exp " << got.exponent() << "; want kind "
                                         << int(want.kind()) << " neg " << want.negative() << " sig "
                                         << want.significand() << " exp " << want.exponent() << ")";
  return ::testing::AssertionSuccess();
}

// Requirement 1: every code of every format of at most 16 bits.
TEST(DecodeExhaustive, EveryCodeMatchesFieldOracle) {
  for (const FormatId id : mxtest::kSmallFormats) {
    const auto& f = mxconf::format_spec(id);
    for (std::uint64_t c = 0; c < mxconf::code_count(f); ++c) {
      ASSERT_TRUE(same_value(mxconf::decode(f, c), mxtest::oracle_decode(id, c)))
          << f.name << " code " << hex(c);
    }
  }
}

// Sign-magnitude formats: flipping the sign bit negates the value (ml_dtypes mxfloat_test "Negate").
TEST(DecodeExhaustive, SignBitNegates) {
  for (const FormatId id : mxtest::kSmallFormats) {
    const auto& f = mxconf::format_spec(id);
    if (!mxtest::layout(id).sign || mxtest::layout(id).kind == mxtest::Kind::fnuz) continue;
    const std::uint64_t s = std::uint64_t{1} << (f.bits - 1);
    for (std::uint64_t c = 0; c < s; ++c) {
      const ExactValue pos = mxconf::decode(f, c);
      const ExactValue neg = mxconf::decode(f, c | s);
      if (pos.is_nan()) {
        ASSERT_TRUE(neg.is_nan()) << f.name << " " << hex(c);
        continue;
      }
      ASSERT_TRUE(neg.identical(pos.negated())) << f.name << " " << hex(c);
    }
  }
}

// Positive codes of binary formats increase with the code (until the first special code).
TEST(DecodeExhaustive, PositiveCodesAreMonotone) {
  for (const FormatId id : mxtest::kSmallFormats) {
    if (id == FormatId::int8) continue;
    const auto& f = mxconf::format_spec(id);
    const std::uint64_t limit = mxconf::max_finite_code(f);
    for (std::uint64_t c = 1; c <= limit; ++c)
      ASSERT_TRUE(mxtest::lt(mxconf::decode(f, c - 1), mxconf::decode(f, c))) << f.name << " " << hex(c);
  }
}

enum class Expect { value, nan, pos_inf, neg_inf };
struct Literal {
  FormatId id;
  std::uint64_t code;
  Expect kind;
  std::int64_t integer;  // value = integer * 2^exponent (for Expect::value)
  std::int64_t exponent;
  bool negative_zero;
  const char* why;
};

// clang-format off
const Literal kLiterals[] = {
  {FormatId::e4m3, 0x7e, Expect::value,  448,   0, false, "§1.1 max normal S.1111.110 = 1.75*2^8"},
  {FormatId::e4m3, 0xfe, Expect::value, -448,   0, false, "§1.1 -max"},
  {FormatId::e4m3, 0x01, Expect::value,    1,  -9, false, "§1.1 min subnormal 2^-9"},
  {FormatId::e4m3, 0x07, Expect::value,    7,  -9, false, "§1.1 max subnormal 0.875*2^-6"},
  {FormatId::e4m3, 0x08, Expect::value,    1,  -6, false, "§1.1 min normal 2^-6"},
  {FormatId::e4m3, 0x38, Expect::value,    1,   0, false, "E=7=bias: 1.0"},
  {FormatId::e4m3, 0x78, Expect::value,    1,   8, false, "E=15 is a value binade in e4m3: 256"},
  {FormatId::e4m3, 0x7f, Expect::nan,      0,   0, false, "§1.1 NaN S.1111.111"},
  {FormatId::e4m3, 0xff, Expect::nan,      0,   0, false, "§1.1 NaN S.1111.111"},
  {FormatId::e4m3, 0x00, Expect::value,    0,   0, false, "+0"},
  {FormatId::e4m3, 0x80, Expect::value,    0,   0, true,  "§1.1 -0 is a distinct code"},
  {FormatId::e5m2, 0x7b, Expect::value, 57344,  0, false, "§1.2 max normal 1.75*2^15"},
  {FormatId::e5m2, 0x7c, Expect::pos_inf,  0,   0, false, "§1.2 Inf S.11111.00"},
  {FormatId::e5m2, 0xfc, Expect::neg_inf,  0,   0, false, "§1.2 -Inf"},
  {FormatId::e5m2, 0x7d, Expect::nan,      0,   0, false, "§1.2 NaN"},
  {FormatId::e5m2, 0x7e, Expect::nan,      0,   0, false, "§1.2 NaN"},
  {FormatId::e5m2, 0x7f, Expect::nan,      0,   0, false, "§1.2 NaN"},
  {FormatId::e5m2, 0x01, Expect::value,    1, -16, false, "§1.2 min subnormal 2^-16"},
  {FormatId::e5m2, 0x04, Expect::value,    1, -14, false, "§1.2 min normal 2^-14"},
  {FormatId::e5m2, 0x80, Expect::value,    0,   0, true,  "-0"},
  {FormatId::e3m2, 0x1f, Expect::value,   28,   0, false, "§1.3 E3M2 max 1.75*2^4"},
  {FormatId::e3m2, 0x01, Expect::value,    1,  -4, false, "§1.3 E3M2 min subnormal 0.0625"},
  {FormatId::e3m2, 0x04, Expect::value,    1,  -2, false, "§1.3 E3M2 min normal 0.25"},
  {FormatId::e3m2, 0x3f, Expect::value,  -28,   0, false, "§1.3 -max, no NaN"},
  {FormatId::e3m2, 0x20, Expect::value,    0,   0, true,  "§1.3 -0"},
  {FormatId::e2m3, 0x1f, Expect::value,   15,  -1, false, "§1.3 E2M3 max 7.5"},
  {FormatId::e2m3, 0x01, Expect::value,    1,  -3, false, "§1.3 E2M3 min subnormal 0.125"},
  {FormatId::e2m3, 0x07, Expect::value,    7,  -3, false, "§1.3 E2M3 max subnormal 0.875"},
  {FormatId::e2m3, 0x08, Expect::value,    1,   0, false, "§1.3 E2M3 min normal 1"},
  {FormatId::e2m1, 0x0, Expect::value,     0,   0, false, "§1.3 E2M1 magnitudes 0"},
  {FormatId::e2m1, 0x1, Expect::value,     1,  -1, false, "0.5"},
  {FormatId::e2m1, 0x2, Expect::value,     1,   0, false, "1"},
  {FormatId::e2m1, 0x3, Expect::value,     3,  -1, false, "1.5"},
  {FormatId::e2m1, 0x4, Expect::value,     2,   0, false, "2"},
  {FormatId::e2m1, 0x5, Expect::value,     3,   0, false, "3"},
  {FormatId::e2m1, 0x6, Expect::value,     4,   0, false, "4"},
  {FormatId::e2m1, 0x7, Expect::value,     6,   0, false, "6"},
  {FormatId::e2m1, 0x8, Expect::value,     0,   0, true,  "§1.3 0x8 is -0"},
  {FormatId::e2m1, 0xf, Expect::value,    -6,   0, false, "-6"},
  {FormatId::e2m1, 0x9, Expect::value,    -1,  -1, false, "-0.5"},
  {FormatId::int8, 0x7f, Expect::value,  127,  -6, false, "§1.4 127/64"},
  {FormatId::int8, 0x80, Expect::value, -128,  -6, false, "§1.4 0x80 decodes as -2.0 (TOSA, gfloat)"},
  {FormatId::int8, 0x81, Expect::value, -127,  -6, false, "-127/64"},
  {FormatId::int8, 0x01, Expect::value,    1,  -6, false, "§1.4 step 1/64"},
  {FormatId::int8, 0xff, Expect::value,   -1,  -6, false, "-1/64"},
  {FormatId::int8, 0x40, Expect::value,    1,   0, false, "64/64 = 1"},
  {FormatId::int8, 0x00, Expect::value,    0,   0, false, "0"},
  {FormatId::e8m0, 0x00, Expect::value,    1, -127, false, "§1.5 code 0 = 2^-127 (not zero)"},
  {FormatId::e8m0, 0x01, Expect::value,    1, -126, false, "2^-126"},
  {FormatId::e8m0, 0x7f, Expect::value,    1,   0, false, "§1.5 bias 127: 1.0"},
  {FormatId::e8m0, 0x80, Expect::value,    1,   1, false, "2"},
  {FormatId::e8m0, 0xfe, Expect::value,    1, 127, false, "§1.5 2^127"},
  {FormatId::e8m0, 0xff, Expect::nan,      0,   0, false, "§1.5 0xff NaN"},
  {FormatId::e4m3fnuz, 0x80, Expect::nan,  0,   0, false, "FNUZ: the -0 code is the NaN"},
  {FormatId::e4m3fnuz, 0x7f, Expect::value, 240,  0, false, "FNUZ bias 8: 1.875*2^7"},
  {FormatId::e4m3fnuz, 0xff, Expect::value, -240, 0, false, "FNUZ -max"},
  {FormatId::e4m3fnuz, 0x01, Expect::value,  1, -10, false, "FNUZ min subnormal 2^-10"},
  {FormatId::e5m2fnuz, 0x80, Expect::nan,  0,   0, false, "FNUZ NaN"},
  {FormatId::e5m2fnuz, 0x7f, Expect::value, 57344, 0, false, "E5M2FNUZ bias 16: 1.75*2^15"},
  {FormatId::e5m2fnuz, 0x7c, Expect::value, 1,  15, false, "E5M2FNUZ: E=31 is a value binade"},
  {FormatId::ue4m3, 0x7e, Expect::value,  448,  0, false, "ue4m3 max 448"},
  {FormatId::ue4m3, 0x7f, Expect::nan,     0,   0, false, "ue4m3 NaN"},
  {FormatId::ue4m3, 0x01, Expect::value,   1,  -9, false, "ue4m3 min subnormal 2^-9"},
  {FormatId::fp16, 0x3c00, Expect::value,  1,   0, false, "fp16 1.0"},
  {FormatId::fp16, 0x0001, Expect::value,  1, -24, false, "fp16 min subnormal"},
  {FormatId::fp16, 0x7bff, Expect::value, 65504, 0, false, "fp16 max"},
  {FormatId::bf16, 0x3f80, Expect::value,  1,   0, false, "bf16 1.0"},
  {FormatId::bf16, 0x0001, Expect::value,  1, -133, false, "bf16 min subnormal"},
  {FormatId::bf16, 0x0040, Expect::value,  1, -127, false, "bf16 2^-127 (= e8m0 code 0, spec-rules §1.5)"},
  {FormatId::fp32, 0x00400000, Expect::value, 1, -127, false, "fp32 2^-127 subnormal (spec-rules §1.5)"},
  {FormatId::fp32, 0x00000001, Expect::value, 1, -149, false, "fp32 min subnormal"},
  {FormatId::fp32, 0x43e80000, Expect::value, 464, 0, false, "fp32 464"},
  {FormatId::fp32, 0x7f7fffff, Expect::value, 0xffffff, 104, false, "FLT_MAX"},
  {FormatId::fp32, 0xff800000, Expect::neg_inf, 0, 0, false, "-Inf"},
  {FormatId::fp64, 0x0000000000000001, Expect::value, 1, -1074, false, "fp64 min subnormal"},
  {FormatId::fp64, 0x7fefffffffffffff, Expect::value, 0x1fffffffffffff, 971, false, "DBL_MAX"},
  {FormatId::fp64, 0xc07affffffffffff, Expect::value, -0x1affffffffffff, -44, false, "-431.99999999999994 (ml_dtypes #401)"},
  {FormatId::fp64, 0x8000000000000000, Expect::value, 0, 0, true, "fp64 -0"},
  {FormatId::fp64, 0xfff8000000000000, Expect::nan, 0, 0, false, "fp64 NaN"},
};
// clang-format on

TEST(DecodeLiterals, SpecValues) {
  for (const auto& l : kLiterals) {
    const auto& f = mxconf::format_spec(l.id);
    SCOPED_TRACE(std::string(f.name) + " " + hex(l.code) + ": " + l.why);
    const ExactValue v = mxconf::decode(f, l.code);
    switch (l.kind) {
      case Expect::nan: EXPECT_TRUE(v.is_nan()); break;
      case Expect::pos_inf: EXPECT_TRUE(v.is_inf() && !v.negative()); break;
      case Expect::neg_inf: EXPECT_TRUE(v.is_inf() && v.negative()); break;
      case Expect::value: {
        const ExactValue want = l.negative_zero ? ExactValue::zero(true) : ExactValue::dyadic(l.integer, l.exponent);
        EXPECT_TRUE(v.identical(want));
        break;
      }
    }
  }
}

// NaN sign and payload survive decode ("A NaN remembers its sign and ... its payload", exact_value.hpp).
TEST(DecodeLiterals, NanSignPayloadAndQuietBit) {
  const auto& e5m2 = mxconf::format_spec(FormatId::e5m2);
  EXPECT_FALSE(mxconf::decode(e5m2, 0x7d).negative());
  EXPECT_TRUE(mxconf::decode(e5m2, 0xfd).negative());
  EXPECT_EQ(mxconf::decode(e5m2, 0x7d).nan_payload(), 1u);
  EXPECT_FALSE(mxconf::decode(e5m2, 0x7d).nan_quiet());  // mantissa MSB clear: signalling
  EXPECT_TRUE(mxconf::decode(e5m2, 0x7e).nan_quiet());
  const auto& fp32 = mxconf::format_spec(FormatId::fp32);
  EXPECT_EQ(mxconf::decode(fp32, 0xffc00001).nan_payload(), 0x400001u);
  EXPECT_TRUE(mxconf::decode(fp32, 0xffc00001).negative());
  EXPECT_FALSE(mxconf::decode(fp32, 0x7f800001).nan_quiet());
  EXPECT_TRUE(mxconf::decode(mxconf::format_spec(FormatId::e4m3), 0xff).negative());
  EXPECT_FALSE(mxconf::decode(mxconf::format_spec(FormatId::e4m3), 0x7f).negative());
}

// fp32: a stride sample of all 2^32 codes plus boundary patterns, against the hardware's float -> double.
TEST(DecodeWide, Fp32SampleMatchesNativeFloat) {
  const auto& f = mxconf::format_spec(FormatId::fp32);
  auto check = [&](std::uint32_t bits) {
    const float x = std::bit_cast<float>(bits);
    const ExactValue want = mxtest::exact_from_double(static_cast<double>(x));
    const ExactValue got = mxconf::decode(f, bits);
    ASSERT_TRUE(same_value(got, want)) << "fp32 " << hex(bits);
    ASSERT_TRUE(same_value(got, mxtest::oracle_decode(FormatId::fp32, bits))) << "fp32 " << hex(bits);
  };
  for (std::uint64_t i = 0; i < (1ull << 32); i += 65521) check(static_cast<std::uint32_t>(i));  // prime stride
  for (std::uint32_t e : {0u, 1u, 0x7fu, 0x80u, 0xfeu, 0xffu})
    for (std::uint32_t m : {0u, 1u, 2u, 0x400000u, 0x3fffffu, 0x7ffffeu, 0x7fffffu})
      for (std::uint32_t s : {0u, 1u}) check(s << 31 | e << 23 | m);
}

// fp64: specific codes (TestFloat-style exponent x significand patterns) against native double.
TEST(DecodeWide, Fp64CodesMatchNativeDouble) {
  const auto& f = mxconf::format_spec(FormatId::fp64);
  for (std::uint64_t e : {0ull, 1ull, 2ull, 0x3feull, 0x3ffull, 0x400ull, 0x47full, 0x7feull, 0x7ffull})
    for (std::uint64_t m : {0ull, 1ull, 0x8000000000000ull, 0x7ffffffffffffull, 0xfffffffffffffull, 0xaaaaaaaaaaaaaull})
      for (std::uint64_t s : {0ull, 1ull}) {
        const std::uint64_t bits = s << 63 | e << 52 | m;
        const ExactValue want = mxtest::exact_from_double(std::bit_cast<double>(bits));
        EXPECT_TRUE(same_value(mxconf::decode(f, bits), want)) << "fp64 " << hex(bits);
        EXPECT_TRUE(same_value(mxconf::decode(f, bits), mxtest::oracle_decode(FormatId::fp64, bits)))
            << "fp64 " << hex(bits);
      }
}

TEST(DecodeWidth, CodeWiderThanFormatThrows) {
  struct {
    FormatId id;
    std::uint64_t code;
  } const rows[] = {{FormatId::e4m3, 0x100},    {FormatId::e5m2, 0x1ff},  {FormatId::e3m2, 0x40},
                    {FormatId::e2m3, 0x40},     {FormatId::e2m1, 0x10},   {FormatId::int8, 0x100},
                    {FormatId::e8m0, 0x100},    {FormatId::ue4m3, 0x80},  {FormatId::fp16, 0x10000},
                    {FormatId::bf16, 0x10000},  {FormatId::fp32, 0x100000000}, {FormatId::e4m3fnuz, ~0ull}};
  for (const auto& r : rows) {
    const auto& f = mxconf::format_spec(r.id);
    SCOPED_TRACE(std::string(f.name) + " " + hex(r.code));
    EXPECT_THROW(mxconf::decode(f, r.code), mxconf::InvalidArgument);
  }
  // The widest code that fits is accepted.
  EXPECT_NO_THROW(mxconf::decode(mxconf::format_spec(FormatId::fp64), ~0ull));
  EXPECT_NO_THROW(mxconf::decode(mxconf::format_spec(FormatId::ue4m3), 0x7f));
  EXPECT_NO_THROW(mxconf::decode(mxconf::format_spec(FormatId::e2m1), 0xf));
}

}  // namespace
