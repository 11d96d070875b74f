#include "names.hpp"

#include <charconv>
#include <string>

#include "enum_listing.hpp"
#include "usage_error.hpp"

namespace mxconf::cli {
namespace {

[[noreturn]] void unknown(std::string_view option, std::string_view what, std::string_view text,
                          const std::vector<std::string_view>& valid) {
  throw UsageError(std::string(option) + ": unknown " + std::string(what) + " '" + std::string(text) +
                   "' (valid: " + join(valid) + ")");
}

std::vector<std::string_view> element_format_names() {
  std::vector<std::string_view> names;
  for (const auto& f : format_table())
    if (is_element_format(f.id)) names.push_back(f.name);
  return names;
}

}  // namespace

std::vector<std::string_view> format_names() {
  std::vector<std::string_view> names;
  for (const auto& f : format_table()) names.push_back(f.name);
  return names;
}

std::vector<std::string_view> profile_names() {
  std::vector<std::string_view> names;
  for (const auto& p : profile_table()) names.push_back(p.name);
  return names;
}

const FormatSpec& require_format(std::string_view option, std::string_view text) {
  const auto id = find_format(text);
  if (!id) unknown(option, "format", text, format_names());
  return format_spec(*id);
}

const FormatSpec& require_element_format(std::string_view option, std::string_view text) {
  const auto id = find_format(text);
  if (!id || !is_element_format(*id)) unknown(option, "element format", text, element_format_names());
  return format_spec(*id);
}

Rounding require_rounding(std::string_view option, std::string_view text) {
  const auto r = parse_rounding(text);
  if (!r) unknown(option, "rounding mode", text, enum_value_names<Rounding>());
  return *r;
}

ScaleRule require_scale_rule(std::string_view option, std::string_view text) {
  const auto r = parse_scale_rule(text);
  if (!r) unknown(option, "scale rule", text, enum_value_names<ScaleRule>());
  return *r;
}

const Profile& require_profile(std::string_view option, std::string_view text) {
  const Profile* p = find_profile(text);
  if (!p) unknown(option, "profile", text, profile_names());
  return *p;
}

int require_count(std::string_view option, std::string_view text, int min, int max) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
    throw UsageError(std::string(option) + ": '" + std::string(text) + "' is not a whole number from " +
                     std::to_string(min) + " to " + std::to_string(max));
  return value;
}

}  // namespace mxconf::cli
