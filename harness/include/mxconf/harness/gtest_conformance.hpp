// The conformance checks as GoogleTest tests, for a kernel linked into a test binary. One line:
//
//   #include "mxconf/harness/gtest_conformance.hpp"
//   MXCONF_CONFORMANCE_TESTS(MyKernel, &my_kernel, "nvidia");   // or &mxconf_kernel_entry, the entry function
//
// gives one test per check of the fast tier, named mxconf/MyKernelConformance.Check/<check name with '/' and
// '-' as '_'> (filter with --gtest_filter='*MyKernelConformance*'; MXCONF_CONFORMANCE_TESTS_ONLY takes a pattern). A check the kernel declares no capability for
// is GTEST_SKIP'ped with the reason; a failure prints the first mismatches, explained; a kernel error (an error
// status, writing past an output) fails with the kernel's message. The checks run in the test process: a kernel
// that crashes takes the test binary down (use `mxconf run` for isolation). Link mxconf::harness and GTest.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "mxconf/conformance/check.hpp"
#include "mxconf/harness/isolation.hpp"
#include "mxconf/harness/kernel_loader.hpp"
#include "mxconf/harness/runner.hpp"
#include "mxconf/kernel.h"
#include "mxconf/reference/profile.hpp"

namespace mxconf::harness::gtest_adapter {

struct CheckParam {
  std::string check;      // "convert/fp32-e4m3-rne-saturate/edge"
  std::string test_name;  // "convert_fp32_e4m3_rne_saturate_edge": GoogleTest allows [A-Za-z0-9_] only
};
inline void PrintTo(const CheckParam& p, std::ostream* os) { *os << p.check; }

// The fast tier's checks, made once per process.
inline const std::vector<std::unique_ptr<const conformance::Check>>& fast_checks() {
  static const auto checks = conformance::make_checks(conformance::Tier::fast);
  return checks;
}

// `only`: as `mxconf run --only` (a glob with * and ?, else a substring); empty: every check.
inline std::vector<CheckParam> fast_check_params(std::string_view only = {}) {
  std::vector<CheckParam> params;
  std::set<std::string> used;
  for (const auto& check : fast_checks()) {
    if (!check_name_matches(only, check->name())) continue;
    std::string name;
    for (const char c : check->name()) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    std::string unique = name;
    for (int i = 2; !used.insert(unique).second; ++i) unique = name + "_" + std::to_string(i);
    params.push_back(CheckParam{check->name(), unique});
  }
  return params;
}

// GoogleTest's name generator for the instantiation.
struct TestName {
  std::string operator()(const ::testing::TestParamInfo<CheckParam>& param) const { return param.param.test_name; }
};

inline const mxconf_kernel* kernel_of(const mxconf_kernel* kernel) { return kernel; }
inline const mxconf_kernel* kernel_of(mxconf_kernel_entry_fn entry) { return entry ? entry() : nullptr; }

// The body of each generated test.
inline void run_check_as_test(const mxconf_kernel* kernel, std::string_view profile_name, const std::string& name) {
  try {
    validate_kernel(kernel, "the kernel given to MXCONF_CONFORMANCE_TESTS");
  } catch (const KernelLoadError& e) {
    FAIL() << e.what();
  }
  const Profile* profile = find_profile(profile_name);
  ASSERT_NE(profile, nullptr) << "MXCONF_CONFORMANCE_TESTS: unknown profile '" << profile_name << "'";
  const conformance::Check* check = nullptr;
  for (const auto& c : fast_checks())
    if (c->name() == name) check = c.get();
  ASSERT_NE(check, nullptr) << "no check named '" << name << "'";
  if (const auto missing = check->missing_capability(*kernel)) GTEST_SKIP() << *missing;

  conformance::RunContext context;
  context.profile = profile;
  context.tier = conformance::Tier::fast;
  context.vectors_dir = default_vectors_dir();
  context.threads = std::max(1u, std::thread::hardware_concurrency());
  const conformance::CheckResult r = run_in_process(*check, *kernel, context);
  switch (r.status) {
    case conformance::CheckStatus::pass:
      return;
    case conformance::CheckStatus::skipped:
      GTEST_SKIP() << r.note;
    case conformance::CheckStatus::kernel_error:
      FAIL() << name << ": kernel error: " << r.note;
    case conformance::CheckStatus::fail: {
      std::string text = name + ": " + std::to_string(r.mismatches) + " of " + std::to_string(r.cases) +
                         " cases differ under profile " + std::string(profile_name) + "\n";
      for (const auto& m : r.first_mismatches) {
        text += "  " + m.input + ": expected " + m.expected + ", got " + m.got + " [" + m.classes.to_string() + "]\n";
        if (!m.explanation.empty()) {
          std::size_t start = 0;
          while (start < m.explanation.size()) {
            const auto end = std::min(m.explanation.find('\n', start), m.explanation.size());
            text += "    " + m.explanation.substr(start, end - start) + "\n";
            start = end + 1;
          }
        }
      }
      if (!r.note.empty()) text += "  " + r.note + "\n";
      ADD_FAILURE() << text;
      return;
    }
  }
}

}  // namespace mxconf::harness::gtest_adapter

// One GoogleTest test per fast-tier check of `kernel` (a const mxconf_kernel* or the entry function) under the
// profile named `profile` ("ocp", "nvidia", ...). `Name` must be a unique identifier in the test binary.
#define MXCONF_CONFORMANCE_TESTS(Name, kernel, profile) MXCONF_CONFORMANCE_TESTS_ONLY(Name, kernel, profile, "")

// The same, for the checks whose names match `only` (as `mxconf run --only`: "decode/*", "e4m3").
#define MXCONF_CONFORMANCE_TESTS_ONLY(Name, kernel, profile, only)                                             \
  class Name##Conformance                                                                                     \
      : public ::testing::TestWithParam<::mxconf::harness::gtest_adapter::CheckParam> {};                     \
  TEST_P(Name##Conformance, Check) {                                                                          \
    ::mxconf::harness::gtest_adapter::run_check_as_test(::mxconf::harness::gtest_adapter::kernel_of(kernel),  \
                                                        profile, GetParam().check);                           \
  }                                                                                                           \
  INSTANTIATE_TEST_SUITE_P(mxconf, Name##Conformance,                                                        \
                           ::testing::ValuesIn(::mxconf::harness::gtest_adapter::fast_check_params(only)),     \
                           ::mxconf::harness::gtest_adapter::TestName())
