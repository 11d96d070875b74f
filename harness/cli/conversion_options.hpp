// From the command line to the reference's option structs. Precedence, lowest first: the profile (--profile,
// default "ocp"), then each --set in command-line order, then the dedicated flags (--round, --overflow, --rule).
#pragma once

#include <string_view>

#include "arguments.hpp"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/profile.hpp"
#include "policy_settings.hpp"

namespace mxconf::cli {

inline constexpr std::string_view kDefaultProfile = "ocp";

const Profile& selected_profile(const ParsedArguments& args);

// Scalar conversion into `destination` (encode, explain). --set takes element policies. With --round sr the
// stochastic bit count comes from --sr-bits (required then, refused otherwise); the random value is per case.
EncodeOptions resolve_encode_options(const ParsedArguments& args, const FormatSpec& destination);

// Block quantization (quantize). --set takes element and block policies; random values are per line.
QuantizeOptions resolve_quantize_options(const ParsedArguments& args);

// Scale only (scale): --set takes block policies and subnormal-input (which reads the amax).
QuantizeOptions resolve_scale_options(const ParsedArguments& args);

}  // namespace mxconf::cli
