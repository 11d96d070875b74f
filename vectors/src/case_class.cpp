#include "mxconf/vectors/case_class.hpp"

#include <array>

namespace mxconf::vectors {
namespace {

constexpr std::array<std::string_view, kCaseClassCount> kNames{
    "nan", "inf", "zero", "saturation", "overflow", "tie", "denormal-in", "denormal-out", "scale-clamp", "scale-nan",
    "random"};

}  // namespace

std::string_view to_string(CaseClass c) { return kNames[static_cast<std::size_t>(c)]; }

std::optional<CaseClass> parse_case_class(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<CaseClass>(i);
  return std::nullopt;
}

std::string CaseClasses::to_string() const {
  if (empty()) return "-";
  std::string out;
  for (int i = 0; i < kCaseClassCount; ++i) {
    if (!has(static_cast<CaseClass>(i))) continue;
    if (!out.empty()) out += ',';
    out += kNames[static_cast<std::size_t>(i)];
  }
  return out;
}

std::optional<CaseClasses> CaseClasses::parse(std::string_view text) {
  CaseClasses out;
  if (text == "-") return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const auto name = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const auto c = parse_case_class(name);
    if (!c) return std::nullopt;
    out.add(*c);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace mxconf::vectors
