// compare, result, explain, the check list.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "mxconf/conformance/check.hpp"
#include "mxconf/conformance/compare.hpp"
#include "mxconf/conformance/explain.hpp"
#include "mxconf/conformance/result.hpp"

namespace mxconf::conformance {
namespace {

TEST(CodesMatch, NanAwarePerPolicy) {
  const FormatSpec& e4m3 = format_spec(FormatId::e4m3);
  EXPECT_TRUE(codes_match(e4m3, 0x7e, 0x7e, NanMatch::exact_code));
  EXPECT_FALSE(codes_match(e4m3, 0x7e, 0x7d, NanMatch::any_nan));
  // torchao PR #4744: 0x7f and 0xff are the same NaN class under any-nan, not under exact-code.
  EXPECT_TRUE(codes_match(e4m3, 0x7f, 0xff, NanMatch::any_nan));
  EXPECT_FALSE(codes_match(e4m3, 0x7f, 0xff, NanMatch::exact_code));
  // A code wider than the format never matches (BYTE layout high bits).
  EXPECT_FALSE(codes_match(format_spec(FormatId::e2m1), 0x7, 0x17, NanMatch::any_nan));
  // fp32: any NaN payload.
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  EXPECT_TRUE(codes_match(fp32, 0x7fc00000, 0xffffffff, NanMatch::any_nan));
  EXPECT_FALSE(codes_match(fp32, 0x7fc00000, 0x7f800000, NanMatch::any_nan));  // Inf is not NaN
}

TEST(Report, ExitCodes) {
  Report r;
  EXPECT_EQ(r.exit_code(), 0);
  r.checks.resize(3);
  r.checks[1].status = CheckStatus::skipped;
  EXPECT_EQ(r.exit_code(), 0);
  r.checks[0].status = CheckStatus::fail;
  EXPECT_EQ(r.exit_code(), 1);
  r.checks[2].status = CheckStatus::kernel_error;
  EXPECT_EQ(r.exit_code(), 3);
  EXPECT_EQ(to_string(CheckStatus::kernel_error), "kernel-error");
  EXPECT_EQ(to_string(CheckStatus::skipped), "skipped");
}

std::string line(const ExplainLines& lines, const std::string& key) {
  for (const auto& [k, v] : lines)
    if (k == key) return v;
  return "<missing " + key + ">";
}

TEST(Explain, SaturatingOverflowAbove464) {
  // spec-rules §2.2: 0x43e80001 lies between 448 (0x7e) and 480 (no code); saturating gives 448.
  const Profile& ocp = *find_profile("ocp");
  const FormatSpec& e4m3 = format_spec(FormatId::e4m3);
  const Explanation e = explain_conversion(format_spec(FormatId::fp32), 0x43e80001, e4m3, ocp, encode_options(ocp, e4m3));
  EXPECT_FALSE(e.error);
  EXPECT_EQ(line(e.lines, "input"), "fp32 0x43e80001 = 0x1.d00002p+8 (464.000030517578125)");
  EXPECT_EQ(line(e.lines, "below"), "0x7e = 0x1.cp+8 (448)");
  EXPECT_EQ(line(e.lines, "above"), "beyond max finite (no code) = 0x1.ep+8 (480)");
  EXPECT_EQ(line(e.lines, "rule"), "overflow-saturate");
  EXPECT_EQ(line(e.lines, "result"), "0x7e = 0x1.cp+8 (448)");
  EXPECT_NE(line(e.lines, "policies").find("overflow=saturate"), std::string::npos);
  EXPECT_EQ(line(e.lines, "profile").rfind("ocp: ", 0), 0u);
  const std::string text = explain_text(e.lines);
  EXPECT_NE(text.find("\ndistance to below: 0x1.00002p+4 (16.000030517578125)\n"), std::string::npos) << text;
}

TEST(Explain, RefusedNanSaysWhy) {
  const Profile& ocp = *find_profile("ocp");
  const FormatSpec& e2m1 = format_spec(FormatId::e2m1);
  const Explanation e = explain_conversion(format_spec(FormatId::fp32), 0x7fc00000, e2m1, ocp, encode_options(ocp, e2m1));
  ASSERT_TRUE(e.error);
  EXPECT_NE(e.error->find("nan-into-finite"), std::string::npos);
  EXPECT_EQ(line(e.lines, "result").rfind("error: ", 0), 0u);
}

TEST(Explain, ShortDecimal) {
  EXPECT_EQ(short_decimal(ExactValue::dyadic(-3, -3)), "-0.375");
  EXPECT_EQ(short_decimal(ExactValue::zero(true)), "-0");
  EXPECT_FALSE(short_decimal(ExactValue::dyadic(1, -127)));  // 127 digits: left to the hex float
  EXPECT_FALSE(short_decimal(ExactValue::nan(false)));
}

TEST(MakeChecks, NamesUniqueStableAndShaped) {
  const auto fast = make_checks(Tier::fast);
  const auto exhaustive = make_checks(Tier::exhaustive);
  std::set<std::string> names;
  for (const auto& c : fast) {
    const std::string name = c->name();
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(c->tier(), Tier::fast) << name;
    // "operation/configuration[/part]"
    EXPECT_EQ(name.substr(0, name.find('/')), c->operation() == "convert" && name.rfind("convert-sr/", 0) == 0
                                                  ? "convert-sr" : c->operation()) << name;
  }
  // 7 decode, 210 convert, 11 convert-sr, 108 quantize, 96 quantize under sr (6 elements x 8 rules other than
  // fp4-three-quarters x vectors/properties), 18 dequantize, 12 dot.
  EXPECT_EQ(fast.size(), 7u + 210u + 11u + 108u + 96u + 18u + 12u);
  EXPECT_TRUE(names.count("decode/e8m0"));
  EXPECT_TRUE(names.count("convert/fp32-e4m3-rne-saturate/fp32-edges"));
  EXPECT_TRUE(names.count("convert/bf16-e2m1-rtz-nonsat/bf16-all"));
  EXPECT_TRUE(names.count("convert/fp16-e8m0-rup-saturate/fp16-all"));
  EXPECT_TRUE(names.count("convert-sr/e4m3-k8"));
  EXPECT_TRUE(names.count("convert-sr/e4m3-k20"));
  EXPECT_TRUE(names.count("quantize/e2m1-fp4-three-quarters/properties"));
  EXPECT_TRUE(names.count("quantize/e4m3-floor/vectors/sr"));
  EXPECT_TRUE(names.count("quantize/e2m1-rceil-fp32/properties/sr"));
  EXPECT_FALSE(names.count("quantize/e2m1-fp4-three-quarters/properties/sr"));  // always sr: no variant
  EXPECT_TRUE(names.count("dequantize/int8-to-bf16"));
  EXPECT_TRUE(names.count("dot/e5m2-x4"));
  // The exhaustive tier: the fast list, in the same order, then 70 fp32-all sweeps.
  ASSERT_EQ(exhaustive.size(), fast.size() + 70);
  for (std::size_t i = 0; i < fast.size(); ++i) EXPECT_EQ(exhaustive[i]->name(), fast[i]->name());
  EXPECT_EQ(exhaustive.back()->name(), "convert/fp32-e8m0-rna-nonsat/fp32-all");
  EXPECT_EQ(exhaustive.back()->tier(), Tier::exhaustive);
  // Same order every time.
  const auto again = make_checks(Tier::fast);
  for (std::size_t i = 0; i < fast.size(); ++i) EXPECT_EQ(again[i]->name(), fast[i]->name());
}

}  // namespace
}  // namespace mxconf::conformance
