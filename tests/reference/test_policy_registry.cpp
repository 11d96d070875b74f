// The policy registry: which commands accept which policies (literal lists), and describe() / parse agree.
// docs/policies.md's tables are generated from the registry (`mxconf policies --fill`; ctest cli_policies_doc).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "mxconf/reference/policy_names.hpp"
#include "mxconf/reference/policy_registry.hpp"
#include "mxconf/reference/profile.hpp"

using mxconf::PolicyScope;

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
  // run and identify: what quantize takes but `rule` (a call argument of each check), and the comparison policies.
  V kernel(quantize);
  kernel.erase(std::find(kernel.begin(), kernel.end(), "rule"));
  kernel.emplace_back("nan-match");
  kernel.emplace_back("decoded-nan-match");
  EXPECT_EQ(policy_names_for(mxconf::kKernelCommands, PolicyScope::element), kernel);
  const V verify{"nan-match", "decoded-nan-match"};
  EXPECT_EQ(policy_names_for(mxconf::kVerifyCommand, PolicyScope::comparison), verify);
  // check-observations: every element and block policy, none of the comparison ones.
  V observations(element);
  for (const auto* n : {"rule", "block-nan", "block-inf", "zero-amax", "scale-overflow", "element-overflow",
                        "min-scale-divisor"})
    observations.emplace_back(n);
  EXPECT_EQ(policy_names_for(mxconf::kObservationsCommand, PolicyScope::element), observations);
}

// Every value has a meaning and a "who" (docs/policies.md's tables show them): an empty cell is a value added
// without saying what it does.
TEST(PolicyRegistry, EveryValueSaysWhatAndWho) {
  std::size_t values = 0;
  for (const auto& row : mxconf::policy_registry()) {
    for (const auto& v : row.values) {
      EXPECT_FALSE(v.meaning.empty()) << row.name << "=" << v.name;
      EXPECT_FALSE(v.who.empty()) << row.name << "=" << v.name;
      ++values;
    }
  }
  EXPECT_GE(values, 50u);
  for (const auto& e : mxconf::names_of<mxconf::Rounding>().entries) {
    EXPECT_FALSE(e.meaning.empty()) << e.name;
    EXPECT_FALSE(e.who.empty()) << e.name;
  }
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
