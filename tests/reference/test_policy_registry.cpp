// docs/policies.md agrees with the policy registry and the profile table: every policy's value table lists
// exactly the registry's values, in order, and the hand-kept "Who picks what" table says what each profile row
// says. (The registry is the source of truth: when this fails, fix the doc.)
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mxconf/reference/policy_names.hpp"
#include "mxconf/reference/policy_registry.hpp"
#include "mxconf/reference/profile.hpp"

namespace {

using mxconf::PolicyScope;

std::vector<std::string> doc_lines() {
  std::ifstream in(std::string(MXCONF_SOURCE_DIR) + "/docs/policies.md");
  EXPECT_TRUE(in.good()) << "docs/policies.md not found";
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// The first `code` span of a table line "| `x` | ...".
std::string first_code(const std::string& line) {
  const auto a = line.find('`');
  const auto b = line.find('`', a + 1);
  return line.substr(a + 1, b - a - 1);
}

// The values listed in the first table after line `from`: its rows that start with "| `".
std::vector<std::string> table_values_after(const std::vector<std::string>& lines, std::size_t from) {
  std::size_t i = from;
  while (i < lines.size() && !starts_with(lines[i], "|---")) ++i;
  std::vector<std::string> values;
  for (++i; i < lines.size() && starts_with(lines[i], "| `"); ++i) values.push_back(first_code(lines[i]));
  return values;
}

// Where a policy's value table starts: a table header "| `name` | meaning" or a heading naming `name`.
std::size_t section_of(const std::vector<std::string>& lines, std::string_view name) {
  const std::string code = "`" + std::string(name) + "`";
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (starts_with(lines[i], "| " + code + " | meaning")) return i;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (starts_with(lines[i], "#") && lines[i].find(code) != std::string::npos) return i;
  return lines.size();
}

std::size_t settable_count() {
  std::size_t n = 0;
  for (const auto& row : mxconf::policy_registry()) n += row.scope != PolicyScope::comparison ? 1 : 0;
  return n;
}

std::vector<std::string> names_of(const mxconf::PolicyRow& row) {
  std::vector<std::string> out;
  for (const auto& v : row.values) out.emplace_back(v.name);
  return out;
}

TEST(PolicyDocs, EveryValueTableListsTheRegistryValues) {
  const auto lines = doc_lines();
  std::size_t checked = 0;
  for (const auto& row : mxconf::policy_registry()) {
    if (row.scope == PolicyScope::comparison) continue;  // one table of fields, checked below
    SCOPED_TRACE(std::string(row.name));
    const std::size_t at = section_of(lines, row.name);
    ASSERT_LT(at, lines.size()) << "docs/policies.md has no section for policy " << row.name;
    // A section may say "values as `other`" (element-overflow): then it has no table of its own.
    const auto as = lines[at].find("values as `");
    if (as != std::string::npos) {
      const std::string other = lines[at].substr(as + 11, lines[at].find('`', as + 11) - as - 11);
      const auto* other_row = mxconf::find_policy(other);
      ASSERT_NE(other_row, nullptr) << other;
      EXPECT_EQ(names_of(*other_row), names_of(row));
    } else {
      EXPECT_EQ(table_values_after(lines, at), names_of(row));
    }
    ++checked;
  }
  EXPECT_EQ(checked, settable_count());
  EXPECT_GE(checked, 20u);  // 13 element and 7 block policies today: zero checked would be a silent pass

  std::vector<std::string> rounding;
  for (const auto& e : mxconf::names_of<mxconf::Rounding>().entries) rounding.emplace_back(e.name);
  std::size_t at = 0;
  while (at < lines.size() && !starts_with(lines[at], "## Rounding")) ++at;
  ASSERT_LT(at, lines.size());
  EXPECT_EQ(table_values_after(lines, at), rounding);
}

// The cells of a table line, trimmed, with bold markers removed.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line.substr(1));
  for (std::string cell; std::getline(in, cell, '|');) {
    std::string clean;
    for (const char c : cell)
      if (c != '*') clean += c;
    const auto first = clean.find_first_not_of(' ');
    const auto last = clean.find_last_not_of(' ');
    out.push_back(first == std::string::npos ? "" : clean.substr(first, last - first + 1));
  }
  return out;
}

TEST(PolicyDocs, WhoPicksWhatTableMatchesTheProfiles) {
  const auto lines = doc_lines();
  std::size_t at = 0;
  while (at < lines.size() && !starts_with(lines[at], "## Who picks what")) ++at;
  while (at < lines.size() && !starts_with(lines[at], "| policy")) ++at;
  ASSERT_LT(at, lines.size()) << "no 'Who picks what' table";
  const auto profiles = mxconf::profile_table();
  const auto header = cells(lines[at]);
  ASSERT_EQ(header.size(), profiles.size() + 1);
  for (std::size_t p = 0; p < profiles.size(); ++p) EXPECT_EQ(header[p + 1], profiles[p].name);

  std::size_t rows = 0;
  for (std::size_t i = at + 2; i < lines.size() && starts_with(lines[i], "|"); ++i, ++rows) {
    const auto row = cells(lines[i]);
    ASSERT_EQ(row.size(), profiles.size() + 1) << lines[i];
    for (std::size_t p = 0; p < profiles.size(); ++p) {
      const mxconf::Profile& profile = profiles[p];
      const mxconf::PolicyBundle bundle{.element = profile.element, .block = profile.block,
                                        .comparison = profile.comparison};
      std::string want;
      if (starts_with(row[0], "element rounding")) {
        want = mxconf::to_string(profile.element_rounding);
      } else if (starts_with(row[0], "e8m0 cast rounding")) {
        want = mxconf::to_string(profile.scale_rounding);
      } else if (row[0] == "comparison: NaN match") {
        want = mxconf::to_string(profile.comparison.nan);
      } else if (row[0] == "comparison: decoded NaN") {
        want = mxconf::to_string(profile.comparison.decoded_nan);
      } else if (row[0] == "comparison: NaN-scale elements") {
        want = profile.comparison.nan_scale_elements_dont_care ? "don't care" : "compared";
      } else {
        const auto* policy = mxconf::find_policy(first_code(row[0]));
        ASSERT_NE(policy, nullptr) << "unknown policy in row: " << row[0];
        want = policy->current(bundle);
      }
      EXPECT_EQ(row[p + 1], want) << row[0] << " / " << profile.name;
    }
  }
  // Two rounding rows, every element and block policy, three comparison rows.
  EXPECT_EQ(rows, 2 + settable_count() + 3);
}

}  // namespace

namespace {

// Which policies each command's --set accepts: literal lists (what the CLI accepted before the registry existed).
TEST(PolicyRegistry, CommandsAcceptTheirPolicies) {
  using mxconf::policy_names_for;
  using V = std::vector<std::string_view>;
  const V element{"overflow", "directed-overflow", "inf-under-saturation", "nan-sign", "nan-mantissa",
                  "nan-into-finite", "int8-range", "subnormal-input", "negative-into-unsigned", "zero-into-e8m0",
                  "e8m0-subnormal-rounding", "inf-into-finite", "e8m0-overflow"};
  EXPECT_EQ(policy_names_for(mxconf::kConvertCommands, PolicyScope::element), element);
  V quantize(element.begin() + 1, element.end());  // not `overflow`: element-overflow applies
  for (const auto* n : {"rule", "block-nan", "block-inf", "zero-amax", "scale-overflow", "element-overflow",
                        "min-scale-divisor"})
    quantize.emplace_back(n);
  EXPECT_EQ(policy_names_for(mxconf::kQuantizeCommand, PolicyScope::element), quantize);
  const V scale{"rule", "block-nan", "block-inf", "zero-amax", "scale-overflow", "subnormal-input"};
  EXPECT_EQ(policy_names_for(mxconf::kScaleCommand, PolicyScope::block), scale);
}

// describe() and parse_element_policies() read the same rows: every profile's policies survive the round trip,
// and a missing, repeated or unknown field is refused.
TEST(PolicyRegistry, DescribeAndParseRoundTrip) {
  int checked = 0;
  for (const auto& p : mxconf::profile_table()) {
    const auto back = mxconf::parse_element_policies(mxconf::describe(p.element));
    ASSERT_TRUE(back.has_value()) << p.name;
    EXPECT_EQ(mxconf::describe(*back), mxconf::describe(p.element));
    ++checked;
  }
  EXPECT_GT(checked, 0);
  const std::string ocp = mxconf::describe(mxconf::profile_table()[0].element);
  EXPECT_FALSE(mxconf::parse_element_policies(ocp.substr(0, ocp.rfind(' '))).has_value());  // one missing
  EXPECT_FALSE(mxconf::parse_element_policies(ocp + " overflow=saturate").has_value());      // repeated
  EXPECT_FALSE(mxconf::parse_element_policies(ocp + " rule=floor").has_value());             // not an element one
  EXPECT_EQ(mxconf::describe(mxconf::profile_table()[0].element).substr(0, 18), "overflow=saturate ");
}

}  // namespace
