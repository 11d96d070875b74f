// mxconf run --kernel PATH | --builtin NAME [--profile P] [--tier T] [--only PATTERN] [--junit F] [--json F]
//            [--markdown F] [--timeout S] [--threads N] [--seed N] [--no-isolation]
// Runs the conformance checks against one kernel (or, with neither option, every built-in kernel against its own
// profile) and prints the report. Exit: 0 pass (skips allowed), 1 a conformance failure, 2 usage or input error,
// 3 the kernel crashed, hung or broke the ABI (a refused library too).
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <memory>
#include <ostream>
#include <vector>

#include "command.hpp"
#include "kernel_options.hpp"
#include "names.hpp"
#include "usage_error.hpp"
#include "mxconf/conformance/report_writers.hpp"
#include "mxconf/harness/builtin_kernels.hpp"
#include "mxconf/harness/kernel_loader.hpp"
#include "mxconf/harness/progress.hpp"
#include "mxconf/harness/runner.hpp"

namespace mxconf::cli {
namespace {

const std::vector<OptionSpec>& options() {
  static const std::vector<OptionSpec> specs = [] {
    std::vector<OptionSpec> s{
        OptionSpec{"profile", OptionKind::value, "P",
                   "the profile to check against (default: ocp; a built-in's own profile for --builtin)"},
        OptionSpec{"tier", OptionKind::value, "T", "fast (default: CI) or exhaustive (every fp32 input)"},
        OptionSpec{"junit", OptionKind::value, "FILE", "also write the report as JUnit XML"},
        OptionSpec{"json", OptionKind::value, "FILE", "also write the report as JSON"},
        OptionSpec{"markdown", OptionKind::value, "FILE", "also write a Markdown summary (CI step summaries, PRs)"},
        OptionSpec{"verbose", OptionKind::flag, "", "list every skipped check (default: one line per skip reason)"},
    };
    const auto shared = kernel_run_options();
    s.insert(s.begin(), shared.begin(), shared.begin() + 2);  // --kernel, --builtin first
    s.insert(s.end(), shared.begin() + 2, shared.end());
    return s;
  }();
  return specs;
}

ExitCode to_exit(int report_code) {
  switch (report_code) {
    case 0: return ExitCode::ok;
    case 1: return ExitCode::conformance_failure;
    default: return ExitCode::kernel_failure;
  }
}

// The more serious of two outcomes: kernel failure > conformance failure > ok.
ExitCode worst(ExitCode a, ExitCode b) {
  const auto rank = [](ExitCode c) { return c == ExitCode::kernel_failure ? 2 : c == ExitCode::conformance_failure ? 1 : 0; };
  return rank(a) >= rank(b) ? a : b;
}

struct ReportFile {
  std::string path;
  void (*write)(const conformance::Report&, std::ostream&);
  std::unique_ptr<std::ofstream> stream;
};

// Two spellings of one file ("r.xml", "./r.xml") compare equal.
bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec1, ec2;
  const auto ca = std::filesystem::weakly_canonical(a, ec1);
  const auto cb = std::filesystem::weakly_canonical(b, ec2);
  return (!ec1 && !ec2) ? ca == cb : a == b;
}

// Opened before anything runs, so a bad path costs nothing.
std::vector<ReportFile> open_report_files(const ParsedArguments& args) {
  std::vector<ReportFile> files;
  const std::pair<const char*, void (*)(const conformance::Report&, std::ostream&)> kinds[] = {
      {"junit", conformance::write_junit}, {"json", conformance::write_json}, {"markdown", conformance::write_markdown}};
  for (const auto& [option, writer] : kinds) {
    const auto path = args.value(option);
    if (!path) continue;
    for (const auto& other : files)
      if (same_file(other.path, *path))
        throw UsageError(std::string("--") + option + ": '" + *path + "' is also the file of another report; " +
                         "give each report its own file");
    auto stream = std::make_unique<std::ofstream>(*path, std::ios::binary | std::ios::trunc);
    // A byte written and flushed now: a path that opens but cannot take data (/proc/version, a full disk) is
    // refused before the run, not after it.
    if (*stream) *stream << '\n' << std::flush;
    if (!*stream) throw UsageError(std::string("--") + option + ": cannot write '" + *path + "'");
    stream->close();
    stream->open(*path, std::ios::binary | std::ios::trunc);
    if (!*stream) throw UsageError(std::string("--") + option + ": cannot write '" + *path + "'");
    files.push_back(ReportFile{*path, writer, std::move(stream)});
  }
  return files;
}

// A report with one kernel_error result, for the report files when the kernel could not even be loaded.
conformance::Report load_failure_report(const std::string& path, const std::string& why, const Profile& profile,
                                        conformance::Tier tier) {
  conformance::Report report;
  report.tool_version = harness::tool_version();
  report.kernel_name = path;
  report.kernel_path = path;
  report.profile = std::string(profile.name);
  report.tier = std::string(harness::tier_name(tier));
  conformance::CheckResult load;
  load.name = "load";
  load.operation = "load";
  load.tier = report.tier;
  load.status = conformance::CheckStatus::kernel_error;
  load.note = why;
  report.checks.push_back(std::move(load));
  return report;
}

ExitCode run(const CommandContext& context) {
  const auto& args = context.args;
  const auto choice = kernel_choice(args);
  auto options = run_options(args);
  conformance::Tier tier = conformance::Tier::fast;
  if (const auto text = args.value("tier")) {
    const auto parsed = harness::parse_tier(*text);
    if (!parsed) throw UsageError("--tier: unknown tier '" + *text + "' (valid: fast, exhaustive)");
    tier = *parsed;
  }
  const auto profile_text = args.value("profile");
  const Profile* forced_profile = profile_text ? &require_profile("--profile", *profile_text) : nullptr;
  if (!choice && (args.has("junit") || args.has("json") || args.has("markdown")))
    throw UsageError("--junit, --json and --markdown write one kernel's report: give --kernel or --builtin");
  preflight(options, tier);
  {
    std::string probe;  // --set is checked before anything runs
    (void)with_settings(args, require_profile("--profile", "ocp"), probe);
  }
  auto files = open_report_files(args);
  harness::ProgressDisplay progress(context.err, harness::ProgressDisplay::stderr_is_terminal());
  options.progress = &progress;

  // One kernel: load, run, print, write the files.
  const auto run_one = [&](const std::string& path, const Profile& profile) -> ExitCode {
    conformance::Report report;
    try {
      const harness::LoadedKernel loaded = harness::load_kernel(path);
      harness::RunOptions with_device = options;
      with_device.device_kernel = loaded.device;
      report = harness::run_conformance(*loaded.kernel, path, profile, tier, with_device);
    } catch (const harness::KernelLoadError& e) {
      context.err << "mxconf " << context.name << ": " << e.what() << '\n';
      for (auto& f : files) f.write(load_failure_report(path, e.what(), profile, tier), *f.stream);
      return ExitCode::kernel_failure;
    }
    conformance::write_console(report, context.out, {.verbose = args.has("verbose")});
    context.out.flush();
    const bool none_ran = std::none_of(report.checks.begin(), report.checks.end(), [](const auto& c) {
      return c.status != conformance::CheckStatus::skipped;
    });
    for (auto& f : files) {
      f.write(report, *f.stream);
      f.stream->flush();
      if (!*f.stream) {
        context.err << "mxconf " << context.name << ": cannot write '" << f.path << "'\n";
        return ExitCode::internal;
      }
    }
    if (none_ran) {
      // Every selected check was skipped: nothing was shown to conform (no silent pass).
      context.err << "mxconf " << context.name << ": no check ran: the kernel declares none of the capabilities the "
                  << report.checks.size() << " selected checks need (see the SKIP reasons)\n";
      return ExitCode::conformance_failure;
    }
    return to_exit(report.exit_code());
  };

  std::string set_name;  // owns the name of a profile changed by --set
  if (choice) {
    const Profile& base = forced_profile ? *forced_profile : require_profile("--profile", choice->default_profile);
    const Profile profile = with_settings(args, base, set_name);
    return run_one(choice->path, profile);
  }

  // No kernel named: every built-in kernel against its own profile (or --profile), one report after another.
  ExitCode status = ExitCode::ok;
  bool first = true;
  for (const auto& builtin : harness::builtin_kernels()) {
    if (!first) context.out << '\n';
    first = false;
    if (builtin.path.empty()) {
      context.out << "# " << builtin.name << ": not built in this tree (skipped)\n";
      continue;
    }
    const Profile profile =
        with_settings(args, forced_profile ? *forced_profile : require_profile("--profile", builtin.profile), set_name);
    context.out << "# built-in kernel '" << builtin.name << "' under profile " << profile.name << ": "
                << builtin.summary << "\n";
    status = worst(status, run_one(std::string(builtin.path), profile));
  }
  context.out << "\nVerdict for every built-in kernel: "
              << (status == ExitCode::ok ? "PASS" : status == ExitCode::conformance_failure ? "FAIL" : "KERNEL ERROR")
              << '\n';
  return status;
}

}  // namespace

const Command& run_command() {
  static const Command command{
      .name = "run",
      .summary = "run the conformance checks against a kernel and print the report",
      .synopsis = "--kernel PATH | --builtin NAME [--profile P] [--tier fast|exhaustive] [--only PATTERN]\n"
                  "                  [--junit FILE] [--json FILE] [--markdown FILE] [--timeout S] [--threads N]\n"
                  "                  [--seed N] [--no-isolation] [--vectors-dir DIR] [--set POLICY=VALUE ...] [--verbose]",
      .options = options(),
      .details =
          "Loads the kernel (a shared library exporting mxconf_kernel_entry; see docs/plug-a-kernel.md), checks its\n"
          "ABI version and capability table, and runs every check of the tier that its capabilities allow, each in\n"
          "a child process: a crash or a hang is reported for that check and the others still run. Checks the\n"
          "kernel declares no capability for are skipped, never passed. Without --kernel and --builtin, every\n"
          "built-in kernel is checked against its own profile (reference: ocp, scalar-codec: ocp, simd: ocp,\n"
          "cuda-host: nvidia, cuda-mx-host-nvidia: nvidia, cuda-mx-host-ocp: ocp).\n\n"
          "Exit codes: 0 every check passed or was skipped, 1 a conformance failure, 2 usage or input error,\n"
          "3 the kernel crashed, hung, returned an error status, wrote past its output or broke the ABI.",
      .max_positionals = 0,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
