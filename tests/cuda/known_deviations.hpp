// Known CUDA deviations: the places where CUDA 13.0's host conversions differ from the "nvidia" profile,
// each pinned exactly (which rows, which inputs, CUDA's output). docs/cuda-crosscheck.md has the long form.
//
// A difference not in this table fails the cross-check; so does a pinned deviation that no longer occurs on a
// row it applies to (a CUDA upgrade that fixes it must be noticed and the entry removed).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "crosscheck.hpp"

namespace mxconf::cuda_xcheck {

struct KnownDeviation {
  std::string_view id;           // short name used in reports
  std::string_view input_class;  // which inputs
  std::string_view cuda_does;    // CUDA's output, in words
  std::string_view reference_does;
  std::string_view why;          // documentation vs behaviour, with the source line
  bool (*applies_to)(const EncodeRow& row);
  // CUDA's output for an input of the class; empty for inputs outside it. Where it equals the reference's
  // answer the input is an ordinary match.
  std::optional<std::uint64_t> (*cuda_output)(const EncodeRow& row, std::uint64_t bits);
};

std::span<const KnownDeviation> known_deviations();

}  // namespace mxconf::cuda_xcheck
