// The CLI's exit codes (docs/cli.md "Exit codes"). A pipe user and CI check these, so they never change meaning.
#pragma once

namespace mxconf::cli {

enum class ExitCode : int {
  ok = 0,                   // every input line answered; every conformance check passed or was skipped
  conformance_failure = 1,  // run / identify / verify: the kernel gave a wrong answer
  input_error = 2,          // a usage error (bad flag, unknown name), or at least one input line answered "error"
  kernel_failure = 3,       // run / identify: the kernel crashed, hung, returned an error or broke the ABI
  internal = 4,             // a bug in mxconf or an output write failure: the answer is incomplete
};

constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

}  // namespace mxconf::cli
