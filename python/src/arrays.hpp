// The reference on arrays: every function the Python package offers, on spans of bit patterns and codes.
//
// The fast path is the SIMD codec (kernels/simd, Highway) wherever it covers the configuration, the scalar codec
// (kernels/scalar_codec) elsewhere (stochastic rounding, the scale rules and policy values the SIMD codec lacks);
// tests/kernels checks both against the exact reference, and python/tests checks the package against the CLI. THE
// SWITCH POINT is arrays.cpp's convert_fast() (and the SIMD branches of decode, quantize, dequantize).
//
// The reference_* functions run the exact reference element by element (slow; for tests and small inputs).
#pragma once

#include <cstdint>
#include <span>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/format.hpp"

namespace mxconf::python {

// Which codec convert() runs: reported by mxconf.fast_path() so benchmarks and docs say what they measured.
const char* fast_path_name();
// The instruction set the SIMD codec's dispatcher picked on this machine ("AVX2", "AVX3", ...).
const char* fast_path_target();

// source: fp32 (in32) or bf16 / fp16 (in16); exactly one of in32 / in16 is non-empty. random: one value per input
// under Rounding::sr, else empty. Throws std::invalid_argument naming the first element the policies refuse.
void convert(FormatId source, std::span<const std::uint32_t> in32, std::span<const std::uint16_t> in16, FormatId to,
             const EncodeOptions& options, std::span<const std::uint32_t> random, std::span<std::uint8_t> out);

// Codes -> fp32 bit patterns (exact; NaN codes give 0x7fc00000).
void decode(FormatId format, std::span<const std::uint8_t> codes, std::span<std::uint32_t> out);

// One E8M0 scale per fp32 amax, exactly as `mxconf scale --from fp32` (the reference's block_scale).
void scale(std::span<const std::uint32_t> amax, FormatId element, const QuantizeOptions& options,
           std::span<std::uint8_t> out);

// values: blocks * k fp32 or bf16 patterns, rowwise; codes: blocks * k, one per byte.
void quantize(FormatId source, std::span<const std::uint32_t> in32, std::span<const std::uint16_t> in16,
              std::size_t k, FormatId element, const QuantizeOptions& options, std::span<const std::uint32_t> random,
              std::span<std::uint8_t> scales, std::span<std::uint8_t> codes);

// out: blocks * k patterns of `target` (fp32, bf16, fp16) in the low bits.
void dequantize(FormatId element, std::span<const std::uint8_t> scales, std::span<const std::uint8_t> codes,
                std::size_t k, FormatId target, Rounding rounding, std::span<std::uint32_t> out);

// One fp32 pattern per row: a row is `pairs` block pairs (scales: rows * pairs, codes: rows * pairs * k).
void dot(FormatId element_a, FormatId element_b, Rounding rounding, std::size_t k, std::size_t pairs,
         std::span<const std::uint8_t> scales_a, std::span<const std::uint8_t> codes_a,
         std::span<const std::uint8_t> scales_b, std::span<const std::uint8_t> codes_b, std::span<std::uint32_t> out);

// The exact reference, element by element (tests compare the fast path with these and with the CLI).
void reference_convert(FormatId source, std::span<const std::uint32_t> bits, FormatId to, const EncodeOptions& options,
                       std::span<const std::uint32_t> random, std::span<std::uint8_t> out);
void reference_dot(FormatId element_a, FormatId element_b, Rounding rounding, std::size_t k, std::size_t pairs,
                   std::span<const std::uint8_t> scales_a, std::span<const std::uint8_t> codes_a,
                   std::span<const std::uint8_t> scales_b, std::span<const std::uint8_t> codes_b,
                   std::span<std::uint32_t> out);

// FP4 / FP6 layouts (kernel.h MXCONF_LAYOUT_PACKED).
std::size_t packed_size(FormatId format, std::size_t count);
void pack(FormatId format, std::span<const std::uint8_t> codes, std::span<std::uint8_t> packed);
void unpack(FormatId format, std::span<const std::uint8_t> packed, std::span<std::uint8_t> codes);

}  // namespace mxconf::python
