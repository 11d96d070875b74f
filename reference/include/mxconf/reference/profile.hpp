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
  // A profile named after a library: the release(s) (and device) its choices were measured against, and where the
  // measurements live (observations/<library>/, docs/profiles.md). Empty for profiles that read a specification.
  std::string_view verified;
  std::string_view observations;
};

std::span<const Profile> profile_table();
const Profile* find_profile(std::string_view name);

// The options for scalar encodes into `destination` and for block quantization under a profile.
EncodeOptions encode_options(const Profile& p, const FormatSpec& destination);
QuantizeOptions quantize_options(const Profile& p);

}  // namespace mxconf
