// Running one check so that a kernel that crashes, hangs or calls exit() cannot take the run down with it.
//
// run_isolated forks after the kernel is loaded: the child loads nothing new, runs the check (run_check),
// writes its progress ("progress 0.42" lines) and then its serialised CheckResult (result_codec.hpp) to a pipe,
// and _exits. The parent waits with a deadline and maps every way the child can end:
//   killed by a signal                -> kernel_error "crashed: SIGSEGV"
//   no result within the timeout      -> SIGKILL, kernel_error "hung: no answer within 120 s"
//   exit without a (complete) result  -> kernel_error "exited with status 1 before sending a result"
// and otherwise returns the child's result. Nothing the child does changes the parent's state.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "mxconf/conformance/check.hpp"

namespace mxconf::harness {

struct IsolationOptions {
  std::chrono::milliseconds timeout{120'000};
  std::function<void(double done_fraction)> progress;  // the child's progress, in the parent; may be empty
  std::function<void()> tick;                          // called about every 200 ms while waiting; may be empty
};

// The check in a child process (context.progress is replaced by the pipe; options.progress receives it).
conformance::CheckResult run_isolated(const conformance::Check& check, const mxconf_kernel& kernel,
                                      const conformance::RunContext& context, const IsolationOptions& options);

// The check in this process (--no-isolation, the GoogleTest adapter): run_check, with an exception escaping the
// check turned into a kernel_error result naming it. A crash or hang of the kernel takes this process with it.
conformance::CheckResult run_in_process(const conformance::Check& check, const mxconf_kernel& kernel,
                                        const conformance::RunContext& context);

// "SIGSEGV", "SIGABRT", ... ("signal 77" for one without a name).
std::string signal_name(int signal_number);

// "120 s", "2 s", "0.5 s".
std::string seconds_text(std::chrono::milliseconds duration);

}  // namespace mxconf::harness
