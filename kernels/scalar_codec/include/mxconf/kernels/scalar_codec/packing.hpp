// Element code layouts in memory (abi/include/mxconf/kernel.h, mxconf_layout): BYTE holds one code per byte;
// PACKED holds FP4 two per byte (element 2j in the low nibble) and FP6 four per three bytes (element j in bits
// 6j..6j+5 of the little-endian 24-bit group). 8-bit formats are the same in both.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "mxconf/reference/format.hpp"

namespace mxconf::scalar_codec {

// Bytes that `count` codes of `format` take when packed (ceil(count * bits / 8)).
std::size_t packed_size(FormatId format, std::size_t count) noexcept;
// codes -> packed bytes (packed.size() must be packed_size(format, codes.size()); unused high bits are zero).
void pack_codes(FormatId format, std::span<const std::uint8_t> codes, std::span<std::uint8_t> packed) noexcept;
// packed bytes -> codes (codes.size() codes are read).
void unpack_codes(FormatId format, std::span<const std::uint8_t> packed, std::span<std::uint8_t> codes) noexcept;

}  // namespace mxconf::scalar_codec
