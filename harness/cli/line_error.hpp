// A problem with one input line (malformed hex, wrong number of fields). The line is answered "error", the
// message goes to stderr with the line number, and the remaining lines are still answered.
#pragma once

#include <stdexcept>
#include <string>

namespace mxconf::cli {

class LineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mxconf::cli
