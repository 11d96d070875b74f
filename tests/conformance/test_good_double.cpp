// The good test double (the reference behind the ABI, policies fixed to a profile) passes every check it declares
// under that profile; what it does not declare is skipped, never passed.
#include <gtest/gtest.h>

#include <chrono>

#include "support.hpp"
#include "test_double.hpp"

namespace mxconf::testing {
namespace {

using conformance::CheckStatus;

// The whole fast tier: the double declares everything except stochastic rounding with K != 8, so the only skips
// are the K = 20..22 convert-sr checks. (The budget: well under a minute on two cores.)
TEST(GoodDouble, PassesTheWholeFastTierUnderOcp) {
  const TestDouble good;
  const auto start = std::chrono::steady_clock::now();
  const auto results = run_checks(good.kernel(), run_context("ocp"), [](const std::string&) { return true; });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::size_t passed = 0, skipped = 0;
  std::uint64_t cases = 0;
  for (const auto& r : results) {
    cases += r.cases;
    if (r.status == CheckStatus::skipped) {
      ++skipped;
      EXPECT_TRUE(starts_with(r.name, "convert-sr/")) << r.name << ": " << r.note;
      EXPECT_FALSE(r.name.ends_with("-k8")) << r.name;
      continue;
    }
    EXPECT_EQ(r.status, CheckStatus::pass) << r.name << ": " << r.note << " "
                                           << (r.first_mismatches.empty() ? "" : r.first_mismatches[0].explanation);
    EXPECT_GT(r.cases, 0u) << r.name;
    passed += r.status == CheckStatus::pass;
  }
  EXPECT_EQ(skipped, 5u);
  EXPECT_EQ(passed, results.size() - 5);
  std::printf("fast tier, good double, ocp: %zu checks, %zu passed, %zu skipped, %llu cases, %.1f s\n",
              results.size(), passed, skipped, static_cast<unsigned long long>(cases), seconds);
}

// Other profiles: the checks recompute expected values under the run's profile, so a double fixed to that profile
// passes (the don't-care NaN-into-finite cases differ between ocp and nvidia).
TEST(GoodDouble, PassesUnderOtherProfiles) {
  for (const char* name : {"nvidia", "torchao-floor", "microxcaling", "ml_dtypes", "tosa"}) {
    const TestDouble good(with_profile(name));
    const auto results = run_checks(good.kernel(), run_context(name), [](const std::string& n) {
      return starts_with(n, "decode/") || starts_with(n, "convert/fp32-") || starts_with(n, "convert-sr/") ||
             (starts_with(n, "convert/bf16-e4m3-") || starts_with(n, "convert/fp16-e2m1-")) ||
             starts_with(n, "quantize/") || starts_with(n, "dot/");
    });
    for (const auto& r : results)
      EXPECT_TRUE(r.status == CheckStatus::pass || r.status == CheckStatus::skipped)
          << name << " " << r.name << ": " << to_string(r.status) << " " << r.note << " "
          << (r.first_mismatches.empty() ? "" : r.first_mismatches[0].explanation);
  }
}

// A double fixed to one profile fails checks run under another where they disagree (ocp keeps the NaN sign;
// nvidia writes +NaN 0x7f): the profile is what is checked.
TEST(GoodDouble, FailsUnderAProfileItDoesNotFollow) {
  const TestDouble ocp_double;
  const auto results = run_checks(ocp_double.kernel(), run_context("nvidia"),
                                  [](const std::string& n) { return n == "convert/fp32-e4m3-rne-saturate/fp32-edges"; });
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, CheckStatus::fail);
  EXPECT_GT(results[0].mismatches_by_class[static_cast<std::size_t>(vectors::CaseClass::nan)], 0u);
}

}  // namespace
}  // namespace mxconf::testing
