// quantize/<elem>-<rule>/properties: RapidCheck blocks of k = 32 fp32 patterns (normals around a random binade,
// short-mantissa values that become ties after scaling, subnormals, zeros, now and then NaN or Inf), quantized by
// the kernel and by the reference's quantize_block under the run's profile. A failing block is shrunk by
// RapidCheck and the minimal one is reported. Seeded from RunContext::seed and the check name: reproducible.
#include <rapidcheck.h>
#include <rapidcheck/detail/TestListenerAdapter.h>

#include <optional>
#include <unordered_map>
#include <sstream>

#include "check_kinds.hpp"
#include "mxconf/reference/error.hpp"
#include "quantize_common.hpp"
#include "result_builder.hpp"

namespace mxconf::conformance::detail {
namespace {

constexpr int kBlocks = 100;  // RapidCheck's default number of successful cases

// FNV-1a: a stable per-check seed, so two checks never draw the same blocks and reruns draw the same ones.
std::uint64_t mix(std::uint64_t seed, const std::string& name) {
  std::uint64_t h = 0xcbf2'9ce4'8422'2325ull ^ seed;
  for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x0000'0100'0000'01b3ull;
  return h;
}

std::uint32_t fp32_bits(bool negative, int biased_exponent, std::uint32_t mantissa) {
  return (negative ? 0x8000'0000u : 0u) | (static_cast<std::uint32_t>(biased_exponent) << 23) | mantissa;
}

// One element, with binade `binade` (biased fp32 exponent, 1..254) as the block's centre.
rc::Gen<std::uint32_t> element_gen(int binade) {
  const int low = std::max(1, binade - 10);
  const int high = std::min(254, binade + 1);
  const auto normal = rc::gen::apply(
      [](bool s, int e, std::uint32_t m) { return fp32_bits(s, e, m); }, rc::gen::arbitrary<bool>(),
      rc::gen::inRange(low, high + 1), rc::gen::inRange<std::uint32_t>(0, 1u << 23));
  // A mantissa with only its top 5 bits set: after the power-of-two scaling these sit on or halfway between the
  // grid points of every element format (m <= 3), so ties are frequent.
  const auto short_mantissa = rc::gen::apply(
      [](bool s, int e, std::uint32_t top) { return fp32_bits(s, e, top << 18); }, rc::gen::arbitrary<bool>(),
      rc::gen::inRange(low, high + 1), rc::gen::inRange<std::uint32_t>(0, 32));
  const auto subnormal = rc::gen::apply([](bool s, std::uint32_t m) { return fp32_bits(s, 0, m); },
                                        rc::gen::arbitrary<bool>(), rc::gen::inRange<std::uint32_t>(1, 1u << 23));
  const auto zero = rc::gen::apply([](bool s) { return fp32_bits(s, 0, 0); }, rc::gen::arbitrary<bool>());
  const auto special = rc::gen::element<std::uint32_t>(0x7f80'0000u, 0xff80'0000u, 0x7fc0'0000u, 0xffc0'0000u,
                                                       0x7f80'0001u);
  // About one block in twelve has a NaN or Inf (1 in 401 elements).
  return rc::gen::weightedOneOf<std::uint32_t>(
      {{300, normal}, {60, short_mantissa}, {20, subnormal}, {20, zero}, {1, special}});
}

rc::Gen<std::vector<std::uint32_t>> block_gen() {
  return rc::gen::mapcat(rc::gen::inRange(1, 255), [](int binade) {
    return rc::gen::container<std::vector<std::uint32_t>>(kBlockSize, element_gen(binade));
  });
}

class QuantizePropertiesCheck final : public Check {
 public:
  QuantizePropertiesCheck(FormatId element, ScaleRule rule) : element_(element), rule_(rule) {}

  std::string name() const override { return "quantize/" + base() + "/properties"; }
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

    const mxconf_policies policies = abi_policies(profile);
    std::optional<Mismatch> last_failure;  // the last failing case RapidCheck tried: after shrinking, the minimal
    std::string problem;
    int evaluations = 0;
    const auto property = [&] {
      const std::vector<std::uint32_t> values = *block_gen();
      std::vector<std::uint32_t> random;
      if (setup.stochastic)
        random = *rc::gen::container<std::vector<std::uint32_t>>(
            kBlockSize, rc::gen::inRange<std::uint32_t>(0, 1u << kQuantizeSrBits));
      ++evaluations;
      // A block the policies give no encoding is don't-care: not sent, not counted.
      std::optional<QuantizedBlock> expected;
      try {
        expected = expected_block(setup, profile, values, random);
      } catch (const InvalidArgument&) {
        RC_DISCARD("no encoding under the profile's policies");
      }
      KernelBlocks got;
      const std::string why = call_quantize(kernel, setup, policies, values, random, got);
      if (!why.empty()) {
        if (problem.empty()) problem = why;
        RC_FAIL(why);
      }
      auto m = compare_block(setup, profile, "(RapidCheck, shrunk)", values, random, *expected, got.scales[0],
                             got.codes, vectors::CaseClasses{}.add(vectors::CaseClass::random));
      if (m) {
        last_failure = std::move(m);
        RC_FAIL("block mismatch");
      }
    };
    rc::detail::TestParams params;
    params.seed = mix(context.seed, name());
    params.maxSuccess = kBlocks;
    rc::detail::TestMetadata metadata;
    metadata.id = name();
    metadata.description = name();
    // A silent listener: no progress output, and RapidCheck's global configuration (RC_PARAMS, which prints
    // "Using configuration") is not consulted: the seed is ours.
    rc::detail::TestListenerAdapter quiet;
    const std::unordered_map<std::string, rc::detail::Reproduce> no_reproduce;
    const rc::detail::TestResult result =
        rc::detail::checkProperty(rc::detail::toProperty(property), metadata, params, quiet, no_reproduce);
    if (!problem.empty()) return builder.kernel_error(problem);

    std::ostringstream note;
    note << "RapidCheck seed " << params.seed << " (run seed " << context.seed << ")";
    rc::detail::FailureResult failure;
    if (result.match(failure)) {
      builder.add_cases(static_cast<std::uint64_t>(failure.numSuccess) + 1);
      if (last_failure) {
        if (builder.count_mismatch(last_failure->classes)) builder.record(std::move(*last_failure));
      } else {
        builder.count_mismatch({});
        builder.record(Mismatch{"(RapidCheck)", "-", "-", failure.description, {}});
      }
      note << ": failed after " << failure.numSuccess << " passing blocks, minimal block after "
           << (evaluations - failure.numSuccess - 1) << " shrink steps";
    } else {
      rc::detail::SuccessResult success;
      if (result.match(success)) builder.add_cases(static_cast<std::uint64_t>(success.numSuccess));
      rc::detail::GaveUpResult gave_up;
      rc::detail::Error error;
      if (result.match(gave_up)) note << ": gave up: " << gave_up.description;
      if (result.match(error)) note << ": error: " << error.description;
    }
    builder.add_note(note.str());
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

std::unique_ptr<const Check> make_quantize_properties_check(FormatId element, ScaleRule rule) {
  return std::make_unique<QuantizePropertiesCheck>(element, rule);
}

}  // namespace mxconf::conformance::detail
