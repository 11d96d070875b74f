#include "mxconf/reference/format.hpp"

#include <array>

namespace mxconf {
namespace {

using E = Encoding;
using S = Specials;

// clang-format off
//   id                  name        alias                 encoding            bits signed ebits mbits bias  subn   specials                fixed source
constexpr std::array<FormatSpec, 14> kFormats{{
  {FormatId::e4m3,     "e4m3",     "float8_e4m3fn",      E::binary_float,      8, true,  4,  3,    7,   true,  S::nan_all_ones,      0, "OCP OFP8 rev 1.0 E4M3; OCP MX v1.0 §5.3"},
  {FormatId::e5m2,     "e5m2",     "float8_e5m2",        E::binary_float,      8, true,  5,  2,   15,   true,  S::ieee,              0, "OCP OFP8 rev 1.0 E5M2; OCP MX v1.0 §5.3"},
  {FormatId::e3m2,     "e3m2",     "float6_e3m2fn",      E::binary_float,      6, true,  3,  2,    3,   true,  S::finite_only,       0, "OCP MX v1.0 §5.3.2 FP6 E3M2"},
  {FormatId::e2m3,     "e2m3",     "float6_e2m3fn",      E::binary_float,      6, true,  2,  3,    1,   true,  S::finite_only,       0, "OCP MX v1.0 §5.3.2 FP6 E2M3"},
  {FormatId::e2m1,     "e2m1",     "float4_e2m1fn",      E::binary_float,      4, true,  2,  1,    1,   true,  S::finite_only,       0, "OCP MX v1.0 §5.3.3 FP4 E2M1"},
  {FormatId::int8,     "int8",     "mxint8",             E::twos_complement,   8, true,  0,  0,    0,   false, S::finite_only,      -6, "OCP MX v1.0 §5.3.4 INT8: two's complement, implicit scale 2^-6"},
  {FormatId::e8m0,     "e8m0",     "float8_e8m0fnu",     E::binary_float,      8, false, 8,  0,  127,   false, S::nan_all_ones,      0, "OCP MX v1.0 §5.4.1 E8M0: 2^-127..2^127, 0xff NaN"},
  {FormatId::fp32,     "fp32",     "float32",            E::binary_float,     32, true,  8, 23,  127,   true,  S::ieee,              0, "IEEE 754-2019 binary32"},
  {FormatId::bf16,     "bf16",     "bfloat16",           E::binary_float,     16, true,  8,  7,  127,   true,  S::ieee,              0, "bfloat16 (binary32 truncated to 16 bits)"},
  {FormatId::fp16,     "fp16",     "float16",            E::binary_float,     16, true,  5, 10,   15,   true,  S::ieee,              0, "IEEE 754-2019 binary16"},
  {FormatId::fp64,     "fp64",     "float64",            E::binary_float,     64, true, 11, 52, 1023,   true,  S::ieee,              0, "IEEE 754-2019 binary64"},
  {FormatId::e4m3fnuz, "e4m3fnuz", "float8_e4m3fnuz",    E::binary_float,      8, true,  4,  3,    8,   true,  S::nan_negative_zero, 0, "AMD/Graphcore FP8 E4M3FNUZ (LLVM Float8E4M3FNUZ)"},
  {FormatId::e5m2fnuz, "e5m2fnuz", "float8_e5m2fnuz",    E::binary_float,      8, true,  5,  2,   16,   true,  S::nan_negative_zero, 0, "AMD/Graphcore FP8 E5M2FNUZ (LLVM Float8E5M2FNUZ)"},
  {FormatId::ue4m3,    "ue4m3",    "float8_ue4m3",       E::binary_float,      7, false, 4,  3,    7,   true,  S::nan_all_ones,      0, "NVFP4 block scale: unsigned E4M3 (CUTLASS float_ue4m3_t)"},
}};
// clang-format on

constexpr bool table_matches_enum() {
  for (std::size_t i = 0; i < kFormats.size(); ++i)
    if (static_cast<std::size_t>(kFormats[i].id) != i) return false;
  return true;
}
static_assert(table_matches_enum(), "kFormats must be in FormatId order");

std::uint64_t exponent_field(const FormatSpec& f, std::uint64_t code) {
  return (code & magnitude_mask(f)) >> f.mantissa_bits;
}
std::uint64_t mantissa_field(const FormatSpec& f, std::uint64_t code) {
  return code & ((std::uint64_t{1} << f.mantissa_bits) - 1);
}
std::uint64_t all_ones_exponent(const FormatSpec& f) { return (std::uint64_t{1} << f.exponent_bits) - 1; }

}  // namespace

std::span<const FormatSpec> format_table() { return kFormats; }

const FormatSpec& format_spec(FormatId id) { return kFormats[static_cast<std::size_t>(id)]; }

std::optional<FormatId> find_format(std::string_view name) {
  for (const auto& f : kFormats)
    if (f.name == name || f.alias == name) return f.id;
  return std::nullopt;
}

bool is_nan_code(const FormatSpec& f, std::uint64_t code) {
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

bool is_inf_code(const FormatSpec& f, std::uint64_t code) {
  return f.encoding == Encoding::binary_float && f.specials == Specials::ieee &&
         exponent_field(f, code) == all_ones_exponent(f) && mantissa_field(f, code) == 0;
}

int min_normal_exponent(const FormatSpec& f) { return f.has_subnormals ? 1 - f.bias : -f.bias; }

std::uint64_t max_finite_code(const FormatSpec& f) {
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

int max_exponent(const FormatSpec& f) {
  if (f.encoding == Encoding::twos_complement) {
    // floor(log2((2^(bits-1) - 1) * 2^fixed)): the integer's top bit position plus the fixed-point exponent.
    return (f.bits - 2) + f.fixed_point_exponent;
  }
  const auto e = static_cast<int>(exponent_field(f, max_finite_code(f)));
  return e - f.bias;  // max finite is always normal
}

}  // namespace mxconf
