// mxconf identify --kernel PATH | --builtin NAME: which profiles a kernel conforms to exactly. Runs the fast tier
// under every profile (one loaded kernel, each check isolated as in `mxconf run`) and prints one line per profile:
//   nvidia: conforms (142 checks, 20 skipped)
//   ocp: differs in 2 checks
//     quantize/e4m3-floor/vectors: block 'one-nan' ...: expected 0xff, got 0x7f (3 mismatches)
// Exit: 0 it conforms to at least one profile, 1 to none, 2 usage error, 3 the kernel crashed, hung or broke the ABI.
#include <ostream>
#include <vector>

#include "command.hpp"
#include "kernel_options.hpp"
#include "usage_error.hpp"
#include "mxconf/harness/kernel_loader.hpp"
#include "mxconf/harness/progress.hpp"
#include "mxconf/harness/runner.hpp"

namespace mxconf::cli {
namespace {

// The first line of a possibly multi-line text.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

ExitCode run(const CommandContext& context) {
  const auto choice = kernel_choice(context.args);
  if (!choice) throw UsageError("give the kernel: --kernel PATH or --builtin NAME");
  auto options = run_options(context.args);
  preflight(options, conformance::Tier::fast);
  // On a terminal, the redrawn status line; in a log, one line per profile is enough.
  const bool terminal = harness::ProgressDisplay::stderr_is_terminal();
  harness::ProgressDisplay progress(context.err, true);
  if (terminal) options.progress = &progress;

  harness::LoadedKernel loaded;
  try {
    loaded = harness::load_kernel(choice->path);
  } catch (const harness::KernelLoadError& e) {
    context.err << "mxconf identify: " << e.what() << '\n';
    return ExitCode::kernel_failure;
  }
  context.out << "kernel: " << loaded.kernel->name;
  if (loaded.kernel->version && *loaded.kernel->version) context.out << " (" << loaded.kernel->version << ")";
  context.out << "\nfast tier under each profile:\n" << std::flush;

  std::vector<std::string> conforming;
  bool kernel_error = false;
  for (const Profile& base : profile_table()) {
    std::string set_name;
    const Profile profile = with_settings(context.args, base, set_name);
    const auto report = harness::run_conformance(*loaded.kernel, choice->path, profile, conformance::Tier::fast, options);
    std::size_t skipped = 0;
    std::vector<const conformance::CheckResult*> bad;
    for (const auto& c : report.checks) {
      if (c.status == conformance::CheckStatus::skipped) ++skipped;
      if (c.status == conformance::CheckStatus::fail || c.status == conformance::CheckStatus::kernel_error)
        bad.push_back(&c);
    }
    if (bad.empty()) {
      conforming.emplace_back(profile.name);
      context.out << profile.name << ": conforms (" << report.checks.size() << " checks, " << skipped
                  << " skipped)\n";
    } else {
      context.out << profile.name << ": differs in " << bad.size() << " of " << report.checks.size() << " checks\n";
      for (const auto* c : bad) {
        context.out << "  " << c->name << ": ";
        if (c->status == conformance::CheckStatus::kernel_error) {
          kernel_error = true;
          context.out << "kernel error: " << first_line(c->note) << '\n';
        } else if (!c->first_mismatches.empty()) {
          const auto& m = c->first_mismatches.front();
          context.out << first_line(m.input) << ": expected " << m.expected << ", got " << m.got << " ("
                      << c->mismatches << (c->mismatches == 1 ? " mismatch" : " mismatches") << ")\n";
        } else {
          context.out << c->mismatches << " mismatches" << (c->note.empty() ? "" : ": " + first_line(c->note)) << '\n';
        }
      }
    }
    context.out.flush();
  }
  if (conforming.empty()) {
    context.out << "conforms to no profile\n";
  } else {
    context.out << "conforms to:";
    for (std::size_t i = 0; i < conforming.size(); ++i) context.out << (i ? ", " : " ") << conforming[i];
    context.out << '\n';
  }
  if (kernel_error) return ExitCode::kernel_failure;
  return conforming.empty() ? ExitCode::conformance_failure : ExitCode::ok;
}

}  // namespace

const Command& identify_command() {
  static const Command command{
      .name = "identify",
      .summary = "find the profiles a kernel conforms to exactly (fast tier under every profile)",
      .synopsis = "--kernel PATH | --builtin NAME [--only PATTERN] [--timeout S] [--threads N] [--no-isolation]",
      .options = kernel_run_options(),
      .details =
          "Loads the kernel once and runs the fast tier under every profile of `mxconf profiles`, each check\n"
          "isolated as in `mxconf run`. Prints, per profile, 'conforms' with the check and skip counts, or 'differs'\n"
          "with the first differing case of each failing check. Exit codes: 0 it conforms to at least one profile,\n"
          "1 to none, 2 usage error, 3 the kernel crashed, hung or broke the ABI.",
      .max_positionals = 0,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
