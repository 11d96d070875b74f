#include "mxconf/reference/block.hpp"

#include "mxconf/reference/enum_names.hpp"
#include "mxconf/reference/policy_registry.hpp"

namespace mxconf {

std::string describe(const BlockPolicies& p) {
  const PolicyBundle bundle{.element = {}, .block = p, .comparison = {}};
  std::string out;
  for (const auto& row : policy_registry())
    if (row.scope == PolicyScope::block) detail::append_setting(out, row.name, row.current(bundle));
  return out;
}

}  // namespace mxconf
