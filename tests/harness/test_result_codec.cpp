// The CheckResult text a check's child process sends its parent: every field round-trips exactly.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <limits>

#include "mxconf/harness/result_codec.hpp"

namespace mxconf::harness {
namespace {

using conformance::CheckResult;
using conformance::CheckStatus;
using conformance::Mismatch;

void expect_equal(const CheckResult& a, const CheckResult& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.operation, b.operation);
  EXPECT_EQ(a.tier, b.tier);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.cases, b.cases);
  EXPECT_EQ(a.mismatches, b.mismatches);
  EXPECT_EQ(a.mismatches_by_class, b.mismatches_by_class);
  EXPECT_EQ(a.note, b.note);
  EXPECT_EQ(a.exactly_rounded, b.exactly_rounded);
  EXPECT_EQ(a.seconds, b.seconds);
  ASSERT_EQ(a.first_mismatches.size(), b.first_mismatches.size());
  for (std::size_t i = 0; i < a.first_mismatches.size(); ++i) {
    EXPECT_EQ(a.first_mismatches[i].input, b.first_mismatches[i].input);
    EXPECT_EQ(a.first_mismatches[i].expected, b.first_mismatches[i].expected);
    EXPECT_EQ(a.first_mismatches[i].got, b.first_mismatches[i].got);
    EXPECT_EQ(a.first_mismatches[i].explanation, b.first_mismatches[i].explanation);
    EXPECT_EQ(a.first_mismatches[i].classes, b.first_mismatches[i].classes);
  }
}

CheckResult sample() {
  CheckResult r;
  r.name = "convert/fp32-e4m3-rne-saturate/edge";
  r.operation = "convert";
  r.tier = "fast";
  r.status = CheckStatus::fail;
  r.cases = std::numeric_limits<std::uint64_t>::max();
  r.mismatches = 2;
  r.mismatches_by_class[5] = 2;
  r.mismatches_by_class[10] = 7;
  r.note = "a note with a \\ backslash,\na newline, a \r return, trailing spaces  ";
  r.exactly_rounded = false;
  r.seconds = 0.1 + 0.2;
  vectors::CaseClasses classes;
  classes.add(vectors::CaseClass::tie).add(vectors::CaseClass::denormal_out);
  r.first_mismatches.push_back(Mismatch{"fp32 0x43e80001", "0x7e", "0x7f",
                                        "input: 464.00003\nrule: overflow-saturate\n\nclause: OFP8 §4", classes});
  r.first_mismatches.push_back(Mismatch{"", "", "", "", {}});  // empty fields survive too
  return r;
}

TEST(ResultCodec, RoundTripsEveryField) {
  const CheckResult r = sample();
  expect_equal(parse_result(serialize_result(r)), r);
}

TEST(ResultCodec, RoundTripsEachStatusAndDotFlag) {
  for (const auto status : {CheckStatus::pass, CheckStatus::fail, CheckStatus::skipped, CheckStatus::kernel_error})
    for (const std::optional<bool> exact : {std::optional<bool>{}, std::optional<bool>{true}, std::optional<bool>{false}}) {
      CheckResult r;
      r.status = status;
      r.exactly_rounded = exact;
      r.seconds = 1e-300;
      expect_equal(parse_result(serialize_result(r)), r);
    }
}

TEST(ResultCodec, TextIsLineBasedAndReadable) {
  CheckResult r;
  r.name = "decode/e8m0/all";
  r.status = CheckStatus::pass;
  r.cases = 256;
  r.seconds = 0.5;
  const std::string text = serialize_result(r);
  EXPECT_EQ(text.rfind("mxconf-check-result 1\nname decode/e8m0/all\n", 0), 0u) << text;
  EXPECT_NE(text.find("\nstatus pass\ncases 256\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nseconds 0.5\nend\n"), std::string::npos) << text;
}

std::string parse_error(const std::string& text) {
  try {
    parse_result(text);
  } catch (const ResultParseError& e) {
    return e.what();
  }
  return "";
}

TEST(ResultCodec, RejectsMalformedText) {
  const std::string good = serialize_result(sample());
  EXPECT_NE(parse_error(""), "");
  EXPECT_NE(parse_error("hello\n"), "");
  EXPECT_NE(parse_error(good.substr(0, good.size() - 4)), "") << "no 'end'";
  EXPECT_NE(parse_error(good + "extra\n"), "");
  std::string bad_status = good;
  bad_status.replace(bad_status.find("status fail"), 11, "status odd!");
  EXPECT_EQ(parse_error(bad_status), "check result line 5: unknown status 'odd!'");
  std::string bad_escape = good;
  bad_escape.replace(bad_escape.find("\\\\"), 2, "\\q");
  EXPECT_NE(parse_error(bad_escape).find("unknown escape \\q"), std::string::npos);
  std::string bad_count = good;
  bad_count.replace(bad_count.find("mismatches 2"), 12, "mismatches x");
  EXPECT_NE(parse_error(bad_count).find("is not a count"), std::string::npos);
}

RC_GTEST_PROP(ResultCodec, RoundTripsArbitraryText, (std::string name, std::string note, std::string explanation,
                                                      std::uint64_t cases, double seconds)) {
  RC_PRE(seconds == seconds);  // NaN never equals itself; the runner never reports one
  CheckResult r;
  r.name = name;
  r.note = note;
  r.cases = cases;
  r.seconds = seconds;
  r.status = CheckStatus::kernel_error;
  r.first_mismatches.push_back(Mismatch{note, name, "0x1", explanation, {}});
  const CheckResult back = parse_result(serialize_result(r));
  RC_ASSERT(back.name == name);
  RC_ASSERT(back.note == note);
  RC_ASSERT(back.cases == cases);
  RC_ASSERT(back.seconds == seconds);
  RC_ASSERT(back.first_mismatches.size() == 1u);
  RC_ASSERT(back.first_mismatches[0].explanation == explanation);
  RC_ASSERT(back.first_mismatches[0].input == note);
}

}  // namespace
}  // namespace mxconf::harness
