// What a dot kernel may return. OCP MX v1.0 §6 leaves the accumulation order and precision open, so a dot result is
// judged against the exact value within a bound, computed exactly (ExactValue arithmetic, no float):
//
//   |got - exact| <= gamma_n * S + ulp(exact)/2 + (n + 2 * pairs) * 2^-150
//
//   n = pairs * k products, S = sum |X_A X_B P_A,i P_B,i|, gamma_n = n u / (1 - n u), u = 2^-24.
//
// gamma_n * S bounds n - 1 fp32 additions (and a rounded product each) in any order (Higham, "Accuracy and
// Stability of Numerical Algorithms", 2nd ed., §3.1 and §4.2); ulp(exact)/2 admits a kernel that accumulates more
// precisely and rounds once; the last term admits an underflow (at most 2^-150 absolute) in each product and in the
// application of each block pair's two scales. A kernel whose partial sums can reach the fp32 overflow threshold
// T = 2^128 - 2^103 may return Inf of the side that can overflow (NaN when both can); an exact NaN or Inf must be
// returned as such. Not admitted: an fp32 X_A * X_B that flushes to zero while the block's terms are not tiny.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "mxconf/reference/block.hpp"

namespace mxconf::conformance::detail {

struct DotJudgement {
  ExactValue exact = ExactValue::zero(false);
  std::uint64_t rne = 0;  // exact rounded once to fp32, nearest even
  bool within_bound = false;
  bool exactly_rounded = false;  // got == rne (or both NaN)
};

DotJudgement judge_dot(std::span<const QuantizedBlock> a, std::span<const QuantizedBlock> b, const FormatSpec& element,
                       std::uint32_t got);

// The bound in words, for CheckResult::note.
std::string dot_bound_text(std::size_t pairs, std::size_t k);

}  // namespace mxconf::conformance::detail
