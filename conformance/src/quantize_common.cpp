#include "quantize_common.hpp"

#include <sstream>

#include "case_classes.hpp"
#include "guarded_buffer.hpp"
#include "layout.hpp"
#include "mxconf/conformance/compare.hpp"
#include "mxconf/conformance/explain.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/reference/hexfloat.hpp"

namespace mxconf::conformance::detail {
namespace {

const FormatSpec& fp32() { return format_spec(FormatId::fp32); }

std::vector<ExactValue> source_values(std::span<const std::uint32_t> values, SubnormalInput policy) {
  std::vector<ExactValue> out;
  out.reserve(values.size());
  for (const auto bits : values) out.push_back(decode_source(fp32(), bits, policy));
  return out;
}

EncodeOptions element_options(const QuantizeSetup& s, std::span<const std::uint32_t> random, std::size_t i) {
  EncodeOptions e = s.options.element;
  e.policies.overflow = s.options.block.element_overflow;
  if (s.stochastic) e.stochastic = StochasticBits{kQuantizeSrBits, random[i]};
  return e;
}

// V_i / X, and 3/4 of it under fp4-three-quarters (reference/src/block.cpp element_input). Under scale code 0x00
// the divisor follows MinScaleDivisor (torchao: 2^-126, or 1.0 for RCEIL; reference/src/block.cpp).
ExactValue element_input(const ExactValue& v, std::uint64_t scale, ScaleRule rule, MinScaleDivisor divisor) {
  std::int64_t exponent = static_cast<std::int64_t>(scale) - 127;
  if (scale == 0 && divisor == MinScaleDivisor::fp32_min_normal) exponent = -126;
  if (scale == 0 && divisor == MinScaleDivisor::one) exponent = 0;
  const ExactValue scaled = v.scaled_by_power_of_two(-exponent);
  if (rule == ScaleRule::fp4_three_quarters && scaled.is_finite()) return multiply(scaled, ExactValue::dyadic(3, -2));
  return scaled;
}

std::string codes_text(std::span<const std::uint64_t> codes) {
  std::string s;
  for (const auto c : codes) s += (s.empty() ? "" : " ") + to_hex_code(c);
  return s;
}

std::string fp32_hex(std::uint32_t bits) {
  std::string s = "0x00000000";
  for (int i = 9; i >= 2; --i, bits >>= 4) s[static_cast<std::size_t>(i)] = "0123456789abcdef"[bits & 0xf];
  return s;
}

}  // namespace

CapabilityQuery quantize_query(FormatId element, ScaleRule rule, std::optional<Rounding> rounding,
                               std::optional<Overflow> overflow) {
  const bool sr = rule == ScaleRule::fp4_three_quarters || rounding == Rounding::sr;
  return CapabilityQuery{MXCONF_OP_QUANTIZE,
                         FormatId::fp32,
                         element,
                         sr ? std::optional<Rounding>(Rounding::sr) : rounding,
                         overflow,
                         rule,
                         sr ? std::optional<std::uint32_t>(kQuantizeSrBits) : std::nullopt,
                         true};
}

std::string rounding_suffix(QuantizeRounding rounding) { return rounding == QuantizeRounding::sr ? "/sr" : ""; }

QuantizeSetup quantize_setup(const Profile& profile, FormatId element, ScaleRule rule, QuantizeRounding rounding) {
  QuantizeSetup s{element, rule, quantize_options(profile),
                  rule == ScaleRule::fp4_three_quarters || rounding == QuantizeRounding::sr, {}};
  s.options.block.rule = rule;
  if (s.stochastic) {
    s.options.element.rounding = Rounding::sr;
    s.options.element.stochastic.bits = kQuantizeSrBits;
  }
  s.query = quantize_query(element, rule, s.options.element.rounding, s.options.block.element_overflow);
  return s;
}

std::string call_quantize(const mxconf_kernel& kernel, const QuantizeSetup& s, const mxconf_policies& policies,
                          std::span<const std::uint32_t> values, std::span<const std::uint32_t> random,
                          KernelBlocks& out) {
  if (kernel.quantize == nullptr) return "declares quantize but its quantize function is NULL";
  const std::size_t blocks = values.size() / kBlockSize;
  const int width = format_spec(s.element).bits;
  const mxconf_layout layout = layout_for(kernel, s.query);
  GuardedBuffer scales(blocks);
  GuardedBuffer codes(code_bytes(values.size(), width, layout));
  mxconf_quantize_args args{};
  args.struct_size = sizeof(args);
  args.source = MXCONF_FORMAT_FP32;
  args.element = to_abi(s.element);
  args.rule = to_abi(s.rule);
  args.rounding = to_abi(s.options.element.rounding);
  args.overflow = to_abi(s.options.block.element_overflow);
  args.layout = layout;
  args.block_size = static_cast<std::uint32_t>(kBlockSize);
  args.input = values.data();
  args.random = s.stochastic ? random.data() : nullptr;
  args.scales = scales.bytes();
  args.codes = codes.bytes();
  args.blocks = blocks;
  args.policies = &policies;
  const int status = kernel.quantize(&args);
  std::string problem = call_problem("quantize", status, {{"scales", &scales}, {"codes", &codes}});
  if (!problem.empty()) return problem;
  out.scales.assign(scales.bytes(), scales.bytes() + blocks);
  out.codes = unpack_codes(codes.bytes(), values.size(), width, layout);
  return {};
}

std::optional<QuantizedBlock> expected_block(const QuantizeSetup& s, const Profile& profile,
                                             std::span<const std::uint32_t> values,
                                             std::span<const std::uint32_t> random) {
  QuantizeOptions options = s.options;
  std::vector<std::uint64_t> r(random.begin(), random.end());
  if (s.stochastic) options.random = r;
  BlockOutcome out =
      try_quantize_block(source_values(values, profile.element.subnormal_input), format_spec(s.element), options);
  if (out.refused()) return std::nullopt;
  return std::move(out.block);
}

std::vector<std::optional<std::uint32_t>> sr_thresholds(const QuantizeSetup& s, const Profile& profile,
                                                        std::span<const std::uint32_t> values) {
  std::vector<std::optional<std::uint32_t>> out(values.size());
  if (!s.stochastic) return out;
  // The scale does not depend on the element rounding (OCP MX v1.0 §6.3: it comes from amax alone).
  const std::vector<std::uint32_t> zeros(values.size(), 0);
  const std::optional<QuantizedBlock> block = expected_block(s, profile, values, zeros);
  // No encoding under the profile's policies (don't-care), or a NaN scale: any r will do.
  if (!block || block->scale == 0xff) return out;
  const FormatSpec& element = format_spec(s.element);
  const std::vector<ExactValue> v = source_values(values, profile.element.subnormal_input);
  const std::uint32_t top = (1u << kQuantizeSrBits) - 1;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const ExactValue x = element_input(v[i], block->scale, s.rule, s.options.block.min_scale_divisor);
    if (!x.is_finite()) continue;
    EncodeOptions e = element_options(s, zeros, i);
    const auto code_at = [&](std::uint32_t r) {
      e.stochastic.random = r;
      return try_encode(x, element, e);
    };
    const std::optional<std::uint64_t> down = code_at(0);
    if (!down || code_at(top) == down) continue;
    std::uint32_t lo = 0, hi = top;  // code_at(lo) == down, code_at(hi) != down: rounding up is monotone in r
    while (hi - lo > 1) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      (code_at(mid) == down ? lo : hi) = mid;
    }
    out[i] = hi;
  }
  return out;
}

std::uint32_t sr_decision_random(unsigned kind, std::optional<std::uint32_t> threshold, std::uint32_t uniform) {
  switch (kind) {
    case 0: return 0;
    case 1: return (1u << kQuantizeSrBits) - 1;
    case 2: return threshold ? *threshold - 1 : uniform;
    case 3: return threshold ? *threshold : uniform;
    default: return uniform;
  }
}

namespace {

// What each rule computes, with where it comes from (scale_rule.hpp; spec-rules §4).
std::string_view rule_clause(ScaleRule r) {
  switch (r) {
    case ScaleRule::floor: return "s = floor(log2 amax) - emax (OCP MX v1.0 §6.3, MX paper Algorithm 1)";
    case ScaleRule::ceil: return "s = ceil(log2 amax) - emax (torchao CEIL)";
    case ScaleRule::even: return "amax rounded half-up to the element's mantissa width, then floor (torchao EVEN)";
    case ScaleRule::rceil: return "s = ceil(log2(amax / M)), exact (NVIDIA cuBLAS/cuDNN recipe)";
    case ScaleRule::rceil_fp32: return "s = exponent of cvt.rp(fl32(amax * fl32(1/M))) (TransformerEngine, torchao RCEIL)";
    case ScaleRule::tosa: return "s = ceil(log2(amax/(M + ulp/2))) for e4m3, floor(log2(amax/(M + ulp/2))) + 1 otherwise (TOSA)";
    case ScaleRule::tosa_2023: return "as tosa with M as the denominator (TOSA 2023-11)";
    case ScaleRule::fp4_three_quarters: return "floor; elements then sr(3/4 * V / X) (Tseng et al.)";
    case ScaleRule::rceil_log2f:
      return "s = ceil(torch.log2(fl32(amax * fl32(1/M)))), measured per-k thresholds (torchao 0.18 RCEIL)";
  }
  return "";
}

// The working of the scale rule on this block (issue 9): amax (pattern and exact), M, the exact position of
// amax / M between powers of two, floor(log2 amax), and the clamp. Exact comparisons only.
void add_scale_working(ExplainLines& lines, std::span<const std::uint32_t> values, const std::vector<ExactValue>& v,
                       const FormatSpec& element, ScaleRule rule) {
  std::optional<std::size_t> at;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i].is_finite() && (!at || compare_magnitude(v[i], v[*at]) > 0)) at = i;
  if (!at) return;
  const ExactValue amax = v[*at].abs();
  lines.emplace_back("amax", "element " + std::to_string(*at) + ", fp32 " + fp32_hex(values[*at] & 0x7fff'ffffu) +
                                 " = " + value_text(amax));
  if (amax.is_zero()) {
    lines.emplace_back("working", "amax is zero: the scale follows zero-amax");
    return;
  }
  const ExactValue m = decode(element, max_finite_code(element));
  const std::int64_t e = amax.floor_log2(), emax = m.floor_log2();
  lines.emplace_back("M", value_text(m) + " (emax = floor(log2 M) = " + std::to_string(emax) + ")");
  lines.emplace_back("floor(log2 amax)", std::to_string(e) + ": 2^" + std::to_string(e) + " <= amax < 2^" +
                                             std::to_string(e + 1) + "; floor - emax = " + std::to_string(e - emax));
  // k with M * 2^(k-1) < amax <= M * 2^k: ceil(log2(amax / M)), by exact comparison.
  std::int64_t k = e - emax;
  while (compare(amax, m.scaled_by_power_of_two(k)) > 0) ++k;
  while (compare(amax, m.scaled_by_power_of_two(k - 1)) <= 0) --k;
  const bool on = compare(amax, m.scaled_by_power_of_two(k)) == 0;
  lines.emplace_back("amax / M", on ? "exactly 2^" + std::to_string(k)
                                    : "in (2^" + std::to_string(k - 1) + ", 2^" + std::to_string(k) +
                                          "): M * 2^" + std::to_string(k - 1) + " < amax < M * 2^" + std::to_string(k) +
                                          ", so ceil(log2(amax / M)) = " + std::to_string(k));
  if (rule == ScaleRule::rceil_fp32 || rule == ScaleRule::rceil_log2f) {
    // The fp32 values the kernel's own arithmetic rounds through (scale_rule.hpp): where rceil-fp32 and rceil-log2f
    // part from exact rceil, these show why.
    const Fp32ScaleWorking w = fp32_scale_working(amax, element);
    const auto& fp32 = format_spec(FormatId::fp32);
    const auto bits = [&](const ExactValue& x) {
      return fp32_hex(static_cast<std::uint32_t>(encode(x, fp32, ieee_encode_options(Rounding::rne))));
    };
    lines.emplace_back("fl32(1/M)", bits(w.reciprocal) + " = " + value_text(w.reciprocal));
    lines.emplace_back("p = fl32(amax * fl32(1/M))",
                       bits(w.product) + " = " + value_text(w.product) +
                           (w.product.is_zero() ? "" : "; floor(log2 p) = " + std::to_string(w.product.floor_log2()) +
                                                           (w.product.is_power_of_two() ? ", a power of two" : "")));
  }
  lines.emplace_back("rule", std::string(to_string(rule)) + ": " + std::string(rule_clause(rule)));
  lines.emplace_back("clamp", "s is clamped below at -127 (code 0x00) and above at 127 (0xfe) or NaN per scale-overflow");
}

}  // namespace

std::optional<Mismatch> compare_block(const QuantizeSetup& s, const Profile& profile, const std::string& label,
                                      std::span<const std::uint32_t> values, std::span<const std::uint32_t> random,
                                      const QuantizedBlock& expected, std::uint64_t got_scale,
                                      std::span<const std::uint64_t> got_codes, vectors::CaseClasses row_classes) {
  const FormatSpec& element = format_spec(s.element);
  const std::vector<ExactValue> v = source_values(values, profile.element.subnormal_input);
  const bool scale_ok = got_scale == expected.scale;  // E8M0 has one NaN code: bitwise is NaN-aware
  const bool elements_dont_care = expected.scale == 0xff && profile.comparison.nan_scale_elements_dont_care;
  std::vector<std::size_t> wrong;
  if (scale_ok && !elements_dont_care)
    for (std::size_t i = 0; i < expected.codes.size(); ++i)
      if (!codes_match(element, expected.codes[i], got_codes[i], profile.comparison.nan)) wrong.push_back(i);
  if (scale_ok && wrong.empty()) return std::nullopt;

  Mismatch m;
  m.classes = row_classes;
  m.classes |= scale_classes(expected.scale, v);
  for (const auto& x : v) m.classes |= input_classes(fp32(), x);
  ExplainLines lines;
  lines.emplace_back("block", label + " (" + std::to_string(values.size()) + " fp32 values)");
  std::string all;
  for (const auto bits : values) all += (all.empty() ? "" : " ") + fp32_hex(bits);
  lines.emplace_back("values", all);
  if (s.stochastic) {
    std::vector<std::uint64_t> r(random.begin(), random.end());
    lines.emplace_back("random", codes_text(r));
  }
  lines.emplace_back("block policies", describe(s.options.block));
  lines.emplace_back("expected scale", to_hex_code(expected.scale) + " = " +
                                           value_text(decode(format_spec(FormatId::e8m0), expected.scale)));
  lines.emplace_back("got scale", to_hex_code(got_scale));
  if (!scale_ok) {
    m.input = "block " + label;
    m.expected = "scale " + to_hex_code(expected.scale);
    m.got = "scale " + to_hex_code(got_scale);
    add_scale_working(lines, values, v, element, s.rule);
    lines.emplace_back("clause", "OCP MX v1.0 §6.3 shared scale; rule " + std::string(to_string(s.rule)) +
                                     " (spec-rules §4); NaN / Inf in the block per the block policies (§3.3)");
  } else {
    const std::size_t i = wrong.front();
    m.input = "block " + label + " element " + std::to_string(i) + ": fp32 " + fp32_hex(values[i]);
    m.expected = "scale " + to_hex_code(expected.scale) + ", p" + std::to_string(i) + " " + to_hex_code(expected.codes[i]);
    m.got = "scale " + to_hex_code(got_scale) + ", p" + std::to_string(i) + " " + to_hex_code(got_codes[i]);
    lines.emplace_back("wrong elements", std::to_string(wrong.size()) + " of " + std::to_string(values.size()));
    for (const std::size_t j : wrong) {
      const EncodeOptions e = element_options(s, random, j);
      const ExactValue x = element_input(v[j], expected.scale, s.rule, s.options.block.min_scale_divisor);
      m.classes |= conversion_classes(fp32(), v[j], x, element, e);
    }
    const EncodeOptions e = element_options(s, random, i);
    const ExactValue x = element_input(v[i], expected.scale, s.rule, s.options.block.min_scale_divisor);
    const std::string how = s.rule == ScaleRule::fp4_three_quarters ? " * 3/4 / X" : " / X";
    const ExplainInput in{x, x, "element " + std::to_string(i) + " " + fp32_hex(values[i]) + how};
    const Explanation ex = explain_conversion(in, element, profile, e);
    lines.insert(lines.end(), ex.lines.begin(), ex.lines.end());
    lines.emplace_back("got element", to_hex_code(got_codes[i]));
  }
  lines.emplace_back("expected codes", codes_text(expected.codes));
  lines.emplace_back("got codes", codes_text(got_codes));
  m.explanation = explain_text(lines);
  return m;
}

}  // namespace mxconf::conformance::detail
