// convert-sr/<dst>-k<bits>: fp32 -> dst under stochastic rounding with explicit random values (the golden inputs
// of vectors/golden/stochastic/<dst>-k<bits>.txt: every tie-adjacent input with many r). Expected values are
// recomputed by the reference under the run's profile (its overflow, NaN and other policies), so any profile works.
#include "abi.hpp"
#include "case_classes.hpp"
#include "check_kinds.hpp"
#include "convert_common.hpp"
#include "mxconf/conformance/compare.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "result_builder.hpp"
#include "vector_input.hpp"

namespace mxconf::conformance::detail {
namespace {

class ConvertSrCheck final : public Check {
 public:
  ConvertSrCheck(FormatId target, int bits) : target_(target), bits_(bits) {}

  std::string name() const override { return "convert-sr/" + base(); }
  std::string operation() const override { return "convert"; }
  Tier tier() const override { return Tier::fast; }
  // The overflow asked for is the profile's, known only at run time: here any declared overflow mode will do and
  // run() skips when the profile's is not declared.
  std::optional<std::string> missing_capability(const mxconf_kernel& kernel) const override {
    const auto saturate = missing(kernel, query(Overflow::saturate));
    const auto nonsat = missing(kernel, query(Overflow::non_saturating));
    if (saturate && nonsat) return saturate;
    return std::nullopt;
  }

  CheckResult run(const mxconf_kernel& kernel, const RunContext& context) const override {
    ResultBuilder builder(*this, context);
    const Profile& profile = *context.profile;
    const Overflow overflow = profile.element.overflow;
    if (const auto why = missing(kernel, query(overflow)))
      return builder.skipped(*why);

    const std::string path = "stochastic/" + base() + ".txt";
    const vectors::VectorFile file = load_vectors(context, path);
    const std::size_t in_col = column(file, "input", path), r_col = column(file, "random", path),
                      class_col = column(file, "classes", path);
    const FormatSpec& from = format_spec(FormatId::fp32);
    const FormatSpec& to = format_spec(target_);
    EncodeOptions options = encode_options(profile, to);
    options.rounding = Rounding::sr;
    options.stochastic.bits = bits_;
    options.policies.overflow = overflow;
    // Expected first; inputs with no encoding (don't-care) are not sent.
    std::vector<std::uint64_t> inputs, expected;
    std::vector<std::uint32_t> random;
    std::vector<vectors::CaseClasses> row_classes;
    std::uint64_t dont_care = 0;
    for (const auto& row : file.rows) {
      const std::uint64_t input = hex_field(row, in_col, path);
      const std::uint64_t r = hex_field(row, r_col, path);
      options.stochastic.random = r;
      const auto code = try_convert(from, input, to, options);
      if (!code) {
        ++dont_care;
        continue;
      }
      expected.push_back(*code);
      inputs.push_back(input);
      random.push_back(static_cast<std::uint32_t>(r));
      row_classes.push_back(classes_field(row, class_col, path));
    }
    const mxconf_policies policies = abi_policies(profile);
    std::vector<std::uint64_t> got;
    const std::string problem = call_convert(
        kernel, ConvertCall{FormatId::fp32, target_, Rounding::sr, overflow, layout_for(kernel, query(overflow)), &policies},
        inputs, random, got);
    if (!problem.empty()) return builder.kernel_error(problem);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      options.stochastic.random = random[i];
      builder.add_cases(1);
      if (codes_match(to, expected[i], got[i], profile.comparison.nan)) continue;
      vectors::CaseClasses classes = row_classes[i];
      classes |= conversion_classes(from, decode(from, inputs[i]),
                                    decode_source(from, inputs[i], options.policies.subnormal_input), to, options);
      if (builder.count_mismatch(classes)) {
        Mismatch m = convert_mismatch(from, inputs[i], to, expected[i], got[i], profile, options, classes);
        m.input += " random " + to_hex_code(random[i]);
        builder.record(std::move(m));
      }
    }
    builder.add_note("inputs from " + path);
    note_dont_care(builder, dont_care);
    return builder.finish();
  }

 private:
  std::string base() const { return std::string(format_spec(target_).name) + "-k" + std::to_string(bits_); }
  CapabilityQuery query(Overflow overflow) const {
    return CapabilityQuery{MXCONF_OP_CONVERT, FormatId::fp32, target_, Rounding::sr, overflow, {},
                           static_cast<std::uint32_t>(bits_), false};
  }
  FormatId target_;
  int bits_;
};

}  // namespace

std::unique_ptr<const Check> make_convert_sr_check(FormatId target, int bits) {
  return std::make_unique<ConvertSrCheck>(target, bits);
}

}  // namespace mxconf::conformance::detail
