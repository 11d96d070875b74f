// Reading the golden vector files a check takes its inputs from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mxconf/conformance/check.hpp"
#include "mxconf/vectors/vector_file.hpp"

namespace mxconf::conformance::detail {

// context.vectors_dir / relative, read and checked (vectors::check_vector_file). Throws vectors::VectorFileError
// (file and line) or std::runtime_error when it is missing: a broken installation, not a kernel failure.
vectors::VectorFile load_vectors(const RunContext& context, const std::string& relative);

// The index of a column named in @columns; throws VectorFileError when absent.
std::size_t column(const vectors::VectorFile& file, std::string_view name, const std::string& path);

// A hex field; throws VectorFileError naming file and line.
std::uint64_t hex_field(const vectors::Row& row, std::size_t index, const std::string& path);

vectors::CaseClasses classes_field(const vectors::Row& row, std::size_t index, const std::string& path);

}  // namespace mxconf::conformance::detail
