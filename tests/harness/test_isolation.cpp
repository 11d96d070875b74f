// Isolation: a check that crashes, hangs, exits or throws in its child process becomes one kernel_error result;
// a normal result (large ones too) crosses the pipe intact; the other checks of a run still run.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <thread>
#include <unistd.h>

#include "mxconf/harness/isolation.hpp"
#include "mxconf/harness/kernel_loader.hpp"
#include "mxconf/harness/runner.hpp"

namespace mxconf::harness {
namespace {

using conformance::CheckResult;
using conformance::CheckStatus;
using namespace std::chrono_literals;

// A check whose run() does whatever the test says, in the child.
class ScriptedCheck : public conformance::Check {
 public:
  explicit ScriptedCheck(std::function<CheckResult()> body) : body_(std::move(body)) {}
  std::string name() const override { return "scripted/check"; }
  std::string operation() const override { return "convert"; }
  conformance::Tier tier() const override { return conformance::Tier::fast; }
  std::optional<std::string> missing_capability(const mxconf_kernel&) const override { return std::nullopt; }
  CheckResult run(const mxconf_kernel&, const conformance::RunContext& context) const override {
    if (context.progress) context.progress(0.5);
    return body_();
  }

 private:
  std::function<CheckResult()> body_;
};

const mxconf_kernel kNoKernel{MXCONF_KERNEL_ABI_VERSION, "none", "", nullptr, 0,
                              nullptr, nullptr, nullptr, nullptr, nullptr};

CheckResult isolated(std::function<CheckResult()> body, std::chrono::milliseconds timeout = 20s,
                     double* progress = nullptr) {
  const ScriptedCheck check(std::move(body));
  conformance::RunContext context;
  context.profile = find_profile("ocp");
  IsolationOptions options;
  options.timeout = timeout;
  if (progress) options.progress = [progress](double f) { *progress = f; };
  return run_isolated(check, kNoKernel, context, options);
}

TEST(Isolation, ResultCrossesThePipe) {
  double progress = -1;
  const CheckResult r = isolated(
      [] {
        CheckResult c;
        c.name = "scripted/check";
        c.status = CheckStatus::fail;
        c.cases = 10;
        c.mismatches = 1;
        // Larger than a pipe's buffer: the parent must read while the child writes.
        c.first_mismatches.push_back({"fp32 0x1", "0x1", "0x2", std::string(1 << 20, 'x'), {}});
        return c;
      },
      20s, &progress);
  EXPECT_EQ(r.status, CheckStatus::fail);
  EXPECT_EQ(r.cases, 10u);
  ASSERT_EQ(r.first_mismatches.size(), 1u);
  EXPECT_EQ(r.first_mismatches[0].explanation.size(), std::size_t{1} << 20);
  EXPECT_EQ(progress, 0.5);
}

TEST(Isolation, SegfaultIsACrash) {
  const CheckResult r = isolated([]() -> CheckResult {
    std::raise(SIGSEGV);
    return {};
  });
  EXPECT_EQ(r.status, CheckStatus::kernel_error);
  EXPECT_EQ(r.note, "crashed: SIGSEGV");
  EXPECT_EQ(r.name, "scripted/check");
  EXPECT_EQ(r.operation, "convert");
  EXPECT_EQ(r.tier, "fast");
}

TEST(Isolation, AbortIsACrash) {
  const CheckResult r = isolated([]() -> CheckResult { std::abort(); });
  EXPECT_EQ(r.status, CheckStatus::kernel_error);
  EXPECT_EQ(r.note, "crashed: SIGABRT");
}

TEST(Isolation, HangIsKilledAtTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  const CheckResult r = isolated(
      []() -> CheckResult {
        for (;;) std::this_thread::sleep_for(1s);
      },
      1500ms);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, CheckStatus::kernel_error);
  EXPECT_EQ(r.note, "hung: no answer within 1.5 s");
  EXPECT_GE(took, 1500ms);
  EXPECT_LT(took, 10s);
}

TEST(Isolation, ExitWithoutAResult) {
  const CheckResult r = isolated([]() -> CheckResult { std::exit(7); });
  EXPECT_EQ(r.status, CheckStatus::kernel_error);
  EXPECT_EQ(r.note, "exited with status 7 before sending a result");
}

TEST(Isolation, ExceptionInTheCheckIsReported) {
  const CheckResult r = isolated([]() -> CheckResult { throw std::runtime_error("boom"); });
  EXPECT_EQ(r.status, CheckStatus::kernel_error);
  EXPECT_EQ(r.note, "the check stopped with an error: boom");
}

TEST(Isolation, ParentStateIsUntouched) {
  static int counter = 0;
  isolated([]() -> CheckResult {
    counter = 42;
    return {};
  });
  EXPECT_EQ(counter, 0);
}

TEST(Isolation, SignalNamesAndSeconds) {
  EXPECT_EQ(signal_name(SIGSEGV), "SIGSEGV");
  EXPECT_EQ(signal_name(SIGBUS), "SIGBUS");
  EXPECT_EQ(seconds_text(120s), "120 s");
  EXPECT_EQ(seconds_text(2500ms), "2.5 s");
}

// Whole runs against the test kernels (tests/harness/kernels/test_kernel.cpp): every mode decodes e8m0 right, the
// broken ones misbehave in convert.
conformance::Report run(const char* path, bool isolation = true) {
  const LoadedKernel k = load_kernel(path);
  RunOptions options;
  options.timeout = 2s;
  options.isolation = isolation;
  options.threads = 2;
  return run_conformance(*k.kernel, path, *find_profile("ocp"), conformance::Tier::fast, options);
}

struct Counts {
  std::size_t pass = 0, fail = 0, skipped = 0, error = 0;
  std::string first_error;
};

Counts count(const conformance::Report& report) {
  Counts c;
  for (const auto& r : report.checks) {
    switch (r.status) {
      case CheckStatus::pass: ++c.pass; break;
      case CheckStatus::fail: ++c.fail; break;
      case CheckStatus::skipped: ++c.skipped; break;
      case CheckStatus::kernel_error:
        if (c.error++ == 0) c.first_error = r.note;
        break;
    }
  }
  return c;
}

TEST(Runner, GoodKernelPassesWithSkips) {
  const auto report = run(MXCONF_TEST_KERNEL_GOOD);
  const Counts c = count(report);
  EXPECT_EQ(report.exit_code(), 0);
  EXPECT_GT(c.pass, 0u);
  EXPECT_GT(c.skipped, 0u);  // it declares one decode only
  EXPECT_EQ(c.fail + c.error, 0u);
  EXPECT_EQ(report.kernel_name, "test-good");
  EXPECT_EQ(report.kernel_path, MXCONF_TEST_KERNEL_GOOD);
  EXPECT_EQ(report.profile, "ocp");
  EXPECT_EQ(report.tier, "fast");
  EXPECT_EQ(report.tool_version.rfind("mxconf ", 0), 0u);
  for (const auto& r : report.checks) {
    if (r.status == CheckStatus::skipped) {
      EXPECT_FALSE(r.note.empty()) << r.name << ": a skip says why";
    }
  }
}

TEST(Runner, WrongKernelFails) {
  const auto report = run(MXCONF_TEST_KERNEL_WRONG);
  EXPECT_EQ(report.exit_code(), 1);
  EXPECT_GT(count(report).fail, 0u);
}

// Each broken mode: at least one kernel_error with the expected note, and the e8m0 decode checks still pass.
void expect_kernel_error(const char* path, const std::string& note_start) {
  const auto report = run(path);
  const Counts c = count(report);
  EXPECT_EQ(report.exit_code(), 3) << path;
  EXPECT_GT(c.error, 0u) << path;
  EXPECT_GT(c.pass, 0u) << path << ": the other checks still run";
  EXPECT_EQ(c.first_error.rfind(note_start, 0), 0u) << path << ": " << c.first_error;
}

TEST(Runner, SegfaultingKernel) { expect_kernel_error(MXCONF_TEST_KERNEL_SEGV, "crashed: SIGSEGV"); }
TEST(Runner, HangingKernel) { expect_kernel_error(MXCONF_TEST_KERNEL_HANG, "hung: no answer within 2 s"); }
TEST(Runner, ExitingKernel) { expect_kernel_error(MXCONF_TEST_KERNEL_EXIT, "exited with status 0"); }
TEST(Runner, ErrorStatusKernel) { expect_kernel_error(MXCONF_TEST_KERNEL_STATUS, ""); }
TEST(Runner, OverrunningKernel) { expect_kernel_error(MXCONF_TEST_KERNEL_OVERRUN, ""); }

TEST(Runner, OnlyFiltersByGlobOrSubstring) {
  const LoadedKernel k = load_kernel(MXCONF_TEST_KERNEL_GOOD);
  RunOptions options;
  options.only = "decode/*";
  const auto report = run_conformance(*k.kernel, "", *find_profile("ocp"), conformance::Tier::fast, options);
  ASSERT_FALSE(report.checks.empty());
  for (const auto& r : report.checks) EXPECT_EQ(r.name.rfind("decode/", 0), 0u) << r.name;
  EXPECT_EQ(report.kernel_path, "built-in");
  options.only = "no-check-has-this-name";
  EXPECT_TRUE(run_conformance(*k.kernel, "", *find_profile("ocp"), conformance::Tier::fast, options).checks.empty());
  EXPECT_TRUE(check_name_matches("e8m0", "decode/e8m0/all"));
  EXPECT_FALSE(check_name_matches("e8m0", "decode/e4m3/all"));
  EXPECT_TRUE(check_name_matches("decode/*/all", "decode/e8m0/all"));
}

TEST(Runner, InProcessRunGivesTheSameAnswers) {
  const auto isolated_report = run(MXCONF_TEST_KERNEL_WRONG, true);
  const auto local_report = run(MXCONF_TEST_KERNEL_WRONG, false);
  ASSERT_EQ(isolated_report.checks.size(), local_report.checks.size());
  for (std::size_t i = 0; i < local_report.checks.size(); ++i) {
    EXPECT_EQ(isolated_report.checks[i].name, local_report.checks[i].name);
    EXPECT_EQ(isolated_report.checks[i].status, local_report.checks[i].status);
    EXPECT_EQ(isolated_report.checks[i].mismatches, local_report.checks[i].mismatches);
  }
}

}  // namespace
}  // namespace mxconf::harness
