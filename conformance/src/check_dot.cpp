// dot/<elem>[-x4]: the golden dot vectors (vectors/golden/dot/<elem>[-x4].txt: Dot with one block pair, DotGeneral
// with four) through kernel.dot, judged against the exact result within the accumulation bound of dot_bound.hpp.
// CheckResult::exactly_rounded says whether every result was also the correctly rounded (rne) one.
#include "abi.hpp"
#include "case_classes.hpp"
#include "check_kinds.hpp"
#include "dot_bound.hpp"
#include "guarded_buffer.hpp"
#include "layout.hpp"
#include "mxconf/conformance/explain.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "quantize_common.hpp"
#include "result_builder.hpp"
#include "vector_input.hpp"

namespace mxconf::conformance::detail {
namespace {

using vectors::CaseClass;
using vectors::CaseClasses;

std::string fp32_hex(std::uint64_t bits) {
  std::string s = "0x00000000";
  for (int i = 9; i >= 2; --i, bits >>= 4) s[static_cast<std::size_t>(i)] = "0123456789abcdef"[bits & 0xf];
  return s;
}

struct DotRow {
  std::string name;
  CaseClasses classes;
  std::vector<QuantizedBlock> a, b;
};

class DotCheck final : public Check {
 public:
  DotCheck(FormatId element, int pairs) : element_(element), pairs_(pairs) {}

  std::string name() const override { return "dot/" + base(); }
  std::string operation() const override { return "dot"; }
  Tier tier() const override { return Tier::fast; }
  std::optional<std::string> missing_capability(const mxconf_kernel& kernel) const override {
    return missing(kernel, query());
  }

  CheckResult run(const mxconf_kernel& kernel, const RunContext& context) const override {
    ResultBuilder builder(*this, context);
    if (kernel.dot == nullptr) return builder.kernel_error("declares dot but its dot function is NULL");
    const FormatSpec& element = format_spec(element_);
    const std::string path = "dot/" + base() + ".txt";
    const std::vector<DotRow> rows = read_rows(context, path);
    const mxconf_layout layout = layout_for(kernel, query());
    const auto pairs = static_cast<std::size_t>(pairs_);

    std::vector<std::uint8_t> scales_a, scales_b;
    std::vector<std::uint64_t> codes_a, codes_b;
    for (const auto& r : rows)
      for (std::size_t p = 0; p < pairs; ++p) {
        scales_a.push_back(static_cast<std::uint8_t>(r.a[p].scale));
        scales_b.push_back(static_cast<std::uint8_t>(r.b[p].scale));
        codes_a.insert(codes_a.end(), r.a[p].codes.begin(), r.a[p].codes.end());
        codes_b.insert(codes_b.end(), r.b[p].codes.begin(), r.b[p].codes.end());
      }
    std::vector<std::uint8_t> packed_a(code_bytes(codes_a.size(), element.bits, layout));
    std::vector<std::uint8_t> packed_b(code_bytes(codes_b.size(), element.bits, layout));
    pack_codes(codes_a, element.bits, layout, packed_a.data());
    pack_codes(codes_b, element.bits, layout, packed_b.data());
    GuardedBuffer out(rows.size() * sizeof(std::uint32_t));
    mxconf_dot_args args{};
    args.struct_size = sizeof(args);
    args.element = to_abi(element_);
    args.rounding = MXCONF_ROUND_RNE;
    args.layout = layout;
    args.block_size = static_cast<std::uint32_t>(kBlockSize);
    args.pairs = static_cast<std::uint32_t>(pairs_);
    args.scales_a = scales_a.data();
    args.codes_a = packed_a.data();
    args.scales_b = scales_b.data();
    args.codes_b = packed_b.data();
    args.output = out.as<std::uint32_t>();
    args.count = rows.size();
    const std::string problem = call_problem("dot", kernel.dot(&args), {{"output", &out}});
    if (!problem.empty()) return builder.kernel_error(problem);

    bool exactly_rounded = true;
    const FormatSpec& fp32 = format_spec(FormatId::fp32);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      builder.add_cases(1);
      const auto got = out.at<std::uint32_t>(r);
      const DotJudgement j = judge_dot(rows[r].a, rows[r].b, element, got);
      exactly_rounded = exactly_rounded && j.exactly_rounded;
      if (j.within_bound) continue;
      CaseClasses classes = rows[r].classes;
      const ExactValue rounded = decode(fp32, j.rne);
      if (j.exact.is_nan()) classes.add(CaseClass::nan);
      if (j.exact.is_inf()) classes.add(CaseClass::inf);
      if (j.exact.is_finite() && rounded.is_inf()) classes.add(CaseClass::overflow);
      if (j.exact.is_zero()) classes.add(CaseClass::zero);
      if (is_subnormal(fp32, rounded)) classes.add(CaseClass::denormal_out);
      for (std::size_t p = 0; p < pairs; ++p) {
        classes |= scale_classes(rows[r].a[p].scale, {});
        classes |= scale_classes(rows[r].b[p].scale, {});
      }
      if (!builder.count_mismatch(classes)) continue;
      Mismatch m;
      m.input = "dot '" + rows[r].name + "' (" + std::to_string(pairs) + " block pair" + (pairs > 1 ? "s" : "") + ")";
      m.expected = fp32_hex(j.rne) + " (within the bound)";
      m.got = fp32_hex(got);
      std::string scales;
      for (std::size_t p = 0; p < pairs; ++p)
        scales += (p ? ", " : "") + to_hex_code(rows[r].a[p].scale) + " x " + to_hex_code(rows[r].b[p].scale);
      m.explanation = explain_text({
          {"scales (X_A x X_B)", scales},
          {"exact", value_text(j.exact)},
          {"rne(exact)", "fp32 " + fp32_hex(j.rne) + " = " + value_text(rounded)},
          {"got", "fp32 " + fp32_hex(got) + " = " + value_text(decode(fp32, got))},
          {"bound", dot_bound_text(pairs, kBlockSize)},
          {"clause", "OCP MX v1.0 §6 Dot / DotGeneral: X_A X_B sum P_A P_B; accumulation order is open"},
      });
      m.classes = classes;
      builder.record(std::move(m));
    }
    builder.result().exactly_rounded = exactly_rounded;
    builder.add_note(dot_bound_text(pairs, kBlockSize));
    builder.add_note(exactly_rounded ? "every result correctly rounded (rne)" : "not every result correctly rounded");
    return builder.finish();
  }

 private:
  std::string base() const { return std::string(format_spec(element_).name) + (pairs_ > 1 ? "-x4" : ""); }
  CapabilityQuery query() const {
    return CapabilityQuery{MXCONF_OP_DOT, element_, FormatId::fp32, Rounding::rne, {}, {}, {}, true};
  }

  std::vector<DotRow> read_rows(const RunContext& context, const std::string& path) const {
    const vectors::VectorFile file = load_vectors(context, path);
    const std::size_t name_col = column(file, "name", path), class_col = column(file, "classes", path);
    std::vector<DotRow> rows;
    const auto block = [&](const vectors::Row& row, const std::string& prefix) {
      QuantizedBlock q{hex_field(row, column(file, prefix + "_scale", path), path), {}};
      const std::size_t p0 = column(file, prefix + "_p0", path);
      for (std::size_t i = 0; i < kBlockSize; ++i) q.codes.push_back(hex_field(row, p0 + i, path));
      return q;
    };
    for (const auto& row : file.rows) {
      DotRow r{row.fields[name_col], classes_field(row, class_col, path), {}, {}};
      for (int p = 0; p < pairs_; ++p) {
        const std::string suffix = pairs_ > 1 ? std::to_string(p) : "";
        r.a.push_back(block(row, "a" + suffix));
        r.b.push_back(block(row, "b" + suffix));
      }
      rows.push_back(std::move(r));
    }
    return rows;
  }

  FormatId element_;
  int pairs_;
};

}  // namespace

std::unique_ptr<const Check> make_dot_check(FormatId element, int pairs) {
  return std::make_unique<DotCheck>(element, pairs);
}

}  // namespace mxconf::conformance::detail
