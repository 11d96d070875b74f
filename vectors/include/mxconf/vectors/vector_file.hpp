// A golden-vector file: a self-describing header and rows of whitespace-separated fields (docs/vectors.md).
//
//   mxconf-vectors 1
//   @operation convert-intervals
//   @from fp32
//   ...
//   @columns first last code classes
//   # a comment
//   0x00000000 0x3a800000 0x00 zero,denormal-in
//
// The reader checks the syntax here and the meaning of each operation in vector_check.hpp; every error names the
// file and line.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mxconf::vectors {

inline constexpr std::string_view kMagicLine = "mxconf-vectors 1";

struct Row {
  std::size_t line = 0;             // 1-based line number in the file
  std::vector<std::string> fields;
};

struct VectorFile {
  std::vector<std::pair<std::string, std::string>> header;  // in file order; keys are unique
  std::vector<Row> rows;

  // The value of a header key, if present.
  std::optional<std::string_view> find(std::string_view key) const;
  // The value of a header key; throws VectorFileError naming the file when absent.
  std::string_view require(std::string_view key, std::string_view file) const;
  void set(std::string key, std::string value);
};

// A malformed file: "FILE:LINE: why".
class VectorFileError : public std::runtime_error {
 public:
  VectorFileError(std::string file, std::size_t line, const std::string& why);
  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }

 private:
  std::string file_;
  std::size_t line_;
};

// Parses text; `file` names it in errors. Checks: the magic first line, header lines (@key value) before any row,
// no duplicate keys, an @columns line, and every row has as many fields as @columns names.
VectorFile parse_vector_file(std::string_view text, const std::string& file);
VectorFile read_vector_file(const std::filesystem::path& path);

// The file's text: magic line, header in order, then rows, '\n' line ends, nothing machine- or time-dependent.
std::string format_vector_file(const VectorFile& file, std::string_view leading_comment = {});

}  // namespace mxconf::vectors
