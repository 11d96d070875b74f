// A problem with the command line itself (unknown flag, missing value, unknown name). The command stops before
// reading any input and exits with ExitCode::input_error; the message names the argument and says why.
#pragma once

#include <stdexcept>
#include <string>

namespace mxconf::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mxconf::cli
