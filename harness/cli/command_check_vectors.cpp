// mxconf check-vectors [--dir DIR] [FILE...]: read and check vector files; verify a folder against its manifest.
#include <array>
#include <algorithm>
#include <filesystem>
#include <ostream>

#include "command.hpp"
#include "mxconf/vectors/generate.hpp"
#include "mxconf/vectors/vector_check.hpp"

namespace mxconf::cli {
namespace {

constexpr std::array kOptions{
    OptionSpec{"dir", OptionKind::value, "DIR",
               "check every file under DIR and its MANIFEST.txt hashes (default vectors/golden without FILEs)"},
};

// Reads and checks one file; prints "FILE:LINE: why" on failure.
bool check_file(const std::filesystem::path& path, std::ostream& err) {
  try {
    vectors::check_vector_file(vectors::read_vector_file(path), path.string());
    return true;
  } catch (const vectors::VectorFileError& e) {
    err << "mxconf check-vectors: " << e.what() << '\n';
    return false;
  }
}

ExitCode run(const CommandContext& context) {
  std::size_t files = 0, bad = 0;
  const auto dir_arg = context.args.value("dir");
  const auto& positionals = context.args.positionals();
  for (const auto& file : positionals) {
    ++files;
    if (!check_file(std::string(file), context.err)) ++bad;
  }
  if (dir_arg || positionals.empty()) {
    const std::filesystem::path dir(std::string(dir_arg ? *dir_arg : "vectors/golden"));
    if (!std::filesystem::is_directory(dir)) {
      context.err << "mxconf check-vectors: --dir: '" << dir.string() << "' is not a folder\n";
      return ExitCode::input_error;
    }
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
      if (e.is_regular_file()) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      ++files;
      if (!check_file(p, context.err)) ++bad;
    }
    try {
      for (const auto& path : vectors::verify_manifest(dir)) {
        context.err << "mxconf check-vectors: " << (dir / path).string()
                    << ": missing, or its SHA-256 differs from MANIFEST.txt (regenerate with `mxconf gen`)\n";
        ++bad;
      }
    } catch (const vectors::VectorFileError& e) {
      context.err << "mxconf check-vectors: " << e.what() << '\n';
      ++bad;
    }
  }
  context.out << files << " files checked, " << bad << " problems\n";
  return bad == 0 ? ExitCode::ok : ExitCode::input_error;
}

}  // namespace

const Command& check_vectors_command() {
  static const Command command{
      .name = "check-vectors",
      .summary = "check vector files (syntax, meaning, interval coverage) and a folder's manifest hashes",
      .synopsis = "[--dir DIR] [FILE...]",
      .options = kOptions,
      .details =
          "Each file is read as docs/vectors.md specifies and rejected with FILE:LINE: why when malformed (bad\n"
          "header, bad hex, wrong field count, unsorted, overlapping or gappy intervals). With --dir (or no FILE),\n"
          "every file under the folder is checked and MANIFEST.txt's SHA-256 hashes are verified.",
      .max_positionals = 100000,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
