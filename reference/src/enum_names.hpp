// A tiny name table for enums, so to_string and parse_* come from one list and cannot drift apart
// (the lesson of TestFloat PR #19: parallel arrays drift).
#pragma once

#include <optional>
#include <string_view>
#include <utility>

namespace mxconf::detail {

template <typename Enum, std::size_t N>
struct EnumNames {
  std::pair<Enum, std::string_view> entries[N];

  constexpr std::string_view name(Enum v) const {
    for (const auto& [value, text] : entries)
      if (value == v) return text;
    return "?";
  }
  constexpr std::optional<Enum> parse(std::string_view text) const {
    for (const auto& [value, name] : entries)
      if (name == text) return value;
    return std::nullopt;
  }
};

template <typename Enum, typename... Pairs>
constexpr auto enum_names(Pairs... pairs) {
  return EnumNames<Enum, sizeof...(Pairs)>{{pairs...}};
}

}  // namespace mxconf::detail
