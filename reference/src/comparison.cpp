#include "mxconf/reference/comparison.hpp"

#include "mxconf/reference/policy_names.hpp"

namespace mxconf {

std::string_view to_string(NanMatch v) { return names_of<NanMatch>().name(v); }
std::optional<NanMatch> parse_nan_match(std::string_view s) { return names_of<NanMatch>().parse(s); }

}  // namespace mxconf
