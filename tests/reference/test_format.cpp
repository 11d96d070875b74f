// The format table and its derived properties, against literal values from spec-rules §1.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mxconf/reference/format.hpp"
#include "oracle.hpp"

namespace {

using mxconf::FormatId;

struct FormatRow {
  FormatId id;
  const char* name;
  const char* alias;
  int bits;
  std::uint64_t max_finite_code;
  int max_exponent;         // emax_elem (spec-rules §1 tables; MX paper Algorithm 1)
  int min_normal_exponent;  // 1 - bias; -127 for e8m0 (exponent field 0 is a normal binade)
  bool has_inf, has_nan, has_zero, has_negative_zero;
  bool element;
};

// clang-format off
const FormatRow kRows[] = {
  // §1.1 E4M3: max 0x7e = 448 = 1.75*2^8, min normal 2^-6, NaN only, ±0
  {FormatId::e4m3, "e4m3", "float8_e4m3fn",   8, 0x7e,    8,   -6, false, true,  true,  true,  true},
  // §1.2 E5M2: max 0x7b = 57344 = 1.75*2^15, min normal 2^-14, Inf and NaN
  {FormatId::e5m2, "e5m2", "float8_e5m2",     8, 0x7b,   15,  -14, true,  true,  true,  true,  true},
  // §1.3 E3M2: max 0x1f = 28 = 1.75*2^4, min normal 2^-2
  {FormatId::e3m2, "e3m2", "float6_e3m2fn",   6, 0x1f,    4,   -2, false, false, true,  true,  true},
  // §1.3 E2M3: max 0x1f = 7.5 = 1.875*2^2, min normal 2^0
  {FormatId::e2m3, "e2m3", "float6_e2m3fn",   6, 0x1f,    2,    0, false, false, true,  true,  true},
  // §1.3 E2M1: max 0x7 = 6 = 1.5*2^2, min normal 2^0
  {FormatId::e2m1, "e2m1", "float4_e2m1fn",   4, 0x7,     2,    0, false, false, true,  true,  true},
  // §1.4 INT8: max 0x7f = 127/64, emax_elem 0, no -0 (min_normal_exponent not meaningful: not checked)
  {FormatId::int8, "int8", "mxint8",          8, 0x7f,    0,    0, false, false, true,  false, true},
  // §1.5 E8M0: 0xfe = 2^127, smallest 2^-127 (code 0), NaN 0xff, no zero
  {FormatId::e8m0, "e8m0", "float8_e8m0fnu",  8, 0xfe,  127, -127, false, true,  false, false, false},
  // IEEE 754 binary formats
  {FormatId::fp32, "fp32", "float32",        32, 0x7f7fffff, 127, -126, true, true, true, true, false},
  {FormatId::bf16, "bf16", "bfloat16",       16, 0x7f7f,  127, -126, true,  true,  true,  true,  false},
  {FormatId::fp16, "fp16", "float16",        16, 0x7bff,   15,  -14, true,  true,  true,  true,  false},
  {FormatId::fp64, "fp64", "float64",        64, 0x7fefffffffffffff, 1023, -1022, true, true, true, true, false},
  // FNUZ (LLVM Float8E4M3FNUZ: bias 8, max 0x7f = 240 = 1.875*2^7; 0x80 NaN, no -0)
  {FormatId::e4m3fnuz, "e4m3fnuz", "float8_e4m3fnuz", 8, 0x7f, 7, -7, false, true, true, false, false},
  // Float8E5M2FNUZ: bias 16, max 0x7f = 57344 = 1.75*2^15
  {FormatId::e5m2fnuz, "e5m2fnuz", "float8_e5m2fnuz", 8, 0x7f, 15, -15, false, true, true, false, false},
  // NVFP4 scale: unsigned E4M3, 7 bits, max 0x7e = 448, 0x7f NaN
  {FormatId::ue4m3, "ue4m3", "float8_ue4m3",  7, 0x7e,    8,   -6, false, true,  true,  false, false},
};
// clang-format on

TEST(FormatTable, EveryFormatHasItsRow) {
  EXPECT_EQ(mxconf::format_table().size(), std::size(kRows));
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.name);
    const auto& f = mxconf::format_spec(row.id);
    EXPECT_EQ(f.id, row.id);
    EXPECT_EQ(f.name, row.name);
    EXPECT_EQ(f.alias, row.alias);
    EXPECT_EQ(f.bits, row.bits);
  }
}

// The lists the checks and the golden vectors iterate come from the role column: OCP MX v1.0 §5.3 names these six
// element formats and §5.4.1 the one scale format.
TEST(FormatTable, RoleListsAreTheOcpMxFormats) {
  using mxconf::FormatId;
  const std::vector<FormatId> elements(mxconf::kElementFormats.begin(), mxconf::kElementFormats.end());
  EXPECT_EQ(elements, (std::vector{FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3, FormatId::e2m1,
                                   FormatId::int8}));
  const std::vector<FormatId> targets(mxconf::kConversionTargets.begin(), mxconf::kConversionTargets.end());
  EXPECT_EQ(targets, (std::vector{FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3, FormatId::e2m1,
                                  FormatId::int8, FormatId::e8m0}));
}

TEST(FormatTable, DerivedPropertiesAreTheSpecLiterals) {
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.name);
    const auto& f = mxconf::format_spec(row.id);
    EXPECT_EQ(mxconf::max_finite_code(f), row.max_finite_code);
    EXPECT_EQ(mxconf::max_exponent(f), row.max_exponent);
    if (row.id != FormatId::int8) {
      EXPECT_EQ(mxconf::min_normal_exponent(f), row.min_normal_exponent);
    }
    EXPECT_EQ(mxconf::has_inf(f), row.has_inf);
    EXPECT_EQ(mxconf::has_nan(f), row.has_nan);
    EXPECT_EQ(mxconf::has_zero(f), row.has_zero);
    EXPECT_EQ(mxconf::has_negative_zero(f), row.has_negative_zero);
    EXPECT_EQ(mxconf::is_element_format(row.id), row.element);
    EXPECT_EQ(mxconf::code_mask(f), row.bits == 64 ? ~0ull : (1ull << row.bits) - 1);
  }
}

// The largest finite value, checked against its literal (spec-rules §1 "max normal").
TEST(FormatTable, MaxFiniteValues) {
  struct {
    FormatId id;
    std::int64_t integer, exponent;
  } const rows[] = {
      {FormatId::e4m3, 448, 0},  {FormatId::e5m2, 57344, 0},     {FormatId::e3m2, 28, 0},
      {FormatId::e2m3, 15, -1}, {FormatId::e2m1, 6, 0},          {FormatId::int8, 127, -6},
      {FormatId::e8m0, 1, 127}, {FormatId::e4m3fnuz, 240, 0},    {FormatId::e5m2fnuz, 57344, 0},
      {FormatId::ue4m3, 448, 0}, {FormatId::bf16, 0xff, 120},     {FormatId::fp16, 65504, 0},
  };
  for (const auto& r : rows) {
    const auto& f = mxconf::format_spec(r.id);
    SCOPED_TRACE(f.name);
    EXPECT_TRUE(mxtest::oracle_decode(r.id, mxconf::max_finite_code(f))
                    .identical(mxconf::ExactValue::dyadic(r.integer, r.exponent)));
  }
}

TEST(FormatTable, SignAndMagnitudeMasks) {
  EXPECT_EQ(mxconf::sign_mask(mxconf::format_spec(FormatId::e4m3)), 0x80u);
  EXPECT_EQ(mxconf::sign_mask(mxconf::format_spec(FormatId::e3m2)), 0x20u);
  EXPECT_EQ(mxconf::sign_mask(mxconf::format_spec(FormatId::e2m1)), 0x8u);
  EXPECT_EQ(mxconf::sign_mask(mxconf::format_spec(FormatId::int8)), 0u);  // two's complement: no sign bit
  EXPECT_EQ(mxconf::sign_mask(mxconf::format_spec(FormatId::e8m0)), 0u);
  EXPECT_EQ(mxconf::sign_mask(mxconf::format_spec(FormatId::ue4m3)), 0u);
  EXPECT_EQ(mxconf::magnitude_mask(mxconf::format_spec(FormatId::e4m3)), 0x7fu);
  EXPECT_EQ(mxconf::magnitude_mask(mxconf::format_spec(FormatId::e8m0)), 0xffu);
  EXPECT_EQ(mxconf::magnitude_mask(mxconf::format_spec(FormatId::ue4m3)), 0x7fu);
  EXPECT_EQ(mxconf::sign_mask(mxconf::format_spec(FormatId::fp64)), 0x8000000000000000u);
}

// Special codes, literal (spec-rules §1.1, §1.2, §1.5).
TEST(FormatTable, SpecialCodes) {
  using mxconf::format_spec;
  struct {
    FormatId id;
    std::uint64_t code;
    bool nan, inf;
  } const rows[] = {
      {FormatId::e4m3, 0x7f, true, false},     {FormatId::e4m3, 0xff, true, false},
      {FormatId::e4m3, 0x7e, false, false},    {FormatId::e4m3, 0x78, false, false},  // 256, not Inf
      {FormatId::e5m2, 0x7c, false, true},     {FormatId::e5m2, 0xfc, false, true},
      {FormatId::e5m2, 0x7d, true, false},     {FormatId::e5m2, 0x7e, true, false},
      {FormatId::e5m2, 0x7f, true, false},     {FormatId::e5m2, 0xfd, true, false},
      {FormatId::e5m2, 0x7b, false, false},    {FormatId::e8m0, 0xff, true, false},
      {FormatId::e8m0, 0xfe, false, false},    {FormatId::e8m0, 0x00, false, false},
      {FormatId::e4m3fnuz, 0x80, true, false}, {FormatId::e4m3fnuz, 0x7f, false, false},
      {FormatId::e4m3fnuz, 0xff, false, false}, {FormatId::e5m2fnuz, 0x80, true, false},
      {FormatId::e5m2fnuz, 0x7c, false, false}, {FormatId::ue4m3, 0x7f, true, false},
      {FormatId::e2m1, 0xf, false, false},     {FormatId::e3m2, 0x3f, false, false},
      {FormatId::int8, 0x80, false, false},    {FormatId::fp32, 0x7f800000, false, true},
      {FormatId::fp32, 0x7fc00000, true, false}, {FormatId::fp32, 0xff800001, true, false},
      {FormatId::bf16, 0x7f80, false, true},   {FormatId::bf16, 0xffc0, true, false},
      {FormatId::fp16, 0x7c00, false, true},   {FormatId::fp16, 0x7e00, true, false},
      {FormatId::fp64, 0x7ff0000000000000, false, true}, {FormatId::fp64, 0x7ff0000000000001, true, false},
  };
  for (const auto& r : rows) {
    const auto& f = format_spec(r.id);
    SCOPED_TRACE(std::string(f.name) + " " + mxtest::hex(r.code));
    EXPECT_EQ(mxconf::is_nan_code(f, r.code), r.nan);
    EXPECT_EQ(mxconf::is_inf_code(f, r.code), r.inf);
  }
}

// is_nan_code / is_inf_code agree with the oracle's field decode on every code of every small format.
TEST(FormatTable, SpecialCodesAgreeWithOracleOnEveryCode) {
  for (const FormatId id : mxtest::kSmallFormats) {
    const auto& f = mxconf::format_spec(id);
    for (std::uint64_t c = 0; c < mxconf::code_count(f); ++c) {
      const auto v = mxtest::oracle_decode(id, c);
      ASSERT_EQ(mxconf::is_nan_code(f, c), v.is_nan()) << f.name << " " << mxtest::hex(c);
      ASSERT_EQ(mxconf::is_inf_code(f, c), v.is_inf()) << f.name << " " << mxtest::hex(c);
    }
  }
}

TEST(FormatLookup, ByNameAndAlias) {
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(mxconf::find_format(row.name), row.id);
    EXPECT_EQ(mxconf::find_format(row.alias), row.id);
  }
}

TEST(FormatLookup, UnknownAndWrongCaseAreEmpty) {
  for (const char* name : {"", "e4m3fn", "E4M3", "FP32", "float8", "e2m1 ", " e2m1", "int4", "e8m0fnu", "fp8"}) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(mxconf::find_format(name).has_value());
  }
}

}  // namespace
