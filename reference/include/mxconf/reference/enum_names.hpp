// A tiny name table for enums, so to_string and parse_* come from one list and cannot drift apart
// (the lesson of TestFloat PR #19: parallel arrays drift).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mxconf::detail {

template <typename Enum>
struct NamedValue {
  Enum value;
  std::string_view name;
  // Policies only (empty for other enums): what the value does, and who uses it with the sources, as plain text
  // with `code` spans. docs/policies.md's value tables are generated from these (`mxconf policies --fill`).
  std::string_view meaning = {};
  std::string_view who = {};
};

template <typename Enum, std::size_t N>
struct EnumNames {
  NamedValue<Enum> entries[N];

  static constexpr std::size_t size() { return N; }
  constexpr std::string_view name(Enum v) const {
    for (const auto& e : entries)
      if (e.value == v) return e.name;
    return "?";
  }
  constexpr std::optional<Enum> parse(std::string_view text) const {
    for (const auto& e : entries)
      if (e.name == text) return e.value;
    return std::nullopt;
  }
};

template <typename Enum, typename... Entries>
constexpr auto enum_names(Entries... entries) {
  return EnumNames<Enum, sizeof...(Entries)>{{entries...}};
}

// True when entry i names enumerator i: the table lists every value in declaration order from 0, so its length is
// the enum's count.
template <typename Enum, std::size_t N>
constexpr bool in_declaration_order(const EnumNames<Enum, N>& table) {
  for (std::size_t i = 0; i < N; ++i)
    if (static_cast<std::size_t>(table.entries[i].value) != i) return false;
  return true;
}

// Appends " name=value" (no leading space when `out` is empty): the canonical policy text of describe().
inline void append_setting(std::string& out, std::string_view name, std::string_view value) {
  if (!out.empty()) out += ' ';
  out += name;
  out += '=';
  out += value;
}

}  // namespace mxconf::detail
