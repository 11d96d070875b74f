// Issue 11: quantize with stochastic rounding under every rule a kernel declares sr for (the CUDA MX quantizers
// declare it for floor and rceil-fp32), checked by quantize/<elem>-<rule>/{vectors,properties}/sr. Broken doubles
// commit the two bugs a kernel's sr comparison can have (spec-rules §5.3: round up iff the top K discarded bits
// + r >= 2^K): `>` for `>=` (down at exactly the threshold) and ignoring r. Each must fail the new checks under
// several seeds and leave the profile-rounding checks passing; a kernel that declares no sr quantize has them
// skipped, never passed.
#include <gtest/gtest.h>

#include <algorithm>

#include "support.hpp"
#include "test_double.hpp"

namespace mxconf::testing {
namespace {

using conformance::CheckResult;
using conformance::CheckStatus;

CheckResult run_one(const TestDouble& d, const std::string& name, std::uint64_t seed = 1, const char* profile = "ocp") {
  auto context = run_context(profile);
  context.seed = seed;
  const auto results = run_checks(d.kernel(), context, [&](const std::string& n) { return n == name; });
  EXPECT_EQ(results.size(), 1u) << name;
  return results.empty() ? CheckResult{} : results[0];
}

// The configurations the CUDA quantizers declare sr for (kernels/cuda/mx_capabilities.cpp), plus MXINT8.
const char* const kSrChecks[] = {"quantize/e4m3-floor/vectors/sr",      "quantize/e4m3-floor/properties/sr",
                                 "quantize/e2m1-rceil-fp32/vectors/sr", "quantize/e2m1-rceil-fp32/properties/sr",
                                 "quantize/e3m2-floor/properties/sr",   "quantize/int8-floor/properties/sr"};

// `>` for `>=` differs from the reference only when top + r == 2^K exactly: the checks put r at each element's
// threshold, so every seed meets it.
TEST(QuantizeSr, StrictComparisonFailsEverySrCheck) {
  const TestDouble broken(with_fault(Fault::sr_strict));
  for (const char* name : kSrChecks)
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
      const auto r = run_one(broken, name, seed);
      ASSERT_EQ(r.status, CheckStatus::fail) << name << " seed " << seed;
      ASSERT_FALSE(r.first_mismatches.empty()) << name;
      // The mismatch shows the random values of the block and the element's r (explain_conversion's sr line).
      const std::string& x = r.first_mismatches[0].explanation;
      EXPECT_NE(x.find("random:"), std::string::npos) << x;
      EXPECT_NE(x.find("sr-bits 8, random "), std::string::npos) << x;
    }
  // The rounding the profile names (rne) is untouched by the fault.
  EXPECT_EQ(run_one(broken, "quantize/e4m3-floor/vectors").status, CheckStatus::pass);
  EXPECT_EQ(run_one(broken, "quantize/e2m1-rceil-fp32/properties").status, CheckStatus::pass);
}

// Under the nvidia profile (the CUDA quantizers' own) too.
TEST(QuantizeSr, StrictComparisonFailsUnderNvidia) {
  const TestDouble broken(with_fault(Fault::sr_strict, "nvidia"));
  EXPECT_EQ(run_one(broken, "quantize/e4m3-rceil-fp32/vectors/sr", 1, "nvidia").status, CheckStatus::fail);
  EXPECT_EQ(run_one(broken, "quantize/e5m2-rceil-fp32/properties/sr", 1, "nvidia").status, CheckStatus::fail);
}

// A sticky bit is wrong only for an element whose top K discarded bits are 0 but whose lower ones are not, at
// r = 2^K - 1: uniform random values meet that once in 256 such elements; the checks put r = 2^K - 1 on them
// (the properties' elements one fp32 ulp beside the grid).
TEST(QuantizeSr, StickyBitFailsTheProperties) {
  const TestDouble broken(with_fault(Fault::sr_sticky));
  for (const char* name : {"quantize/e4m3-floor/properties/sr", "quantize/e2m1-rceil-fp32/properties/sr",
                           "quantize/e5m2-floor/properties/sr"})
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
      const auto r = run_one(broken, name, seed);
      EXPECT_EQ(r.status, CheckStatus::fail) << name << " seed " << seed;
      if (!r.first_mismatches.empty())
        EXPECT_NE(r.first_mismatches[0].explanation.find("random 0xff"), std::string::npos)
            << r.first_mismatches[0].explanation;
    }
}

TEST(QuantizeSr, IgnoringTheRandomValuesFails) {
  const TestDouble broken(with_fault(Fault::sr_ignores_random));
  for (const char* name : kSrChecks) EXPECT_EQ(run_one(broken, name).status, CheckStatus::fail) << name;
}

// The fault is a quantize bug: the elementwise sr checks (convert-sr) do not see it, which is why the quantize
// checks need their own sr variant.
TEST(QuantizeSr, ConvertSrDoesNotSeeAQuantizeFault) {
  const TestDouble broken(with_fault(Fault::sr_strict));
  EXPECT_EQ(run_one(broken, "convert-sr/e4m3-k8").status, CheckStatus::pass);
}

// A correct double passes every sr variant, under several seeds and profiles (no false alarm at the thresholds).
TEST(QuantizeSr, TheCorrectDoublePasses) {
  const TestDouble good;
  for (const char* name : kSrChecks)
    for (const std::uint64_t seed : {1u, 2u}) EXPECT_EQ(run_one(good, name, seed).status, CheckStatus::pass) << name;
  const TestDouble nvidia(with_profile("nvidia"));
  EXPECT_EQ(run_one(nvidia, "quantize/e2m3-rceil-fp32/vectors/sr", 1, "nvidia").status, CheckStatus::pass);
  EXPECT_EQ(run_one(nvidia, "quantize/e4m3-floor/properties/sr", 1, "nvidia").status, CheckStatus::pass);
}

// Without sr in its quantize capabilities the variants are skipped with the reason; the others still run.
TEST(QuantizeSr, SkippedWithoutSrQuantize) {
  DoubleOptions o = with_profile("ocp");
  o.quantize_sr = false;
  const TestDouble no_sr(o);
  const auto r = run_one(no_sr, "quantize/e4m3-floor/vectors/sr");
  EXPECT_EQ(r.status, CheckStatus::skipped);
  EXPECT_NE(r.note.find("without that rounding mode"), std::string::npos) << r.note;
  EXPECT_EQ(run_one(no_sr, "quantize/e4m3-floor/properties/sr").status, CheckStatus::skipped);
  EXPECT_EQ(run_one(no_sr, "quantize/e4m3-floor/vectors").status, CheckStatus::pass);
}

}  // namespace
}  // namespace mxconf::testing
