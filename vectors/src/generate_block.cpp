// MX block vectors: curated special blocks named like test cases, then seeded random blocks (spec-rules §3).
#include <string>
#include <vector>

#include "header.hpp"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/vectors/case_class.hpp"
#include "mxconf/vectors/random_source.hpp"

namespace mxconf::vectors {
namespace {

constexpr std::size_t kBlockSize = 32;  // OCP MX v1.0 §5: k = 32
constexpr int kStochasticBits = 8;      // fp4-three-quarters quantizes with sr; NVIDIA-style K = 8

struct NamedBlock {
  std::string name;
  std::vector<std::uint32_t> values;  // fp32 patterns
  CaseClasses classes;                // classes known from how the block was built
};

std::uint32_t fp32_of(const ExactValue& v) {
  return static_cast<std::uint32_t>(encode(v, format_spec(FormatId::fp32), ieee_encode_options(Rounding::rne)));
}

// A block of `fill` with the given values at the front.
std::vector<std::uint32_t> block_of(std::uint32_t fill, std::initializer_list<std::uint32_t> front = {}) {
  std::vector<std::uint32_t> b(kBlockSize, fill);
  std::size_t i = 0;
  for (const auto v : front) b[i++] = v;
  return b;
}

// A ramp of 32 values: (i + 1) / 32 * top, both signs alternating (so every block has both signs).
std::vector<std::uint32_t> ramp(const ExactValue& top) {
  std::vector<std::uint32_t> b;
  for (std::size_t i = 0; i < kBlockSize; ++i) {
    ExactValue v = multiply(top, ExactValue::dyadic(static_cast<std::int64_t>(i + 1), -5));
    if (i % 2) v = v.negated();
    b.push_back(fp32_of(v));
  }
  return b;
}

std::vector<NamedBlock> curated_blocks(const FormatSpec& element) {
  const ExactValue max = decode(element, max_finite_code(element));
  const std::uint32_t max_bits = fp32_of(max);
  const std::uint32_t one = 0x3f80'0000;
  const auto c = [](std::initializer_list<CaseClass> list) {
    CaseClasses out;
    for (const auto x : list) out.add(x);
    return out;
  };
  std::vector<NamedBlock> blocks = {
      {"all-zero", block_of(0x0000'0000, {0x8000'0000}), c({CaseClass::zero})},
      {"one-nan", ramp(ExactValue::dyadic(1, 0)), c({CaseClass::nan})},
      {"one-inf", ramp(ExactValue::dyadic(1, 0)), c({CaseClass::inf})},
      {"one-negative-inf", ramp(ExactValue::dyadic(1, 0)), c({CaseClass::inf})},
      {"all-nan", block_of(0x7fc0'0000, {0xffc0'0000}), c({CaseClass::nan})},
      {"element-max", block_of(max_bits, {max_bits | 0x8000'0000u}), {}},
      {"element-max-ramp", ramp(max), {}},
      {"flt-max", block_of(0x7f7f'ffff, {0xff7f'ffff, one}), {}},
      {"amax-fp32-subnormal", block_of(0x0000'0001, {0x007f'ffff, 0x8040'0000}), c({CaseClass::denormal_in})},
      {"amax-2^-127", block_of(0x0000'0001, {0x0040'0000, 0x8000'0003}), c({CaseClass::denormal_in})},
      {"amax-2^-126", block_of(0x0000'0001, {0x0080'0000, 0x0040'0000}), c({CaseClass::denormal_in})},
      {"amax-near-2^127", block_of(0x7f00'0000, {0x7f7f'0000, 0xfeff'ffff, one}), {}},
      {"underflow-and-saturate", block_of(0x0080'0000, {0x7e80'0000, 0x3380'0000, 0xb300'0000}), {}},
      {"float32-log2-trap-0x43ffffff", block_of(one, {0x43ff'ffff}), {}},
      {"rceil-fp32-trap-e4m3", block_of(0x0000'0001, {0x0460'0001}), c({CaseClass::denormal_in})},
      {"rceil-fp32-trap-e5m2", block_of(0x0000'0001, {0x07e0'0001}), c({CaseClass::denormal_in})},
      {"rceil-fp32-trap-e3m2", block_of(0x0000'0001, {0x0260'0001}), c({CaseClass::denormal_in})},
      {"rceil-fp32-trap-e2m3", block_of(0x0000'0001, {0x0170'0001}), c({CaseClass::denormal_in})},
      {"rceil-fp32-trap-e2m1", block_of(0x0000'0001, {0x0140'0001}), c({CaseClass::denormal_in})},
      {"microxcaling-issue-4-957", block_of(one, {0x446f'4000}), {}},
      {"power-of-two-max-1", ramp(ExactValue::dyadic(1, 0)), {}},
      {"power-of-two-max-2^10", ramp(ExactValue::dyadic(1, 10)), {}},
      {"power-of-two-max-2^-20", ramp(ExactValue::dyadic(1, -20)), {}},
      {"negative-power-of-two-max", block_of(0xbf80'0000, {0x3f00'0000}), {}},
      {"int8-minus-128", block_of(0x3f00'0000, {0xbfff'e000, 0x3f80'0000}), {}},
      {"all-equal-ones", block_of(one), {}},
  };
  // NaN / Inf replace one element of the ramp.
  blocks[1].values[7] = 0x7fc0'0000;
  blocks[2].values[7] = 0x7f80'0000;
  blocks[3].values[7] = 0xff80'0000;
  // Ties after scaling: with amax = max, every rule but ceil gives X = 2^(e(max) - emax) = 1 (and ceil 2), so
  // midpoints between neighbouring element values stay midpoints.
  std::vector<std::uint32_t> ties = block_of(max_bits);
  for (std::size_t i = 1; i < kBlockSize; ++i) {
    const std::uint64_t code = (i * max_finite_code(element)) / kBlockSize;
    ExactValue mid = add(decode(element, code), decode(element, code + 1)).scaled_by_power_of_two(-1);
    ties[i] = fp32_of(i % 2 ? mid.negated() : mid);
  }
  blocks.push_back({"ties-after-scaling", ties, c({CaseClass::tie})});
  return blocks;
}

std::vector<NamedBlock> random_blocks() {
  RandomSource random(0x6d78'636f'6e66);  // "mxconf": the same inputs in every block file
  std::vector<NamedBlock> blocks;
  CaseClasses tag;
  tag.add(CaseClass::random);
  for (int i = 0; i < 8; ++i) {
    std::vector<std::uint32_t> b;
    for (std::size_t j = 0; j < kBlockSize; ++j) b.push_back(random.normal_fp32(static_cast<int>(random.below(41)) - 20));
    blocks.push_back({"random-normal-" + std::to_string(i), b, tag});
  }
  for (int i = 0; i < 8; ++i) {
    const int centre = static_cast<int>(random.below(61)) - 30;
    std::vector<std::uint32_t> b;
    for (std::size_t j = 0; j < kBlockSize; ++j) b.push_back(random.heavy_tailed_fp32(centre));
    blocks.push_back({"random-heavy-tailed-" + std::to_string(i), b, tag});
  }
  for (int i = 0; i < 8; ++i) {
    std::vector<std::uint32_t> b;
    for (std::size_t j = 0; j < kBlockSize; ++j) b.push_back(random.normal_fp32(0));
    b[random.below(kBlockSize)] = random.normal_fp32(12 + static_cast<int>(random.below(8)));  // the outlier
    blocks.push_back({"random-outlier-" + std::to_string(i), b, tag});
  }
  for (int i = 0; i < 4; ++i)
    blocks.push_back({"random-all-equal-" + std::to_string(i), block_of(random.normal_fp32(0)), tag});
  return blocks;
}

// Classes read off the result: what the kernel under test must get right in this block.
CaseClasses classes_of(const std::vector<ExactValue>& values, const QuantizedBlock& q, const FormatSpec& element,
                       const ScaleRule rule, const MinScaleDivisor divisor) {
  CaseClasses c;
  if (q.scale == 0xff) c.add(CaseClass::scale_nan);
  const bool any_nonzero = std::any_of(values.begin(), values.end(),
                                       [](const ExactValue& v) { return v.is_finite() && !v.is_zero(); });
  if ((q.scale == 0x00 || q.scale == 0xfe) && any_nonzero) c.add(CaseClass::scale_clamp);
  if (q.scale == 0xff) return c;
  const ExactValue max = decode(element, max_finite_code(element));
  // The element divisor's exponent: X, except under scale code 0x00 where MinScaleDivisor decides (block.hpp).
  std::int64_t s = static_cast<std::int64_t>(q.scale) - 127;
  if (q.scale == 0x00 && divisor == MinScaleDivisor::fp32_min_normal) s = -126;
  if (q.scale == 0x00 && divisor == MinScaleDivisor::one) s = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const ExactValue& v = values[i];
    if (v.is_nan()) c.add(CaseClass::nan);
    if (v.is_inf()) c.add(CaseClass::inf);
    if (!v.is_finite()) continue;
    if (v.is_zero()) c.add(CaseClass::zero);
    if (!v.is_zero() && v.floor_log2() < -126) c.add(CaseClass::denormal_in);
    ExactValue scaled = v.scaled_by_power_of_two(-s);
    if (rule == ScaleRule::fp4_three_quarters) scaled = multiply(scaled, ExactValue::dyadic(3, -2));
    if (!scaled.is_zero() && compare_magnitude(scaled, max) == std::strong_ordering::greater)
      c.add(CaseClass::saturation);
    const ExactValue out = decode(element, q.codes[i]);
    if (out.is_zero() && !v.is_zero()) c.add(CaseClass::zero);
    if (out.is_finite() && !out.is_zero() && element.encoding == Encoding::binary_float &&
        out.floor_log2() < min_normal_exponent(element))
      c.add(CaseClass::denormal_out);
    // A tie: the scaled value is exactly halfway between the neighbours its truncation and round-up give.
    EncodeOptions down = ieee_encode_options(Rounding::rtz);
    down.policies.overflow = Overflow::saturate;
    down.policies.nan_into_finite = NanIntoFinite::positive_max;
    EncodeOptions up = down;
    up.rounding = scaled.negative() ? Rounding::rdn : Rounding::rup;
    const ExactValue lo = decode(element, encode(scaled, element, down));
    const ExactValue hi = decode(element, encode(scaled, element, up));
    if (!lo.identical(hi) && compare_magnitude(scaled, max) != std::strong_ordering::greater) {
      const ExactValue twice = scaled.scaled_by_power_of_two(1);
      if (add(lo, hi).identical(twice) || (add(lo, hi).is_zero() && twice.is_zero())) c.add(CaseClass::tie);
    }
  }
  return c;
}

}  // namespace

VectorFile make_block_vectors(FormatId element_id, ScaleRule rule, const Profile& profile) {
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  const FormatSpec& element = format_spec(element_id);
  QuantizeOptions options = quantize_options(profile);
  options.block.rule = rule;
  const bool stochastic = rule == ScaleRule::fp4_three_quarters;
  if (stochastic) {
    options.element.rounding = Rounding::sr;
    options.element.stochastic.bits = kStochasticBits;
  }

  VectorFile file = detail::start_file("quantize");
  file.set("from", "fp32");
  file.set("element", std::string(element.name));
  file.set("rule", std::string(to_string(rule)));
  file.set("rounding", std::string(to_string(options.element.rounding)));
  if (stochastic) file.set("sr-bits", std::to_string(kStochasticBits));
  file.set("block", std::to_string(kBlockSize));
  file.set("profile", std::string(profile.name));
  file.set("policies", describe(options.element.policies));
  file.set("block-policies", describe(options.block));
  file.set("clause", "OCP MX v1.0 §6.3 (MX paper Algorithm 1); spec-rules §3-4");
  std::string columns = "name classes";
  for (std::size_t i = 0; i < kBlockSize; ++i) columns += " v" + std::to_string(i);
  if (stochastic)
    for (std::size_t i = 0; i < kBlockSize; ++i) columns += " r" + std::to_string(i);
  columns += " scale";
  for (std::size_t i = 0; i < kBlockSize; ++i) columns += " p" + std::to_string(i);
  file.set("columns", columns);

  RandomSource sr_random(0x7372'6269'7473);  // "srbits"
  std::vector<NamedBlock> blocks = curated_blocks(element);
  for (auto& b : random_blocks()) blocks.push_back(std::move(b));
  for (const NamedBlock& block : blocks) {
    std::vector<ExactValue> values;
    for (const auto bits : block.values) values.push_back(decode(fp32, bits));
    std::vector<std::uint64_t> random;
    if (stochastic)
      for (std::size_t i = 0; i < kBlockSize; ++i) random.push_back(sr_random.below(1u << kStochasticBits));
    options.random = random;
    const QuantizedBlock q = quantize_block(values, element, options);
    CaseClasses classes = block.classes;
    classes |= classes_of(values, q, element, rule, options.block.min_scale_divisor);
    Row row{0, {block.name, classes.to_string()}};
    for (const auto bits : block.values) row.fields.push_back(detail::hex_fixed(bits, 32));
    for (const auto r : random) row.fields.push_back(detail::hex(r));
    row.fields.push_back(detail::hex(q.scale));
    for (const auto code : q.codes) row.fields.push_back(detail::hex(code));
    file.rows.push_back(std::move(row));
  }
  file.set("cases", std::to_string(file.rows.size()));
  return file;
}

}  // namespace mxconf::vectors
