#include "cli.hpp"

#include <istream>
#include <ostream>
#include <string>

#include "command.hpp"
#include "help.hpp"
#include "mxconf/reference/error.hpp"
#include "usage_error.hpp"

namespace mxconf::cli {
namespace {

std::string command_names() {
  std::string names;
  for (const Command* c : command_table()) names += (names.empty() ? "" : ", ") + std::string(c->name);
  return names;
}

ExitCode usage_failure(std::ostream& err, std::string_view command, std::string_view why) {
  const std::string prefix = command.empty() ? "mxconf" : "mxconf " + std::string(command);
  err << prefix << ": " << why << "\n(run 'mxconf " << command << (command.empty() ? "" : " ")
      << "--help' for usage)\n";
  return ExitCode::input_error;
}

ExitCode run_command(const Command& command, std::span<const std::string_view> args, std::istream& in,
                     std::ostream& out, std::ostream& err) {
  const ParsedArguments parsed = parse_arguments(args, command.options);
  if (parsed.has("help")) {
    out << command_help(command);
    return ExitCode::ok;
  }
  if (parsed.positionals().size() > command.max_positionals)
    throw UsageError("unexpected argument '" + parsed.positionals()[command.max_positionals] + "'");
  return command.run(CommandContext{command.name, parsed, in, out, err});
}

}  // namespace

ExitCode run_cli(std::span<const std::string_view> args, std::istream& in, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << general_help();
    return ExitCode::input_error;
  }
  const std::string_view first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    out << general_help();
    return ExitCode::ok;
  }
  if (first == "--version") {
    out << version_text();
    return ExitCode::ok;
  }
  const Command* command = find_command(first);
  if (!command)
    return usage_failure(err, "", "unknown command '" + std::string(first) + "' (valid: " + command_names() + ")");
  ExitCode status = ExitCode::ok;
  try {
    status = run_command(*command, args.subspan(1), in, out, err);
  } catch (const UsageError& e) {
    return usage_failure(err, command->name, e.what());
  } catch (const InvalidArgument& e) {
    return usage_failure(err, command->name, e.what());
  } catch (const std::exception& e) {
    err << "mxconf " << command->name << ": internal error: " << e.what() << '\n';
    return ExitCode::internal;
  }
  if (!out.flush()) {
    err << "mxconf " << command->name << ": cannot write standard output\n";
    return ExitCode::internal;
  }
  return status;
}

}  // namespace mxconf::cli
