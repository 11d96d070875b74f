#include "mxconf/conformance/compare.hpp"

namespace mxconf::conformance {

bool codes_match(const FormatSpec& format, std::uint64_t expected, std::uint64_t got, NanMatch nan) {
  if (expected == got) return true;
  // A code wider than the format (high bits set under the BYTE layout) is never a NaN of it.
  if (nan != NanMatch::any_nan || got > code_mask(format) || expected > code_mask(format)) return false;
  return is_nan_code(format, expected) && is_nan_code(format, got);
}

}  // namespace mxconf::conformance
