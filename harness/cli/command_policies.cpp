// mxconf policies [--markdown | --fill FILE]: the policy registry (reference/include/mxconf/reference/
// policy_registry.hpp) and the profile rows, as tables. docs/policies.md's tables are generated here: each sits
// between the markers
//
//   <!-- mxconf policies: NAME -->        NAME: index, who-picks-what, rounding, or a policy's --set name
//   <!-- /mxconf policies -->
//
// and `--fill docs/policies.md` prints the file with every such block regenerated (the prose around them is kept
// as written). ctest cli_policies_doc fails when the committed file differs from its filled copy.
#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "command.hpp"
#include "mxconf/reference/policy_names.hpp"
#include "mxconf/reference/profile.hpp"
#include "policy_settings.hpp"
#include "text_table.hpp"
#include "usage_error.hpp"

namespace mxconf::cli {
namespace {

constexpr std::array kOptions{
    OptionSpec{"markdown", OptionKind::flag, "", "write every generated table as Markdown, each under its block name"},
    OptionSpec{"fill", OptionKind::value, "FILE",
               "print FILE (docs/policies.md) with the table of every generated block regenerated"},
};

constexpr std::string_view kBegin = "<!-- mxconf policies: ";
constexpr std::string_view kBeginEnd = " -->";
constexpr std::string_view kEnd = "<!-- /mxconf policies -->";

std::string code(std::string_view s) { return "`" + std::string(s) + "`"; }
std::string plain(std::string_view s) { return std::string(s); }
using Style = std::string (*)(std::string_view);

std::string accepting_commands(const PolicyRow& row) {
  std::string names;
  for (const PolicyCommand c : kPolicyCommands)
    if (row.accepted_by(c)) names += (names.empty() ? "" : ", ") + std::string(command_names(c));
  return names;
}

std::string joined_values(const PolicyRow& row, Style style) {
  std::string out;
  for (const auto& v : row.values) out += (out.empty() ? "" : ", ") + style(v.name);
  return out;
}

// Every policy: scope, values, the commands whose --set take it, summary. `style`: code spans for Markdown.
TextTable index_table(Style style) {
  TextTable t{.header = {"policy (" + style("--set") + " name)", "scope", "values", style("--set") + " on", "summary"},
              .rows = {}};
  for (const auto& row : policy_registry())
    t.rows.push_back({style(row.name), std::string(to_string(row.scope)), joined_values(row, style),
                      accepting_commands(row), std::string(row.summary)});
  return t;
}

// Rows are policies, columns are profiles: every cell is the profile row's value.
TextTable who_picks_what_table() {
  const auto profiles = profile_table();
  TextTable t;
  t.header.emplace_back("policy (`--set` name)");
  for (const auto& p : profiles) t.header.emplace_back(p.name);
  std::vector<std::string> element{"element rounding (`--round`)"}, scale{"e8m0 cast rounding (`--round` with `--to e8m0`)"};
  for (const auto& p : profiles) {
    element.emplace_back(to_string(p.element_rounding));
    scale.emplace_back(to_string(p.scale_rounding));
  }
  t.rows.push_back(std::move(element));
  t.rows.push_back(std::move(scale));
  for (const auto& row : policy_registry()) {
    std::vector<std::string> cells{code(row.name)};
    for (const auto& p : profiles) {
      const PolicyBundle bundle{.element = p.element, .block = p.block, .comparison = p.comparison};
      cells.emplace_back(row.current(bundle));
    }
    t.rows.push_back(std::move(cells));
  }
  std::vector<std::string> dont_care{"NaN-scale block: element codes (not a policy)"};
  for (const auto& p : profiles)
    dont_care.emplace_back(p.comparison.nan_scale_elements_dont_care ? "don't care" : "compared");
  t.rows.push_back(std::move(dont_care));
  return t;
}

template <typename Values>
TextTable value_table(std::string_view label, const Values& values) {
  TextTable t{.header = {code(label), "meaning", "who"}, .rows = {}};
  for (const auto& v : values) t.rows.push_back({code(v.name), std::string(v.meaning), std::string(v.who)});
  return t;
}

// Every block name in document order of a fresh doc: index, who-picks-what, rounding, then the policies.
std::vector<std::string> block_names() {
  std::vector<std::string> names{"index", "who-picks-what", "rounding"};
  for (const auto& row : policy_registry()) names.emplace_back(row.name);
  return names;
}

std::optional<std::string> block(std::string_view name) {
  if (name == "index") return render_markdown(index_table(code));
  if (name == "who-picks-what") return render_markdown(who_picks_what_table());
  if (name == "rounding") {
    const auto& entries = names_of<Rounding>().entries;
    return render_markdown(value_table("--round", std::span(entries)));
  }
  if (const PolicyRow* row = find_policy(name)) return render_markdown(value_table(row->name, row->values));
  return std::nullopt;
}

std::string fill(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("--fill: cannot read '" + path + "'");
  std::ostringstream out;
  std::map<std::string, std::size_t> seen;  // block name -> its line
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    out << line << '\n';
    if (line == kEnd) throw UsageError(path + ":" + std::to_string(number) + ": '" + std::string(kEnd) + "' without a block");
    if (!line.starts_with(kBegin)) continue;
    const std::string where = path + ":" + std::to_string(number);
    if (!line.ends_with(kBeginEnd)) throw UsageError(where + ": expected '" + std::string(kBegin) + "NAME" + std::string(kBeginEnd) + "'");
    const std::string name = line.substr(kBegin.size(), line.size() - kBegin.size() - kBeginEnd.size());
    const auto table = block(name);
    if (!table) {
      std::string valid;
      for (const auto& n : block_names()) valid += (valid.empty() ? "" : ", ") + n;
      throw UsageError(where + ": no generated table is named '" + name + "' (valid: " + valid + ")");
    }
    if (const auto [it, fresh] = seen.emplace(name, number); !fresh)
      throw UsageError(where + ": block '" + name + "' repeats line " + std::to_string(it->second));
    // Skip the old content up to the end marker.
    bool closed = false;
    for (++number; std::getline(in, line); ++number) {
      if (line.starts_with(kBegin)) break;
      if (line == kEnd) {
        closed = true;
        break;
      }
    }
    if (!closed) throw UsageError(where + ": block '" + name + "' has no '" + std::string(kEnd) + "' line");
    out << '\n' << *table << '\n' << kEnd << '\n';
  }
  for (const auto& name : block_names())
    if (!seen.contains(name))
      throw UsageError(path + ": no generated table for '" + name + "': add the lines '" + std::string(kBegin) + name +
                       std::string(kBeginEnd) + "' and '" + std::string(kEnd) + "' to its section");
  return out.str();
}

ExitCode run(const CommandContext& context) {
  const auto path = context.args.value("fill");
  if (path && context.args.has("markdown")) throw UsageError("--fill and --markdown: give one");
  if (path) {
    context.out << fill(*path);
  } else if (context.args.has("markdown")) {
    for (const auto& name : block_names()) context.out << kBegin << name << kBeginEnd << "\n\n" << *block(name) << "\n";
  } else {
    context.out << render_plain(index_table(plain));
  }
  return ExitCode::ok;
}

}  // namespace

const Command& policies_command() {
  static const Command command{
      .name = "policies",
      .summary = "the policy registry: every policy, its values, who uses each, and which profile picks what",
      .synopsis = "[--markdown | --fill FILE]",
      .options = kOptions,
      .details =
          "Without options: one row per policy (scope, values, the commands whose --set take it, summary).\n"
          "--markdown: every generated table of docs/policies.md. --fill FILE: FILE with the table of every block\n"
          "between '<!-- mxconf policies: NAME -->' and '<!-- /mxconf policies -->' regenerated, the rest kept;\n"
          "regenerate the doc with\n"
          "  mxconf policies --fill docs/policies.md > policies.md.new && mv policies.md.new docs/policies.md\n"
          "(ctest cli_policies_doc fails while it is stale). A FILE without a block for some policy is an error\n"
          "(exit 2). Reads no input.",
      .max_positionals = 0,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
