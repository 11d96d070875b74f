#include "arguments.hpp"

#include <algorithm>

#include "usage_error.hpp"

namespace mxconf::cli {
namespace {

const OptionSpec kHelpOption{"help", OptionKind::flag, "", "show this help"};

const OptionSpec* find_spec(std::string_view name, std::span<const OptionSpec> specs) {
  if (name == kHelpOption.name) return &kHelpOption;
  const auto it = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
  return it == specs.end() ? nullptr : &*it;
}

std::string valid_option_list(std::span<const OptionSpec> specs) {
  std::string list;
  for (const auto& s : specs) list += "--" + std::string(s.name) + ", ";
  return list + "--help";
}

}  // namespace

bool ParsedArguments::has(std::string_view name) const { return options_.find(name) != options_.end(); }

std::optional<std::string> ParsedArguments::value(std::string_view name) const {
  const auto it = options_.find(name);
  if (it == options_.end() || it->second.empty()) return std::nullopt;
  return it->second.front();
}

std::string ParsedArguments::required(std::string_view name) const {
  auto v = value(name);
  if (!v) throw UsageError("missing required option --" + std::string(name));
  return *v;
}

std::span<const std::string> ParsedArguments::values(std::string_view name) const {
  const auto it = options_.find(name);
  if (it == options_.end()) return {};
  return it->second;
}

void ParsedArguments::add(std::string_view name, std::string value) {
  options_[std::string(name)].push_back(std::move(value));
}

ParsedArguments parse_arguments(std::span<const std::string_view> args, std::span<const OptionSpec> specs) {
  ParsedArguments parsed;
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view word = args[i];
    if (options_ended || !word.starts_with("--")) {
      parsed.add_positional(std::string(word));
      continue;
    }
    if (word == "--") {
      options_ended = true;
      continue;
    }
    const std::string_view body = word.substr(2);
    const std::size_t equals = body.find('=');
    const std::string_view name = body.substr(0, equals);
    const OptionSpec* spec = find_spec(name, specs);
    if (!spec) throw UsageError("unknown option --" + std::string(name) + " (valid: " + valid_option_list(specs) + ")");
    if (spec->kind == OptionKind::flag) {
      if (equals != std::string_view::npos) throw UsageError("option --" + std::string(name) + " takes no value");
      parsed.add(name, "");
      continue;
    }
    std::string value;
    if (equals != std::string_view::npos) {
      value = std::string(body.substr(equals + 1));
    } else if (i + 1 < args.size()) {
      value = std::string(args[++i]);
    } else {
      throw UsageError("option --" + std::string(name) + " needs a value " + std::string(spec->value_name));
    }
    if (spec->kind == OptionKind::value && parsed.has(name))
      throw UsageError("option --" + std::string(name) + " given twice");
    parsed.add(name, std::move(value));
  }
  return parsed;
}

}  // namespace mxconf::cli
