#include <algorithm>
#include <array>

#include "command.hpp"

namespace mxconf::cli {

std::span<const Command* const> command_table() {
  static const std::array<const Command*, 14> commands{
      &formats_command(),       &profiles_command(),           &policies_command(), &decode_command(),   &encode_command(),
      &scale_command(),         &quantize_command(),           &explain_command(),  &gen_command(),
      &check_vectors_command(), &check_observations_command(), &run_command(),      &identify_command(),
      &verify_command()};
  return commands;
}

const Command* find_command(std::string_view name) {
  const auto commands = command_table();
  const auto it = std::find_if(commands.begin(), commands.end(), [&](const Command* c) { return c->name == name; });
  return it == commands.end() ? nullptr : *it;
}

}  // namespace mxconf::cli
