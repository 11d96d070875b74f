// `mxconf gen`: regenerate the catalogue into a folder, with a manifest of SHA-256 hashes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mxconf/vectors/vector_file.hpp"

namespace mxconf::vectors {

inline constexpr std::string_view kManifestName = "MANIFEST.txt";

struct GenerateOptions {
  std::filesystem::path out_dir;
  std::string only;                                    // glob (* ?) on the relative path; empty = everything
  unsigned threads = 1;
  std::function<void(std::string_view line)> progress;  // one call per file written
};

struct GeneratedFile {
  std::string path;
  std::string sha256;
  std::size_t bytes = 0;
  std::string profile;   // "-" when the file is not made under a profile (decode, dot)
  std::string policies;  // the header's @policies and @block-policies, ',' separated; "-" when none
};

// Writes every catalogue file whose path matches `only`, then the manifest (a vector file, operation
// "manifest"). With `only`, rows of an existing manifest for other files are kept. Returns what was written.
// Throws std::filesystem::filesystem_error naming the path when a file cannot be written.
std::vector<GeneratedFile> generate_vectors(const GenerateOptions& options);

// Hash check of a vector folder against its manifest: the paths whose files are missing or differ.
std::vector<std::string> verify_manifest(const std::filesystem::path& dir);

bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace mxconf::vectors
