// Dot product vectors (OCP MX v1.0 §6: Dot, DotGeneral): quantized block pairs, the exact result and its rne
// rounding to fp32.
#include <string>
#include <vector>

#include "header.hpp"
#include "mxconf/reference/dot.hpp"
#include "mxconf/vectors/case_class.hpp"
#include "mxconf/vectors/random_source.hpp"

namespace mxconf::vectors {
namespace {

constexpr std::size_t kBlockSize = 32;

QuantizedBlock random_block(RandomSource& random, const FormatSpec& element, std::uint64_t scale) {
  QuantizedBlock b;
  b.scale = scale;
  for (std::size_t i = 0; i < kBlockSize; ++i) {
    std::uint64_t code = random.below(code_mask(element) + 1);
    // Keep specials out of random blocks (curated rows have them): replace NaN / Inf codes by max finite.
    if (is_nan_code(element, code) || is_inf_code(element, code)) code = max_finite_code(element);
    b.codes.push_back(code);
  }
  return b;
}

struct DotCase {
  std::string name;
  CaseClasses classes;
  std::vector<QuantizedBlock> a, b;
};

std::vector<DotCase> dot_cases(const FormatSpec& element, int pairs) {
  RandomSource random(0x646f'7400 + static_cast<std::uint64_t>(pairs));  // "dot"
  CaseClasses none;
  auto tag = [](CaseClass c) { return CaseClasses{}.add(c); };
  auto repeat = [&](std::uint64_t scale, std::uint64_t code) {
    std::vector<QuantizedBlock> blocks(static_cast<std::size_t>(pairs));
    for (auto& b : blocks) b = QuantizedBlock{scale, std::vector<std::uint64_t>(kBlockSize, code)};
    return blocks;
  };
  const std::uint64_t one = encode(ExactValue::dyadic(1, 0), element, ieee_encode_options(Rounding::rne));
  const std::uint64_t max = max_finite_code(element);
  std::vector<DotCase> cases = {
      {"ones-unit-scale", none, repeat(127, one), repeat(127, one)},
      {"max-times-max-at-2^127", tag(CaseClass::scale_clamp), repeat(0xfe, max), repeat(0xfe, max)},
      {"max-at-2^-127", tag(CaseClass::scale_clamp), repeat(0x00, max), repeat(127, one)},
      {"smallest-scales", tag(CaseClass::scale_clamp), repeat(0x00, one), repeat(0x00, one)},
      {"nan-scale", tag(CaseClass::scale_nan), repeat(0xff, one), repeat(127, one)},
      {"zeros", tag(CaseClass::zero), repeat(127, 0), repeat(0xfe, max)},
  };
  // Cancellation: A = ones, B alternates +max / -max.
  const std::uint64_t negative_max =
      encode(decode(element, max).negated(), element, ieee_encode_options(Rounding::rne));
  DotCase cancel{"cancellation", none, repeat(140, one), repeat(100, max)};
  for (auto& b : cancel.b)
    for (std::size_t i = 1; i < kBlockSize; i += 2) b.codes[i] = negative_max;
  cases.push_back(cancel);
  if (has_inf(element)) {
    DotCase inf{"inf-times-zero", tag(CaseClass::inf), repeat(127, one), repeat(127, one)};
    std::uint64_t inf_code = 0;
    while (!is_inf_code(element, inf_code)) ++inf_code;  // e5m2 0x7c
    inf.a[0].codes[0] = inf_code;
    inf.b[0].codes[0] = 0x00;
    cases.push_back(inf);
  }
  if (has_nan(element)) {
    DotCase nan{"nan-element", tag(CaseClass::nan), repeat(127, one), repeat(127, one)};
    std::uint64_t nan_code = 0;
    while (!is_nan_code(element, nan_code)) ++nan_code;  // the format's first NaN code (e4m3 0x7f, e5m2 0x7d)
    nan.a[0].codes[3] = nan_code;
    cases.push_back(nan);
  }
  for (int i = 0; i < 24; ++i) {
    DotCase r{"random-" + std::to_string(i), tag(CaseClass::random), {}, {}};
    for (int p = 0; p < pairs; ++p) {
      r.a.push_back(random_block(random, element, 100 + random.below(50)));
      r.b.push_back(random_block(random, element, 100 + random.below(50)));
    }
    cases.push_back(r);
  }
  return cases;
}

}  // namespace

VectorFile make_dot_vectors(FormatId element_id, int pairs) {
  const FormatSpec& element = format_spec(element_id);
  VectorFile file = detail::start_file("dot");
  file.set("element", std::string(element.name));
  file.set("block", std::to_string(kBlockSize));
  file.set("pairs", std::to_string(pairs));
  file.set("rounding", "rne");
  file.set("clause", "OCP MX v1.0 §6 Dot / DotGeneral: X_A X_B sum P_A P_B; accumulation order is open");
  std::string columns = "name classes";
  for (const char side : {'a', 'b'})
    for (int p = 0; p < pairs; ++p) {
      const std::string prefix = std::string(1, side) + (pairs > 1 ? std::to_string(p) : "");
      columns += " " + prefix + "_scale";
      for (std::size_t i = 0; i < kBlockSize; ++i) columns += " " + prefix + "_p" + std::to_string(i);
    }
  columns += " exact fp32";
  file.set("columns", columns);

  for (const DotCase& c : dot_cases(element, pairs)) {
    const ExactValue exact = dot(c.a, element, c.b, element);
    const std::uint64_t rounded = dot_to_fp32(exact, Rounding::rne);
    CaseClasses classes = c.classes;
    const ExactValue r = decode(format_spec(FormatId::fp32), rounded);
    if (r.is_inf() && exact.is_finite()) classes.add(CaseClass::overflow);
    Row row{0, {c.name, classes.to_string()}};
    for (const auto* side : {&c.a, &c.b})
      for (const auto& block : *side) {
        row.fields.push_back(detail::hex(block.scale));
        for (const auto code : block.codes) row.fields.push_back(detail::hex(code));
      }
    row.fields.push_back(to_hex_float(exact));
    row.fields.push_back(detail::hex_fixed(rounded, 32));
    file.rows.push_back(std::move(row));
  }
  file.set("cases", std::to_string(file.rows.size()));
  return file;
}

}  // namespace mxconf::vectors
