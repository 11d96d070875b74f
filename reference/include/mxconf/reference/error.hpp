// Errors that carry their context. The CLI maps them to exit code 2 (usage or input error).
#pragma once

#include <stdexcept>
#include <string>

namespace mxconf {

// A caller passed something the reference cannot take: a code wider than its format, an unknown name, a NaN
// under NanIntoFinite::error. The message says which argument and why.
class InvalidArgument : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace mxconf
