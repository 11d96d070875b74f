// MX Dot and DotGeneral (OCP MX v1.0 §6.1-6.2) rounded once to fp32: every product of two element values is an
// integer multiple of 2^(u_a + u_b) (u = the format's smallest step), a block's sum of products is exact in
// 128 bits, and the block sums, weighted by their scales 2^(s_a + s_b), are added exactly in a fixed-point
// accumulator of a few hundred bits; one rounding at the end. Specials as the reference's dot(): NaN from a NaN
// scale, a NaN element, Inf * 0 or Inf - Inf; an exact zero is -0 only when every product is -0.
#pragma once

#include <cstdint>
#include <span>

#include "mxconf/kernels/scalar_codec/convert.hpp"

namespace mxconf::scalar_codec {

// n = scales_a.size() block pairs of k elements (codes: n * k, block-major). rounding: rne, rtz, rup, rdn, rna.
// invalid_argument for mismatched sizes, k = 0, a code that does not fit its format, or sr.
Status dot_fp32(FormatId element_a, FormatId element_b, Rounding rounding, std::size_t k,
                std::span<const std::uint8_t> scales_a, std::span<const std::uint8_t> codes_a,
                std::span<const std::uint8_t> scales_b, std::span<const std::uint8_t> codes_b,
                std::uint32_t& result) noexcept;

}  // namespace mxconf::scalar_codec
