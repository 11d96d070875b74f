// mxconf identify --kernel PATH | --builtin NAME: which profiles a kernel conforms to exactly. Runs the fast tier
// under every profile (one loaded kernel, each check isolated as in `mxconf run`) and prints one line per profile:
//   nvidia: conforms (142 checks, 20 skipped)
//   ocp: differs in 2 checks
//     quantize/e4m3-floor/vectors: block 'one-nan' ...: expected 0xff, got 0x7f (3 mismatches)
// Exit: 0 it conforms to at least one profile, 1 to none, 2 usage error, 3 the kernel crashed, hung or broke the ABI.
#include <algorithm>
#include <ostream>
#include <vector>

#include "command.hpp"
#include "kernel_options.hpp"
#include "policy_settings.hpp"
#include "usage_error.hpp"
#include "mxconf/harness/kernel_loader.hpp"
#include "mxconf/harness/progress.hpp"
#include "mxconf/harness/runner.hpp"

namespace mxconf::cli {
namespace {

// The first line of a possibly multi-line text.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// Every policy's value under a profile, in policy_settings() order.
std::vector<std::string_view> policy_values(const Profile& p) {
  const PolicyBundle bundle{p.element, p.block};
  std::vector<std::string_view> values;
  for (const auto& s : policy_settings()) values.push_back(s.current(bundle));
  return values;
}

// Per policy, the values of the consistent profiles: one value is what the kernel's answers show (from checks
// that ran); several are "undetermined". NaN sign and mantissa are undetermined where a profile compared NaN
// codes as any-NaN. (The rule is a call argument, so it is not a property of the kernel.)
// Whether a check that ran (by name) depends on the policy `name`: the policies a conversion or quantization into
// the check's format can reach. Decode, dequantize and dot depend on none.
bool depends_on(std::string_view check, std::string_view name) {
  const bool convert = check.starts_with("convert/"), sr = check.starts_with("convert-sr/"),
             quantize = check.starts_with("quantize/");
  if (!convert && !sr && !quantize) return false;
  const std::size_t slash = check.find('/');
  std::string_view config = check.substr(slash + 1);
  config = config.substr(0, config.find('/'));
  std::string_view target = config;  // quantize/<e>-<rule>, convert-sr/<e>-k<K>: the first part
  if (convert) {
    target = config.substr(config.find('-') + 1);  // convert/<src>-<dst>-<round>-<ovf>
  }
  target = target.substr(0, target.find('-'));
  const bool has_nan = target == "e4m3" || target == "e5m2" || target == "e8m0";
  const bool block = name == "block-nan" || name == "block-inf" || name == "zero-amax" || name == "scale-overflow" ||
                     name == "element-overflow";
  if (block) return quantize;
  if (name == "subnormal-input") return true;
  if (name == "nan-sign" || name == "nan-mantissa") return has_nan;
  if (name == "nan-into-finite") return !has_nan;
  if (name == "int8-range") return target == "int8";
  if (name == "zero-into-e8m0" || name == "e8m0-subnormal-rounding" || name == "negative-into-unsigned")
    return target == "e8m0";
  if (name == "directed-overflow")
    return quantize || sr || config.find("-rtz-") != std::string_view::npos ||
           config.find("-rup-") != std::string_view::npos || config.find("-rdn-") != std::string_view::npos;
  if (name == "inf-under-saturation")
    return quantize || sr || config.find("-saturate") != std::string_view::npos;
  return true;  // a policy added later: assume it matters
}

void write_policy_summary(std::ostream& out, const std::vector<Profile>& fitting,
                          const std::vector<std::string>& ran) {
  const bool any_nan = std::any_of(fitting.begin(), fitting.end(),
                                   [](const Profile& p) { return p.comparison.nan == NanMatch::any_nan; });
  out << "policies (from the checks that ran, under the consistent profiles):\n";
  const auto settings = policy_settings();
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const auto& setting = settings[i];
    if (!setting.accepted_by(kKernelCommands)) continue;  // overflow, rule: call arguments, checked per mode
    // A NaN code policy is shown only by profiles that compared NaN codes exactly.
    const bool nan_code = setting.name.starts_with("nan-") && setting.name != "nan-into-finite";
    std::vector<std::string_view> values;
    for (const Profile& p : fitting) {
      if (nan_code && p.comparison.nan == NanMatch::any_nan) continue;
      const auto v = policy_values(p)[i];
      if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
    }
    out << "  " << setting.name << ": ";
    if (std::none_of(ran.begin(), ran.end(), [&](const std::string& c) { return depends_on(c, setting.name); })) {
      out << "undetermined (no check that ran depends on it)\n";
      continue;
    }
    if (values.empty()) {
      out << "undetermined (NaN codes were compared as any-NaN)\n";
      continue;
    }
    if (values.size() == 1) {
      out << values.front() << (nan_code && any_nan ? " (any-NaN profiles accept any NaN code)" : "") << '\n';
      continue;
    }
    out << "undetermined (";
    for (std::size_t k = 0; k < values.size(); ++k) out << (k ? ", " : "") << values[k];
    out << " fit)\n";
  }
}

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
  std::vector<Profile> fitting;  // the conforming profiles, with --set applied
  std::vector<std::string> ran;   // the checks that ran under them
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
    const std::size_t ran_count = report.checks.size() - skipped;
    if (bad.empty() && ran_count == 0) {
      context.out << profile.name << ": nothing ran (all " << report.checks.size() << " checks skipped)\n";
    } else if (bad.empty()) {
      conforming.emplace_back(profile.name);
      fitting.push_back(profile);
      for (const auto& c : report.checks)
        if (c.status == conformance::CheckStatus::pass && std::find(ran.begin(), ran.end(), c.name) == ran.end())
          ran.push_back(c.name);
      context.out << profile.name << ": consistent (" << ran_count << " checks ran, " << skipped << " skipped)"
                  << (profile.comparison.nan == NanMatch::any_nan ? "; NaN codes compared as any-NaN" : "") << '\n';
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
    write_policy_summary(context.out, fitting, ran);
    // A profile matches exactly only when the checks that ran tell it apart from every other consistent one;
    // otherwise they are listed together and the undetermined policies say why (never on skipped checks alone).
    const bool exact = std::all_of(fitting.begin(), fitting.end(), [&](const Profile& p) {
      return policy_values(p) == policy_values(fitting.front());
    });
    context.out << (exact ? "conforms to:" : "consistent with (the checks that ran do not tell these apart):");
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
