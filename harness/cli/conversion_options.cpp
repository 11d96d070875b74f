#include "conversion_options.hpp"

#include <algorithm>
#include <array>

#include "enum_listing.hpp"
#include "names.hpp"
#include "usage_error.hpp"

namespace mxconf::cli {
namespace {

constexpr int kMaxStochasticBits = 64;  // StochasticBits::bits is 1..64 (rounding.hpp)

void apply_set_options(const ParsedArguments& args, PolicyBundle& bundle, std::span<const std::string_view> allowed) {
  for (const auto& assignment : args.values("set")) apply_setting(bundle, "--set", assignment, allowed);
}

// --sr-bits belongs to stochastic rounding: required with it, refused without it (an ignored flag would hide a
// mistake).
int stochastic_bits(const ParsedArguments& args, Rounding rounding) {
  const auto text = args.value("sr-bits");
  if (rounding != Rounding::sr) {
    if (text)
      throw UsageError(
          "--sr-bits applies only with --round sr (rounding in force: " + std::string(to_string(rounding)) + ")");
    return 0;
  }
  if (!text) throw UsageError("--round sr needs --sr-bits K (the number of random bits, 1 to 64; PTX cvt.rs uses 8)");
  return require_count("--sr-bits", *text, 1, kMaxStochasticBits);
}

Rounding rounding_flag_or(const ParsedArguments& args, Rounding fallback) {
  const auto text = args.value("round");
  return text ? require_rounding("--round", *text) : fallback;
}

void apply_rule_flag(const ParsedArguments& args, BlockPolicies& block) {
  if (const auto text = args.value("rule")) block.rule = require_scale_rule("--rule", *text);
}

}  // namespace

const Profile& selected_profile(const ParsedArguments& args) {
  const auto text = args.value("profile");
  return require_profile("--profile", text ? *text : kDefaultProfile);
}

EncodeOptions resolve_encode_options(const ParsedArguments& args, const FormatSpec& destination) {
  const Profile& profile = selected_profile(args);
  EncodeOptions options = encode_options(profile, destination);
  PolicyBundle bundle{.element = options.policies, .block = profile.block};
  apply_set_options(args, bundle, policy_names_for(kConvertCommands, PolicyScope::element));
  if (const auto text = args.value("overflow")) {
    const auto overflow = parse_overflow(*text);
    if (!overflow)
      throw UsageError("--overflow: unknown value '" + *text + "' (valid: " + join(enum_value_names<Overflow>()) + ")");
    bundle.element.overflow = *overflow;
  }
  options.policies = bundle.element;
  options.rounding = rounding_flag_or(args, options.rounding);
  options.stochastic = StochasticBits{stochastic_bits(args, options.rounding), 0};
  return options;
}

QuantizeOptions resolve_quantize_options(const ParsedArguments& args) {
  const Profile& profile = selected_profile(args);
  QuantizeOptions options = quantize_options(profile);
  PolicyBundle bundle{.element = options.element.policies, .block = options.block};
  // Which policies quantize accepts is the registry's kQuantizeCommand column (not `overflow`: policy_registry.cpp).
  apply_set_options(args, bundle, policy_names_for(kQuantizeCommand, PolicyScope::element));
  apply_rule_flag(args, bundle.block);
  options.element.policies = bundle.element;
  options.block = bundle.block;
  options.element.rounding = rounding_flag_or(args, options.element.rounding);
  options.element.stochastic = StochasticBits{stochastic_bits(args, options.element.rounding), 0};
  return options;
}

QuantizeOptions resolve_scale_options(const ParsedArguments& args) {
  const Profile& profile = selected_profile(args);
  QuantizeOptions options = quantize_options(profile);
  PolicyBundle bundle{.element = options.element.policies, .block = options.block};
  apply_set_options(args, bundle, policy_names_for(kScaleCommand, PolicyScope::block));
  apply_rule_flag(args, bundle.block);
  options.element.policies = bundle.element;
  options.block = bundle.block;
  return options;
}

}  // namespace mxconf::cli
