// mxconf verify --vectors FILE --outputs FILE [--profile P] [--all]: a kernel's outputs, computed anywhere, checked
// against a golden vector file (harness/verify.hpp; the outputs format is in docs/cli.md). Prints each mismatch
// as OUTPUTS:LINE with the vector file's line, then counts per case class.
// Exit: 0 every case matches, 1 a mismatch, 2 usage or input error (unreadable or malformed file, wrong count).
#include <array>
#include <fstream>
#include <ostream>
#include <sstream>

#include "command.hpp"
#include "names.hpp"
#include "usage_error.hpp"
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
    OptionSpec{"all", OptionKind::flag, "", "print every mismatch (default: the first 20)"},
};

std::string read_text(const std::string& option, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("--" + option + ": cannot read '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ExitCode run(const CommandContext& context) {
  const std::string vectors_path = context.args.required("vectors");
  const std::string outputs_path = context.args.required("outputs");
  const auto profile_text = context.args.value("profile");
  const Profile* profile = profile_text ? &require_profile("--profile", *profile_text) : nullptr;
  const std::string outputs = read_text("outputs", outputs_path);
  if (!std::ifstream(vectors_path)) throw UsageError("--vectors: cannot read '" + vectors_path + "'");

  harness::VerifyResult result;
  try {
    const auto file = vectors::read_vector_file(vectors_path);
    vectors::check_vector_file(file, vectors_path);
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
      .synopsis = "--vectors FILE --outputs FILE [--profile P] [--all]",
      .options = kOptions,
      .details =
          "For kernels that are not a C library (Triton, PyTorch, a simulator): run the vector file's inputs\n"
          "through the kernel, write one line per case to the outputs file, and let mxconf compare, NaN-aware\n"
          "under the profile's comparison policies. Interval files (convert-intervals, scale-intervals): each\n"
          "line is 'PATTERN CODE' for any patterns you chose. Other files: one line per row, in order, holding\n"
          "only the outputs: convert 'CODE', decode 'FP32', quantize 'SCALE C0 .. Ck-1', dot 'FP32'. Blank lines\n"
          "and '#' lines are skipped. Mismatches print as OUTPUTS:LINE with the vector file's line.\n\n"
          "Exit codes: 0 every case matches, 1 a mismatch, 2 usage or input error (unreadable or malformed file,\n"
          "a malformed outputs line, a line count that differs from the rows).",
      .max_positionals = 0,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
