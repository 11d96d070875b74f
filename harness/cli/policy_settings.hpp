// Every policy a user can name: `--set NAME=VALUE` on the command line and the rows of `mxconf profiles`.
//
// The rows are the reference's policy registry (mxconf/reference/policy_registry.hpp): names, scopes, summaries,
// values and which commands accept each come from there, so the command line, the profiles table and
// docs/policies.md use one vocabulary.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "mxconf/reference/policy_registry.hpp"

namespace mxconf::cli {

using SettingScope = PolicyScope;
using PolicySetting = PolicyRow;

// The policies that shape what the reference computes (element and block scope), in the order docs list them:
// element policies first, then block policies. The comparison policies follow them in policy_registry().
std::span<const PolicySetting> policy_settings();

// The names of the policies of these scopes (element, block), in registry order (the Python package's lists).
std::vector<std::string_view> setting_names(std::span<const SettingScope> scopes);

// Applies one "NAME=VALUE" text (any registry policy), if `allowed` accepts NAME. UsageError (mentioning
// `option`) for a text without '=', an unknown name (listing the allowed names), a name this command does not use,
// or an invalid value (listing the valid values).
void apply_setting(PolicyBundle& bundle, std::string_view option, std::string_view assignment,
                   std::span<const std::string_view> allowed);

}  // namespace mxconf::cli
