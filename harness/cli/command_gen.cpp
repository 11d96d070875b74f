// mxconf gen [--out DIR] [--only PATTERN] [--threads N]: regenerate the golden vectors from the exact reference.
#include <array>
#include <charconv>
#include <filesystem>
#include <ostream>
#include <thread>

#include "command.hpp"
#include "usage_error.hpp"
#include "mxconf/vectors/generate.hpp"

namespace mxconf::cli {
namespace {

constexpr std::string_view kDefaultOut = "vectors/golden";

constexpr std::array kOptions{
    OptionSpec{"out", OptionKind::value, "DIR", "where to write (default vectors/golden, from the repository root)"},
    OptionSpec{"only", OptionKind::value, "PATTERN",
               "only paths matching PATTERN (glob with * and ?; without them, a substring)"},
    OptionSpec{"threads", OptionKind::value, "N", "worker threads (default: the number of cores)"},
};

unsigned thread_count(const ParsedArguments& args) {
  const auto text = args.value("threads");
  if (!text) return std::max(1u, std::thread::hardware_concurrency());
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || end != text->data() + text->size() || n == 0 || n > 256)
    throw UsageError("--threads: '" + std::string(*text) + "' is not a thread count (1..256)");
  return n;
}

ExitCode run(const CommandContext& context) {
  vectors::GenerateOptions options;
  const auto out = context.args.value("out");
  options.out_dir = std::string(out ? *out : kDefaultOut);
  if (const auto only = context.args.value("only")) options.only = std::string(*only);
  options.threads = thread_count(context.args);
  options.progress = [&](std::string_view line) { context.out << line << '\n' << std::flush; };
  std::vector<vectors::GeneratedFile> written;
  try {
    written = vectors::generate_vectors(options);
  } catch (const std::filesystem::filesystem_error& e) {  // the folder cannot be made or written
    context.err << "mxconf gen: --out " << options.out_dir.string() << ": cannot write there (" << e.what() << ")\n";
    return ExitCode::input_error;
  }
  if (written.empty()) {
    context.err << "mxconf gen: --only '" << options.only << "' matches no vector file\n";
    return ExitCode::input_error;
  }
  std::size_t bytes = 0;
  for (const auto& f : written) bytes += f.bytes;
  context.out << "wrote " << written.size() << " files, " << bytes << " bytes, and "
              << (options.out_dir / vectors::kManifestName).string() << '\n';
  return ExitCode::ok;
}

}  // namespace

const Command& gen_command() {
  static const Command command{
      .name = "gen",
      .summary = "regenerate the golden vector files and their manifest",
      .synopsis = "[--out DIR] [--only PATTERN] [--threads N]",
      .options = kOptions,
      .details =
          "Writes every file of the vector catalogue (docs/vectors.md) from the exact reference, byte-identical on\n"
          "every run and machine, one progress line per file, then MANIFEST.txt with each file's SHA-256, the\n"
          "generator version, and the profile and policies it was made under. With --only, the other rows of an\n"
          "existing manifest are kept.",
      .max_positionals = 0,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
