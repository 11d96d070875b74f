// MX block quantization (OCP MX v1.0 §6.3): the shared E8M0 scale from the block's amax under a ScaleRule, then
// each element V_i / X (or 3/4 V_i / X for fp4-three-quarters) converted under the element policies, with the
// block's element_overflow in place of the scalar overflow policy, as the reference's quantize_block does.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "mxconf/kernels/scalar_codec/convert.hpp"
#include "mxconf/reference/block.hpp"

namespace mxconf::scalar_codec {

struct QuantizePlan {
  ConvertPlan element;  // the element step (overflow = block.element_overflow)
  BlockPolicies block{};
  // Rule constants (24-bit significands of the element's max M, of M + ulp(M)/2, the even-rule carry threshold,
  // and fl32(1/M) for rceil-fp32), all with their leading one at bit 23.
  int emax = 0, max_exponent = 0, reciprocal_exponent = 0;
  std::uint32_t max_sig = 0, tosa_sig = 0, even_threshold = 0, reciprocal_sig = 0;
  bool e4m3_tosa = false;  // TOSA uses ceil for E4M3 (its tie at 464 rounds down), floor + 1 for the others
  // rceil-log2f: for q = 2^k (1 + X / 2^23), fp32 log2(q) rounds to k exactly when X < log2f_threshold[i], i the
  // half-gap index of k (src/log2f_threshold.hpp: half the gap above k is 2^-(17 + i)).
  std::array<std::uint32_t, 9> log2f_threshold{};
};

// Throws std::invalid_argument unless element is one of e4m3, e5m2, e3m2, e2m3, e2m1, int8 (and as
// make_convert_plan does for the rounding).
QuantizePlan make_quantize_plan(FormatId element, Rounding rounding, const ElementPolicies& policies,
                                const BlockPolicies& block, int sr_bits = 0);

// The E8M0 scale code of a block whose amax of the finite values is the fp32 pattern `amax` (sign ignored), with
// no NaN or Inf in the block: the rule, ZeroAmax, ScaleOverflow and the clamp at 2^-127.
std::uint8_t scale_code_fp32(const QuantizePlan& plan, std::uint32_t amax) noexcept;

// One block of k = values.size() >= 1 values (fp32 or bf16 patterns; SubnormalInput applies to them as to a
// scalar convert). random: k values under Rounding::sr, else ignored. codes.size() must be k. The result is
// the first element's refusal (its code is 0), or invalid_argument for mismatched sizes.
Status quantize_block_fp32(const QuantizePlan& plan, std::span<const std::uint32_t> values,
                           std::span<const std::uint32_t> random, std::uint8_t& scale,
                           std::span<std::uint8_t> codes) noexcept;
Status quantize_block_bf16(const QuantizePlan& plan, std::span<const std::uint16_t> values,
                           std::span<const std::uint32_t> random, std::uint8_t& scale,
                           std::span<std::uint8_t> codes) noexcept;

}  // namespace mxconf::scalar_codec
