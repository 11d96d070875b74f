// The list of checks, in a fixed order, and the in-process runner with skip handling.
#include <array>
#include <stdexcept>

#include "check_kinds.hpp"
#include "mxconf/reference/policy_names.hpp"

namespace mxconf::conformance {
namespace {

// From the format table's role column (format.hpp): a format added as an element gets its checks here.
constexpr auto kElements = kElementFormats;
constexpr auto kDestinations = kConversionTargets;
constexpr std::array kSources{FormatId::fp32, FormatId::bf16, FormatId::fp16};
constexpr std::array kRoundings{Rounding::rne, Rounding::rtz, Rounding::rup, Rounding::rdn, Rounding::rna};
constexpr std::array kOverflows{Overflow::saturate, Overflow::non_saturating};
// Every scale rule, in declaration order, from its names table: a rule added to the enum gets its checks here
// without another list to edit.
constexpr auto kRules = [] {
  std::array<ScaleRule, enumerator_count<ScaleRule>()> rules{};
  for (std::size_t i = 0; i < rules.size(); ++i) rules[i] = names_of<ScaleRule>().entries[i].value;
  return rules;
}();
constexpr std::array kWide{FormatId::fp32, FormatId::bf16, FormatId::fp16};

template <typename F>
void for_each_configuration(FormatId source, F&& f) {
  for (const FormatId to : kDestinations)
    for (const Rounding r : kRoundings)
      for (const Overflow o : kOverflows) f(ConvertConfiguration{source, to, r, o});
}

}  // namespace

std::vector<std::unique_ptr<const Check>> make_checks(Tier tier) {
  using namespace detail;
  std::vector<std::unique_ptr<const Check>> checks;
  for (const FormatId f : kDestinations) checks.push_back(make_decode_check(f));
  for (const FormatId source : kSources)
    for_each_configuration(source, [&](const ConvertConfiguration& c) {
      checks.push_back(source == FormatId::fp32 ? make_convert_edges_check(c) : make_convert_all16_check(c));
    });
  for (const FormatId e : kElements) {
    // K = 8: NVIDIA cvt.rs; K = 23 - m: AMD gfx950, the whole discarded fp32 mantissa (the golden files' two sets).
    checks.push_back(make_convert_sr_check(e, 8));
    if (format_spec(e).encoding == Encoding::binary_float)
      checks.push_back(make_convert_sr_check(e, 23 - format_spec(e).mantissa_bits));
  }
  for (const FormatId e : kElements)
    for (const ScaleRule rule : kRules) {
      checks.push_back(make_quantize_vectors_check(e, rule));
      checks.push_back(make_quantize_properties_check(e, rule));
    }
  // The same under stochastic rounding for every other rule (fp4-three-quarters always rounds stochastically):
  // run where a kernel declares sr for that quantize configuration, skipped elsewhere.
  for (const FormatId e : kElements)
    for (const ScaleRule rule : kRules) {
      if (rule == ScaleRule::fp4_three_quarters) continue;
      checks.push_back(make_quantize_vectors_check(e, rule, QuantizeRounding::sr));
      checks.push_back(make_quantize_properties_check(e, rule, QuantizeRounding::sr));
    }
  for (const FormatId e : kElements)
    for (const FormatId to : kWide) checks.push_back(make_dequantize_check(e, to));
  for (const FormatId e : kElements) {
    checks.push_back(make_dot_check(e, 1));
    checks.push_back(make_dot_check(e, 4));
  }
  // The exhaustive tier is the fast tier and then every fp32 input of every conversion.
  if (tier == Tier::exhaustive)
    for_each_configuration(FormatId::fp32,
                           [&](const ConvertConfiguration& c) { checks.push_back(make_convert_exhaustive_check(c)); });
  return checks;
}

CheckResult run_check(const Check& check, const mxconf_kernel& kernel, const RunContext& context) {
  if (context.profile == nullptr) throw std::invalid_argument("run_check: RunContext::profile is not set");
  if (const auto why = check.missing_capability(kernel)) {
    CheckResult r;
    r.name = check.name();
    r.operation = check.operation();
    r.tier = check.tier() == Tier::fast ? "fast" : "exhaustive";
    r.status = CheckStatus::skipped;
    r.note = *why;
    return r;
  }
  return check.run(kernel, context);
}

}  // namespace mxconf::conformance
