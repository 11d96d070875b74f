#include "policy_settings.hpp"

#include <algorithm>
#include <string>

#include "enum_listing.hpp"
#include "usage_error.hpp"

namespace mxconf::cli {
namespace {

bool computes(const PolicyRow& row) { return row.scope != PolicyScope::comparison; }

bool contains(std::span<const std::string_view> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string_view> all_setting_names() {
  std::vector<std::string_view> names;
  for (const auto& s : policy_registry()) names.push_back(s.name);
  return names;
}

}  // namespace

std::span<const PolicySetting> policy_settings() {
  // The registry lists the comparison policies last.
  const auto rows = policy_registry();
  const auto end = std::find_if(rows.begin(), rows.end(), [](const PolicyRow& r) { return !computes(r); });
  return rows.first(static_cast<std::size_t>(end - rows.begin()));
}

std::vector<std::string_view> setting_names(std::span<const SettingScope> scopes) {
  std::vector<std::string_view> names;
  for (const auto& s : policy_registry())
    if (std::find(scopes.begin(), scopes.end(), s.scope) != scopes.end()) names.push_back(s.name);
  return names;
}

void apply_setting(PolicyBundle& bundle, std::string_view option, std::string_view assignment,
                   std::span<const std::string_view> allowed) {
  const std::string context = std::string(option) + " " + std::string(assignment) + ": ";
  const std::size_t equals = assignment.find('=');
  if (equals == std::string_view::npos)
    throw UsageError(context + "expected POLICY=VALUE (policies: " + join({allowed.begin(), allowed.end()}) + ")");
  const std::string_view name = assignment.substr(0, equals);
  const std::string_view value = assignment.substr(equals + 1);
  const PolicySetting* setting = find_policy(name);
  if (!setting)
    throw UsageError(context + "unknown policy '" + std::string(name) +
                     "' (valid: " + join({allowed.begin(), allowed.end()}) + ")");
  if (!contains(allowed, name))
    throw UsageError(context + "policy '" + std::string(name) + "' has no effect on this command (valid here: " +
                     join({allowed.begin(), allowed.end()}) + "; all: " + join(all_setting_names()) + ")");
  if (!setting->assign_name(bundle, value))
    throw UsageError(context + "invalid value '" + std::string(value) + "' for " + std::string(name) +
                     " (valid: " + join(setting->value_names()) + ")");
}

}  // namespace mxconf::cli
