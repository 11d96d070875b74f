#include "mxconf/reference/policy.hpp"

#include <algorithm>
#include <vector>

#include "mxconf/reference/rounding.hpp"
#include "mxconf/reference/enum_names.hpp"
#include "mxconf/reference/policy_names.hpp"
#include "mxconf/reference/policy_registry.hpp"

namespace mxconf {
std::string_view to_string(Rounding v) { return names_of<Rounding>().name(v); }
std::optional<Rounding> parse_rounding(std::string_view s) { return names_of<Rounding>().parse(s); }

std::string_view to_string(Overflow v) { return names_of<Overflow>().name(v); }
std::string_view to_string(DirectedOverflow v) { return names_of<DirectedOverflow>().name(v); }
std::string_view to_string(InfUnderSaturation v) { return names_of<InfUnderSaturation>().name(v); }
std::string_view to_string(NanSign v) { return names_of<NanSign>().name(v); }
std::string_view to_string(NanMantissa v) { return names_of<NanMantissa>().name(v); }
std::string_view to_string(NanIntoFinite v) { return names_of<NanIntoFinite>().name(v); }
std::string_view to_string(Int8Range v) { return names_of<Int8Range>().name(v); }
std::string_view to_string(SubnormalInput v) { return names_of<SubnormalInput>().name(v); }
std::string_view to_string(NegativeIntoUnsigned v) { return names_of<NegativeIntoUnsigned>().name(v); }
std::string_view to_string(ZeroIntoE8m0 v) { return names_of<ZeroIntoE8m0>().name(v); }
std::string_view to_string(E8m0SubnormalRounding v) { return names_of<E8m0SubnormalRounding>().name(v); }
std::string_view to_string(InfIntoFinite v) { return names_of<InfIntoFinite>().name(v); }
std::string_view to_string(E8m0Overflow v) { return names_of<E8m0Overflow>().name(v); }

std::string describe(const ElementPolicies& p) {
  const PolicyBundle bundle{.element = p, .block = {}, .comparison = {}};
  std::string out;
  for (const auto& row : policy_registry())
    if (row.scope == PolicyScope::element) detail::append_setting(out, row.name, row.current(bundle));
  return out;
}

namespace {

// Calls f(name, value) for each "name=value" word; false when a word has no '='.
template <typename F>
bool for_each_setting(std::string_view text, F&& f) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != ',') ++i;
    if (i == start) break;
    const std::string_view word = text.substr(start, i - start);
    const std::size_t eq = word.find('=');
    if (eq == std::string_view::npos || !f(word.substr(0, eq), word.substr(eq + 1))) return false;
  }
  return true;
}

}  // namespace

std::optional<ElementPolicies> parse_element_policies(std::string_view text) {
  PolicyBundle bundle{};
  std::vector<std::string_view> seen;
  const bool ok = for_each_setting(text, [&](std::string_view name, std::string_view value) {
    const PolicyRow* row = find_policy(name);
    if (row == nullptr || row->scope != PolicyScope::element) return false;  // unknown name
    if (std::find(seen.begin(), seen.end(), row->name) != seen.end()) return false;  // given twice
    seen.push_back(row->name);
    return row->assign_name(bundle, value);
  });
  const auto element_rows = std::count_if(policy_registry().begin(), policy_registry().end(),
                                          [](const PolicyRow& r) { return r.scope == PolicyScope::element; });
  if (!ok || static_cast<std::ptrdiff_t>(seen.size()) != element_rows) return std::nullopt;  // one missing
  return bundle.element;
}

std::optional<Overflow> parse_overflow(std::string_view s) { return names_of<Overflow>().parse(s); }
std::optional<DirectedOverflow> parse_directed_overflow(std::string_view s) { return names_of<DirectedOverflow>().parse(s); }
std::optional<InfUnderSaturation> parse_inf_under_saturation(std::string_view s) {
  return names_of<InfUnderSaturation>().parse(s);
}
std::optional<NanSign> parse_nan_sign(std::string_view s) { return names_of<NanSign>().parse(s); }
std::optional<NanMantissa> parse_nan_mantissa(std::string_view s) { return names_of<NanMantissa>().parse(s); }
std::optional<NanIntoFinite> parse_nan_into_finite(std::string_view s) { return names_of<NanIntoFinite>().parse(s); }
std::optional<Int8Range> parse_int8_range(std::string_view s) { return names_of<Int8Range>().parse(s); }
std::optional<SubnormalInput> parse_subnormal_input(std::string_view s) { return names_of<SubnormalInput>().parse(s); }
std::optional<NegativeIntoUnsigned> parse_negative_into_unsigned(std::string_view s) {
  return names_of<NegativeIntoUnsigned>().parse(s);
}
std::optional<ZeroIntoE8m0> parse_zero_into_e8m0(std::string_view s) { return names_of<ZeroIntoE8m0>().parse(s); }
std::optional<E8m0SubnormalRounding> parse_e8m0_subnormal_rounding(std::string_view s) {
  return names_of<E8m0SubnormalRounding>().parse(s);
}
std::optional<InfIntoFinite> parse_inf_into_finite(std::string_view s) { return names_of<InfIntoFinite>().parse(s); }
std::optional<E8m0Overflow> parse_e8m0_overflow(std::string_view s) { return names_of<E8m0Overflow>().parse(s); }

}  // namespace mxconf
