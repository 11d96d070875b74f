// From Python keyword arguments to the reference's option structs, with the CLI's precedence (lowest first): the
// profile, then each entry of `policies` (the CLI's --set, same names and values), then the dedicated arguments
// (rounding=, overflow=, rule=). The policy names and values come from the CLI's registry
// (harness/cli/policy_settings.hpp), so Python and the command line share one vocabulary.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/profile.hpp"

namespace mxconf::python {

using PolicyMap = std::map<std::string, std::string>;

// Every error names the Python argument and lists what was expected; they throw std::invalid_argument, which
// nanobind raises as ValueError.
const Profile& require_profile(const std::string& name);
FormatId require_format(const std::string& argument, const std::string& name);
FormatId require_element(const std::string& argument, const std::string& name);  // e4m3 .. int8
FormatId require_source(const std::string& argument, const std::string& name);   // fp32, bf16, fp16
Rounding require_rounding(const std::string& argument, const std::string& name);

// mxconf encode / explain: the profile's encode_options for `to`, then policies (element scope), then overflow,
// rounding. sr_bits: required (1..32) with rounding "sr", refused otherwise.
EncodeOptions encode_options_for(FormatId to, const std::string& profile, const PolicyMap& policies,
                                 const std::optional<std::string>& rounding,
                                 const std::optional<std::string>& overflow, int sr_bits);

// mxconf quantize: element and block scopes except `overflow` (element-overflow applies in a block).
QuantizeOptions quantize_options_for(const std::string& profile, const PolicyMap& policies,
                                     const std::optional<std::string>& rule,
                                     const std::optional<std::string>& rounding, int sr_bits);

// mxconf scale: block scope (without element-overflow) and subnormal-input.
QuantizeOptions scale_options_for(const std::string& profile, const PolicyMap& policies,
                                  const std::optional<std::string>& rule);

}  // namespace mxconf::python
