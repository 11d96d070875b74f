// Decode to fp32 and MX dequantize: the exact value X * P rounded once into the destination (reference
// block.cpp dequantize_block_to; spec-rules §3.2).
#include "mxconf/kernels/scalar_codec/decode.hpp"

#include <array>
#include <stdexcept>

#include "code_parts.hpp"

namespace mxconf::scalar_codec {
namespace {

bool is_decodable(FormatId id) { return is_element_format(id) || id == FormatId::e8m0; }

// fp32 patterns of every code of every decodable format, built once (the values are exact in fp32).
struct DecodeTables {
  std::array<std::array<std::uint32_t, 256>, 7> fp32{};
  DecodeTables() {
    const ConvertPlan to_fp32 = ieee_plan(FormatId::fp32, Rounding::rne);
    for (std::size_t i = 0; i < fp32.size(); ++i) {
      const FormatSpec& f = kFormatTable[i];
      for (std::uint32_t code = 0; code <= code_mask(f); ++code)
        fp32[i][code] = detail::encode_parts(to_fp32, detail::code_parts(f, code), 0).code;
    }
  }
};

const DecodeTables& tables() {
  static const DecodeTables t;
  return t;
}

}  // namespace

std::optional<std::uint32_t> decode_fp32(FormatId format, std::uint32_t code) noexcept {
  if (!is_decodable(format) || !detail::code_fits(format_spec(format), code)) return std::nullopt;
  return tables().fp32[static_cast<std::size_t>(format)][code];
}

Status decode_fp32(FormatId format, std::span<const std::uint8_t> codes, std::span<std::uint32_t> out) noexcept {
  if (!is_decodable(format) || codes.size() != out.size()) return Status::invalid_argument;
  const auto& table = tables().fp32[static_cast<std::size_t>(format)];
  const std::uint32_t mask = static_cast<std::uint32_t>(code_mask(format_spec(format)));
  Status status = Status::ok;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] > mask) status = Status::invalid_argument;
    out[i] = table[codes[i]];
  }
  return status;
}

DequantizePlan make_dequantize_plan(FormatId element, FormatId destination, Rounding rounding) {
  if (!is_element_format(element)) throw std::invalid_argument("scalar codec: dequantize needs an MX element format");
  return DequantizePlan{element, ieee_plan(destination, rounding)};
}

std::optional<std::uint32_t> dequantize(const DequantizePlan& plan, std::uint8_t scale, std::uint32_t code) noexcept {
  const FormatSpec& f = format_spec(plan.element);
  if (!detail::code_fits(f, code)) return std::nullopt;
  // OCP MX v1.0 §6.3: X = NaN makes every V_i NaN, whatever P_i is.
  if (scale == 0xff) return plan.destination.nan[0].code;
  detail::Parts p = detail::code_parts(f, code);
  p.exp += static_cast<int>(scale) - 127;  // X = 2^(scale - 127): exact
  return detail::encode_parts(plan.destination, p, 0).code;
}

Status dequantize_block(const DequantizePlan& plan, std::uint8_t scale, std::span<const std::uint8_t> codes,
                        std::span<std::uint32_t> out) noexcept {
  if (codes.size() != out.size()) return Status::invalid_argument;
  Status status = Status::ok;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const auto v = dequantize(plan, scale, codes[i]);
    if (!v) status = Status::invalid_argument;
    out[i] = v.value_or(0);
  }
  return status;
}

}  // namespace mxconf::scalar_codec
