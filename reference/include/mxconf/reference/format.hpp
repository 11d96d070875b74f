// One row per number format; everything else about a format is derived from its row.
//
// The row follows LLVM APFloat's fltSemantics and gfloat's FormatInfo: widths, bias, signedness and a small enum
// for which codes are not finite numbers. Adding a format is adding a row to format_table() (format.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mxconf {

// How the bits of a code become a number.
enum class Encoding : std::uint8_t {
  binary_float,     // sign | exponent | mantissa, as IEEE 754 binary formats
  twos_complement,  // a two's complement integer q whose value is q * 2^fixed_point_exponent (MXINT8)
};

// Which codes are not finite numbers (APFloat's fltNonfiniteBehavior and fltNanEncoding in one enum).
enum class Specials : std::uint8_t {
  ieee,               // exponent field all ones: mantissa 0 is Inf, anything else NaN (e5m2, fp16, bf16, fp32, fp64)
  nan_all_ones,       // only the all-ones magnitude is NaN; no Inf (e4m3 "fn", e8m0 "fnu", ue4m3)
  nan_negative_zero,  // the code that would be -0 is the only NaN; no Inf, no -0 ("fnuz")
  finite_only,        // every code is a number (e3m2, e2m3, e2m1, int8)
};

enum class FormatId : std::uint8_t {
  e4m3, e5m2, e3m2, e2m3, e2m1, int8, e8m0,  // OCP MX element and scale formats
  fp32, bf16, fp16, fp64,                    // sources and destinations
  e4m3fnuz, e5m2fnuz, ue4m3,                 // vendor variants and the NVFP4 block scale
};

// A format's defining row. Fields are data only; derived properties are the free functions below.
struct FormatSpec {
  FormatId id;
  std::string_view name;         // short name used on the command line: "e4m3"
  std::string_view alias;        // ml_dtypes / LLVM name, accepted too: "float8_e4m3fn"
  Encoding encoding;
  int bits;                      // code width; codes are 0 .. 2^bits - 1
  bool is_signed;                // binary_float: a sign bit in the MSB; twos_complement: always true
  int exponent_bits;             // binary_float only
  int mantissa_bits;             // binary_float only (stored fraction bits)
  int bias;                      // binary_float only
  bool has_subnormals;           // false: exponent field 0 is an ordinary binade and there is no zero (e8m0)
  Specials specials;
  int fixed_point_exponent;      // twos_complement only: value = q * 2^fixed_point_exponent
  std::string_view source;       // where the row comes from
};

// Every row, in a fixed order (the order of FormatId).
std::span<const FormatSpec> format_table();

const FormatSpec& format_spec(FormatId id);

// Looks a format up by short name or alias, case-sensitively. Empty when unknown.
std::optional<FormatId> find_format(std::string_view name);

// ---- Derived properties: all follow from the row. ----

// All bits of a code. (A shift by 64 would be undefined, hence the fp64 case.)
constexpr std::uint64_t code_mask(const FormatSpec& f) {
  return f.bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << f.bits) - 1;
}
// Number of codes; for formats of at most 32 bits (the ones that can be enumerated).
constexpr std::uint64_t code_count(const FormatSpec& f) { return code_mask(f) + 1; }
constexpr bool has_sign_bit(const FormatSpec& f) {
  return f.encoding == Encoding::binary_float && f.is_signed;
}
constexpr std::uint64_t sign_mask(const FormatSpec& f) {
  return has_sign_bit(f) ? std::uint64_t{1} << (f.bits - 1) : 0;
}
// The bits below the sign bit (all bits of an unsigned format).
constexpr std::uint64_t magnitude_mask(const FormatSpec& f) { return code_mask(f) & ~sign_mask(f); }

constexpr bool has_inf(const FormatSpec& f) { return f.specials == Specials::ieee; }
constexpr bool has_nan(const FormatSpec& f) { return f.specials != Specials::finite_only; }
constexpr bool has_zero(const FormatSpec& f) {
  return f.encoding == Encoding::twos_complement || f.has_subnormals;
}
constexpr bool has_negative_zero(const FormatSpec& f) {
  return has_sign_bit(f) && f.has_subnormals && f.specials != Specials::nan_negative_zero;
}
constexpr bool is_element_format(FormatId id) {
  return id == FormatId::e4m3 || id == FormatId::e5m2 || id == FormatId::e3m2 || id == FormatId::e2m3 ||
         id == FormatId::e2m1 || id == FormatId::int8;
}

bool is_nan_code(const FormatSpec& f, std::uint64_t code);
bool is_inf_code(const FormatSpec& f, std::uint64_t code);

// Unbiased exponent of the smallest normal binade (1 - bias; -bias when exponent field 0 is a normal binade).
int min_normal_exponent(const FormatSpec& f);
// Unbiased exponent of the binade holding the largest finite value: floor(log2(max finite)).
// This is "emax_elem" of the MX paper's Algorithm 1 (OCP MX v1.0 §6.3); 0 for int8 (127/64 < 2).
int max_exponent(const FormatSpec& f);
// The positive code of the largest finite magnitude (0x7e for e4m3, 0x7b for e5m2, 0x7f for int8, 0xfe for e8m0).
std::uint64_t max_finite_code(const FormatSpec& f);

}  // namespace mxconf
