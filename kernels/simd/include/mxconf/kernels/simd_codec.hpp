// The SIMD codec: the reference's conversion, decode, MX quantize and dequantize semantics as integer vector code
// (Google Highway, dynamic dispatch: one binary picks AVX2, AVX-512, ... at run time). It includes the
// reference's headers for their enums only and never calls the reference; it is trusted only because the harness
// and tests/kernels/test_simd_codec.cpp check it (kernels/simd/README.md).
//
// Supported: fp32 / bf16 / fp16 sources; e4m3 e5m2 e3m2 e2m3 e2m1 int8 e8m0 destinations; rne rtz rup rdn rna
// (no stochastic rounding); every ElementPolicies value; quantize of fp32 / bf16 blocks of any k >= 1 under the
// scale rules floor, ceil, even, rceil, rceil-fp32, rceil-log2f and every BlockPolicies value; dequantize to
// fp32 / bf16 / fp16. Formats are the reference's constexpr rows (format.hpp kFormatTable).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/policy.hpp"
#include "mxconf/reference/rounding.hpp"
#include "mxconf/reference/scale_rule.hpp"

namespace mxconf::simd_codec {

// Why a call wrote codes of 0 somewhere. Every refusal is one the reference reports with InvalidArgument.
enum class Status : std::uint8_t {
  ok,
  nan_not_encodable,       // NaN into a format without NaN under NanIntoFinite::error
  negative_not_encodable,  // negative into e8m0 under NegativeIntoUnsigned::error
  invalid_argument,        // sizes that do not match, a code wider than its format
  inf_not_encodable,       // +-Inf into a format without Inf or NaN under InfIntoFinite::error
};

// A conversion into one destination, precomputed from the table row and the policies: grid constants and the
// codes of every special outcome, [0] positive, [1] negative. Build with make_convert_plan / make_ieee_plan.
struct ConvertPlan {
  FormatId destination{};
  Rounding rounding{};
  bool flush_subnormal_input = false;
  bool unsigned_destination = false;   // e8m0: |x| is rounded
  bool negative_is_special = false;    // e8m0 and not NegativeIntoUnsigned::magnitude
  bool e8m0_quirk = false;             // E8m0SubnormalRounding::up_above_smallest under rne / rna
  bool e8m0_overflow_early = false;    // E8m0Overflow::before_rounding: |x| > 2^127 overflows before rounding
  std::int32_t grid_bits = 0, grid_min = 0, code_bias = 0, emax = 0;
  std::int32_t limit[2] = {0, 0};      // largest code magnitude (MXINT8 -128 under Int8Range::full)
  std::uint32_t negate_xor = 0, negate_add = 0, code_mask = 0;
  std::uint32_t nan[2] = {0, 0}, inf[2] = {0, 0}, zero[2] = {0, 0}, overflow[2] = {0, 0};
  std::uint32_t negative_unsigned = 0;
  bool nan_refused = false;            // NanIntoFinite::error into a format without NaN
  bool negative_refused = false;       // NegativeIntoUnsigned::error
  bool inf_refused = false;            // InfIntoFinite::error into a format without Inf or NaN
  bool negative_inf_as_magnitude = false;  // NegativeIntoUnsigned::smallest: -Inf is handled as +Inf
};

// Throws std::invalid_argument for a destination that is not an element format or e8m0, or Rounding::sr.
ConvertPlan make_convert_plan(FormatId destination, Rounding rounding, const ElementPolicies& policies);
// fp32 / bf16 / fp16 under the reference's ieee_encode_options(rounding) (dequantize results).
ConvertPlan make_ieee_plan(FormatId destination, Rounding rounding);

// out[i] = code of in[i]; a refused element gets 0 and the call returns the first refusal.
Status convert_fp32(const ConvertPlan& plan, std::span<const std::uint32_t> in, std::span<std::uint8_t> out) noexcept;
Status convert_bf16(const ConvertPlan& plan, std::span<const std::uint16_t> in, std::span<std::uint8_t> out) noexcept;
Status convert_fp16(const ConvertPlan& plan, std::span<const std::uint16_t> in, std::span<std::uint8_t> out) noexcept;

// Every element and e8m0 code to its fp32 pattern (exact; NaN -> 0x7fc00000). invalid_argument for a code wider
// than the format (its output is still written).
Status decode_fp32(FormatId format, std::span<const std::uint8_t> codes, std::span<std::uint32_t> out) noexcept;

struct QuantizePlan {
  ConvertPlan element;    // overflow = block.element_overflow
  BlockPolicies block{};
  std::int32_t emax = 0;  // floor(log2 M)
  std::uint32_t max_sig = 0;         // M's 24-bit significand (leading one at bit 23)
  std::uint32_t even_threshold = 0;  // torchao EVEN: amax's significand at or above it rounds up a binade
  float reciprocal = 0;              // fl32(1 / M) for rceil-fp32 and rceil-log2f
  std::uint32_t max_bits = 0;        // M as an fp32 pattern
  // rceil-log2f: q = 2^k (1 + X / 2^23) has a correctly rounded fp32 log2 of k itself exactly when
  // X < log2f_threshold[i], i = the half-gap index of k (plan.cpp).
  std::uint32_t log2f_threshold[9] = {};
  std::int32_t min_scale_exponent = -127;  // the divisor's exponent under scale code 0x00 (MinScaleDivisor)
};

// Throws std::invalid_argument for a rule other than floor, ceil, even, rceil, rceil-fp32, rceil-log2f, or what
// make_convert_plan refuses.
QuantizePlan make_quantize_plan(FormatId element, Rounding rounding, const ElementPolicies& policies,
                                const BlockPolicies& block);

// blocks = in.size() / k blocks of k values, rowwise: scales[b] and codes[b * k .. b * k + k).
Status quantize_fp32(const QuantizePlan& plan, std::size_t k, std::span<const std::uint32_t> in,
                     std::span<std::uint8_t> scales, std::span<std::uint8_t> codes) noexcept;
Status quantize_bf16(const QuantizePlan& plan, std::size_t k, std::span<const std::uint16_t> in,
                     std::span<std::uint8_t> scales, std::span<std::uint8_t> codes) noexcept;

// The e8m0 code of one block's finite amax (an fp32 pattern, sign ignored) under the plan's rule and policies
// (BlockInf::exponent_field's carry of EVEN into the Inf pattern included).
std::uint8_t scale_code_fp32(const QuantizePlan& plan, std::uint32_t amax) noexcept;

// X * P_i rounded once into plan.destination (fp32: out32; bf16 / fp16: out16, the other span empty).
Status dequantize(const ConvertPlan& plan, FormatId element, std::size_t k, std::span<const std::uint8_t> scales,
                  std::span<const std::uint8_t> codes, std::span<std::uint32_t> out32,
                  std::span<std::uint16_t> out16) noexcept;

// The instruction set the dispatcher picked on this machine ("AVX2", "AVX3", ...).
const char* target_name() noexcept;

}  // namespace mxconf::simd_codec
