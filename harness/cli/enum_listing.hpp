// The valid names of a reference enum, for error messages and help ("valid: rne, rtz, ...").
//
// The reference names every enum through to_string / parse_* (mxconf/reference/policy_names.hpp, enum_names.hpp) and answers "?" for
// a value it has no name for. The enums are declared without explicit values, so they are contiguous from 0:
// walking 0, 1, 2, ... until "?" lists every name in declaration order without a second list that could drift.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace mxconf::cli {

template <typename Enum>
std::vector<std::string_view> enum_value_names() {
  using Underlying = std::underlying_type_t<Enum>;
  std::vector<std::string_view> names;
  for (unsigned i = 0; i < 256; ++i) {
    const std::string_view name = to_string(static_cast<Enum>(static_cast<Underlying>(i)));
    if (name == "?") break;
    names.push_back(name);
  }
  return names;
}

inline std::string join(const std::vector<std::string_view>& names, std::string_view separator = ", ") {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += separator;
    out += n;
  }
  return out;
}

}  // namespace mxconf::cli
