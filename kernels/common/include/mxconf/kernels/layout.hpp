// Element-code storage layouts of the kernel ABI (mxconf_layout in mxconf/kernel.h), for kernels written in C++.
//
// BYTE:   one code per byte, in the low bits, high bits zero (PTX pads FP6 with two zero MSBs; spec-rules §1.3).
// PACKED: FP4: two codes per byte, element 2j in the low nibble (NVFP4 / TE packing, spec-rules §5.4; AMD
//         __amd_create_fp4x2); FP6: four codes per three bytes, element j of a group in bits 6j..6j+5 of the
//         little-endian 24-bit group; 8-bit formats: as BYTE.
// A run of `count` codes in PACKED layout is one continuous bit stream (code i at bit i * width), so it takes
// ceil(count * width / 8) bytes; unused bits of the last byte are written as zero.
//
// Header-only plain C++17, no mxconf library needed: include it next to mxconf/kernel.h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mxconf/kernel.h"

namespace mxconf::kernels {

// Code width in bits of an element or scale format; 0 for the wide formats (fp32, bf16, fp16) and unknown values.
constexpr unsigned code_bits(mxconf_format f) {
  switch (f) {
    case MXCONF_FORMAT_E4M3:
    case MXCONF_FORMAT_E5M2:
    case MXCONF_FORMAT_INT8:
    case MXCONF_FORMAT_E8M0: return 8;
    case MXCONF_FORMAT_E3M2:
    case MXCONF_FORMAT_E2M3: return 6;
    case MXCONF_FORMAT_E2M1: return 4;
    default: return 0;
  }
}

constexpr bool is_known_layout(mxconf_layout layout) {
  return layout == MXCONF_LAYOUT_BYTE || layout == MXCONF_LAYOUT_PACKED;
}

// Bits a code occupies in memory under `layout` (the width for PACKED, 8 for BYTE).
constexpr unsigned stored_bits(unsigned width, mxconf_layout layout) {
  return layout == MXCONF_LAYOUT_PACKED ? width : 8;
}

// Bytes taken by `count` codes of `width` bits (4, 6 or 8) in `layout`.
constexpr std::size_t code_bytes(std::size_t count, unsigned width, mxconf_layout layout) {
  return (count * stored_bits(width, layout) + 7) / 8;
}

// Code `index` of a run in `layout`. Under BYTE the whole byte is returned (a caller checks the high bits are zero).
// The 24-bit FP6 group and the FP4 byte are little-endian, so in both packed cases code i is simply the `width`
// bits starting at bit i * width of the byte stream read as one little-endian number.
inline std::uint8_t load_code(const void* codes, std::size_t index, unsigned width, mxconf_layout layout) {
  const auto* bytes = static_cast<const std::uint8_t*>(codes);
  if (layout != MXCONF_LAYOUT_PACKED || width == 8) return bytes[index];
  const std::size_t bit = index * width;
  const std::size_t byte = bit / 8;
  const unsigned shift = static_cast<unsigned>(bit % 8);
  unsigned window = bytes[byte];
  if (shift + width > 8) window |= static_cast<unsigned>(bytes[byte + 1]) << 8;  // FP6 code across two bytes
  return static_cast<std::uint8_t>((window >> shift) & ((1u << width) - 1u));
}

// Writes `count` codes (one per byte in `in`, low `width` bits used) into `out` in `layout`: exactly
// code_bytes(count, width, layout) bytes, padding bits zero. `in` and `out` must not overlap.
inline void pack_codes(const std::uint8_t* in, std::size_t count, unsigned width, mxconf_layout layout, void* out) {
  auto* bytes = static_cast<std::uint8_t*>(out);
  if (layout != MXCONF_LAYOUT_PACKED || width == 8) {
    for (std::size_t i = 0; i < count; ++i) bytes[i] = in[i];
    return;
  }
  const std::size_t n = code_bytes(count, width, layout);
  for (std::size_t i = 0; i < n; ++i) bytes[i] = 0;
  const unsigned mask = (1u << width) - 1u;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t bit = i * width;
    const std::size_t byte = bit / 8;
    const unsigned shift = static_cast<unsigned>(bit % 8);
    const unsigned window = (in[i] & mask) << shift;
    bytes[byte] = static_cast<std::uint8_t>(bytes[byte] | (window & 0xffu));
    if (shift + width > 8) bytes[byte + 1] = static_cast<std::uint8_t>(bytes[byte + 1] | (window >> 8));
  }
}

// Reads `count` codes from `in` in `layout` into one byte each. Under BYTE the bytes are copied as they are.
inline void unpack_codes(const void* in, std::size_t count, unsigned width, mxconf_layout layout,
                         std::uint8_t* out) {
  for (std::size_t i = 0; i < count; ++i) out[i] = load_code(in, i, width, layout);
}

}  // namespace mxconf::kernels
