// Options `mxconf run` and `mxconf identify` share: which kernel (--kernel PATH | --builtin NAME) and how to run
// its checks (--only, --timeout, --threads, --seed, --no-isolation, --vectors-dir). Parsing only; the work is
// in mxconf::harness.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "arguments.hpp"
#include "mxconf/reference/profile.hpp"
#include "mxconf/conformance/check.hpp"
#include "mxconf/harness/runner.hpp"

namespace mxconf::cli {

// The option rows both commands list (kernel, builtin, only, timeout, threads, seed, no-isolation, vectors-dir).
std::span<const OptionSpec> kernel_run_options();

struct KernelChoice {
  std::string path;             // the library to load
  std::string builtin;          // the built-in's name, or empty for --kernel
  std::string default_profile;  // the built-in's own profile, or "ocp"
};

// --kernel PATH or --builtin NAME; empty when neither is given. UsageError for both, an unknown built-in (listing
// the valid names) or one that was not built.
std::optional<KernelChoice> kernel_choice(const ParsedArguments& args);

// --only, --timeout (seconds, > 0, fractions allowed), --threads (1..256; default: the number of cores), --seed,
// --no-isolation, --vectors-dir. UsageError naming the option for a bad value.
harness::RunOptions run_options(const ParsedArguments& args);

// Refuses, before anything runs (exit 2): an --only pattern that matches no check of `tier`, and a vectors
// folder that lacks the golden files the checks read (blocks/ocp, stochastic, dot). No silent pass (issue 9).
void preflight(const harness::RunOptions& options, conformance::Tier tier);

// The profile a run checks against: `base`, then each --set POLICY=VALUE in command-line order (the names and
// precedence of encode and quantize; `overflow` and `rule` are refused: every check passes them as call
// arguments). Without --set, `base` itself. The result's name ("ocp+nan-sign=positive") lives in `name`.
Profile with_settings(const ParsedArguments& args, const Profile& base, std::string& name);

// "--builtin reference, scalar-codec, cuda-host" help text: the built-in names, marking those not built.
std::string builtin_names();

}  // namespace mxconf::cli
