#include "mxconf/harness/runner.hpp"

#include <algorithm>
#include <cstdlib>

#include "mxconf/harness/isolation.hpp"
#include "mxconf/harness/progress.hpp"
#include "mxconf/vectors/generate.hpp"

#ifndef MXCONF_VERSION
#define MXCONF_VERSION "unknown"
#endif
#ifndef MXCONF_DEFAULT_VECTORS_DIR
#define MXCONF_DEFAULT_VECTORS_DIR "vectors/golden"
#endif

namespace mxconf::harness {

using conformance::CheckResult;
using conformance::CheckStatus;
using conformance::Tier;

std::filesystem::path default_vectors_dir() {
  if (const char* env = std::getenv("MXCONF_VECTORS_DIR"); env != nullptr && *env != '\0') return env;
  return MXCONF_DEFAULT_VECTORS_DIR;
}

std::string tool_version() { return std::string("mxconf ") + MXCONF_VERSION; }

std::string_view tier_name(Tier tier) { return tier == Tier::fast ? "fast" : "exhaustive"; }

std::optional<Tier> parse_tier(std::string_view name) {
  if (name == "fast") return Tier::fast;
  if (name == "exhaustive") return Tier::exhaustive;
  return std::nullopt;
}

bool check_name_matches(std::string_view pattern, std::string_view name) {
  return pattern.empty() || vectors::glob_match(pattern, name);
}

conformance::Report run_conformance(const mxconf_kernel& kernel, std::string_view kernel_path, const Profile& profile,
                                    Tier tier, const RunOptions& options) {
  conformance::Report report;
  report.tool_version = tool_version();
  report.kernel_name = kernel.name ? kernel.name : "";
  report.kernel_version = kernel.version ? kernel.version : "";
  report.kernel_path = kernel_path.empty() ? "built-in" : std::string(kernel_path);
  report.profile = std::string(profile.name);
  report.tier = std::string(tier_name(tier));
  report.seed = options.seed;

  std::vector<std::unique_ptr<const conformance::Check>> checks;
  for (auto& check : conformance::make_checks(tier))
    if (check_name_matches(options.only, check->name())) checks.push_back(std::move(check));

  conformance::RunContext context;
  context.profile = &profile;
  context.tier = tier;
  context.vectors_dir = options.vectors_dir.empty() ? default_vectors_dir() : options.vectors_dir;
  context.threads = std::max(1u, options.threads);
  context.seed = options.seed;
  context.device_kernel = options.device_kernel;

  ProgressDisplay* progress = options.progress;
  if (progress) progress->begin_run(report.kernel_name, profile.name, checks.size());
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const conformance::Check& check = *checks[i];
    if (progress) progress->begin_check(i, check.name());
    CheckResult result;
    if (const auto missing = check.missing_capability(kernel)) {
      // Never run, never passed: the report counts it as skipped and says which capability is missing.
      result.name = check.name();
      result.operation = check.operation();
      result.tier = std::string(tier_name(check.tier()));
      result.status = CheckStatus::skipped;
      result.note = *missing;
    } else if (options.isolation) {
      IsolationOptions isolation;
      isolation.timeout = options.timeout.value_or(
          std::chrono::duration_cast<std::chrono::milliseconds>(check.tier() == Tier::fast ? kFastTimeout
                                                                                            : kExhaustiveTimeout));
      if (progress) {
        isolation.progress = [progress](double f) { progress->update(f); };
        isolation.tick = [progress] { progress->tick(); };
      }
      result = run_isolated(check, kernel, context, isolation);
    } else {
      conformance::RunContext local = context;
      if (progress) local.progress = [progress](double f) { progress->update(f); };
      result = run_in_process(check, kernel, local);
    }
    if (progress) progress->end_check(result);
    report.checks.push_back(std::move(result));
  }
  if (progress) progress->end_run();
  return report;
}

}  // namespace mxconf::harness
