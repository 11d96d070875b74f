// Every policy a user can name: `--set NAME=VALUE` on the command line and the rows of `mxconf profiles`.
//
// The names are the policy enums' names in kebab case; the values are their to_string names (policy.hpp,
// scale_rule.hpp, block.hpp), so the command line, the profiles table and docs/policies.md use one vocabulary.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/policy.hpp"

namespace mxconf::cli {

// Everything a profile decides besides the rounding modes.
struct PolicyBundle {
  ElementPolicies element;
  BlockPolicies block;
};

enum class SettingScope {
  element,  // a scalar conversion (encode, explain, quantize's element step)
  block,    // the shared scale and the block (scale, quantize)
};

struct PolicySetting {
  std::string_view name;  // "nan-sign"
  SettingScope scope;
  std::string_view summary;
  std::function<std::string_view(const PolicyBundle&)> current;
  std::function<bool(PolicyBundle&, std::string_view)> assign;  // false when the value is not valid
  std::function<std::vector<std::string_view>()> valid_values;
};

// In the order docs list them: element policies first, then block policies.
std::span<const PolicySetting> policy_settings();

// Applies one "NAME=VALUE" text, if `allowed` accepts NAME. UsageError (mentioning `option`) for a text without
// '=', an unknown name (listing the allowed names), a name this command does not use, or an invalid value
// (listing the valid values).
void apply_setting(PolicyBundle& bundle, std::string_view option, std::string_view assignment,
                   std::span<const std::string_view> allowed);

// The names allowed for a command: all of a scope, or both.
std::vector<std::string_view> setting_names(std::span<const SettingScope> scopes);

}  // namespace mxconf::cli
