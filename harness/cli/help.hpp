// The --help texts, built from the command table and each command's option table (one source for both).
#pragma once

#include <string>

#include "command.hpp"

namespace mxconf::cli {

std::string general_help();
std::string command_help(const Command& command);
std::string version_text();

}  // namespace mxconf::cli
