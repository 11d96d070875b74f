// A conformance check: one named question about a kernel ("does convert fp32->e4m3 rne saturate get every bf16
// input right?"), run through the kernel ABI against expected answers from the reference and the vectors.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mxconf/conformance/result.hpp"
#include "mxconf/kernel.h"
#include "mxconf/reference/profile.hpp"

namespace mxconf::conformance {

enum class Tier : std::uint8_t {
  fast,        // every decode, every bf16/fp16 input, edge cases, vectors, RapidCheck blocks: CI
  exhaustive,  // all 2^32 fp32 inputs per declared conversion: behind `--tier exhaustive` / ctest -L exhaustive
};

struct RunContext {
  const Profile* profile = nullptr;
  Tier tier = Tier::fast;
  std::filesystem::path vectors_dir;           // vectors/golden
  unsigned threads = 1;                        // the exhaustive sweeps call kernel.convert from this many threads
  std::size_t max_reported_mismatches = 5;
  std::uint64_t seed = 1;                      // RapidCheck and sampling seed, reported in the JSON
  std::function<void(double done_fraction)> progress;  // may be empty
  // The kernel's device entry (kernel.h, ABI minor 1), or null: with it, the exhaustive convert checks of
  // configurations declared MXCONF_CAP_DEVICE_MEMORY run on the GPU where one is found (device_sweep.hpp).
  const mxconf_device_kernel* device_kernel = nullptr;
};

class Check {
 public:
  virtual ~Check() = default;
  virtual std::string name() const = 0;
  virtual std::string operation() const = 0;
  virtual Tier tier() const = 0;
  // Why this kernel cannot run the check (the capability it lacks), or empty when it can.
  virtual std::optional<std::string> missing_capability(const mxconf_kernel& kernel) const = 0;
  // Runs it. Calls only what the kernel declares; a non-OK status from the kernel gives CheckStatus::kernel_error.
  virtual CheckResult run(const mxconf_kernel& kernel, const RunContext& context) const = 0;
};

// Every check of a tier, in a fixed order; the same list for every kernel (skips come from capabilities).
// Tier::exhaustive is the fast list followed by the 70 convert/fp32-*/fp32-all sweeps. Names are
// "operation/configuration[/part]"; the kinds and what each compares: docs/conformance.md.
std::vector<std::unique_ptr<const Check>> make_checks(Tier tier);

// Runs one check in this process with skip handling (a convenience for in-process runs and tests). Throws
// std::runtime_error (or vectors::VectorFileError) when a golden vector file a check reads is missing or malformed:
// an installation problem, not a kernel failure.
CheckResult run_check(const Check& check, const mxconf_kernel& kernel, const RunContext& context);

}  // namespace mxconf::conformance
