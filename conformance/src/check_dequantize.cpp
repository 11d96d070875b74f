// dequantize/<elem>-to-<dst>: (scale, codes) blocks through kernel.dequantize into fp32, bf16 or fp16, against the
// reference's dequantize_block_to under rne (X * P_i rounded once, IEEE overflow and gradual underflow; OCP MX
// v1.0 §6.3). Blocks: the expected (scale, codes) of vectors/golden/blocks/ocp/<elem>-floor.txt, then every code
// of the element format at scales chosen to reach the destination's overflow, subnormal and underflow ranges.
#include <algorithm>

#include "abi.hpp"
#include "case_classes.hpp"
#include "check_kinds.hpp"
#include "guarded_buffer.hpp"
#include "layout.hpp"
#include "mxconf/conformance/compare.hpp"
#include "mxconf/conformance/explain.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "quantize_common.hpp"
#include "result_builder.hpp"
#include "vector_input.hpp"

namespace mxconf::conformance::detail {
namespace {

using vectors::CaseClass;
using vectors::CaseClasses;

// E8M0 codes: the clamped ends and NaN, 2^0, and scales where X * P crosses the overflow and subnormal thresholds
// of fp16 (max 2^16, subnormals below 2^-14), bf16 and fp32 (max 2^128, subnormals below 2^-126, none below 2^-149).
constexpr std::uint64_t kScales[] = {0x00, 0x01, 0x02, 0x0a, 0x10, 0x60, 0x66, 0x6a, 0x6e, 0x70, 0x7f,
                                     0x80, 0x88, 0x8c, 0x8e, 0x8f, 0x90, 0xc0, 0xf8, 0xfd, 0xfe, 0xff};

struct Block {
  std::string label;
  QuantizedBlock block;
  CaseClasses classes;
};

class DequantizeCheck final : public Check {
 public:
  DequantizeCheck(FormatId element, FormatId target) : element_(element), target_(target) {}

  std::string name() const override {
    return "dequantize/" + std::string(format_spec(element_).name) + "-to-" + std::string(format_spec(target_).name);
  }
  std::string operation() const override { return "dequantize"; }
  Tier tier() const override { return Tier::fast; }
  std::optional<std::string> missing_capability(const mxconf_kernel& kernel) const override {
    return missing(kernel, query());
  }

  CheckResult run(const mxconf_kernel& kernel, const RunContext& context) const override {
    ResultBuilder builder(*this, context);
    if (kernel.dequantize == nullptr)
      return builder.kernel_error("declares dequantize but its dequantize function is NULL");
    const Profile& profile = *context.profile;
    const FormatSpec& element = format_spec(element_);
    const FormatSpec& to = format_spec(target_);
    const std::vector<Block> blocks = make_blocks(context);
    const mxconf_layout layout = layout_for(kernel, query());

    std::vector<std::uint64_t> scales, codes;
    for (const auto& b : blocks) {
      scales.push_back(b.block.scale);
      codes.insert(codes.end(), b.block.codes.begin(), b.block.codes.end());
    }
    std::vector<std::uint8_t> scale_bytes(scales.begin(), scales.end());
    std::vector<std::uint8_t> packed(code_bytes(codes.size(), element.bits, layout));
    pack_codes(codes, element.bits, layout, packed.data());
    const std::size_t value_bytes = target_ == FormatId::fp32 ? 4 : 2;
    GuardedBuffer out(codes.size() * value_bytes);
    mxconf_dequantize_args args{};
    args.struct_size = sizeof(args);
    args.element = to_abi(element_);
    args.target = to_abi(target_);
    args.rounding = MXCONF_ROUND_RNE;
    args.layout = layout;
    args.block_size = static_cast<std::uint32_t>(kBlockSize);
    args.scales = scale_bytes.data();
    args.codes = packed.data();
    args.output = out.bytes();
    args.blocks = blocks.size();
    const std::string problem = call_problem("dequantize", kernel.dequantize(&args), {{"output", &out}});
    if (!problem.empty()) return builder.kernel_error(problem);

    const FormatSpec& e8m0 = format_spec(FormatId::e8m0);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      const QuantizedBlock& q = blocks[b].block;
      const std::vector<std::uint64_t> expected = dequantize_block_to(q, element, to, Rounding::rne);
      const std::vector<ExactValue> exact = dequantize_block(q, element);
      for (std::size_t i = 0; i < kBlockSize; ++i) {
        builder.add_cases(1);
        const std::size_t at = b * kBlockSize + i;
        const std::uint64_t got = value_bytes == 4 ? out.at<std::uint32_t>(at) : out.at<std::uint16_t>(at);
        if (codes_match(to, expected[i], got, profile.comparison.decoded_nan)) continue;
        const ExactValue p = decode(element, q.codes[i]);
        CaseClasses classes = blocks[b].classes;
        classes |= scale_classes(q.scale, std::span(&p, 1));
        classes |= input_classes(element, p);
        const ExactValue result = decode(to, expected[i]);
        if (result.is_nan()) classes.add(CaseClass::nan);
        if (result.is_inf()) classes.add(CaseClass::inf);
        if (result.is_zero()) classes.add(CaseClass::zero);
        if (is_subnormal(to, result)) classes.add(CaseClass::denormal_out);
        if (exact[i].is_finite() && result.is_inf()) classes.add(CaseClass::overflow);
        if (!builder.count_mismatch(classes)) continue;
        Mismatch m;
        m.input = "block " + blocks[b].label + " element " + std::to_string(i) + ": scale " + to_hex_code(q.scale) +
                  ", " + std::string(element.name) + " " + to_hex_code(q.codes[i]);
        m.expected = to_hex_code(expected[i]);
        m.got = to_hex_code(got);
        m.explanation = explain_text({
            {"scale", to_hex_code(q.scale) + " = " + value_text(decode(e8m0, q.scale))},
            {"element", std::string(element.name) + " " + to_hex_code(q.codes[i]) + " = " + value_text(p)},
            {"exact X * P", value_text(exact[i])},
            {"expected", std::string(to.name) + " " + to_hex_code(expected[i]) + " = " + value_text(result)},
            {"got", std::string(to.name) + " " + to_hex_code(got) + " = " + value_text(decode(to, got))},
            {"rule", "X * P rounded once, rne, IEEE overflow to Inf and gradual underflow"},
            {"clause", "OCP MX v1.0 §6.3: V_i = X * P_i, NaN when X is NaN; IEEE 754-2019 §4.3.1, §7.4"},
            {"nan match", std::string(to_string(profile.comparison.decoded_nan))},
        });
        m.classes = classes;
        builder.record(std::move(m));
      }
    }
    return builder.finish();
  }

 private:
  CapabilityQuery query() const {
    return CapabilityQuery{MXCONF_OP_DEQUANTIZE, element_, target_, Rounding::rne, {}, {}, {}, true};
  }

  std::vector<Block> make_blocks(const RunContext& context) const {
    std::vector<Block> blocks;
    const std::string path = "blocks/ocp/" + std::string(format_spec(element_).name) + "-floor.txt";
    const vectors::VectorFile file = load_vectors(context, path);
    const std::size_t name_col = column(file, "name", path), class_col = column(file, "classes", path),
                      scale_col = column(file, "scale", path), p0 = column(file, "p0", path);
    for (const auto& row : file.rows) {
      Block b{"'" + row.fields[name_col] + "'", QuantizedBlock{hex_field(row, scale_col, path), {}},
              classes_field(row, class_col, path)};
      for (std::size_t i = 0; i < kBlockSize; ++i) b.block.codes.push_back(hex_field(row, p0 + i, path));
      blocks.push_back(std::move(b));
    }
    // Every code at each chosen scale, 32 per block (the FP4 / FP6 code lists repeat to fill a block).
    const std::uint64_t n = code_count(format_spec(element_));
    for (const std::uint64_t scale : kScales)
      for (std::uint64_t start = 0; start < n; start += kBlockSize) {
        Block b{"every-code-" + std::to_string(start / kBlockSize) + "-at-scale-" + to_hex_code(scale),
                QuantizedBlock{scale, {}}, {}};
        for (std::uint64_t i = 0; i < kBlockSize; ++i) b.block.codes.push_back((start + i) % n);
        blocks.push_back(std::move(b));
      }
    return blocks;
  }

  FormatId element_;
  FormatId target_;
};

}  // namespace

std::unique_ptr<const Check> make_dequantize_check(FormatId element, FormatId target) {
  return std::make_unique<DequantizeCheck>(element, target);
}

}  // namespace mxconf::conformance::detail
