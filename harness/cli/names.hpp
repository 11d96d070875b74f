// Looking up the names a user types (formats, rounding modes, profiles, scale rules). Every lookup that fails
// throws UsageError naming the option, the text, and the valid names.
#pragma once

#include <string_view>
#include <vector>

#include "mxconf/reference/format.hpp"
#include "mxconf/reference/profile.hpp"
#include "mxconf/reference/rounding.hpp"
#include "mxconf/reference/scale_rule.hpp"

namespace mxconf::cli {

std::vector<std::string_view> format_names();
std::vector<std::string_view> profile_names();

// `option` is the flag the text came from ("--to"), for the message.
const FormatSpec& require_format(std::string_view option, std::string_view text);
// An element format (e4m3, e5m2, e3m2, e2m3, e2m1, int8): the formats an MX block holds.
const FormatSpec& require_element_format(std::string_view option, std::string_view text);
Rounding require_rounding(std::string_view option, std::string_view text);
ScaleRule require_scale_rule(std::string_view option, std::string_view text);
const Profile& require_profile(std::string_view option, std::string_view text);

// A decimal count in [min, max] ("--block 32", "--sr-bits 8").
int require_count(std::string_view option, std::string_view text, int min, int max);

}  // namespace mxconf::cli
