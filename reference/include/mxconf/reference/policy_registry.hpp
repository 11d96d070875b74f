// The policy registry: one row per policy a user can name, in the order docs and describe() list them.
//
// A row holds the policy's CLI name, its scope, the commands whose --set accept it (TestFloat's functionInfos
// idea: which parameters matter for which function, as flags in one table), a one-line summary and its values
// with who uses each (policy_names.hpp). describe() and parse_element_policies() (policy.cpp), describe(Block
// Policies) (block_policies.cpp), `--set` and `mxconf --help` (harness/cli/policy_settings.cpp), each command's
// allowed set (harness/cli/conversion_options.cpp) and docs/policies.md (tests/cli/test_policies_doc.sh) read
// from it; the ABI range checks read the same names tables (abi/include/mxconf/abi/translate.hpp).
//
// Adding a policy value: its enumerator (policy.hpp / block.hpp / scale_rule.hpp / comparison.hpp), its row in
// policy_names.hpp, the code that acts on it, and its line in docs/policies.md's table. Adding a policy: a field
// in ElementPolicies / BlockPolicies / ComparisonPolicies, a names table, one row in policy_registry.cpp, an ABI
// byte in kernel.h's mxconf_policies (and translate.hpp), and a docs/policies.md section.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/comparison.hpp"
#include "mxconf/reference/policy.hpp"

namespace mxconf {

// Everything a profile decides besides the rounding modes.
struct PolicyBundle {
  ElementPolicies element;
  BlockPolicies block;
  // Settable by no command yet; callers that only convert or quantize leave it value-initialised.
  ComparisonPolicies comparison{};
};

enum class PolicyScope : std::uint8_t {
  element,     // a scalar conversion (encode, explain, quantize's element step)
  block,       // the shared scale and the block (scale, quantize)
  comparison,  // how a conformance check compares a kernel's answer with the reference's
};

// The commands whose `--set` accepts a policy, as flags.
enum PolicyCommand : unsigned {
  kConvertCommands = 1u << 0,   // encode, explain: a scalar conversion
  kQuantizeCommand = 1u << 1,   // quantize: the element step and the block
  kScaleCommand = 1u << 2,      // scale: the block scale alone
};

struct PolicyValue {
  std::string_view name;  // "keep"
  std::string_view who;   // who does it, one line (docs/policies.md has the long form with sources)
};

struct PolicyRow {
  std::string_view name;  // CLI name: "nan-sign"
  PolicyScope scope;
  unsigned commands;      // PolicyCommand flags
  std::string_view summary;
  std::span<const PolicyValue> values;  // in enumerator order (position == enumerator)
  std::function<std::size_t(const PolicyBundle&)> position;  // the bundle's value, as its position in `values`
  std::function<void(PolicyBundle&, std::size_t)> assign;      // sets the value at a position < values.size()

  std::string_view current(const PolicyBundle& bundle) const { return values[position(bundle)].name; }
  // Sets the value named `text`; false when no value has that name.
  bool assign_name(PolicyBundle& bundle, std::string_view text) const;
  bool accepted_by(PolicyCommand command) const { return (commands & command) != 0; }
  std::vector<std::string_view> value_names() const;
};

// Every row: element policies in ElementPolicies order, then block policies in BlockPolicies order, then the
// comparison policies.
std::span<const PolicyRow> policy_registry();
// Empty when no policy has this name.
const PolicyRow* find_policy(std::string_view name);

// The names `--set` accepts on a command: the rows of the command's own scope first, then the others that apply
// to it, each group in registry order.
std::vector<std::string_view> policy_names_for(PolicyCommand command, PolicyScope own_scope);

}  // namespace mxconf
