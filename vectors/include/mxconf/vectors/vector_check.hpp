// What a vector file's rows mean, checked: the reader's second half. parse_vector_file checks the syntax;
// check_vector_file checks the meaning of each operation and names file and line on the first problem.
#pragma once

#include <string>
#include <vector>

#include "mxconf/vectors/interval_table.hpp"
#include "mxconf/vectors/vector_file.hpp"

namespace mxconf::vectors {

// Throws VectorFileError when: the operation is unknown; a header key the operation needs is missing or names an
// unknown format, rounding, rule or profile; a field is not hex where hex is expected, or a code does not fit its
// format; a classes field names an unknown class; an interval table is unsorted, overlaps, leaves a gap or does
// not cover every pattern of its source.
void check_vector_file(const VectorFile& file, const std::string& path);

// The rows of a checked convert-intervals or scale-intervals file.
std::vector<Interval> intervals_of(const VectorFile& file, const std::string& path);

}  // namespace mxconf::vectors
