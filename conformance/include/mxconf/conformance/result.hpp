// What a conformance run produces: one CheckResult per check, collected in a Report that writers render
// (console, JUnit XML, JSON, Markdown) and whose exit code CI reads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mxconf/vectors/case_class.hpp"

namespace mxconf::conformance {

enum class CheckStatus : std::uint8_t {
  pass,          // every case matched
  fail,          // at least one mismatch
  skipped,       // the kernel declares no capability for it: never counted as passed
  kernel_error,  // the kernel crashed, hung, returned an error status, wrote past its output or broke the ABI
};
std::string_view to_string(CheckStatus s);

// One case the kernel got wrong, explained as `mxconf explain` would.
struct Mismatch {
  std::string input;        // "fp32 0x43e80001" or a block's values
  std::string expected;     // "0x7e"
  std::string got;          // "0x7f"
  std::string explanation;  // exact input, neighbours, deciding rule, clause (several lines)
  vectors::CaseClasses classes;
};

struct CheckResult {
  std::string name;       // unique, stable: "convert/fp32-e4m3-rne-saturate/edge"
  std::string operation;  // convert, decode, quantize, dequantize, dot
  std::string tier;       // fast, exhaustive
  CheckStatus status = CheckStatus::pass;
  std::uint64_t cases = 0;
  std::uint64_t mismatches = 0;
  std::array<std::uint64_t, vectors::kCaseClassCount> mismatches_by_class{};
  std::vector<Mismatch> first_mismatches;  // at most RunContext::max_reported_mismatches
  std::string note;                        // why skipped, the kernel's error, a dot bound, ...
  std::optional<bool> exactly_rounded;     // dot: every result equal to rne(exact)
  double seconds = 0;
};

struct Report {
  std::string tool_version;    // "mxconf 0.1.0"
  std::string kernel_name;     // from mxconf_kernel::name
  std::string kernel_version;
  std::string kernel_path;     // library path, or "built-in"
  std::string profile;
  std::string tier;
  std::optional<std::uint64_t> seed;  // RunContext::seed, when the run used one (RapidCheck, sampling)
  std::vector<CheckResult> checks;

  // 0: all checks pass or are skipped; 1: a conformance failure; 3: a kernel error (crash, hang, ABI) anywhere.
  int exit_code() const;
};

}  // namespace mxconf::conformance
