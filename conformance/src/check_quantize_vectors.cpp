// quantize/<elem>-<rule>/vectors: the inputs of the golden block vectors (vectors/golden/blocks/ocp/<elem>-<rule>.txt:
// curated special blocks and seeded random ones, with their random values under fp4-three-quarters). The expected
// scale and codes are recomputed by the reference under the run's profile and that rule, so any profile works.
// quantize/<elem>-<rule>/vectors/sr: the same blocks under stochastic rounding (K = 8), where the kernel declares sr
// for that rule; each element's random value is drawn (seeded) among 0, 2^K - 1, the threshold at which its V / X
// rounds up and the value just below it, or any value, so that an off-by-one in `top + r >= 2^K` is met.
#include "check_kinds.hpp"
#include "quantize_common.hpp"
#include "result_builder.hpp"
#include "vector_input.hpp"

namespace mxconf::conformance::detail {
namespace {

class QuantizeVectorsCheck final : public Check {
 public:
  QuantizeVectorsCheck(FormatId element, ScaleRule rule, QuantizeRounding rounding)
      : element_(element), rule_(rule), rounding_(rounding) {}

  std::string name() const override { return "quantize/" + base() + "/vectors" + rounding_suffix(rounding_); }
  std::string operation() const override { return "quantize"; }
  Tier tier() const override { return Tier::fast; }
  std::optional<std::string> missing_capability(const mxconf_kernel& kernel) const override {
    return missing(kernel, quantize_query(element_, rule_, sr_query(), std::nullopt));
  }

  CheckResult run(const mxconf_kernel& kernel, const RunContext& context) const override {
    ResultBuilder builder(*this, context);
    const Profile& profile = *context.profile;
    const QuantizeSetup setup = quantize_setup(profile, element_, rule_, rounding_);
    if (const auto why = missing(kernel, setup.query))
      return builder.skipped(*why);

    const std::string path = "blocks/ocp/" + base() + ".txt";
    const vectors::VectorFile file = load_vectors(context, path);
    const std::size_t name_col = column(file, "name", path), class_col = column(file, "classes", path),
                      v0 = column(file, "v0", path);
    const bool drawn = rounding_ == QuantizeRounding::sr;  // the file has random values only for its own sr rule
    const std::size_t r0 = setup.stochastic && !drawn ? column(file, "r0", path) : 0;
    std::uint64_t state = mix_seed(context.seed, name());
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
        if (setup.stochastic && !drawn) r.push_back(static_cast<std::uint32_t>(hex_field(row, r0 + i, path)));
      }
      if (drawn) {
        const auto thresholds = sr_thresholds(setup, profile, v);
        for (std::size_t i = 0; i < kBlockSize; ++i) {
          const std::uint64_t draw = next_draw(state);
          r.push_back(sr_decision_random(static_cast<unsigned>(draw % kSrDecisionKinds), thresholds[i],
                                         static_cast<std::uint32_t>(draw >> 32) & ((1u << kQuantizeSrBits) - 1)));
        }
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
    if (drawn)
      builder.add_note("stochastic rounding with K = " + std::to_string(kQuantizeSrBits) +
                       ": random values drawn from run seed " + std::to_string(context.seed) +
                       " among 0, 2^K - 1, each element's round-up threshold and the value below it");
    return builder.finish();
  }

 private:
  std::string base() const {
    return std::string(format_spec(element_).name) + "-" + std::string(to_string(rule_));
  }
  std::optional<Rounding> sr_query() const {
    return rounding_ == QuantizeRounding::sr ? std::optional<Rounding>(Rounding::sr) : std::nullopt;
  }
  FormatId element_;
  ScaleRule rule_;
  QuantizeRounding rounding_;
};

}  // namespace

std::unique_ptr<const Check> make_quantize_vectors_check(FormatId element, ScaleRule rule, QuantizeRounding rounding) {
  return std::make_unique<QuantizeVectorsCheck>(element, rule, rounding);
}

}  // namespace mxconf::conformance::detail
