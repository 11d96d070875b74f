// `mxconf verify`: a kernel's outputs, computed anywhere (Triton, PyTorch, a simulator), checked against a golden
// vector file. The outputs file is text: one line per case, hex codes separated by blanks; blank lines and lines
// starting with '#' are skipped. What a line holds depends on the vector file's @operation (docs/cli.md):
//
//   convert-intervals, scale-intervals   "PATTERN CODE": any source pattern the user chose, and its output code
//   convert (incl. stochastic)           "CODE": one line per row, in row order
//   decode                               "FP32": the decoded value's fp32 bit pattern, one line per row
//   quantize                             "SCALE C0 .. Ck-1": one line per row (codes unpacked, one per element)
//   dot                                  "FP32": the result's fp32 bit pattern, one line per row
//
// Codes compare NaN-aware under the profile's comparison policies (any NaN code matches an expected NaN under
// NanMatch::any_nan; element codes of a block whose expected scale is NaN are don't-care when the profile says so).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mxconf/reference/profile.hpp"
#include "mxconf/vectors/case_class.hpp"
#include "mxconf/vectors/vector_file.hpp"

namespace mxconf::harness {

struct VerifyMismatch {
  std::size_t outputs_line = 0;  // line in the outputs file
  std::size_t vectors_line = 0;  // line of the row (or interval) in the vector file
  std::string input;             // "fp32 0x43e80001", "block 'one-nan'", ...
  std::string field;             // "code", "scale", "element 7", "fp32"
  std::string expected, got;     // hex codes; expected may say "any NaN"
  std::string note;              // e.g. the exact dot result; may be empty
  vectors::CaseClasses classes;
};

// A malformed outputs line, or a line count that does not match the rows: an input error (exit 2).
struct VerifyProblem {
  std::size_t outputs_line = 0;  // 0: the file as a whole
  std::string why;
};

struct VerifyResult {
  std::string operation;               // the vector file's @operation
  std::string profile;                 // the profile whose comparison policies applied
  std::uint64_t cases = 0;             // outputs lines compared
  std::uint64_t not_compared = 0;      // expected "-" (no encoding under the file's policies): nothing to compare
  std::uint64_t mismatched_cases = 0;  // cases with at least one differing field
  std::array<std::uint64_t, vectors::kCaseClassCount> cases_by_class{}, mismatches_by_class{};
  std::vector<VerifyMismatch> mismatches;  // every differing field, in outputs order
  std::vector<VerifyProblem> problems;
};

// The profile verify_outputs compares under: `profile`, or when null the file's @profile, else ocp.
const Profile& verify_profile(const vectors::VectorFile& vectors, const Profile* profile);

// Compares. `vectors` must have passed check_vector_file; `profile` null: the file's @profile, else ocp.
// Throws vectors::VectorFileError for a vector file verify cannot use (a manifest).
VerifyResult verify_outputs(const vectors::VectorFile& vectors, const std::string& vectors_path,
                            std::string_view outputs_text, const Profile* profile);

}  // namespace mxconf::harness
