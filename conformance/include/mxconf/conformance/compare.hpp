// Expected vs got, bitwise and NaN-aware (torchao PR #3273: NaN != NaN; PR #4744: 0x7f vs 0xff).
#pragma once

#include <cstdint>

#include "mxconf/reference/format.hpp"
#include "mxconf/reference/profile.hpp"

namespace mxconf::conformance {

// Equal codes, or, under NanMatch::any_nan, both codes NaN in `format`.
bool codes_match(const FormatSpec& format, std::uint64_t expected, std::uint64_t got, NanMatch nan);

}  // namespace mxconf::conformance
