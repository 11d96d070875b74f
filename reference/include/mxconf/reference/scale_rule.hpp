// E8M0 shared-scale rules: how a block's amax becomes its scale code (OCP MX v1.0 §6.3 and the vendor recipes).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "mxconf/reference/exact_value.hpp"
#include "mxconf/reference/format.hpp"

namespace mxconf {

// a = amax, e(a) = floor(log2 a) exactly, M = element max finite, emax = floor(log2 M); s = unbiased scale exponent.
// Every rule clamps s below at -127 (everyone does: spec-rules §3.3); above 127 see ScaleOverflow.
enum class ScaleRule : std::uint8_t {
  floor,               // s = e(a) - emax (OCP MX v1.0 §6.3, MX paper Algorithm 1; torchao FLOOR)
  ceil,                // s = ceil(log2 a) - emax (torchao CEIL)
  even,                // a rounded half-up to the element's mantissa width, then floor (torchao EVEN)
  rceil,               // s = ceil(log2(a / M)), exact (NVIDIA cuBLAS/cuDNN recipe; MXFP8 paper)
  rceil_fp32,          // rceil as kernels compute it: cvt.rp(fl32(a * fl32(1/M))) (TE, torchao RCEIL)
  tosa,                // s = ceil(log2(a/(M + ulp/2))) for e4m3, floor(log2(a/(M + ulp/2))) + 1 otherwise (TOSA 2026)
  tosa_2023,           // the same with M as denominator (TOSA 2023-11 .. 2026-03)
  fp4_three_quarters,  // floor; elements then quantized as sr(3/4 * V / X) (Tseng et al., "Training LLMs with MXFP4")
  // ceil(torch.log2(q)), q = fl32(a * fl32(1/M)) (torchao 0.18 RCEIL on sm_90: torch divides by a Python scalar
  // as a multiplication by its fp32 reciprocal); the ceil of torch.log2 is the measured per-k threshold function
  // (observations/torch/2.11.0/log2f-ceil-thresholds.dat): one code below rceil-fp32 where q lies just above 2^k.
  rceil_log2f,
};

std::string_view to_string(ScaleRule r);
std::optional<ScaleRule> parse_scale_rule(std::string_view name);

// The shared exponent's top end, reachable only from sources wider than fp32.
enum class ScaleOverflow : std::uint8_t {
  clamp,  // s > 127 -> 127 (gfloat, TOSA)
  nan,    // s > 127 -> NaN scale 0xff (microxcaling)
};
// A block whose amax is zero.
enum class ZeroAmax : std::uint8_t {
  smallest_scale,    // code 0x00 = 2^-127 (torchao, gfloat, TOSA, TE, microxcaling C++)
  fp32_min_normal,   // amax taken as 2^-126 before the rule (microxcaling Python: 0x01 for MXINT8)
};

std::string_view to_string(ScaleOverflow v);
std::string_view to_string(ZeroAmax v);
std::optional<ScaleOverflow> parse_scale_overflow(std::string_view s);
std::optional<ZeroAmax> parse_zero_amax(std::string_view s);

// The fp32 intermediates that rceil-fp32 and rceil-log2f round through, for explanations and tests: the rules
// themselves compute with these functions. Each value is exact: the fp32 value the kernel's operation returns.
struct Fp32ScaleWorking {
  ExactValue reciprocal;  // fl32(1 / M)
  // fl32(amax * fl32(1 / M)): rceil-fp32 rounds its exponent up (cvt.rp); rceil-log2f takes ceil(torch.log2(p))
  // (torchao divides by a Python float, which torch does as a multiplication by its fp32 reciprocal).
  ExactValue product;
};
Fp32ScaleWorking fp32_scale_working(const ExactValue& amax, const FormatSpec& element);

// torchao EVEN rounds amax half-up to the element's fraction bits on its fp32 bit pattern: does that carry past
// the largest fp32 exponent into the Inf pattern (a >= 2^127 * (2 - 2^-(m+1)))? Then scale_code gives the NaN
// scale, and BlockInf::exponent_field reads the pattern's exponent field like an Inf amax (block.cpp).
bool even_rounds_to_fp32_inf(const ExactValue& amax, const FormatSpec& element);

// The E8M0 code that `rule` gives for a finite amax >= 0 and element format `element`.
std::uint64_t scale_code(ScaleRule rule, const ExactValue& amax, const FormatSpec& element, ScaleOverflow overflow,
                         ZeroAmax zero_amax);

}  // namespace mxconf
