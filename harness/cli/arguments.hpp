// Command-line options of one command: declared as a table (OptionSpec), parsed into ParsedArguments.
//
// Accepted spellings: "--name value", "--name=value", "--flag". Anything not starting with "--" is a positional
// argument ("-1.5" too, so explain can take negative values); "--" ends the options.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mxconf::cli {

enum class OptionKind {
  flag,      // --markdown
  value,     // --to e4m3 (at most once)
  repeated,  // --set overflow=nonsat --set nan-sign=positive (any number of times, in order)
};

struct OptionSpec {
  std::string_view name;  // without the dashes: "to"
  OptionKind kind;
  std::string_view value_name;  // for help: "F"
  std::string_view help;        // one line
};

class ParsedArguments {
 public:
  bool has(std::string_view name) const;
  // The value of a value option, if given.
  std::optional<std::string> value(std::string_view name) const;
  // The value of a value option; UsageError naming the option when it was not given.
  std::string required(std::string_view name) const;
  // Every value of a repeated option, in command-line order.
  std::span<const std::string> values(std::string_view name) const;
  std::span<const std::string> positionals() const { return positionals_; }

  void add(std::string_view name, std::string value);
  void add_positional(std::string value) { positionals_.push_back(std::move(value)); }

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> options_;
  std::vector<std::string> positionals_;
};

// Parses `args` (the words after the command name) against `specs`. --help is always accepted as a flag.
// Throws UsageError for an unknown option (listing the valid ones), a missing value, a value given to a flag,
// or a non-repeated option given twice.
ParsedArguments parse_arguments(std::span<const std::string_view> args, std::span<const OptionSpec> specs);

}  // namespace mxconf::cli
