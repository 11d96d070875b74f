// Exact decimal text of a finite dyadic value, for people: every dyadic number has a finite decimal expansion
// (m * 2^-k = m * 5^k / 10^k), so this is exact, never rounded. Long expansions (2^-127 has 127 digits) are
// left out: the hex float says the same thing.
#pragma once

#include <optional>
#include <string>

#include "mxconf/reference/exact_value.hpp"

namespace mxconf::cli {

// "464.000030517578125", "-0.375", "0", "-0"; empty for NaN, Inf, or more than `max_length` characters.
std::optional<std::string> short_decimal(const ExactValue& value, std::size_t max_length = 40);

}  // namespace mxconf::cli
