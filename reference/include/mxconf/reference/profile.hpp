// A profile: a named bundle of every choice, so a user says "nvidia" instead of nine flags.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/comparison.hpp"

namespace mxconf {

struct Profile {
  std::string_view name;         // "ocp", "nvidia", ...
  std::string_view summary;      // one line
  std::string_view sources;      // where each choice comes from (docs/profiles.md has the long form)
  Rounding element_rounding;  // scalar casts into element formats and the element step of quantize
  Rounding scale_rounding;    // scalar casts into e8m0 (block scales come from BlockPolicies::rule instead)
  ElementPolicies element;
  BlockPolicies block;
  ComparisonPolicies comparison;
};

std::span<const Profile> profile_table();
const Profile* find_profile(std::string_view name);

// The options for scalar encodes into `destination` and for block quantization under a profile.
EncodeOptions encode_options(const Profile& p, const FormatSpec& destination);
QuantizeOptions quantize_options(const Profile& p);

}  // namespace mxconf
