#include "known_deviations.hpp"

#include <array>

namespace mxconf::cuda_xcheck {
namespace {

constexpr std::uint64_t kFp64Sign = std::uint64_t{1} << 63;
constexpr std::uint64_t kFp64Inf = 0x7ff0'0000'0000'0000;
constexpr std::uint64_t kFp64Two128 = 0x47f0'0000'0000'0000;  // 2^128: (1023 + 128) << 52

bool is_fp8(FormatId id) { return id == FormatId::e4m3 || id == FormatId::e5m2; }

// ---- 1. __nv_cvt_double_to_fp8 keeps a NaN's sign and top payload bits. ----

bool double_to_fp8(const EncodeRow& row) { return row.source == FormatId::fp64 && is_fp8(row.destination); }

// cuda_fp8.hpp __nv_cvt_double_to_fp8, NaN branch: E4M3 `res = 0x7FU`; E5M2 `res = 0x7EU | mantissa` ("NaN -->
// QNaN", mantissa = the top two fp64 mantissa bits); then `res |= sign` for every branch.
std::optional<std::uint64_t> double_nan_code(const EncodeRow& row, std::uint64_t bits) {
  if ((bits & ~kFp64Sign) <= kFp64Inf) return std::nullopt;  // not a NaN
  const std::uint64_t sign = (bits >> 63) << 7;
  if (row.destination == FormatId::e4m3) return sign | 0b0'1111'111;
  return sign | 0b0'11111'10 | ((bits >> 50) & 0b11);
}

// ---- 2. __nv_cvt_double_to_e8m0(x, __NV_NOSAT, cudaRoundZero) clips |x| >= 2^128 to 2^127. ----

bool double_to_e8m0_rz_nosat(const EncodeRow& row) {
  return row.source == FormatId::fp64 && row.destination == FormatId::e8m0 &&
         row.saturation == CudaSaturation::nosat && row.rounding == CudaRounding::zero;
}

// __internal_double_to_float_with_sticky turns a finite |x| >= 2^128 (which (float)x rounds to Inf) into
// +-FLT_MAX (its `d > x -> u--` step), and RZ of FLT_MAX is 2^127: code 0xFE.
std::optional<std::uint64_t> beyond_float_range(const EncodeRow&, std::uint64_t bits) {
  const std::uint64_t magnitude = bits & ~kFp64Sign;
  if (magnitude < kFp64Two128 || magnitude >= kFp64Inf) return std::nullopt;
  return 0xfe;
}

// clang-format off
const std::array<KnownDeviation, 2> kDeviations{{
  {"fp64-nan-keeps-sign-payload",
   "__nv_cvt_double_to_fp8 (E4M3, E5M2; SAT and NOSAT): fp64 NaN inputs",
   "E4M3: 0x7F | sign<<7 (-NaN -> 0xFF); E5M2: 0x7E | (top 2 fp64 mantissa bits) | sign<<7 "
   "(+qNaN 0x7FF8... -> 0x7E, -qNaN -> 0xFE, 0x7FFC... -> 0x7F)",
   "0x7F (nvidia profile NanEncoding{positive, all_ones})",
   "cuda_fp8.h documents no NaN rule for __nv_cvt_double_to_fp8; its float/half/bf16 siblings canonicalize NaN "
   "to 0x7FFFFFFF first ('Canonical NaN', cuda_fp8.hpp __nv_cvt_float_to_fp8) and PTX cvt gives 0x7F "
   "(spec-rules §5.1-§5.2); the double path's NaN branch ORs in the sign and the top mantissa bits instead",
   double_to_fp8, double_nan_code},
  {"fp64-e8m0-rz-nosat-beyond-2^128",
   "__nv_cvt_double_to_e8m0(x, __NV_NOSAT, cudaRoundZero): finite |x| >= 2^128",
   "0xFE (2^127)",
   "0xFF (NaN; nvidia profile DirectedOverflow::non_finite)",
   "cuda_fp8.h (above __nv_cvt_bfloat16raw_to_e8m0, which __nv_cvt_double_to_e8m0 refers to): 'Results that are "
   "larger than the largest representable target format number 2^127 are either clipped to 2^127 if saturate "
   "equals to __NV_SATFINITE, or convert to NaN otherwise'; RZ of |x| >= 2^128 is >= 2^128, so NaN is "
   "documented, but __internal_double_to_float_with_sticky first maps it to FLT_MAX, whose RZ is 2^127",
   double_to_e8m0_rz_nosat, beyond_float_range},
}};
// clang-format on

}  // namespace

std::span<const KnownDeviation> known_deviations() { return kDeviations; }

}  // namespace mxconf::cuda_xcheck
