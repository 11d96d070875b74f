// Interval tables: a conversion from a source format is a step function of the source's bit pattern, so the
// answer for all 2^32 fp32 inputs fits in a few hundred rows "first last code".
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "mxconf/vectors/case_class.hpp"

namespace mxconf::vectors {

struct Interval {
  std::uint64_t first = 0;
  std::uint64_t last = 0;              // inclusive
  std::optional<std::uint64_t> code;   // empty: no encoding under the file's policies (written "-")
  CaseClasses classes;
};

using StepFunction = std::function<std::optional<std::uint64_t>(std::uint64_t pattern)>;

// Splits the patterns 0 .. 2^source_bits - 1 into maximal runs of equal output. A new run always starts at each of
// `segment_starts` (for example where source subnormals, normals, Inf and NaN begin), and within a segment the
// function must be monotone in the sense that each output's inputs are contiguous -- true of every rounding of a
// sign-magnitude source. Runs are found by exponential then binary search, so a table costs O(runs * bits)
// evaluations. Throws std::logic_error if an output recurs in two runs of one segment (the assumption failed).
std::vector<Interval> build_interval_table(int source_bits, std::span<const std::uint64_t> segment_starts,
                                           const StepFunction& f);

// Coverage check used by readers and tests: sorted, no gaps, no overlaps, first = 0, last = 2^bits - 1.
// Returns the index of the first bad row, or empty when the table is well formed.
std::optional<std::size_t> first_coverage_error(std::span<const Interval> table, int source_bits);

// The row holding `pattern` (binary search); the table must be well formed.
const Interval& lookup(std::span<const Interval> table, std::uint64_t pattern);

}  // namespace mxconf::vectors
