// The codec's one rounding routine and the value representation every path feeds it (internal header).
//
// A value is "parts": a kind, a sign and, when finite and non-zero, sig * 2^(exp - P) with exp = floor(log2 |x|)
// (so sig has its leading one at bit P, P <= 61). Rounding it into a plan's grid (grid.hpp) is:
//   q = max(exp, grid_min), shift = (q - grid_bits) - (exp - P)   (discarded bits, >= 1)
//   N = (sig >> shift) + up(rounding, discarded bits)              (reference codec.cpp round_on_grid)
//   magnitude = ((q + code_bias - 1) << grid_bits) + N             (carries into the next binade by itself)
// then the overflow check against the plan's limit and the sign. No floating-point arithmetic anywhere.
#pragma once

#include <bit>
#include <cstdint>

#include "mxconf/kernels/rounding_dispatch.hpp"
#include "mxconf/kernels/scalar_codec/convert.hpp"

namespace mxconf::scalar_codec::detail {

struct Parts {
  enum class Kind : std::uint8_t { finite, zero, inf, nan };
  Kind kind = Kind::zero;
  bool negative = false;
  int exp = 0;            // floor(log2 |x|) for finite non-zero values
  std::uint64_t sig = 0;  // leading one at bit `point`
  int point = 0;          // P
};

inline constexpr int kMaxPoint = 61;

// Parts of m * 2^lsb (m > 0), normalised so the leading one sits at bit kMaxPoint. m < 2^62.
inline Parts finite_parts(bool negative, std::uint64_t m, int lsb) {
  const int width = 64 - std::countl_zero(m);
  Parts p;
  p.kind = Parts::Kind::finite;
  p.negative = negative;
  p.exp = lsb + width - 1;
  p.sig = m << (kMaxPoint - (width - 1));
  p.point = kMaxPoint;
  return p;
}

// Parts of an IEEE-style binary pattern (fp32, fp64, ...): `mbits` mantissa bits, `ebits` exponent bits.
// SubnormalInput::flush turns source subnormals into zeros of the same sign (reference decode_source).
template <int kExponentBits, int kMantissaBits, typename U>
inline Parts binary_parts(U bits, bool flush) {
  constexpr int kBias = (1 << (kExponentBits - 1)) - 1;
  constexpr U kMantissaMask = (U{1} << kMantissaBits) - 1;
  constexpr U kExpAllOnes = (U{1} << kExponentBits) - 1;
  Parts p;
  p.negative = (bits >> (kExponentBits + kMantissaBits)) & 1;
  const U e = (bits >> kMantissaBits) & kExpAllOnes;
  const U m = bits & kMantissaMask;
  if (e == kExpAllOnes) {
    p.kind = m == 0 ? Parts::Kind::inf : Parts::Kind::nan;
    return p;
  }
  if (e == 0) {
    if (m == 0 || flush) return p;  // zero (of the input's sign)
    const int width = static_cast<int>(std::bit_width(m));
    p.kind = Parts::Kind::finite;
    p.exp = (1 - kBias - kMantissaBits) + width - 1;
    p.sig = static_cast<std::uint64_t>(m) << (kMantissaBits - (width - 1));
    p.point = kMantissaBits;
    return p;
  }
  p.kind = Parts::Kind::finite;
  p.exp = static_cast<int>(e) - kBias;
  p.sig = static_cast<std::uint64_t>(m | (U{1} << kMantissaBits));
  p.point = kMantissaBits;
  return p;
}

inline Parts fp32_parts(std::uint32_t bits, bool flush) { return binary_parts<8, 23>(bits, flush); }
inline Parts fp64_parts(std::uint64_t bits, bool flush) { return binary_parts<11, 52>(bits, flush); }

// Rounds a finite non-zero |x| = sig * 2^(exp - point) (exp <= plan.emax; sig < 2^(point+1), point <= 61; the
// leading one may sit lower than `point` only when exp < grid_min, where q does not depend on it) into the
// plan's grid. `negative` is the sign that rounding sees (already |x| for unsigned destinations).
template <Rounding R>
inline Encoded round_finite(const ConvertPlan& plan, bool negative, int exp, std::uint64_t sig, int point,
                            std::uint32_t random) noexcept {
  // 5. Grid: q, the discarded bits, and the rounding decision for each mode
  const int q = exp > plan.grid_min ? exp : plan.grid_min;
  const int shift_exact = q - plan.grid_bits - exp + point;  // >= 1: every path keeps point > grid_bits
  const int shift = shift_exact < 63 ? shift_exact : 63;     // sig < 2^62: beyond 62 every bit is discarded
  const std::uint64_t truncated = sig >> shift;
  const std::uint64_t remainder = sig & ((std::uint64_t{1} << shift) - 1);
  const std::int64_t base = static_cast<std::int64_t>(q + plan.code_bias - 1) * (std::int64_t{1} << plan.grid_bits);
  std::uint64_t up = 0;
  if constexpr (R == Rounding::rne) {
    // Ties to the even code: the parity of the lower neighbour's code (for e8m0 the exponent, codec.cpp).
    const std::uint64_t half = std::uint64_t{1} << (shift - 1);
    const std::uint64_t odd = static_cast<std::uint64_t>(base + static_cast<std::int64_t>(truncated)) & 1;
    up = (remainder > half) | ((remainder == half) & odd);
  } else if constexpr (R == Rounding::rna) {
    up = remainder >= (std::uint64_t{1} << (shift - 1));
  } else if constexpr (R == Rounding::rup) {
    up = (remainder != 0) & !negative;
  } else if constexpr (R == Rounding::rdn) {
    up = (remainder != 0) & negative;
  } else if constexpr (R == Rounding::sr) {
    // The top K discarded bits plus r; a carry out of K bits rounds up (PTX cvt.rs; spec-rules §5.3).
    const int k = plan.sr_bits;
    const int d = shift_exact - k;
    std::uint64_t top;
    if (d >= 64)
      top = 0;
    else if (d >= 0)
      top = (sig >> d) & ((std::uint64_t{1} << k) - 1);
    else
      top = remainder << -d;
    up = (top + random) >> k;
  }
  std::int64_t magnitude = base + static_cast<std::int64_t>(truncated + up);
  // 6. Overflow (the plan's precomputed overflow_outcome code)
  if (magnitude > plan.limit[negative]) return plan.overflow[negative];
  if (magnitude < 0) magnitude = 0;  // e8m0 below 2^-127: clipped to 2^-127 (CUDA cuda_fp8.h)
  // 7. Sign and pack: sign | magnitude, or two's complement for MXINT8
  const std::uint32_t neg_mask = 0u - static_cast<std::uint32_t>(negative);
  const auto m = static_cast<std::uint32_t>(magnitude);
  return Encoded{((m ^ (plan.negate_xor & neg_mask)) + (plan.negate_add & neg_mask)) & plan.code_mask, Status::ok};
}

using kernels::dispatch_rounding;  // mxconf/kernels/rounding_dispatch.hpp, shared with the SIMD codec

inline bool random_fits(const ConvertPlan& plan, std::uint32_t random) {
  return plan.rounding != Rounding::sr || (std::uint64_t{random} >> plan.sr_bits) == 0;
}

// The general path: any parts, any special, any policy, in the numbered steps of reference codec.cpp
// try_round_to_format (the special outcomes are precomputed in the plan: convert.cpp make_plan).
template <Rounding R>
inline Encoded encode_parts(const ConvertPlan& plan, const Parts& v, std::uint32_t random) noexcept {
  if constexpr (R == Rounding::sr)
    if ((std::uint64_t{random} >> plan.sr_bits) != 0) return Encoded{0, Status::random_out_of_range};
  // 1. NaN
  if (v.kind == Parts::Kind::nan) return plan.nan[v.negative];
  // 2. Negative into an unsigned format
  bool negative = v.negative;
  if (plan.sign_used == 0) {  // unsigned destination (e8m0)
    // NegativeIntoUnsigned::smallest handles -Inf as +Inf (ml_dtypes' saturating conversion).
    const bool as_magnitude = plan.policies.negative_into_unsigned == NegativeIntoUnsigned::magnitude ||
                              (plan.policies.negative_into_unsigned == NegativeIntoUnsigned::smallest &&
                               v.kind == Parts::Kind::inf);
    if (negative && v.kind != Parts::Kind::zero && !as_magnitude) return plan.negative_unsigned;
    negative = false;
  }
  switch (v.kind) {
    case Parts::Kind::inf:  // 3. Inf
      return plan.inf[negative];
    case Parts::Kind::zero:  // 4. Zero
      return plan.zero[negative];
    default:
      break;
  }
  // 6, early: at least 2^(emax+1) is beyond max under any rounding
  if (v.exp > plan.emax) return plan.overflow[negative];
  // gfloat: E8M0 overflow decided on the unrounded value (E8m0Overflow::before_rounding).
  if (plan.e8m0_overflow_early && v.exp == plan.emax && v.sig != (std::uint64_t{1} << v.point))
    return plan.overflow[negative];
  // torch / ml_dtypes bit rounding: (2^-127, 2^-126) -> 2^-126 under nearest (E8m0SubnormalRounding).
  if (plan.e8m0_quirk && v.exp == plan.grid_min && v.sig != (std::uint64_t{1} << v.point))
    return Encoded{1, Status::ok};
  // 5-7. Grid, overflow, sign and pack
  return round_finite<R>(plan, negative, v.exp, v.sig, v.point, random);
}

inline Encoded encode_parts(const ConvertPlan& plan, const Parts& v, std::uint32_t random) noexcept {
  return dispatch_rounding(plan.rounding, [&]<Rounding R>() { return encode_parts<R>(plan, v, random); });
}

// The fp32 fast path: finite values the plan's fast range admits go straight to round_finite (subnormal inputs
// unnormalised: for element formats their q is grid_min either way); everything else through encode_parts.
Encoded convert_fp32_general(const ConvertPlan& plan, std::uint32_t bits, std::uint32_t random) noexcept;

template <Rounding R>
inline Encoded convert_fp32_inline(const ConvertPlan& plan, std::uint32_t bits, std::uint32_t random) noexcept {
  if constexpr (R == Rounding::sr)
    if ((std::uint64_t{random} >> plan.sr_bits) != 0) return Encoded{0, Status::random_out_of_range};
  if ((bits & plan.fast_key_mask) - plan.fast_lo < plan.fast_span) [[likely]] {
    const std::uint32_t a = bits & 0x7fff'ffff;
    const bool negative = (bits >> 31) & plan.sign_used;
    const auto e = static_cast<int>(a >> 23);
    const std::uint64_t sig = (a & 0x7f'ffff) | (std::uint64_t{e != 0} << 23);
    return round_finite<R>(plan, negative, (e | (e == 0)) - 127, sig, 23, random);
  }
  return convert_fp32_general(plan, bits, random);
}

}  // namespace mxconf::scalar_codec::detail
