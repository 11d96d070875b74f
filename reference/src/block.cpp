#include "mxconf/reference/block.hpp"

#include <algorithm>
#include <string>

#include "mxconf/reference/error.hpp"
#include "mxconf/reference/policy_names.hpp"

namespace mxconf {
namespace {

// OCP MX v1.0 §5.4.1: E8M0 0xff is NaN, 0xfe is 2^127 (from its row, format.hpp).
constexpr std::uint64_t kNanScale = kE8m0NanCode;
constexpr std::uint64_t kLargestScale = kE8m0LargestCode;
constexpr std::int64_t kScaleBias = kE8m0Bias;
constexpr std::int64_t kFp32InfExponentField = 255;  // the biased exponent bits of fp32 Inf

const FormatSpec& e8m0() { return format_spec(FormatId::e8m0); }

struct BlockSpecials {
  bool nan = false;
  bool inf = false;
};

BlockSpecials find_specials(std::span<const ExactValue> values) {
  BlockSpecials s;
  for (const auto& v : values) {
    s.nan = s.nan || v.is_nan();
    s.inf = s.inf || v.is_inf();
  }
  return s;
}

// max |V_i| over the finite values (NaN and Inf were dealt with before; BlockNan::ignore_in_amax skips NaN like
// fmaxf does in TransformerEngine).
ExactValue finite_amax(std::span<const ExactValue> values) {
  ExactValue amax = ExactValue::zero(false);
  for (const auto& v : values)
    if (v.is_finite() && compare_magnitude(v, amax) > 0) amax = v.abs();
  return amax;
}

// OCP MX v1.0 §6.3 (spec-rules §3.2): with X = NaN every V_i is NaN whatever P_i is, so the element codes carry
// no information. We write the element format's own NaN result (the NaN carrying the input's sign, through the
// element policies). Where the policy refuses NaN (NanIntoFinite::error in a format without NaN) we write 0: a
// harness treats the codes of a NaN-scale block as don't-care.
RoundingTrace code_under_nan_scale(const ExactValue& v, const FormatSpec& element, const EncodeOptions& o) {
  if (!has_nan(element) && o.policies.nan_into_finite == NanIntoFinite::error) return RoundingTrace{};  // code 0
  return try_round_to_format(ExactValue::nan(v.negative()), element, o);
}

bool uses_random(const QuantizeOptions& o) { return o.element.rounding == Rounding::sr; }

void check_random(std::span<const ExactValue> values, const QuantizeOptions& o) {
  if (uses_random(o) && o.random.size() != values.size())
    throw InvalidArgument("stochastic rounding needs one random value per element: got " +
                          std::to_string(o.random.size()) + " random values for " + std::to_string(values.size()) +
                          " elements");
}

// The element options of the quantize step: OCP MX v1.0 §6.3 clamps normals, so the overflow policy is the
// block's (saturate in every MX quantizer), not the scalar cast's.
EncodeOptions element_options(const QuantizeOptions& o, std::size_t index) {
  EncodeOptions e = o.element;
  e.policies.overflow = o.block.element_overflow;
  if (uses_random(o)) e.stochastic = StochasticBits{o.element.stochastic.bits, o.random[index]};
  return e;
}

// P_i = quantize(V_i / X); X = 2^s so the division is an exact exponent shift. Tseng et al. ("Training LLMs with
// MXFP4", microxcaling.patch: A = 3*A / 2**(shared_exp+2)) quantize 3/4 * V_i / X instead: with the floor scale
// |V/X| < 2^(emax+1) = 8, so |3/4 V/X| < 6 and the E2M1 element never saturates.
// The divisor's exponent: s, except for code 0x00 under MinScaleDivisor (torchao's deviations, block.hpp).
std::int64_t divisor_exponent(std::uint64_t scale, MinScaleDivisor d) {
  const std::int64_t s = static_cast<std::int64_t>(scale) - kScaleBias;
  if (scale != 0) return s;
  switch (d) {
    case MinScaleDivisor::exact: return s;
    case MinScaleDivisor::fp32_min_normal: return -126;
    case MinScaleDivisor::one: return 0;
  }
  return s;
}

ExactValue element_input(const ExactValue& v, std::int64_t scale_exponent, ScaleRule rule) {
  const ExactValue scaled = v.scaled_by_power_of_two(-scale_exponent);
  if (rule == ScaleRule::fp4_three_quarters && scaled.is_finite()) return multiply(scaled, ExactValue::dyadic(3, -2));
  return scaled;
}

}  // namespace

std::string_view to_string(BlockNan v) { return names_of<BlockNan>().name(v); }
std::string_view to_string(BlockInf v) { return names_of<BlockInf>().name(v); }
std::optional<BlockNan> parse_block_nan(std::string_view s) { return names_of<BlockNan>().parse(s); }
std::optional<BlockInf> parse_block_inf(std::string_view s) { return names_of<BlockInf>().parse(s); }
std::string_view to_string(MinScaleDivisor v) { return names_of<MinScaleDivisor>().name(v); }
std::optional<MinScaleDivisor> parse_min_scale_divisor(std::string_view s) {
  return names_of<MinScaleDivisor>().parse(s);
}

// Specials first (spec-rules §3.3 "Inf or NaN anywhere in the block"), then the rule.
std::uint64_t block_scale(std::span<const ExactValue> values, const FormatSpec& element, const BlockPolicies& p) {
  const BlockSpecials specials = find_specials(values);
  // microxcaling, torchao and TOSA: a NaN or Inf input makes the whole block NaN.
  if (specials.nan && p.nan == BlockNan::nan_scale) return kNanScale;
  if (specials.inf && p.inf == BlockInf::nan_scale) return kNanScale;
  // torchao FLOOR/CEIL/EVEN read the exponent bits of an Inf amax as if it were a number: 255 - emax.
  if (specials.inf && p.inf == BlockInf::exponent_field)
    return static_cast<std::uint64_t>(kFp32InfExponentField - max_exponent(element));
  // TE cvt.rp.satfinite of an Inf amax, gfloat's clip: the largest scale 2^127.
  if (specials.inf) return kLargestScale;
  // torchao 0.18 EVEN: its rounding of amax carries past FLT_MAX into the Inf pattern, whose exponent field the same
  // code then reads: the Inf block's scale (observations/torchao/0.18.0/quantize-*-even.txt, golden:flt-max).
  if (p.inf == BlockInf::exponent_field && p.rule == ScaleRule::even &&
      even_rounds_to_fp32_inf(finite_amax(values), element))
    return static_cast<std::uint64_t>(kFp32InfExponentField - max_exponent(element));
  return scale_code(p.rule, finite_amax(values), element, p.scale_overflow, p.zero_amax);
}

BlockOutcome try_quantize_block(std::span<const ExactValue> values, const FormatSpec& element,
                                const QuantizeOptions& options) {
  if (values.empty()) throw InvalidArgument("a block needs at least one value (k >= 1), got 0");
  if (!is_element_format(element.id))
    throw InvalidArgument("element format " + std::string(element.name) + " is not an OCP MX element format");
  check_random(values, options);

  BlockOutcome out;
  QuantizedBlock& block = out.block;
  block.scale = block_scale(values, element, options.block);
  block.codes.reserve(values.size());
  const bool nan_scale = block.scale == kNanScale;
  const std::int64_t s = nan_scale ? 0 : divisor_exponent(block.scale, options.block.min_scale_divisor);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const RoundingTrace t =
        nan_scale ? code_under_nan_scale(values[i], element, element_options(options, i))
                  : try_round_to_format(element_input(values[i], s, options.block.rule), element,
                                        element_options(options, i));
    if (t.refused()) {  // the first refusal decides, as the exception of encode did
      out.refusal = t.refusal;
      return out;
    }
    block.codes.push_back(t.code);
  }
  return out;
}

QuantizedBlock quantize_block(std::span<const ExactValue> values, const FormatSpec& element,
                              const QuantizeOptions& options) {
  BlockOutcome out = try_quantize_block(values, element, options);
  if (out.refused()) throw InvalidArgument(out.refusal);
  return std::move(out.block);
}

std::vector<ExactValue> dequantize_block(const QuantizedBlock& block, const FormatSpec& element) {
  // OCP MX v1.0 §6.3: V_i = X * P_i; decode(e8m0, 0xff) is NaN and NaN * anything is NaN.
  const ExactValue x = decode(e8m0(), block.scale);
  std::vector<ExactValue> out;
  out.reserve(block.codes.size());
  for (const auto code : block.codes) {
    const ExactValue p = decode(element, code);
    out.push_back(x.is_nan() ? ExactValue::nan(false) : multiply(x, p));
  }
  return out;
}

std::vector<std::uint64_t> dequantize_block_to(const QuantizedBlock& block, const FormatSpec& element,
                                               const FormatSpec& destination, Rounding rounding) {
  // spec-rules §3.2: the exact product rounded once under IEEE rules, as a plain fp32 multiply of the decoded
  // element by the decoded scale does (AMD gfx950: Inf on overflow, gradual underflow).
  const EncodeOptions options = ieee_encode_options(rounding);
  std::vector<std::uint64_t> out;
  out.reserve(block.codes.size());
  for (const auto& v : dequantize_block(block, element)) out.push_back(encode(v, destination, options));
  return out;
}

}  // namespace mxconf
