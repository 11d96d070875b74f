// How a conformance check compares a kernel's answer with the reference's (NaN-aware comparison).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mxconf {

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

}  // namespace mxconf
