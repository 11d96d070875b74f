// BYTE and PACKED code layouts (abi/include/mxconf/kernel.h, mxconf_layout).
#include "mxconf/kernels/scalar_codec/packing.hpp"

#include "mxconf/kernels/scalar_codec/grid.hpp"

namespace mxconf::scalar_codec {
namespace {

// Only the sub-byte MX elements (FP4, FP6) pack; every other format is one code per byte here.
int width(FormatId format) { return is_element_format(format) ? format_spec(format).bits : 8; }

}  // namespace

std::size_t packed_size(FormatId format, std::size_t count) noexcept {
  const auto bits = static_cast<std::size_t>(width(format));
  return bits >= 8 ? count : (count * bits + 7) / 8;
}

void pack_codes(FormatId format, std::span<const std::uint8_t> codes, std::span<std::uint8_t> packed) noexcept {
  const int bits = width(format);
  if (bits >= 8) {
    for (std::size_t i = 0; i < codes.size() && i < packed.size(); ++i) packed[i] = codes[i];
    return;
  }
  for (auto& b : packed) b = 0;
  const std::uint32_t mask = (1u << bits) - 1;
  // Element j occupies bits j*bits .. j*bits + bits - 1 of the little-endian bit string: FP4 element 2j in the low
  // nibble of byte j; FP6 element j in bits 6j..6j+5 of its 24-bit group. Neither crosses into a third byte.
  for (std::size_t j = 0; j < codes.size(); ++j) {
    const std::size_t bit = j * static_cast<std::size_t>(bits);
    const std::uint32_t v = (codes[j] & mask) << (bit % 8);
    const std::size_t byte = bit / 8;
    if (byte < packed.size()) packed[byte] = static_cast<std::uint8_t>(packed[byte] | (v & 0xff));
    if ((v >> 8) != 0 && byte + 1 < packed.size())
      packed[byte + 1] = static_cast<std::uint8_t>(packed[byte + 1] | (v >> 8));
  }
}

void unpack_codes(FormatId format, std::span<const std::uint8_t> packed, std::span<std::uint8_t> codes) noexcept {
  const int bits = width(format);
  if (bits >= 8) {
    for (std::size_t i = 0; i < codes.size() && i < packed.size(); ++i) codes[i] = packed[i];
    return;
  }
  const std::uint32_t mask = (1u << bits) - 1;
  for (std::size_t j = 0; j < codes.size(); ++j) {
    const std::size_t bit = j * static_cast<std::size_t>(bits);
    const std::size_t byte = bit / 8;
    std::uint32_t v = byte < packed.size() ? packed[byte] : 0;
    if (byte + 1 < packed.size()) v |= static_cast<std::uint32_t>(packed[byte + 1]) << 8;
    codes[j] = static_cast<std::uint8_t>((v >> (bit % 8)) & mask);
  }
}

}  // namespace mxconf::scalar_codec
