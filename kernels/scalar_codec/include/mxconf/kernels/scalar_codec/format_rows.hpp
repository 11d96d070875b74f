// The formats the scalar codec knows, as data: one row per format, the same fields as the reference's FormatSpec
// (reference/src/format.cpp), and the grid constants every path of the codec reads, derived from the row.
//
// The rows are duplicated here (format_table() is not constexpr) so that the derived constants are compile-time
// values; tests/kernels/test_scalar_codec_formats.cpp checks every row against format_table() field by field.
#pragma once

#include <array>
#include <cstdint>

#include "mxconf/reference/format.hpp"

namespace mxconf::scalar_codec {

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
  int fixed_point_exponent;
};

// clang-format off
//   id              bits signed encoding                  ebits mbits bias  subn   specials               fixed
inline constexpr std::array<FormatRow, 11> kFormatRows{{
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
  {FormatId::fp64,   64, true,  Encoding::binary_float,    11, 52, 1023,   true,  Specials::ieee,          0},
}};
// clang-format on

constexpr bool rows_in_id_order() {
  for (std::size_t i = 0; i < kFormatRows.size(); ++i)
    if (static_cast<std::size_t>(kFormatRows[i].id) != i) return false;
  return true;
}
static_assert(rows_in_id_order(), "kFormatRows must be in FormatId order (the reference's format_table() order)");

// The OCP MX element formats: e4m3, e5m2, e3m2, e2m3, e2m1, int8 (the first six rows).
constexpr bool is_mx_element(FormatId id) {
  return static_cast<std::size_t>(id) <= static_cast<std::size_t>(FormatId::int8);
}

// True for the formats the codec has a row for (e4m3 .. fp64; not the vendor variants).
constexpr bool has_row(FormatId id) { return static_cast<std::size_t>(id) < kFormatRows.size(); }
constexpr const FormatRow& row(FormatId id) { return kFormatRows[static_cast<std::size_t>(id)]; }

// ---- Derived from the row. ----

constexpr std::uint64_t code_mask(const FormatRow& f) {
  return f.bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << f.bits) - 1;
}
constexpr std::uint64_t sign_mask(const FormatRow& f) {
  return f.encoding == Encoding::binary_float && f.is_signed ? std::uint64_t{1} << (f.bits - 1) : 0;
}
constexpr std::uint64_t magnitude_mask(const FormatRow& f) { return code_mask(f) & ~sign_mask(f); }
constexpr bool has_inf(const FormatRow& f) { return f.specials == Specials::ieee; }
constexpr bool has_nan(const FormatRow& f) { return f.specials != Specials::finite_only; }
constexpr bool has_zero(const FormatRow& f) { return f.encoding == Encoding::twos_complement || f.has_subnormals; }
constexpr bool has_negative_zero(const FormatRow& f) { return sign_mask(f) != 0 && f.has_subnormals; }
constexpr bool is_unsigned(const FormatRow& f) { return f.encoding == Encoding::binary_float && !f.is_signed; }

// The code magnitude of the largest finite value (0x7e e4m3, 0x7b e5m2, 0x7f int8, 0xfe e8m0).
constexpr std::uint64_t max_magnitude(const FormatRow& f) {
  if (f.encoding == Encoding::twos_complement) return (std::uint64_t{1} << (f.bits - 1)) - 1;
  switch (f.specials) {
    case Specials::ieee:
      return magnitude_mask(f) - (std::uint64_t{1} << f.mantissa_bits);
    case Specials::nan_all_ones:
      return magnitude_mask(f) - 1;
    default:
      return magnitude_mask(f);
  }
}

// floor(log2(max finite)): the MX paper's emax_elem (OCP MX v1.0 §6.3).
constexpr int max_exponent(const FormatRow& f) {
  if (f.encoding == Encoding::twos_complement) return f.bits - 2 + f.fixed_point_exponent;
  return static_cast<int>(max_magnitude(f) >> f.mantissa_bits) - f.bias;
}

// ---- The rounding grid, one description for every format. ----
//
// A finite x with floor(log2 |x|) = e lies on the grid of spacing 2^(q - grid_bits) with q = max(e, grid_min),
// and the code magnitude of N grid steps is ((q + code_bias - 1) << grid_bits) + N. That single formula covers
//  * binary formats with subnormals: grid_min = 1 - bias, code_bias = bias (the subnormal grid is q = grid_min,
//    and N = 2^(m+1) carries into the next binade by itself);
//  * e8m0 (no subnormals, no mantissa): grid_min = -bias, code_bias = bias, so N in {1, 2} is code e + bias
//    (+1), and N = 0 below 2^-127 gives -1, clamped to code 0;
//  * MXINT8: a single fixed-point grid of step 2^fixed; as if every value were "subnormal" with grid_bits = 7
//    (N = |q| up to 128) and grid_min = fixed + 7, so that q = grid_min for every |x| < 2 and the base is 0.
constexpr int grid_bits(const FormatRow& f) {
  return f.encoding == Encoding::twos_complement ? f.bits - 1 : f.mantissa_bits;
}
constexpr int grid_min_exponent(const FormatRow& f) {
  if (f.encoding == Encoding::twos_complement) return f.fixed_point_exponent + grid_bits(f);
  return f.has_subnormals ? 1 - f.bias : -f.bias;
}
constexpr int code_bias(const FormatRow& f) {
  return f.encoding == Encoding::twos_complement ? 1 - grid_min_exponent(f) : f.bias;
}
// Significant bits after the leading one at the largest finite value (the mantissa width; 6 for MXINT8).
constexpr int fraction_bits(const FormatRow& f) {
  return f.encoding == Encoding::twos_complement ? f.bits - 2 : f.mantissa_bits;
}

// Spot checks of the derivations against spec-rules §1.
static_assert(max_magnitude(row(FormatId::e4m3)) == 0b0'1111'110);  // 448
static_assert(max_magnitude(row(FormatId::e5m2)) == 0b0'11110'11);  // 57344
static_assert(max_magnitude(row(FormatId::e2m1)) == 0b0'11'1);      // 6
static_assert(max_magnitude(row(FormatId::int8)) == 0b0111'1111);   // 127/64
static_assert(max_magnitude(row(FormatId::e8m0)) == 0b1111'1110);   // 2^127
static_assert(max_exponent(row(FormatId::e4m3)) == 8 && max_exponent(row(FormatId::e5m2)) == 15);
static_assert(max_exponent(row(FormatId::e3m2)) == 4 && max_exponent(row(FormatId::e2m3)) == 2);
static_assert(max_exponent(row(FormatId::e2m1)) == 2 && max_exponent(row(FormatId::int8)) == 0);
static_assert(max_exponent(row(FormatId::e8m0)) == 127);
static_assert(grid_min_exponent(row(FormatId::int8)) - grid_bits(row(FormatId::int8)) == -6);  // step 1/64
static_assert(grid_min_exponent(row(FormatId::e8m0)) == -127);

}  // namespace mxconf::scalar_codec
