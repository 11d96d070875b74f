#include "options.hpp"

#include <stdexcept>
#include <string_view>
#include <vector>

// The CLI's name registry and policy settings (compiled into the module from harness/cli/): one vocabulary. Which
// policies each function takes comes from the policy registry, as for the CLI command of the same name
// (convert/explain: encode's set, quantize: quantize's, scale: scale's).
#include "enum_listing.hpp"
#include "mxconf/reference/policy_registry.hpp"
#include "names.hpp"
#include "policy_settings.hpp"
#include "usage_error.hpp"

namespace mxconf::python {
namespace {

// The CLI reports a bad name as cli::UsageError; Python gets ValueError with the same text.
template <typename F>
decltype(auto) translate(F&& f) {
  try {
    return f();
  } catch (const cli::UsageError& e) {
    throw std::invalid_argument(e.what());
  }
}

void apply_policies(PolicyBundle& bundle, const PolicyMap& policies, std::span<const std::string_view> allowed) {
  for (const auto& [name, value] : policies)
    translate([&] {
      cli::apply_setting(bundle, "policies", name + "=" + value, allowed);
      return 0;
    });
}

int stochastic_bits(Rounding rounding, int sr_bits) {
  if (rounding != Rounding::sr) {
    if (sr_bits != 0)
      throw std::invalid_argument("sr_bits=" + std::to_string(sr_bits) + " applies only with rounding='sr' (in force: " +
                                  std::string(to_string(rounding)) + ")");
    return 0;
  }
  if (sr_bits < 1 || sr_bits > 32)
    throw std::invalid_argument("rounding='sr' needs sr_bits from 1 to 32 (PTX cvt.rs uses 8), got " +
                                std::to_string(sr_bits));
  return sr_bits;
}

}  // namespace

const Profile& require_profile(const std::string& name) {
  return translate([&]() -> const Profile& { return cli::require_profile("profile=", name); });
}

FormatId require_format(const std::string& argument, const std::string& name) {
  return translate([&] { return cli::require_format(argument + "=", name).id; });
}

FormatId require_element(const std::string& argument, const std::string& name) {
  return translate([&] { return cli::require_element_format(argument + "=", name).id; });
}

FormatId require_source(const std::string& argument, const std::string& name) {
  const FormatId id = require_format(argument, name);
  if (id != FormatId::fp32 && id != FormatId::bf16 && id != FormatId::fp16)
    throw std::invalid_argument(argument + "=: '" + name + "' is not a source format (valid: fp32, bf16, fp16)");
  return id;
}

Rounding require_rounding(const std::string& argument, const std::string& name) {
  return translate([&] { return cli::require_rounding(argument + "=", name); });
}

EncodeOptions encode_options_for(FormatId to, const std::string& profile_name, const PolicyMap& policies,
                                 const std::optional<std::string>& rounding,
                                 const std::optional<std::string>& overflow, int sr_bits) {
  const Profile& profile = require_profile(profile_name);
  EncodeOptions options = encode_options(profile, format_spec(to));
  PolicyBundle bundle{.element = options.policies, .block = profile.block};
  apply_policies(bundle, policies, policy_names_for(kConvertCommands, PolicyScope::element));
  if (overflow) {
    const auto o = parse_overflow(*overflow);
    if (!o)
      throw std::invalid_argument("overflow=: unknown value '" + *overflow +
                                  "' (valid: " + cli::join(cli::enum_value_names<Overflow>()) + ")");
    bundle.element.overflow = *o;
  }
  options.policies = bundle.element;
  if (rounding) options.rounding = require_rounding("rounding", *rounding);
  options.stochastic = StochasticBits{stochastic_bits(options.rounding, sr_bits), 0};
  return options;
}

QuantizeOptions quantize_options_for(const std::string& profile_name, const PolicyMap& policies,
                                     const std::optional<std::string>& rule,
                                     const std::optional<std::string>& rounding, int sr_bits) {
  const Profile& profile = require_profile(profile_name);
  QuantizeOptions options = quantize_options(profile);
  PolicyBundle bundle{.element = options.element.policies, .block = options.block};
  apply_policies(bundle, policies, policy_names_for(kQuantizeCommand, PolicyScope::element));
  if (rule) bundle.block.rule = translate([&] { return cli::require_scale_rule("rule=", *rule); });
  options.element.policies = bundle.element;
  options.block = bundle.block;
  if (rounding) options.element.rounding = require_rounding("rounding", *rounding);
  options.element.stochastic = StochasticBits{stochastic_bits(options.element.rounding, sr_bits), 0};
  return options;
}

QuantizeOptions scale_options_for(const std::string& profile_name, const PolicyMap& policies,
                                  const std::optional<std::string>& rule) {
  const Profile& profile = require_profile(profile_name);
  QuantizeOptions options = quantize_options(profile);
  PolicyBundle bundle{.element = options.element.policies, .block = options.block};
  apply_policies(bundle, policies, policy_names_for(kScaleCommand, PolicyScope::block));
  if (rule) bundle.block.rule = translate([&] { return cli::require_scale_rule("rule=", *rule); });
  options.element.policies = bundle.element;
  options.block = bundle.block;
  return options;
}

}  // namespace mxconf::python
