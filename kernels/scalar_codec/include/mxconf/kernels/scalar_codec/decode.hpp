// Codes to fp32 / bf16 / fp16: decode of one code, and MX dequantize (OCP MX v1.0 §6.3: V_i = X * P_i, rounded
// once into the destination under IEEE rules, as the reference's dequantize_block_to does).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "mxconf/kernels/scalar_codec/convert.hpp"

namespace mxconf::scalar_codec {

// The fp32 pattern of an element or e8m0 code (exact for every code; NaN codes give 0x7fc00000, the reference's
// ieee_encode_options NaN). Empty when the code does not fit the format's width or the format is not one of
// e4m3, e5m2, e3m2, e2m3, e2m1, int8, e8m0.
std::optional<std::uint32_t> decode_fp32(FormatId format, std::uint32_t code) noexcept;
Status decode_fp32(FormatId format, std::span<const std::uint8_t> codes, std::span<std::uint32_t> out) noexcept;

struct DequantizePlan {
  FormatId element{};
  ConvertPlan destination;  // ieee_plan(fp32 | bf16 | fp16, rounding)
};
// Throws std::invalid_argument unless element is an MX element format, destination is fp32, bf16 or fp16 and
// rounding is not sr.
DequantizePlan make_dequantize_plan(FormatId element, FormatId destination, Rounding rounding = Rounding::rne);

// X * P rounded into the destination; scale 0xff gives the destination's NaN. Empty when code does not fit.
std::optional<std::uint32_t> dequantize(const DequantizePlan& plan, std::uint8_t scale, std::uint32_t code) noexcept;
// One block: out[i] = X * P_i (bits of the destination in the low end of each uint32).
Status dequantize_block(const DequantizePlan& plan, std::uint8_t scale, std::span<const std::uint8_t> codes,
                        std::span<std::uint32_t> out) noexcept;

}  // namespace mxconf::scalar_codec
