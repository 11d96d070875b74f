// Hex-float text (hexfloat.hpp): literal output, round trips, decimal input, rejected input, hex codes.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "mxconf/reference/hexfloat.hpp"
#include "oracle.hpp"

namespace {

using mxconf::ExactValue;
using mxconf::FormatId;

TEST(HexFloatFormat, LiteralValues) {
  struct {
    ExactValue v;
    const char* text;
  } const rows[] = {
      {ExactValue::dyadic(448, 0), "0x1.cp+8"},          // 1.75 * 2^8 (e4m3 max)
      {ExactValue::dyadic(-448, 0), "-0x1.cp+8"},
      {ExactValue::zero(true), "-0x0p+0"},
      {ExactValue::zero(false), "0x0p+0"},
      {ExactValue::dyadic(1, -127), "0x1p-127"},         // e8m0 code 0
      {ExactValue::dyadic(1, 0), "0x1p+0"},
      {ExactValue::dyadic(3, 0), "0x1.8p+1"},
      {ExactValue::dyadic(-3, -3), "-0x1.8p-2"},         // -0.375
      {ExactValue::dyadic(57344, 0), "0x1.cp+15"},       // e5m2 max
      {ExactValue::dyadic(127, -6), "0x1.fcp+0"},        // int8 max 127/64
      {ExactValue::dyadic(15, -1), "0x1.ep+2"},          // e2m3 max 7.5
      {ExactValue::dyadic((1 << 23) + 1, -23), "0x1.000002p+0"},                // 1 + 2^-23
      {ExactValue::dyadic((std::int64_t{1} << 52) + 1, -52), "0x1.0000000000001p+0"},  // 1 + 2^-52
      {ExactValue::dyadic(0xffffff, 104), "0x1.fffffep+127"},                   // FLT_MAX
      {ExactValue::dyadic(1, -1074), "0x1p-1074"},
      {ExactValue::nan(false), "nan"},
      {ExactValue::nan(true), "-nan"},
      {ExactValue::infinity(false), "inf"},
      {ExactValue::infinity(true), "-inf"},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.text);
    EXPECT_EQ(mxconf::to_hex_float(r.v), r.text);
  }
}

TEST(HexFloatParse, AcceptedSpellings) {
  struct {
    const char* text;
    ExactValue v;
  } const rows[] = {
      {"0x1.cp+8", ExactValue::dyadic(448, 0)},
      {"0X1.CP+8", ExactValue::dyadic(448, 0)},
      {"0x1.8p-3", ExactValue::dyadic(3, -4)},
      {"-0X1P+0", ExactValue::dyadic(-1, 0)},
      {"0x.8p1", ExactValue::dyadic(1, 0)},
      {"0x1p-127", ExactValue::dyadic(1, -127)},
      {"0x10", ExactValue::dyadic(16, 0)},
      {"+0x1p0", ExactValue::dyadic(1, 0)},
      {"0x1.000002p+0", ExactValue::dyadic((1 << 23) + 1, -23)},
      // decimals with a finite binary expansion
      {"1.5", ExactValue::dyadic(3, -1)},
      {"464", ExactValue::dyadic(464, 0)},
      {"-0.375", ExactValue::dyadic(-3, -3)},
      {"0.0625", ExactValue::dyadic(1, -4)},
      {"1e3", ExactValue::dyadic(1000, 0)},
      {"5e-1", ExactValue::dyadic(1, -1)},
      {"2.5E+1", ExactValue::dyadic(25, 0)},
      {"57344", ExactValue::dyadic(57344, 0)},
      {"0", ExactValue::zero(false)},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.text);
    const auto v = mxconf::parse_exact_value(r.text);
    ASSERT_TRUE(v.has_value());
    EXPECT_TRUE(v->identical(r.v));
  }
}

TEST(HexFloatParse, SpecialsAndSignedZero) {
  const auto neg_zero = mxconf::parse_exact_value("-0x0p+0");
  ASSERT_TRUE(neg_zero);
  EXPECT_TRUE(neg_zero->is_zero() && neg_zero->negative());
  const auto dec_neg_zero = mxconf::parse_exact_value("-0.0");
  ASSERT_TRUE(dec_neg_zero);
  EXPECT_TRUE(dec_neg_zero->is_zero() && dec_neg_zero->negative());
  for (const char* t : {"nan", "NaN", "NAN", "+nan"}) {
    SCOPED_TRACE(t);
    const auto v = mxconf::parse_exact_value(t);
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->is_nan() && !v->negative());
  }
  const auto neg_nan = mxconf::parse_exact_value("-nan");
  ASSERT_TRUE(neg_nan);
  EXPECT_TRUE(neg_nan->is_nan() && neg_nan->negative());
  const auto inf = mxconf::parse_exact_value("inf");
  ASSERT_TRUE(inf);
  EXPECT_TRUE(inf->is_inf() && !inf->negative());
  const auto neg_inf = mxconf::parse_exact_value("-inf");
  ASSERT_TRUE(neg_inf);
  EXPECT_TRUE(neg_inf->is_inf() && neg_inf->negative());
}

// Non-dyadic decimals have no exact binary value; malformed text is refused (never half-parsed).
TEST(HexFloatParse, RejectsNonDyadicAndMalformed) {
  for (const char* t : {"0.1", "0.2", "1e-1", "3.3", "-0.7", "1.0000001"}) {
    SCOPED_TRACE(std::string("non-dyadic: ") + t);
    EXPECT_FALSE(mxconf::parse_exact_value(t).has_value());
  }
  for (const char* t : {"", "-", "+", "0x", "0xp1", "0x.p1", "0x1p", "0x1p+", "0x1p-", "0x1.8q3", "0x1.g", "0x1..8p0",
                        "1..5", "1.2.3", ".", "e5", "1e", "1e+", "abc", "nanx", "infx", "--1", "+-1", "-+1", " 1",
                        "1 ", "1_000", "0x1p1.5", "1e1.5", "0x1p-+1", "5e-+1"}) {
    SCOPED_TRACE(std::string("malformed: '") + t + "'");
    EXPECT_FALSE(mxconf::parse_exact_value(t).has_value());
  }
}

// An exponent takes one optional sign (C99 6.4.4.2: exponent-part = p sign(opt) digit-sequence). A second '-'
// must not be read as part of the number: "0x1p--1" is not 2^1 and "5e+-1" is not 0.5.
TEST(HexFloatParse, RejectsTwoSignsInTheExponent) {
  for (const char* t : {"0x1p+-1", "0x1p--1", "5e+-1", "5e--1"}) {
    SCOPED_TRACE(std::string("malformed: '") + t + "'");
    EXPECT_FALSE(mxconf::parse_exact_value(t).has_value());
  }
}

// Every value of every small format prints and parses back to itself (APFloat F8ToString round trip).
TEST(HexFloatRoundTrip, EveryCodeOfEverySmallFormat) {
  for (const FormatId id : mxtest::kSmallFormats) {
    for (std::uint64_t c = 0; c < (std::uint64_t{1} << mxtest::layout(id).bits); ++c) {
      const ExactValue v = mxtest::oracle_decode(id, c);
      const std::string text = mxconf::to_hex_float(v);
      const auto back = mxconf::parse_exact_value(text);
      ASSERT_TRUE(back.has_value()) << mxtest::layout(id).name << " " << mxtest::hex(c) << " '" << text << "'";
      if (v.is_nan()) {
        ASSERT_TRUE(back->is_nan() && back->negative() == v.negative()) << text;
      } else {
        ASSERT_TRUE(back->identical(v)) << mxtest::layout(id).name << " " << mxtest::hex(c) << " '" << text << "'";
      }
    }
  }
}

RC_GTEST_PROP(HexFloatProperties, RandomExactValuesRoundTrip, ()) {
  const int bits = *rc::gen::inRange(1, 200);
  mxconf::BigInt s = 0;
  for (int i = 0; i < bits; i += 32) s = (s << 32) | *rc::gen::arbitrary<std::uint32_t>();
  s &= (mxconf::BigInt(1) << bits) - 1;
  s |= mxconf::BigInt(1) << (bits - 1);
  const ExactValue v =
      ExactValue::finite(*rc::gen::arbitrary<bool>(), s, *rc::gen::inRange<std::int64_t>(-5000, 5000));
  const std::string text = mxconf::to_hex_float(v);
  RC_LOG() << text << "\n";
  // Normalised: "0x1" or "-0x1", then ".<digits>" without a trailing zero, then "p" and a signed exponent.
  const std::size_t p = text.find('p');
  RC_ASSERT(p != std::string::npos);
  RC_ASSERT(text.rfind(v.negative() ? "-0x1" : "0x1", 0) == 0);
  RC_ASSERT((text[p + 1] == '+' || text[p + 1] == '-'));
  RC_ASSERT(text[p - 1] != '0');
  const auto back = mxconf::parse_exact_value(text);
  RC_ASSERT(back.has_value());
  RC_ASSERT(back->identical(v));
}

// Decimal integers parse to themselves.
RC_GTEST_PROP(HexFloatProperties, DecimalIntegers, (std::int64_t n)) {
  const auto v = mxconf::parse_exact_value(std::to_string(n));
  RC_ASSERT(v.has_value());
  RC_ASSERT(v->identical(ExactValue::dyadic(n, 0)));
}

TEST(HexFloatCodes, ParseHexCode) {
  struct {
    const char* text;
    std::optional<std::uint64_t> code;
  } const rows[] = {
      {"0x7e", 0x7e},
      {"7E", 0x7e},
      {"0X7F", 0x7f},
      {"0x0", 0},
      {"0", 0},
      {"ffffffffffffffff", ~0ull},
      {"0xFFFFFFFFFFFFFFFF", ~0ull},
      {"0x43e80001", 0x43e80001},
      {"", std::nullopt},
      {"0x", std::nullopt},
      {"0xg", std::nullopt},
      {"-1", std::nullopt},
      {" 1", std::nullopt},
      {"1 ", std::nullopt},
      {"0x10000000000000000", std::nullopt},  // 2^64: wider than 64 bits
      {"0x7e.0", std::nullopt},
      {"0x0x1", std::nullopt},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(std::string("'") + r.text + "'");
    EXPECT_EQ(mxconf::parse_hex_code(r.text), r.code);
  }
}

TEST(HexFloatCodes, ToHexCode) {
  EXPECT_EQ(mxconf::to_hex_code(0x7e), "0x7e");
  EXPECT_EQ(mxconf::to_hex_code(0), "0x0");
  EXPECT_EQ(mxconf::to_hex_code(0xff), "0xff");
  EXPECT_EQ(mxconf::to_hex_code(0x7fc00000), "0x7fc00000");
  EXPECT_EQ(mxconf::to_hex_code(~0ull), "0xffffffffffffffff");
}

RC_GTEST_PROP(HexFloatProperties, HexCodeRoundTrip, (std::uint64_t code)) {
  const auto back = mxconf::parse_hex_code(mxconf::to_hex_code(code));
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == code);
}

}  // namespace
