// MX dot products (OCP MX v1.0 §6: Dot and DotGeneral): exact, and rounded once to fp32.
#pragma once

#include <cstdint>
#include <span>

#include "mxconf/reference/block.hpp"

namespace mxconf {

// X_A * X_B * sum_i P_i^A * P_i^B, exact. Blocks must have equal length. NaN if either scale or any
// product is NaN; Inf - Inf is NaN.
ExactValue dot(const QuantizedBlock& a, const FormatSpec& element_a, const QuantizedBlock& b,
               const FormatSpec& element_b);

// DotGeneral: the exact sum of the block dots of n block pairs.
ExactValue dot(std::span<const QuantizedBlock> a, const FormatSpec& element_a, std::span<const QuantizedBlock> b,
               const FormatSpec& element_b);

// The exact result rounded once into fp32 under `rounding` with IEEE overflow.
std::uint64_t dot_to_fp32(const ExactValue& exact, Rounding rounding);

}  // namespace mxconf
