// A profile: a named bundle of every choice, so a user says "nvidia" instead of nine flags.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"

namespace mxconf {

// How a conformance check compares a kernel's answer with the reference's (issue: NaN-aware comparison).
enum class NanMatch : std::uint8_t {
  any_nan,     // any NaN code matches an expected NaN (TestFloat's default; torchao PR #4744: 0x7f vs 0xff)
  exact_code,  // the expected NaN code exactly
};
struct ComparisonPolicies {
  NanMatch nan;          // element and scale codes
  // Decoded values (decode, dequantize into fp32 / bf16 / fp16). OCP defines no NaN bit pattern for them and
  // decoders differ (CUDA writes fp32 0x7fffffff, or 0x7fff0000 through bf16; others 0x7fc00000): any-nan in
  // every profile today.
  NanMatch decoded_nan;
  bool nan_scale_elements_dont_care;  // a block whose expected scale is NaN: element codes are not compared
};
std::string_view to_string(NanMatch v);
std::optional<NanMatch> parse_nan_match(std::string_view s);

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
