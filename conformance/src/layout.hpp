// Element-code layouts of the kernel ABI (mxconf_layout): BYTE, one code per byte; PACKED, FP4 two per byte (low
// nibble first) and FP6 four per three bytes (element j in bits 6j..6j+5 of the little-endian 24-bit group). A
// PACKED run of n codes is one little-endian bit stream, code i at bit i * width, ceil(n * width / 8) bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "mxconf/kernel.h"

namespace mxconf::conformance::detail {

// Bytes taken by `count` codes of `width` bits (4, 6 or 8).
std::size_t code_bytes(std::size_t count, int width, mxconf_layout layout);

// Writes codes (low `width` bits of each) into `out` (code_bytes bytes; padding bits zero).
void pack_codes(std::span<const std::uint64_t> codes, int width, mxconf_layout layout, std::uint8_t* out);

// Reads `count` codes. Under BYTE each whole byte is returned, so stray high bits show up as a wrong code.
std::vector<std::uint64_t> unpack_codes(const std::uint8_t* in, std::size_t count, int width, mxconf_layout layout);
// The same into `out` (count bytes), for widths up to 8: the sweep's allocation-free form.
void unpack_codes(const std::uint8_t* in, std::size_t count, int width, mxconf_layout layout, std::uint8_t* out);

}  // namespace mxconf::conformance::detail
