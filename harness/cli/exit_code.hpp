// The CLI's exit codes (docs/cli.md "Exit codes"). A pipe user checks these, so they never change meaning.
#pragma once

namespace mxconf::cli {

enum class ExitCode : int {
  ok = 0,           // every input line answered
  internal = 1,     // a bug in mxconf or an output write failure: the answer is incomplete
  input_error = 2,  // a usage error (bad flag, unknown name) or at least one input line answered "error"
};

constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

}  // namespace mxconf::cli
