// A conformance run: every check of a tier (conformance/check.hpp) against one kernel under one profile,
// collected into a Report (conformance/result.hpp) that the writers render and whose exit_code() CI reads.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "mxconf/conformance/check.hpp"
#include "mxconf/conformance/result.hpp"
#include "mxconf/kernel.h"
#include "mxconf/reference/profile.hpp"

namespace mxconf::harness {

class ProgressDisplay;

// Per-check time limits when none is given: a fast check answers in seconds, an exhaustive one sweeps 2^32 inputs.
inline constexpr std::chrono::seconds kFastTimeout{120};
inline constexpr std::chrono::seconds kExhaustiveTimeout{600};

struct RunOptions {
  std::string only;                                  // glob (* ?) on check names, or a substring; empty: all
  unsigned threads = 1;                              // RunContext::threads, inside each check
  std::optional<std::chrono::milliseconds> timeout;  // per check; default kFastTimeout / kExhaustiveTimeout
  bool isolation = true;                             // a child process per check (isolation.hpp)
  std::uint64_t seed = 1;
  std::filesystem::path vectors_dir;                 // empty: default_vectors_dir()
  ProgressDisplay* progress = nullptr;               // may be null
  const mxconf_device_kernel* device_kernel = nullptr;  // the kernel's device entry (LoadedKernel::device)
};

// The golden vectors the checks read: $MXCONF_VECTORS_DIR when set, else vectors/golden of this source tree.
std::filesystem::path default_vectors_dir();

// "mxconf 0.1.0".
std::string tool_version();

// Filters make_checks(tier) by options.only, skips (with a note, never a pass) every check whose capability the
// kernel does not declare, runs the others in order (isolated or in-process) and fills the Report: tool version,
// kernel name, version and `kernel_path` ("built-in" for a linked kernel), profile, tier and one CheckResult per
// check. A check that crashes, hangs or breaks the ABI gives a kernel_error result; the other checks still run.
conformance::Report run_conformance(const mxconf_kernel& kernel, std::string_view kernel_path, const Profile& profile,
                                    conformance::Tier tier, const RunOptions& options);

std::string_view tier_name(conformance::Tier tier);
std::optional<conformance::Tier> parse_tier(std::string_view name);

// options.only's rule: with * or ? a glob on the whole name, otherwise a substring.
bool check_name_matches(std::string_view pattern, std::string_view name);

}  // namespace mxconf::harness
