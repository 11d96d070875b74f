#include "mxconf/reference/format.hpp"

namespace mxconf {

std::optional<FormatId> find_format(std::string_view name) {
  for (const auto& f : kFormatTable)
    if (f.name == name || f.alias == name) return f.id;
  return std::nullopt;
}

}  // namespace mxconf
