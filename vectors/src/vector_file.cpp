#include "mxconf/vectors/vector_file.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace mxconf::vectors {
namespace {

std::vector<std::string> split_fields(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) fields.emplace_back(line.substr(start, i - start));
  }
  return fields;
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

}  // namespace

VectorFileError::VectorFileError(std::string file, std::size_t line, const std::string& why)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + why), file_(std::move(file)), line_(line) {}

std::optional<std::string_view> VectorFile::find(std::string_view key) const {
  for (const auto& [k, v] : header)
    if (k == key) return std::string_view(v);
  return std::nullopt;
}

std::string_view VectorFile::require(std::string_view key, std::string_view file) const {
  const auto v = find(key);
  if (!v) throw VectorFileError(std::string(file), 1, "header has no @" + std::string(key));
  return *v;
}

void VectorFile::set(std::string key, std::string value) {
  for (auto& [k, v] : header)
    if (k == key) {
      v = std::move(value);
      return;
    }
  header.emplace_back(std::move(key), std::move(value));
}

namespace {

// The 1-based line of "@key" in `text` (for the message), or 1.
std::size_t header_line(std::string_view text, std::string_view key) {
  const std::string needle = "\n@" + std::string(key);
  const std::size_t at = text.find(needle);
  if (at == std::string_view::npos) return 1;
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) + 2;
}

// At most 40 characters of a header value, control and non-ASCII bytes as \xNN: quoted without flooding.
std::string quoted_prefix(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size() && i < 40; ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (v.size() > 40) out += "...";
  return out;
}

}  // namespace

VectorFile parse_vector_file(std::string_view text, const std::string& file) {
  VectorFile out;
  std::size_t columns = 0;
  std::size_t line_number = 0;
  bool seen_magic = false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
    pos = end == std::string_view::npos ? text.size() + 1 : end + 1;
    if (end == std::string_view::npos && line.empty()) break;  // final newline
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find('\0') != std::string_view::npos) throw VectorFileError(file, line_number, "NUL byte in line");
    if (!seen_magic) {
      if (line != kMagicLine)
        throw VectorFileError(file, line_number, "first line must be '" + std::string(kMagicLine) + "'");
      seen_magic = true;
      continue;
    }
    if (is_blank(line) || line.front() == '#') continue;
    if (line.front() == '@') {
      if (!out.rows.empty()) throw VectorFileError(file, line_number, "header line after the first data row");
      const std::size_t space = line.find(' ');
      const std::string key(line.substr(1, space == std::string_view::npos ? std::string_view::npos : space - 1));
      if (key.empty()) throw VectorFileError(file, line_number, "header line without a key");
      const std::string value(space == std::string_view::npos ? std::string_view{} : line.substr(space + 1));
      if (out.find(key)) throw VectorFileError(file, line_number, "duplicate header key @" + key);
      if (key == "columns") {
        columns = split_fields(value).size();
        if (columns == 0) throw VectorFileError(file, line_number, "@columns names no column");
      }
      out.header.emplace_back(key, value);
      continue;
    }
    if (columns == 0) throw VectorFileError(file, line_number, "data row before the @columns header line");
    Row row{line_number, split_fields(line)};
    if (row.fields.size() != columns)
      throw VectorFileError(file, line_number,
                            "expected " + std::to_string(columns) + " fields (per @columns), found " +
                                std::to_string(row.fields.size()));
    out.rows.push_back(std::move(row));
  }
  if (!seen_magic) throw VectorFileError(file, 1, "empty file (no '" + std::string(kMagicLine) + "' line)");
  if (columns == 0) throw VectorFileError(file, line_number, "no @columns header line");
  // No silent pass (issue 9): a file cut short, or one whose count is not a number, is refused, not compared.
  if (const auto cases = out.find("cases")) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(cases->data(), cases->data() + cases->size(), n);
    if (cases->empty() || ec != std::errc() || end != cases->data() + cases->size())
      throw VectorFileError(file, header_line(text, "cases"), "@cases '" + quoted_prefix(*cases) +
                                                                   "' is not a row count (a decimal integer)");
    if (n != out.rows.size())
      throw VectorFileError(file, line_number,
                            "@cases says " + std::to_string(n) + " rows, the file has " +
                                std::to_string(out.rows.size()) + (n > out.rows.size() ? " (cut short?)" : ""));
  }
  if (out.rows.empty()) throw VectorFileError(file, line_number, "no data rows: nothing to compare");
  return out;
}

VectorFile read_vector_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw VectorFileError(path.string(), 0, "cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_vector_file(text.str(), path.string());
}

std::string format_vector_file(const VectorFile& file, std::string_view leading_comment) {
  std::string out(kMagicLine);
  out += '\n';
  std::size_t start = 0;
  while (start < leading_comment.size()) {
    const std::size_t end = leading_comment.find('\n', start);
    const auto line = leading_comment.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    out += "# ";
    out += line;
    out += '\n';
    start = end == std::string_view::npos ? leading_comment.size() : end + 1;
  }
  for (const auto& [key, value] : file.header) {
    out += '@';
    out += key;
    if (!value.empty()) {
      out += ' ';
      out += value;
    }
    out += '\n';
  }
  for (const auto& row : file.rows) {
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
      if (i) out += ' ';
      out += row.fields[i];
    }
    out += '\n';
  }
  return out;
}

}  // namespace mxconf::vectors
