// One row per number format; everything else about a format is derived from its row.
//
// The row follows LLVM APFloat's fltSemantics and gfloat's FormatInfo: widths, bias, signedness and a small enum
// for which codes are not finite numbers. Adding a format is adding a row to kFormatTable below (and its FormatId);
// the table is constexpr and in this header so that every layer (reference, vectors, the scalar codec, SIMD and
// CUDA kernels, Python) reads the same rows at compile time. docs/architecture.md "Change recipes" lists the rest.
#pragma once

#include <array>
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

// What a format is for in the MX vocabulary (which operations may take it).
enum class FormatRole : std::uint8_t {
  element,  // an OCP MX element format (OCP MX v1.0 §5.3): the targets of quantize, the inputs of dot
  scale,    // the OCP MX shared-scale format E8M0 (§5.4.1)
  wide,     // a source or destination of conversions: IEEE / bfloat16 formats
  variant,  // a vendor variant, decoded and encoded by the reference only
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
  FormatRole role;
  std::string_view source;       // where the row comes from
};

// clang-format off
//   id                  name        alias                 encoding                      bits signed ebits mbits bias  subn   specials                     fixed role                 source
inline constexpr std::array<FormatSpec, 14> kFormatTable{{
  {FormatId::e4m3,     "e4m3",     "float8_e4m3fn",      Encoding::binary_float,      8, true,  4,  3,    7,   true,  Specials::nan_all_ones,      0, FormatRole::element, "OCP OFP8 rev 1.0 E4M3; OCP MX v1.0 §5.3"},
  {FormatId::e5m2,     "e5m2",     "float8_e5m2",        Encoding::binary_float,      8, true,  5,  2,   15,   true,  Specials::ieee,              0, FormatRole::element, "OCP OFP8 rev 1.0 E5M2; OCP MX v1.0 §5.3"},
  {FormatId::e3m2,     "e3m2",     "float6_e3m2fn",      Encoding::binary_float,      6, true,  3,  2,    3,   true,  Specials::finite_only,       0, FormatRole::element, "OCP MX v1.0 §5.3.2 FP6 E3M2"},
  {FormatId::e2m3,     "e2m3",     "float6_e2m3fn",      Encoding::binary_float,      6, true,  2,  3,    1,   true,  Specials::finite_only,       0, FormatRole::element, "OCP MX v1.0 §5.3.2 FP6 E2M3"},
  {FormatId::e2m1,     "e2m1",     "float4_e2m1fn",      Encoding::binary_float,      4, true,  2,  1,    1,   true,  Specials::finite_only,       0, FormatRole::element, "OCP MX v1.0 §5.3.3 FP4 E2M1"},
  {FormatId::int8,     "int8",     "mxint8",             Encoding::twos_complement,   8, true,  0,  0,    0,   false, Specials::finite_only,      -6, FormatRole::element, "OCP MX v1.0 §5.3.4 INT8: two's complement, implicit scale 2^-6"},
  {FormatId::e8m0,     "e8m0",     "float8_e8m0fnu",     Encoding::binary_float,      8, false, 8,  0,  127,   false, Specials::nan_all_ones,      0, FormatRole::scale,   "OCP MX v1.0 §5.4.1 E8M0: 2^-127..2^127, 0xff NaN"},
  {FormatId::fp32,     "fp32",     "float32",            Encoding::binary_float,     32, true,  8, 23,  127,   true,  Specials::ieee,              0, FormatRole::wide,    "IEEE 754-2019 binary32"},
  {FormatId::bf16,     "bf16",     "bfloat16",           Encoding::binary_float,     16, true,  8,  7,  127,   true,  Specials::ieee,              0, FormatRole::wide,    "bfloat16 (binary32 truncated to 16 bits)"},
  {FormatId::fp16,     "fp16",     "float16",            Encoding::binary_float,     16, true,  5, 10,   15,   true,  Specials::ieee,              0, FormatRole::wide,    "IEEE 754-2019 binary16"},
  {FormatId::fp64,     "fp64",     "float64",            Encoding::binary_float,     64, true, 11, 52, 1023,   true,  Specials::ieee,              0, FormatRole::wide,    "IEEE 754-2019 binary64"},
  {FormatId::e4m3fnuz, "e4m3fnuz", "float8_e4m3fnuz",    Encoding::binary_float,      8, true,  4,  3,    8,   true,  Specials::nan_negative_zero, 0, FormatRole::variant, "AMD/Graphcore FP8 E4M3FNUZ (LLVM Float8E4M3FNUZ)"},
  {FormatId::e5m2fnuz, "e5m2fnuz", "float8_e5m2fnuz",    Encoding::binary_float,      8, true,  5,  2,   16,   true,  Specials::nan_negative_zero, 0, FormatRole::variant, "AMD/Graphcore FP8 E5M2FNUZ (LLVM Float8E5M2FNUZ)"},
  {FormatId::ue4m3,    "ue4m3",    "float8_ue4m3",       Encoding::binary_float,      7, false, 4,  3,    7,   true,  Specials::nan_all_ones,      0, FormatRole::variant, "NVFP4 block scale: unsigned E4M3 (CUTLASS float_ue4m3_t)"},
}};
// clang-format on

inline constexpr std::size_t kFormatCount = kFormatTable.size();

constexpr bool format_table_in_id_order() {
  for (std::size_t i = 0; i < kFormatTable.size(); ++i)
    if (static_cast<std::size_t>(kFormatTable[i].id) != i) return false;
  return true;
}
static_assert(format_table_in_id_order(), "kFormatTable must be in FormatId order");

// Every row, in a fixed order (the order of FormatId).
constexpr std::span<const FormatSpec> format_table() { return kFormatTable; }

constexpr const FormatSpec& format_spec(FormatId id) { return kFormatTable[static_cast<std::size_t>(id)]; }

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
// An OCP MX element format (e4m3, e5m2, e3m2, e2m3, e2m1, int8): what quantize produces and dot consumes.
constexpr bool is_element_format(FormatId id) { return format_spec(id).role == FormatRole::element; }
// The formats of one role, in FormatId order, as a constexpr array: the lists of element formats, of
// destinations and of sources that the checks and the golden vectors iterate follow from the role column.
constexpr std::size_t format_count_of(FormatRole role) {
  std::size_t n = 0;
  for (const FormatSpec& f : kFormatTable) n += f.role == role ? 1 : 0;
  return n;
}
template <FormatRole role>
constexpr std::array<FormatId, format_count_of(role)> formats_of() {
  std::array<FormatId, format_count_of(role)> out{};
  std::size_t i = 0;
  for (const FormatSpec& f : kFormatTable)
    if (f.role == role) out[i++] = f.id;
  return out;
}
// The OCP MX element formats: e4m3, e5m2, e3m2, e2m3, e2m1, int8.
inline constexpr auto kElementFormats = formats_of<FormatRole::element>();
// Every target of a checked conversion: the element formats, then the scale format E8M0.
inline constexpr auto kConversionTargets = [] {
  constexpr auto elements = formats_of<FormatRole::element>();
  constexpr auto scales = formats_of<FormatRole::scale>();
  std::array<FormatId, elements.size() + scales.size()> out{};
  std::size_t i = 0;
  for (const FormatId f : elements) out[i++] = f;
  for (const FormatId f : scales) out[i++] = f;
  return out;
}();
// An unsigned binary format: no sign bit, so negative inputs are a policy (e8m0, ue4m3).
constexpr bool is_unsigned(const FormatSpec& f) { return f.encoding == Encoding::binary_float && !f.is_signed; }
// Every code is a power of two: no mantissa and no subnormals (e8m0). Its ties go to the even code
// (policies.md, e8m0 ties) and it has the E8m0SubnormalRounding quirk.
constexpr bool is_exponent_only(const FormatSpec& f) {
  return f.encoding == Encoding::binary_float && f.mantissa_bits == 0 && !f.has_subnormals;
}
// Significant bits after the leading one at the largest finite value: the mantissa width, or 6 for MXINT8
// (q/64 with |q| <= 127 is 1.xxxxxx * 2^0: spec-rules §1.4).
constexpr int fraction_bits(const FormatSpec& f) {
  return f.encoding == Encoding::twos_complement ? f.bits - 2 : f.mantissa_bits;
}

// ---- Fields of a binary_float code. ----
constexpr std::uint64_t exponent_field(const FormatSpec& f, std::uint64_t code) {
  return (code & magnitude_mask(f)) >> f.mantissa_bits;
}
constexpr std::uint64_t mantissa_field(const FormatSpec& f, std::uint64_t code) {
  return code & ((std::uint64_t{1} << f.mantissa_bits) - 1);
}
constexpr std::uint64_t all_ones_exponent(const FormatSpec& f) { return (std::uint64_t{1} << f.exponent_bits) - 1; }

constexpr bool is_nan_code(const FormatSpec& f, std::uint64_t code) {
  if (f.encoding != Encoding::binary_float) return false;
  switch (f.specials) {
    case Specials::ieee:
      return exponent_field(f, code) == all_ones_exponent(f) && mantissa_field(f, code) != 0;
    case Specials::nan_all_ones:
      return (code & magnitude_mask(f)) == magnitude_mask(f);
    case Specials::nan_negative_zero:
      return code == sign_mask(f);
    case Specials::finite_only:
      return false;
  }
  return false;
}

constexpr bool is_inf_code(const FormatSpec& f, std::uint64_t code) {
  return f.encoding == Encoding::binary_float && f.specials == Specials::ieee &&
         exponent_field(f, code) == all_ones_exponent(f) && mantissa_field(f, code) == 0;
}

// Unbiased exponent of the smallest normal binade (1 - bias; -bias when exponent field 0 is a normal binade).
constexpr int min_normal_exponent(const FormatSpec& f) { return f.has_subnormals ? 1 - f.bias : -f.bias; }

// The positive code of the largest finite magnitude (0x7e for e4m3, 0x7b for e5m2, 0x7f for int8, 0xfe for e8m0).
constexpr std::uint64_t max_finite_code(const FormatSpec& f) {
  if (f.encoding == Encoding::twos_complement) return (std::uint64_t{1} << (f.bits - 1)) - 1;
  const std::uint64_t all_ones = magnitude_mask(f);
  switch (f.specials) {
    case Specials::ieee:  // exponent field all ones is reserved: largest exponent below it, mantissa all ones
      return all_ones - (std::uint64_t{1} << f.mantissa_bits);
    case Specials::nan_all_ones:
      return all_ones - 1;
    case Specials::nan_negative_zero:
    case Specials::finite_only:
      return all_ones;
  }
  return all_ones;
}

// Unbiased exponent of the binade holding the largest finite value: floor(log2(max finite)).
// This is "emax_elem" of the MX paper's Algorithm 1 (OCP MX v1.0 §6.3); 0 for int8 (127/64 < 2).
constexpr int max_exponent(const FormatSpec& f) {
  if (f.encoding == Encoding::twos_complement) {
    // floor(log2((2^(bits-1) - 1) * 2^fixed)): the integer's top bit position plus the fixed-point exponent.
    return (f.bits - 2) + f.fixed_point_exponent;
  }
  return static_cast<int>(exponent_field(f, max_finite_code(f))) - f.bias;  // max finite is always normal
}

// ---- The E8M0 scale (OCP MX v1.0 §5.4.1), derived from its row: 2^(c - 127), 0xff NaN. ----
inline constexpr const FormatSpec& kE8m0 = kFormatTable[static_cast<std::size_t>(FormatId::e8m0)];
inline constexpr std::int64_t kE8m0Bias = kE8m0.bias;                                      // 127
inline constexpr std::uint64_t kE8m0NanCode = magnitude_mask(kE8m0);                        // 0xff
inline constexpr std::uint64_t kE8m0LargestCode = max_finite_code(kE8m0);                   // 0xfe = 2^127
inline constexpr std::int64_t kE8m0MinExponent = min_normal_exponent(kE8m0);                // -127
inline constexpr std::int64_t kE8m0MaxExponent = max_exponent(kE8m0);                       // 127

// Spot checks of the derivations against spec-rules §1 (test_format.cpp checks every row in full).
static_assert(max_finite_code(format_spec(FormatId::e4m3)) == 0b0'1111'110);  // 448
static_assert(max_finite_code(format_spec(FormatId::e5m2)) == 0b0'11110'11);  // 57344
static_assert(max_finite_code(format_spec(FormatId::int8)) == 0b0111'1111);   // 127/64
static_assert(kE8m0NanCode == 0b1111'1111 && kE8m0LargestCode == 0b1111'1110 && kE8m0Bias == 127);
static_assert(kE8m0MinExponent == -127 && kE8m0MaxExponent == 127);
static_assert(is_exponent_only(kE8m0) && is_unsigned(kE8m0) && !is_unsigned(format_spec(FormatId::int8)));

}  // namespace mxconf
