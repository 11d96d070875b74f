#include "mxconf/reference/block.hpp"

#include "enum_names.hpp"

namespace mxconf {

std::string describe(const BlockPolicies& p) {
  std::string out;
  const auto field = [&out](std::string_view name, std::string_view value) { detail::append_setting(out, name, value); };
  field("rule", to_string(p.rule));
  field("block-nan", to_string(p.nan));
  field("block-inf", to_string(p.inf));
  field("zero-amax", to_string(p.zero_amax));
  field("scale-overflow", to_string(p.scale_overflow));
  field("element-overflow", to_string(p.element_overflow));
  field("min-scale-divisor", to_string(p.min_scale_divisor));
  return out;
}

}  // namespace mxconf
