#include "help.hpp"

#include <algorithm>

#include "enum_listing.hpp"
#include "policy_settings.hpp"

#ifndef MXCONF_VERSION
#define MXCONF_VERSION "unknown"
#endif

namespace mxconf::cli {
namespace {

std::string option_label(const OptionSpec& o) {
  std::string label = "--" + std::string(o.name);
  if (o.kind != OptionKind::flag) label += " " + std::string(o.value_name);
  return label;
}

bool takes_policy_settings(const Command& command) {
  return std::any_of(command.options.begin(), command.options.end(),
                     [](const OptionSpec& o) { return o.name == "set"; });
}

// The commands whose --set accept a policy, from its registry row: "encode, explain, quantize".
std::string accepting_commands(const PolicyRow& row) {
  std::string names;
  for (const PolicyCommand c : kPolicyCommands)
    if (row.accepted_by(c)) names += (names.empty() ? "" : ", ") + std::string(command_names(c));
  return names;
}

// The --set vocabulary: every policy with its values, its scope and the commands that take it.
std::string policy_settings_help() {
  std::string text = "\npolicies for --set POLICY=VALUE [scope; the commands that take it]:\n";
  for (const auto& s : policy_registry()) {
    text += "  " + std::string(s.name) + " [" + std::string(to_string(s.scope)) + "; " + accepting_commands(s) +
            "]: " + join(s.value_names(), " | ") + "\n      " + std::string(s.summary) + "\n";
  }
  return text;
}

}  // namespace

std::string version_text() { return std::string("mxconf ") + MXCONF_VERSION + "\n"; }

std::string general_help() {
  std::string text =
      "mxconf: bit-exact reference for the OCP Microscaling (MX) formats, as a TestFloat-style pipe.\n\n"
      "usage: mxconf <command> [options]     (hex in, hex out, one case per line on stdin/stdout)\n"
      "       mxconf <command> --help\n"
      "       mxconf --version\n\ncommands:\n";
  std::size_t width = 0;
  for (const Command* c : command_table()) width = std::max(width, c->name.size());
  for (const Command* c : command_table())
    text += "  " + std::string(c->name) + std::string(width - c->name.size() + 2, ' ') + std::string(c->summary) + "\n";
  text +=
      "\nWithout --profile the 'ocp' profile applies; explicit flags override it. Blank lines and lines starting\n"
      "with '#' are skipped and get no output line. A line that cannot be answered gets the word 'error', a\n"
      "message on stderr names the line, and the exit code is 2. Exit codes: 0 all answered (run, verify: all\n"
      "pass), 1 a conformance failure, 2 usage or input error, 3 the kernel crashed or broke the ABI, 4 internal\n"
      "error. See docs/cli.md.\n";
  return text;
}

std::string command_help(const Command& command) {
  std::string text = "usage: mxconf " + std::string(command.name) + " " + std::string(command.synopsis) + "\n\n" +
                     std::string(command.summary) + ".\n\noptions:\n";
  std::size_t width = std::string("--help").size();
  for (const auto& o : command.options) width = std::max(width, option_label(o).size());
  for (const auto& o : command.options) {
    const std::string label = option_label(o);
    text += "  " + label + std::string(width - label.size() + 2, ' ') + std::string(o.help) + "\n";
  }
  text += "  --help" + std::string(width - 6 + 2, ' ') + "show this help\n\n" + std::string(command.details) + "\n";
  if (takes_policy_settings(command)) text += policy_settings_help();
  return text;
}

}  // namespace mxconf::cli
