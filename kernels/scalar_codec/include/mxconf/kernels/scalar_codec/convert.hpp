// Scalar conversion into an element or e8m0 format: a plan (destination, rounding, policies) built once, then
// integer-only conversions of fp32 / bf16 / fp16 / fp64 bit patterns that give the reference's convert() code.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "mxconf/kernels/scalar_codec/grid.hpp"
#include "mxconf/reference/policy.hpp"
#include "mxconf/reference/rounding.hpp"

namespace mxconf::scalar_codec {

// Why a value has no code. Every refusal is one the reference reports with InvalidArgument.
enum class Status : std::uint8_t {
  ok,
  nan_not_encodable,       // NaN into a format without NaN under NanIntoFinite::error
  negative_not_encodable,  // negative into e8m0 under NegativeIntoUnsigned::error
  random_out_of_range,     // stochastic rounding: the random value does not fit in sr_bits bits
  invalid_argument,        // sizes that do not match, a code wider than its format, an unsupported format
  inf_not_encodable,       // +-Inf into a format without Inf or NaN under InfIntoFinite::error
};
std::string_view to_string(Status s);

// A code and whether it exists (code is 0 when status != ok).
struct Encoded {
  std::uint32_t code = 0;
  Status status = Status::ok;
};

// Everything a conversion into one destination needs, precomputed: grid constants from the format row and the
// codes of every special outcome under the policies. Build with make_convert_plan; the fields are read by the
// codec's inner loops and are not meant to be set by hand.
struct ConvertPlan {
  FormatId destination{};
  Rounding rounding{};
  ElementPolicies policies{};
  int sr_bits = 0;  // K, 1..32 under Rounding::sr; 0 otherwise

  // Grid (grid.hpp): code magnitude = ((q + code_bias - 1) << grid_bits) + N, q = max(e, grid_min).
  int grid_bits = 0, grid_min = 0, code_bias = 0, emax = 0;
  std::int64_t limit[2] = {0, 0};  // largest code magnitude, [negative] (MXINT8 -128 under Int8Range::full)
  std::uint32_t sign_used = 1;     // 0 for unsigned destinations: |x| is rounded (rup/rdn see a positive)
  std::uint32_t negate_xor = 0, negate_add = 0;  // code = ((magnitude ^ xor) + add) & code_mask when negative
  std::uint32_t code_mask = 0;
  bool e8m0_quirk = false;  // E8m0SubnormalRounding::up_above_smallest under rne / rna
  bool e8m0_overflow_early = false;  // E8m0Overflow::before_rounding: |x| > 2^127 overflows before rounding

  // fp32 fast path: patterns p with (p & fast_key_mask) - fast_lo < fast_span are finite, not flushed, not zero
  // where zero needs a policy, and below 2^(emax+1); all others take the general path.
  std::uint32_t fast_key_mask = 0x7fff'ffff, fast_lo = 0, fast_span = 0;

  // Outcomes of the special cases, [negative].
  Encoded nan[2], inf[2], zero[2], overflow[2];
  Encoded negative_unsigned;  // a negative non-zero into e8m0 (unless NegativeIntoUnsigned::magnitude)
};

// Throws std::invalid_argument for a destination other than e4m3, e5m2, e3m2, e2m3, e2m1, int8, e8m0, or for
// sr_bits outside 1..32 under Rounding::sr. (ieee_plan below covers fp32 / bf16 / fp16 destinations.)
ConvertPlan make_convert_plan(FormatId destination, Rounding rounding, const ElementPolicies& policies,
                              int sr_bits = 0);

// The plan the reference's ieee_encode_options(rounding) describes, into fp32, bf16 or fp16 (used for dequantize
// and dot results; SR is not offered there).
ConvertPlan ieee_plan(FormatId destination, Rounding rounding);

// One value. `random` is r for Rounding::sr (must be < 2^sr_bits), ignored otherwise.
Encoded convert_fp32(const ConvertPlan& plan, std::uint32_t bits, std::uint32_t random = 0) noexcept;
Encoded convert_bf16(const ConvertPlan& plan, std::uint16_t bits, std::uint32_t random = 0) noexcept;
Encoded convert_fp16(const ConvertPlan& plan, std::uint16_t bits, std::uint32_t random = 0) noexcept;
Encoded convert_fp64(const ConvertPlan& plan, std::uint64_t bits, std::uint32_t random = 0) noexcept;
// Any source of fp32, bf16, fp16, fp64 (bits in the low end); invalid_argument for another source.
Encoded convert(const ConvertPlan& plan, FormatId source, std::uint64_t bits, std::uint32_t random = 0) noexcept;

// Batches: out[i] = code of in[i]. A refused element gets code 0; the result is the first refusal's status (or
// ok). random must hold in.size() values under Rounding::sr and is ignored (may be empty) otherwise.
// invalid_argument, with nothing written, when the sizes do not match.
Status convert_fp32(const ConvertPlan& plan, std::span<const std::uint32_t> in, std::span<std::uint8_t> out) noexcept;
Status convert_fp32(const ConvertPlan& plan, std::span<const std::uint32_t> in, std::span<const std::uint32_t> random,
                    std::span<std::uint8_t> out) noexcept;
Status convert_bf16(const ConvertPlan& plan, std::span<const std::uint16_t> in, std::span<const std::uint32_t> random,
                    std::span<std::uint8_t> out) noexcept;
Status convert_fp16(const ConvertPlan& plan, std::span<const std::uint16_t> in, std::span<const std::uint32_t> random,
                    std::span<std::uint8_t> out) noexcept;

// fp16 / bf16 bits widened to the fp32 pattern of the same value (exact; NaN payloads kept).
std::uint32_t widen_fp16(std::uint16_t bits) noexcept;
constexpr std::uint32_t widen_bf16(std::uint16_t bits) noexcept { return std::uint32_t{bits} << 16; }

}  // namespace mxconf::scalar_codec
