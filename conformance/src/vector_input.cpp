#include "vector_input.hpp"

#include <sstream>

#include "mxconf/reference/hexfloat.hpp"
#include "mxconf/vectors/vector_check.hpp"

namespace mxconf::conformance::detail {

vectors::VectorFile load_vectors(const RunContext& context, const std::string& relative) {
  const std::filesystem::path path = context.vectors_dir / relative;
  if (!std::filesystem::exists(path))
    throw std::runtime_error("golden vector file " + path.string() + " not found (is --vectors the vectors/golden folder?)");
  vectors::VectorFile file = vectors::read_vector_file(path);
  vectors::check_vector_file(file, path.string());
  return file;
}

std::size_t column(const vectors::VectorFile& file, std::string_view name, const std::string& path) {
  std::istringstream columns{std::string(file.require("columns", path))};
  std::string c;
  for (std::size_t i = 0; columns >> c; ++i)
    if (c == name) return i;
  throw vectors::VectorFileError(path, 0, "no column '" + std::string(name) + "'");
}

std::uint64_t hex_field(const vectors::Row& row, std::size_t index, const std::string& path) {
  const auto v = index < row.fields.size() ? parse_hex_code(row.fields[index]) : std::nullopt;
  if (!v) throw vectors::VectorFileError(path, row.line, "field " + std::to_string(index + 1) + " is not a hex code");
  return *v;
}

vectors::CaseClasses classes_field(const vectors::Row& row, std::size_t index, const std::string& path) {
  const auto c = index < row.fields.size() ? vectors::CaseClasses::parse(row.fields[index]) : std::nullopt;
  if (!c) throw vectors::VectorFileError(path, row.line, "field " + std::to_string(index + 1) + " is not a class list");
  return *c;
}

}  // namespace mxconf::conformance::detail
