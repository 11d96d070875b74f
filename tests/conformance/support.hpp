// Shared helpers of the conformance tests: a run context on the golden vectors, running checks by name.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mxconf/conformance/check.hpp"

namespace mxconf::testing {

inline conformance::RunContext run_context(const char* profile = "ocp", unsigned threads = 2) {
  conformance::RunContext context;
  context.profile = find_profile(profile);
  context.vectors_dir = std::filesystem::path(MXCONF_SOURCE_DIR) / "vectors" / "golden";
  context.threads = threads;
  context.seed = 1;
  return context;
}

// Runs the fast-tier checks whose names satisfy `select`, in make_checks order.
inline std::vector<conformance::CheckResult> run_checks(const mxconf_kernel& kernel,
                                                        const conformance::RunContext& context,
                                                        const std::function<bool(const std::string&)>& select,
                                                        conformance::Tier tier = conformance::Tier::fast) {
  std::vector<conformance::CheckResult> results;
  for (const auto& check : conformance::make_checks(tier))
    if (select(check->name())) results.push_back(conformance::run_check(*check, kernel, context));
  return results;
}

inline const conformance::CheckResult* find_result(const std::vector<conformance::CheckResult>& results,
                                                   const std::string& name) {
  for (const auto& r : results)
    if (r.name == name) return &r;
  return nullptr;
}

inline bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace mxconf::testing
