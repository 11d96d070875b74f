// quantize/<elem>-<rule>/vectors: the inputs of the golden block vectors (vectors/golden/blocks/ocp/<elem>-<rule>.txt:
// curated special blocks and seeded random ones, with their random values under fp4-three-quarters). The expected
// scale and codes are recomputed by the reference under the run's profile and that rule, so any profile works.
#include "check_kinds.hpp"
#include "quantize_common.hpp"
#include "result_builder.hpp"
#include "vector_input.hpp"

namespace mxconf::conformance::detail {
namespace {

class QuantizeVectorsCheck final : public Check {
 public:
  QuantizeVectorsCheck(FormatId element, ScaleRule rule) : element_(element), rule_(rule) {}

  std::string name() const override { return "quantize/" + base() + "/vectors"; }
  std::string operation() const override { return "quantize"; }
  Tier tier() const override { return Tier::fast; }
  std::optional<std::string> missing_capability(const mxconf_kernel& kernel) const override {
    return missing(kernel, quantize_query(element_, rule_, std::nullopt, std::nullopt));
  }

  CheckResult run(const mxconf_kernel& kernel, const RunContext& context) const override {
    ResultBuilder builder(*this, context);
    const Profile& profile = *context.profile;
    const QuantizeSetup setup = quantize_setup(profile, element_, rule_);
    if (const auto why = missing(kernel, setup.query))
      return builder.skipped(*why);

    const std::string path = "blocks/ocp/" + base() + ".txt";
    const vectors::VectorFile file = load_vectors(context, path);
    const std::size_t name_col = column(file, "name", path), class_col = column(file, "classes", path),
                      v0 = column(file, "v0", path);
    const std::size_t r0 = setup.stochastic ? column(file, "r0", path) : 0;
    // Expected first. A block the policies give no encoding (a NaN element kept by block-nan=ignore-in-amax under
    // nan-into-finite=error) is don't-care and not sent: a kernel following the same policies may refuse the call.
    std::vector<std::uint32_t> values, random;
    std::vector<QuantizedBlock> expected;
    std::vector<const vectors::Row*> rows;
    std::uint64_t dont_care = 0;
    for (const auto& row : file.rows) {
      std::vector<std::uint32_t> v, r;
      for (std::size_t i = 0; i < kBlockSize; ++i) {
        v.push_back(static_cast<std::uint32_t>(hex_field(row, v0 + i, path)));
        if (setup.stochastic) r.push_back(static_cast<std::uint32_t>(hex_field(row, r0 + i, path)));
      }
      auto block = expected_block(setup, profile, v, r);
      if (!block) {
        ++dont_care;
        continue;
      }
      expected.push_back(std::move(*block));
      values.insert(values.end(), v.begin(), v.end());
      random.insert(random.end(), r.begin(), r.end());
      rows.push_back(&row);
    }
    const mxconf_policies policies = abi_policies(profile);
    KernelBlocks got;
    const std::string problem = call_quantize(kernel, setup, policies, values, random, got);
    if (!problem.empty()) return builder.kernel_error(problem);
    for (std::size_t b = 0; b < rows.size(); ++b) {
      const auto block_values = std::span<const std::uint32_t>(values).subspan(b * kBlockSize, kBlockSize);
      const auto block_random = setup.stochastic
                                    ? std::span<const std::uint32_t>(random).subspan(b * kBlockSize, kBlockSize)
                                    : std::span<const std::uint32_t>();
      builder.add_cases(1);
      const auto& row = *rows[b];
      auto m = compare_block(setup, profile, "'" + row.fields[name_col] + "'", block_values, block_random, expected[b],
                             got.scales[b],
                             std::span<const std::uint64_t>(got.codes).subspan(b * kBlockSize, kBlockSize),
                             classes_field(row, class_col, path));
      if (m && builder.count_mismatch(m->classes)) builder.record(std::move(*m));
    }
    if (dont_care > 0)
      builder.add_note(std::to_string(dont_care) + " blocks have no encoding under the profile's policies " +
                       "(don't-care, not compared)");
    builder.add_note("blocks from " + path + ", expected under profile " + std::string(profile.name));
    return builder.finish();
  }

 private:
  std::string base() const {
    return std::string(format_spec(element_).name) + "-" + std::string(to_string(rule_));
  }
  FormatId element_;
  ScaleRule rule_;
};

}  // namespace

std::unique_ptr<const Check> make_quantize_vectors_check(FormatId element, ScaleRule rule) {
  return std::make_unique<QuantizeVectorsCheck>(element, rule);
}

}  // namespace mxconf::conformance::detail
