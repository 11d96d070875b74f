// Capabilities decide what runs: undeclared operations, modes, rules and random-bit counts are skipped with the
// reason (never passed), and the layout asked for is the one declared (BYTE first, else PACKED).
#include <gtest/gtest.h>

#include "support.hpp"
#include "test_double.hpp"

namespace mxconf::testing {
namespace {

using conformance::CheckStatus;

TEST(Capabilities, UndeclaredChecksAreSkippedWithTheReason) {
  // Only convert fp32 -> e4m3 under rne with saturation.
  const TestDouble narrow(DoubleOptions{nullptr, Fault::none, 1u << MXCONF_LAYOUT_BYTE, [](const mxconf_capability& c) {
                                          return c.operation == MXCONF_OP_CONVERT && c.source == MXCONF_FORMAT_FP32 &&
                                                 c.target == MXCONF_FORMAT_E4M3;
                                        }});
  mxconf_capability only = narrow.kernel().capabilities[0];
  only.rounding_mask = 1u << MXCONF_ROUND_RNE;
  only.overflow_mask = 1u << MXCONF_OVERFLOW_SATURATE;
  mxconf_kernel kernel = narrow.kernel();
  kernel.capabilities = &only;
  kernel.capability_count = 1;
  kernel.decode = nullptr;  // declares no decode: never called

  const auto results = run_checks(kernel, run_context(), [](const std::string&) { return true; });
  conformance::Report report;
  report.checks = results;
  std::size_t passed = 0;
  for (const auto& r : results) {
    if (r.name == "convert/fp32-e4m3-rne-saturate/fp32-edges") {
      EXPECT_EQ(r.status, CheckStatus::pass) << r.note;
      ++passed;
      continue;
    }
    EXPECT_EQ(r.status, CheckStatus::skipped) << r.name;
    EXPECT_FALSE(r.note.empty()) << r.name;
    EXPECT_EQ(r.cases, 0u) << r.name;
  }
  EXPECT_EQ(passed, 1u);
  EXPECT_EQ(report.exit_code(), 0);  // skipped is not a failure, and not a pass either
  EXPECT_NE(find_result(results, "convert/fp32-e4m3-rtz-saturate/fp32-edges")->note.find("without that rounding mode"),
            std::string::npos);
  EXPECT_NE(find_result(results, "convert/fp32-e4m3-rne-nonsat/fp32-edges")->note.find("without that overflow mode"),
            std::string::npos);
  EXPECT_NE(find_result(results, "decode/e4m3")->note.find("no capability declared for decode e4m3 -> fp32"),
            std::string::npos);
}

TEST(Capabilities, StochasticChecksNeedTheDeclaredRandomBits) {
  const TestDouble good;  // declares sr_bits = 8
  const auto results = run_checks(good.kernel(), run_context(), [](const std::string& n) {
    return n == "convert-sr/e2m1-k8" || n == "convert-sr/e2m1-k22";
  });
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status, CheckStatus::pass) << results[0].note;
  EXPECT_EQ(results[1].status, CheckStatus::skipped);
  EXPECT_NE(results[1].note.find("8 random bits, the check needs 22"), std::string::npos) << results[1].note;
}

TEST(Capabilities, PackedOnlyKernelsAreCheckedInPackedLayout) {
  const TestDouble packed(DoubleOptions{nullptr, Fault::none, 1u << MXCONF_LAYOUT_PACKED, {}});
  const auto results = run_checks(packed.kernel(), run_context(), [](const std::string& n) {
    return n == "decode/e2m1" || n == "decode/e3m2" || n == "convert/bf16-e2m1-rne-saturate/bf16-all" ||
           n == "convert/fp32-e2m3-rdn-nonsat/fp32-edges" || n == "quantize/e3m2-floor/vectors" ||
           n == "quantize/e2m1-fp4-three-quarters/properties" || n == "dequantize/e2m3-to-fp16" || n == "dot/e2m1-x4" ||
           n == "convert-sr/e3m2-k8";
  });
  ASSERT_EQ(results.size(), 9u);
  for (const auto& r : results) EXPECT_EQ(r.status, CheckStatus::pass) << r.name << ": " << r.note;
}

}  // namespace
}  // namespace mxconf::testing
