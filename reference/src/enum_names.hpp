// A tiny name table for enums, so to_string and parse_* come from one list and cannot drift apart
// (the lesson of TestFloat PR #19: parallel arrays drift).
#pragma once

#include <optional>
#include <string>
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

// Appends " name=value" (no leading space when `out` is empty): the canonical policy text of describe().
inline void append_setting(std::string& out, std::string_view name, std::string_view value) {
  if (!out.empty()) out += ' ';
  out += name;
  out += '=';
  out += value;
}

}  // namespace mxconf::detail
