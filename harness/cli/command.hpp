// What every command is: a name, its options (as data, so --help and the parser share one table), and a run
// function that reads `in` and writes `out` / `err`. main.cpp dispatches; command_table.cpp lists them.
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

#include "arguments.hpp"
#include "exit_code.hpp"

namespace mxconf::cli {

struct CommandContext {
  std::string_view name;  // "encode", for messages: "mxconf encode: line 3: ..."
  const ParsedArguments& args;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

struct Command {
  std::string_view name;
  std::string_view summary;   // one line for `mxconf --help`
  std::string_view synopsis;  // "--format F < codes"
  std::span<const OptionSpec> options;
  std::string_view details;  // paragraphs for `mxconf <cmd> --help`: input and output lines
  std::size_t max_positionals = 0;
  ExitCode (*run)(const CommandContext&) = nullptr;
};

// One per command file.
const Command& formats_command();
const Command& profiles_command();
const Command& policies_command();
const Command& decode_command();
const Command& encode_command();
const Command& scale_command();
const Command& quantize_command();
const Command& explain_command();
const Command& gen_command();
const Command& check_vectors_command();
const Command& check_observations_command();
const Command& run_command();
const Command& identify_command();
const Command& verify_command();

// All commands, in help order.
std::span<const Command* const> command_table();
const Command* find_command(std::string_view name);

}  // namespace mxconf::cli
