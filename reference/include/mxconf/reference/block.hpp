// The MX block (OCP MX v1.0 §5, §6.3): one E8M0 scale X and k element codes P_i, value V_i = X * P_i.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/scale_rule.hpp"

namespace mxconf {

// NaN in a block's inputs.
enum class BlockNan : std::uint8_t {
  nan_scale,       // the whole block is NaN: scale 0xff (microxcaling, torchao, TOSA)
  ignore_in_amax,  // amax skips NaN (fmaxf); the NaN element is encoded on its own (TransformerEngine sm_100)
};
// Inf in a block's inputs.
enum class BlockInf : std::uint8_t {
  nan_scale,      // the whole block is NaN: scale 0xff (microxcaling, torchao, TOSA)
  largest_scale,  // scale 0xfe = 2^127; elements then quantized as usual (TE cvt.rp.satfinite, gfloat clip,
                  // torchao 0.18 RCEIL: real-clients.md §4)
  // The scale is taken from Inf's fp32 exponent field: 255 - emax (e4m3: 0xf7), the rule applied to the bit
  // pattern of Inf as if it were a number; elements then quantized as usual, so Inf saturates (torchao 0.18
  // FLOOR, CEIL and EVEN, which read amax's exponent bits: real-clients.md §4). For MXINT8 (emax 0) it is 0xff.
  exponent_field,
};

// The element divisor of a block whose scale code is 0x00 (X = 2^-127). Every other code divides by X exactly.
enum class MinScaleDivisor : std::uint8_t {
  exact,            // 2^-127 (OCP MX v1.0 §6.3: P_i = V_i / X)
  // 2^-126: the fp32 scale clamped to the smallest normal before dividing, so every element of such a block is
  // one binade low. A deviation from OCP (torchao 0.18 FLOOR/CEIL/EVEN, mx_tensor.py: F32_MIN_NORMAL clamp;
  // real-clients.md §4).
  fp32_min_normal,
  // 1.0: the reciprocal of code 0 is taken as 1.0 (torchao 0.18 RCEIL: torch.where(exponent == 0, 1.0, ...)), so
  // the elements are V_i themselves and round to 0 under nearest. A deviation from OCP, the class of
  // TransformerEngine PR #2647 (real-clients.md §4).
  one,
};

std::string_view to_string(BlockNan v);
std::string_view to_string(BlockInf v);
std::optional<BlockNan> parse_block_nan(std::string_view s);
std::optional<BlockInf> parse_block_inf(std::string_view s);
std::string_view to_string(MinScaleDivisor v);
std::optional<MinScaleDivisor> parse_min_scale_divisor(std::string_view s);

struct BlockPolicies {
  ScaleRule rule;
  BlockNan nan;
  BlockInf inf;
  ZeroAmax zero_amax;
  ScaleOverflow scale_overflow;
  Overflow element_overflow;  // OCP MX §6.3 clamps normals: saturate in every MX quantizer
  MinScaleDivisor min_scale_divisor;
};

// "rule=floor block-nan=nan-scale ...": canonical text for vector headers and reports (see describe(ElementPolicies)).
std::string describe(const BlockPolicies& p);

struct QuantizeOptions {
  BlockPolicies block;
  EncodeOptions element;  // rounding and element policies; element.policies.overflow is replaced by
                          // block.element_overflow
  // Rounding::sr (and ScaleRule::fp4_three_quarters): one random integer per element, of element.stochastic.bits
  // bits. Empty otherwise.
  std::span<const std::uint64_t> random;
};

struct QuantizedBlock {
  std::uint64_t scale = 0;            // E8M0 code
  std::vector<std::uint64_t> codes;   // element codes, one per input
};

// The shared scale quantize_block chooses for these values: NaN and Inf by BlockNan / BlockInf (spec-rules §3.3),
// otherwise `policies.rule` on the largest finite magnitude. A block of one value gives the scale of that amax.
std::uint64_t block_scale(std::span<const ExactValue> values, const FormatSpec& element, const BlockPolicies& policies);

// A quantized block, or why the policies give it no encoding.
struct BlockOutcome {
  QuantizedBlock block;  // means nothing when refused()
  // Not empty when an element has no encoding under the element policies (a NaN kept by
  // block-nan=ignore-in-amax under nan-into-finite=error, a random value wider than its bits): the first such
  // element's refusal, naming the policy.
  std::string refusal;
  bool refused() const { return !refusal.empty(); }
};

// Quantizes k >= 1 values (any k; 32 is the OCP block size). When the scale is NaN every element gets the
// element format's NaN result (its NaN code, or what NanIntoFinite says) -- a harness treats them as don't-care.
// A refusal by the policies is an outcome here (a don't-care block in a check); a bad argument (no values, not an
// element format, a random value count that is not one per element) throws InvalidArgument.
BlockOutcome try_quantize_block(std::span<const ExactValue> values, const FormatSpec& element,
                                const QuantizeOptions& options);

// try_quantize_block, with a refusal thrown as InvalidArgument (its message names the policy).
QuantizedBlock quantize_block(std::span<const ExactValue> values, const FormatSpec& element,
                              const QuantizeOptions& options);

// The exact values X * P_i (NaN for every element when X is NaN).
std::vector<ExactValue> dequantize_block(const QuantizedBlock& block, const FormatSpec& element);

// X * P_i rounded once into `destination` (fp32, bf16, fp16) under IEEE rules: overflow to Inf under round to
// nearest, gradual underflow.
std::vector<std::uint64_t> dequantize_block_to(const QuantizedBlock& block, const FormatSpec& element,
                                               const FormatSpec& destination, Rounding rounding);

}  // namespace mxconf
