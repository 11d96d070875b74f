// Element and e8m0 codes as parts (internal header): the exact value of a code, from its format row
// (reference codec.cpp decode, in integers).
#pragma once

#include "core.hpp"

namespace mxconf::scalar_codec::detail {

inline bool code_fits(const FormatSpec& f, std::uint32_t code) { return code <= code_mask(f); }

// The value of `code` (which must fit). Finite values come normalised (point 61).
inline Parts code_parts(const FormatSpec& f, std::uint32_t code) {
  Parts p;
  if (f.encoding == Encoding::twos_complement) {
    p.negative = (code >> (f.bits - 1)) & 1;
    const std::uint64_t magnitude = p.negative ? (~std::uint64_t{code} + 1) & code_mask(f) : code;
    if (magnitude == 0) return p;  // MXINT8 has only +0
    return finite_parts(p.negative, magnitude, f.fixed_point_exponent);
  }
  p.negative = (code & sign_mask(f)) != 0;
  const std::uint64_t e = exponent_field(f, code);
  const std::uint64_t m = mantissa_field(f, code);
  const std::uint64_t e_all_ones = all_ones_exponent(f);
  if (f.specials == Specials::nan_all_ones && (code & magnitude_mask(f)) == magnitude_mask(f)) {
    p.kind = Parts::Kind::nan;
    return p;
  }
  if (f.specials == Specials::ieee && e == e_all_ones) {
    p.kind = m == 0 ? Parts::Kind::inf : Parts::Kind::nan;
    return p;
  }
  if (e == 0 && f.has_subnormals) {
    if (m == 0) return p;  // +-0
    return finite_parts(p.negative, m, 1 - f.bias - f.mantissa_bits);
  }
  return finite_parts(p.negative, (std::uint64_t{1} << f.mantissa_bits) | m,
                      static_cast<int>(e) - f.bias - f.mantissa_bits);
}

}  // namespace mxconf::scalar_codec::detail
