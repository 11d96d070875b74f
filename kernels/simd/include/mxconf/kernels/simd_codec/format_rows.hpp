// The formats the SIMD codec knows, as one small table: the fields of the reference's FormatSpec that the codec
// reads, and the grid constants derived from them at compile time. tests/kernels/test_simd_codec.cpp checks every
// row against the reference's format_spec() (the shared constexpr table, once it exists, can replace the rows).
#pragma once

#include <array>
#include <cstdint>

#include "mxconf/reference/format.hpp"

namespace mxconf::simd_codec {

struct FormatRow {
  FormatId id;
  int bits;
  bool is_signed;
  Encoding encoding;
  int exponent_bits;
  int mantissa_bits;
  int bias;
  bool has_subnormals;
  Specials specials;
  int fixed_point_exponent;  // MXINT8: q * 2^fixed
};

// clang-format off
//   id              bits signed encoding                  ebits mbits bias  subn   specials               fixed
inline constexpr std::array<FormatRow, 10> kFormatRows{{
  {FormatId::e4m3,    8, true,  Encoding::binary_float,     4,  3,    7,   true,  Specials::nan_all_ones,  0},
  {FormatId::e5m2,    8, true,  Encoding::binary_float,     5,  2,   15,   true,  Specials::ieee,          0},
  {FormatId::e3m2,    6, true,  Encoding::binary_float,     3,  2,    3,   true,  Specials::finite_only,   0},
  {FormatId::e2m3,    6, true,  Encoding::binary_float,     2,  3,    1,   true,  Specials::finite_only,   0},
  {FormatId::e2m1,    4, true,  Encoding::binary_float,     2,  1,    1,   true,  Specials::finite_only,   0},
  {FormatId::int8,    8, true,  Encoding::twos_complement,  0,  0,    0,   false, Specials::finite_only,  -6},
  {FormatId::e8m0,    8, false, Encoding::binary_float,     8,  0,  127,   false, Specials::nan_all_ones,  0},
  {FormatId::fp32,   32, true,  Encoding::binary_float,     8, 23,  127,   true,  Specials::ieee,          0},
  {FormatId::bf16,   16, true,  Encoding::binary_float,     8,  7,  127,   true,  Specials::ieee,          0},
  {FormatId::fp16,   16, true,  Encoding::binary_float,     5, 10,   15,   true,  Specials::ieee,          0},
}};
// clang-format on

constexpr bool rows_in_id_order() {
  for (std::size_t i = 0; i < kFormatRows.size(); ++i)
    if (static_cast<std::size_t>(kFormatRows[i].id) != i) return false;
  return true;
}
static_assert(rows_in_id_order(), "kFormatRows must be in FormatId order");

constexpr bool has_row(FormatId id) { return static_cast<std::size_t>(id) < kFormatRows.size(); }
constexpr const FormatRow& row(FormatId id) { return kFormatRows[static_cast<std::size_t>(id)]; }
// e4m3, e5m2, e3m2, e2m3, e2m1, int8: the first six rows.
constexpr bool is_mx_element(FormatId id) { return static_cast<std::size_t>(id) <= static_cast<std::size_t>(FormatId::int8); }
constexpr bool is_wide(FormatId id) { return id == FormatId::fp32 || id == FormatId::bf16 || id == FormatId::fp16; }

// ---- Derived from the row. ----
constexpr std::uint32_t code_mask(const FormatRow& f) {
  return f.bits >= 32 ? 0xffff'ffffu : (std::uint32_t{1} << f.bits) - 1;
}
constexpr std::uint32_t sign_mask(const FormatRow& f) {
  return f.encoding == Encoding::binary_float && f.is_signed ? std::uint32_t{1} << (f.bits - 1) : 0;
}
constexpr std::uint32_t magnitude_mask(const FormatRow& f) { return code_mask(f) & ~sign_mask(f); }
constexpr bool has_inf(const FormatRow& f) { return f.specials == Specials::ieee; }
constexpr bool has_nan(const FormatRow& f) { return f.specials != Specials::finite_only; }
constexpr bool has_zero(const FormatRow& f) { return f.encoding == Encoding::twos_complement || f.has_subnormals; }
constexpr bool has_negative_zero(const FormatRow& f) { return sign_mask(f) != 0 && f.has_subnormals; }
constexpr bool is_unsigned(const FormatRow& f) { return f.encoding == Encoding::binary_float && !f.is_signed; }
constexpr bool is_twos(const FormatRow& f) { return f.encoding == Encoding::twos_complement; }

// Code magnitude of the largest finite value (OCP OFP8 v1.0 Table 1; OCP MX v1.0 §5.3).
constexpr std::uint32_t max_magnitude(const FormatRow& f) {
  if (is_twos(f)) return (std::uint32_t{1} << (f.bits - 1)) - 1;
  switch (f.specials) {
    case Specials::ieee:
      return magnitude_mask(f) - (std::uint32_t{1} << f.mantissa_bits);
    case Specials::nan_all_ones:
      return magnitude_mask(f) - 1;
    default:
      return magnitude_mask(f);
  }
}
// floor(log2(max finite)): emax_elem of OCP MX v1.0 §6.3.
constexpr int max_exponent(const FormatRow& f) {
  if (is_twos(f)) return f.bits - 2 + f.fixed_point_exponent;
  return static_cast<int>(max_magnitude(f) >> f.mantissa_bits) - f.bias;
}

// The rounding grid (the same description as the scalar codec's, derived here from this table): a finite x with
// floor(log2 |x|) = e is rounded on the grid of spacing 2^(q - grid_bits), q = max(e, grid_min), and N steps are
// the code magnitude ((q + code_bias - 1) << grid_bits) + N (a carry into the next binade happens by itself).
// MXINT8 is one fixed-point grid (step 2^fixed), e8m0 a grid without mantissa or subnormals.
constexpr int grid_bits(const FormatRow& f) { return is_twos(f) ? f.bits - 1 : f.mantissa_bits; }
constexpr int grid_min_exponent(const FormatRow& f) {
  if (is_twos(f)) return f.fixed_point_exponent + grid_bits(f);
  return f.has_subnormals ? 1 - f.bias : -f.bias;
}
constexpr int code_bias(const FormatRow& f) { return is_twos(f) ? 1 - grid_min_exponent(f) : f.bias; }
// Fraction bits at the largest finite value (the mantissa width; 6 for MXINT8).
constexpr int fraction_bits(const FormatRow& f) { return is_twos(f) ? f.bits - 2 : f.mantissa_bits; }

static_assert(max_magnitude(row(FormatId::e4m3)) == 0x7e && max_exponent(row(FormatId::e4m3)) == 8);
static_assert(max_magnitude(row(FormatId::e5m2)) == 0x7b && max_exponent(row(FormatId::e5m2)) == 15);
static_assert(max_magnitude(row(FormatId::e8m0)) == 0xfe && grid_min_exponent(row(FormatId::e8m0)) == -127);
static_assert(max_magnitude(row(FormatId::fp32)) == 0x7f7f'ffff && max_exponent(row(FormatId::fp32)) == 127);

}  // namespace mxconf::simd_codec
