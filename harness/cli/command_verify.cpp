// mxconf verify --vectors FILE --outputs FILE [--profile P] [--all]: a kernel's outputs, computed anywhere, checked
// against a golden vector file (harness/verify.hpp; the outputs format is in docs/cli.md). Prints each mismatch
// as OUTPUTS:LINE with the vector file's line, then counts per case class.
// Exit: 0 every case matches, 1 a mismatch, 2 usage or input error (unreadable or malformed file, wrong count).
#include <array>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>

#include "command.hpp"
#include "names.hpp"
#include "policy_settings.hpp"
#include "usage_error.hpp"
#include "mxconf/conformance/probe_patterns.hpp"
#include "mxconf/harness/verify.hpp"
#include "mxconf/vectors/vector_check.hpp"

namespace mxconf::cli {
namespace {

constexpr std::size_t kShownMismatches = 20;

constexpr std::array kOptions{
    OptionSpec{"vectors", OptionKind::value, "FILE", "the golden vector file (vectors/golden/...)"},
    OptionSpec{"outputs", OptionKind::value, "FILE", "the kernel's outputs, one line per case (docs/cli.md)"},
    OptionSpec{"profile", OptionKind::value, "P",
               "comparison policies (NaN matching) of this profile (default: the file's @profile, else ocp)"},
    OptionSpec{"set", OptionKind::repeated, "POLICY=VALUE",
               "override one comparison policy of the profile (nan-match, decoded-nan-match; repeatable)"},
    OptionSpec{"all", OptionKind::flag, "", "print every mismatch (default: the first 20)"},
    OptionSpec{"cases", OptionKind::flag, "",
               "interval files: print the input patterns to run through the kernel (decision points of every mode "
               "and policy, interval ends, interior samples) and exit"},
    OptionSpec{"seed", OptionKind::value, "N", "seed of the interior samples of --cases (default 1)"},
};

// The probe patterns of an interval file (conformance/probe_patterns.hpp), in order.
std::vector<std::uint64_t> case_list(const vectors::VectorFile& file, const std::string& path, std::uint64_t seed) {
  const auto name = [&](const char* key, FormatId fallback) {
    const auto text = file.find(key);
    const auto id = text ? find_format(*text) : std::nullopt;
    return id ? *id : fallback;
  };
  const auto table = vectors::intervals_of(file, path);
  return conformance::probe_patterns(format_spec(name("from", FormatId::fp32)), format_spec(name("to", FormatId::e8m0)),
                                     table, seed);
}

std::uint64_t seed_option(const ParsedArguments& args) {
  const auto text = args.value("seed");
  if (!text) return 1;
  std::uint64_t seed = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), seed);
  if (ec != std::errc() || end != text->data() + text->size())
    throw UsageError("--seed: '" + *text + "' is not a decimal 64-bit unsigned integer");
  return seed;
}

// --cases: the patterns a file-based kernel should answer, one "0x..." per line.
ExitCode print_cases(const CommandContext& context, const std::string& vectors_path) {
  try {
    const auto file = vectors::read_vector_file(vectors_path);
    vectors::check_vector_file(file, vectors_path);
    const auto op = file.find("operation");
    if (!op || (*op != "convert-intervals" && *op != "scale-intervals"))
      throw UsageError("--cases: '" + vectors_path + "' is not an interval file (convert/ or scale/); the other "
                       "files list their cases as rows");
    const int digits = (format_spec(find_format(file.find("from").value_or("fp32")).value_or(FormatId::fp32)).bits + 3) / 4;
    for (const std::uint64_t p : case_list(file, vectors_path, seed_option(context.args))) {
      char buffer[24];
      std::snprintf(buffer, sizeof buffer, "0x%0*llx", digits, static_cast<unsigned long long>(p));
      context.out << buffer << '\n';
    }
  } catch (const vectors::VectorFileError& e) {
    context.err << "mxconf verify: " << e.what() << '\n';
    return ExitCode::input_error;
  }
  return ExitCode::ok;
}

std::string read_text(const std::string& option, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("--" + option + ": cannot read '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ExitCode run(const CommandContext& context) {
  const std::string vectors_path = context.args.required("vectors");
  if (context.args.has("cases")) {
    if (context.args.has("outputs")) throw UsageError("--cases prints the inputs to run; give --outputs afterwards");
    return print_cases(context, vectors_path);
  }
  if (context.args.has("seed")) throw UsageError("--seed applies only with --cases");
  const std::string outputs_path = context.args.required("outputs");
  const auto profile_text = context.args.value("profile");
  const Profile* profile = profile_text ? &require_profile("--profile", *profile_text) : nullptr;
  // --set: checked before any file is read (a bad name is a usage error whatever the files hold).
  const auto allowed = policy_names_for(kVerifyCommand, PolicyScope::comparison);
  PolicyBundle probe;
  for (const auto& a : context.args.values("set")) apply_setting(probe, "--set", a, allowed);
  const std::string outputs = read_text("outputs", outputs_path);
  if (!std::ifstream(vectors_path)) throw UsageError("--vectors: cannot read '" + vectors_path + "'");

  harness::VerifyResult result;
  try {
    const auto file = vectors::read_vector_file(vectors_path);
    vectors::check_vector_file(file, vectors_path);
    Profile changed;  // the profile with --set applied; its name ("ocp+nan-match=any-nan") lives in `changed_name`
    std::string changed_name;
    if (!context.args.values("set").empty()) {
      changed = harness::verify_profile(file, profile);
      PolicyBundle bundle{.element = changed.element, .block = changed.block, .comparison = changed.comparison};
      changed_name = std::string(changed.name);
      for (const auto& a : context.args.values("set")) {
        apply_setting(bundle, "--set", a, allowed);
        changed_name += "+" + a;
      }
      changed.comparison = bundle.comparison;
      changed.name = changed_name;
      profile = &changed;
    }
    result = harness::verify_outputs(file, vectors_path, outputs, profile);
  } catch (const vectors::VectorFileError& e) {
    context.err << "mxconf verify: " << e.what() << '\n';
    return ExitCode::input_error;
  }

  for (const auto& p : result.problems)
    context.err << "mxconf verify: " << outputs_path << (p.outputs_line ? ":" + std::to_string(p.outputs_line) : "")
                << ": " << p.why << '\n';
  const bool all = context.args.has("all");
  std::size_t shown = 0;
  for (const auto& m : result.mismatches) {
    if (!all && shown == kShownMismatches) {
      context.out << "... and " << result.mismatches.size() - shown << " more (--all prints them)\n";
      break;
    }
    ++shown;
    context.out << outputs_path << ':' << m.outputs_line << ": " << m.input << " (" << vectors_path << ':'
                << m.vectors_line << ", " << m.classes.to_string() << "): " << m.field << " expected " << m.expected
                << ", got " << m.got;
    if (!m.note.empty()) context.out << " (" << m.note << ")";
    context.out << '\n';
  }
  context.out << vectors_path << ": " << result.operation << ", profile " << result.profile << ": " << result.cases
              << (result.cases == 1 ? " case" : " cases") << " compared, " << result.mismatched_cases
              << " mismatched";
  if (result.not_compared) context.out << ", " << result.not_compared << " without an expected code (\"-\")";
  context.out << '\n';
  bool any_class = false;
  for (int c = 0; c < vectors::kCaseClassCount; ++c) {
    const auto i = static_cast<std::size_t>(c);
    if (result.cases_by_class[i] == 0) continue;
    if (!any_class) context.out << "by case class (mismatched/cases):";
    any_class = true;
    context.out << ' ' << vectors::to_string(static_cast<vectors::CaseClass>(c)) << ' '
                << result.mismatches_by_class[i] << '/' << result.cases_by_class[i];
  }
  if (any_class) context.out << '\n';
  if (!result.problems.empty()) return ExitCode::input_error;
  return result.mismatched_cases == 0 ? ExitCode::ok : ExitCode::conformance_failure;
}

}  // namespace

const Command& verify_command() {
  static const Command command{
      .name = "verify",
      .summary = "check a kernel's outputs, computed anywhere, against a golden vector file",
      .synopsis = "--vectors FILE --outputs FILE [--profile P] [--set POLICY=VALUE ...] [--all] | --vectors FILE --cases "
                  "[--seed N]",
      .options = kOptions,
      .details =
          "For kernels that are not a C library (Triton, PyTorch, a simulator): run the vector file's inputs\n"
          "through the kernel, write one line per case to the outputs file, and let mxconf compare, NaN-aware\n"
          "under the profile's comparison policies. Interval files (convert-intervals, scale-intervals): each\n"
          "line is 'PATTERN CODE' for any patterns you chose. Other files: one line per row, in order, holding\n"
          "only the outputs: convert 'CODE', decode 'FP32', quantize 'SCALE C0 .. Ck-1', dot 'FP32'. Blank lines\n"
          "and '#' lines are skipped. Mismatches print as OUTPUTS:LINE with the vector file's line.\n"
          "--cases prints, for an interval file, the patterns to ask: the decision points of every rounding mode,\n"
          "overflow mode and NaN/Inf policy, each interval's ends and neighbours, and seeded interior samples.\n\n"
          "Exit codes: 0 every case matches, 1 a mismatch, 2 usage or input error (unreadable or malformed file,\n"
          "a malformed outputs line, a line count that differs from the rows).",
      .max_positionals = 0,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
