// The exhaustive sweep's machinery on sub-ranges: chunks over threads, the moving cursor against the interval
// table, progress, don't-care runs, the first mismatches in pattern order, guard bytes.
#include <gtest/gtest.h>

#include <mutex>

#include "mxconf/conformance/convert_sweep.hpp"
#include "support.hpp"
#include "test_double.hpp"

namespace mxconf::conformance {
namespace {

using testing::Fault;
using testing::TestDouble;
using vectors::CaseClass;

constexpr ConvertConfiguration kE4m3Rne{FormatId::fp32, FormatId::e4m3, Rounding::rne, Overflow::saturate};

TEST(Sweep, GoodDoublePassesARangeAcrossChunksAndThreads) {
  const TestDouble good;
  RunContext context = testing::run_context("ocp", 3);
  std::mutex m;
  std::vector<double> progress;
  context.progress = [&](double f) {
    std::lock_guard lock(m);
    progress.push_back(f);
  };
  // 1.25 chunks of 2^20 from just below 1.0 upward: two chunks, on two of the three threads.
  const CheckResult r = sweep_convert(good.kernel(), context, kE4m3Rne, 0x3f80'0000 - 5, 0x3f80'0000 + (5u << 18),
                                      "convert/test/range");
  EXPECT_EQ(r.status, CheckStatus::pass) << r.note;
  EXPECT_EQ(r.cases, (5u << 18) + 6);
  EXPECT_EQ(r.tier, "exhaustive");
  ASSERT_EQ(progress.size(), 2u);
  for (std::size_t i = 1; i < progress.size(); ++i) EXPECT_LT(progress[i - 1], progress[i]);
  EXPECT_DOUBLE_EQ(progress.back(), 1.0);
}

TEST(Sweep, TiesAwayFindsExactlyTheTiesThatDiffer) {
  const TestDouble broken(testing::with_fault(Fault::ties_away));
  // MXINT8 q = round(64 V): from 1.0 to 1 + 5/128, ties at q = 64.5 (-> 64 even, 65 away), 65.5 (66 either
  // way), 66.5 (-> 66 even, 67 away): two differ.
  const ConvertConfiguration int8{FormatId::fp32, FormatId::int8, Rounding::rne, Overflow::saturate};
  const CheckResult r = sweep_convert(broken.kernel(), testing::run_context("ocp", 2), int8, 0x3f80'fff0,
                                      0x3f85'0010, "convert/test/ties");
  ASSERT_EQ(r.status, CheckStatus::fail);
  EXPECT_EQ(r.mismatches, 2u);
  EXPECT_EQ(r.mismatches_by_class[static_cast<std::size_t>(CaseClass::tie)], 2u);
  ASSERT_EQ(r.first_mismatches.size(), 2u);
  EXPECT_EQ(r.first_mismatches[0].input, "fp32 0x3f810000");  // 64.5 / 64 first: pattern order
  EXPECT_EQ(r.first_mismatches[0].expected, "0x40");
  EXPECT_EQ(r.first_mismatches[0].got, "0x41");
  EXPECT_EQ(r.first_mismatches[1].input, "fp32 0x3f850000");  // 66.5 / 64
}

TEST(Sweep, NoEncodingRunsAreDontCare) {
  const TestDouble good;
  // Positive NaNs into e2m1 under ocp (nan-into-finite=error): no expected code.
  const ConvertConfiguration c{FormatId::fp32, FormatId::e2m1, Rounding::rne, Overflow::saturate};
  const CheckResult r = sweep_convert(good.kernel(), testing::run_context(), c, 0x7f7f'fff0, 0x7f80'0100, "convert/test/nan");
  EXPECT_EQ(r.status, CheckStatus::pass);
  EXPECT_EQ(r.cases, 0x11u);  // 16 finite + Inf
  EXPECT_NE(r.note.find("no encoding"), std::string::npos) << r.note;
}

TEST(Sweep, OverrunIsAKernelError) {
  const TestDouble broken(testing::with_fault(Fault::overrun));
  const CheckResult r = sweep_convert(broken.kernel(), testing::run_context("ocp", 2), kE4m3Rne, 0, 1000,
                                      "convert/test/overrun");
  EXPECT_EQ(r.status, CheckStatus::kernel_error);
  EXPECT_NE(r.note.find("wrote past its output"), std::string::npos) << r.note;
}

TEST(Sweep, IntervalTableCoversEverySourcePattern) {
  for (const auto to : {FormatId::e4m3, FormatId::e2m1, FormatId::int8, FormatId::e8m0}) {
    const auto table = convert_interval_table({FormatId::fp32, to, Rounding::rup, Overflow::non_saturating},
                                              *find_profile("nvidia"));
    EXPECT_FALSE(vectors::first_coverage_error(*table, 32)) << format_spec(to).name;
  }
}

}  // namespace
}  // namespace mxconf::conformance
