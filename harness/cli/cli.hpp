// The whole CLI as a function of its arguments and streams, so main() stays a one-liner.
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

#include "exit_code.hpp"

namespace mxconf::cli {

// `args` excludes the program name. Usage errors are reported on `err` as "mxconf <command>: <why>".
ExitCode run_cli(std::span<const std::string_view> args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace mxconf::cli
