// A CheckResult as text, so a check run in a child process (isolation.hpp) can hand its result to the parent
// through a pipe. Line based, one field per line, values escaped (\\ \n \r), numbers in decimal, seconds in the
// shortest text that reads back to the same double:
//
//   mxconf-check-result 1
//   name convert/fp32-e4m3-rne-saturate/edge
//   operation convert
//   tier fast
//   status fail
//   cases 1234
//   mismatches 2
//   by-class 0 0 0 0 0 2 0 0 0 0 0
//   note
//   exactly-rounded -            (or 0 / 1)
//   seconds 0.25
//   mismatch                     (once per reported mismatch, then its five fields)
//   input fp32 0x43e80001
//   expected 0x7e
//   got 0x7f
//   explanation line one\nline two
//   classes tie
//   end
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "mxconf/conformance/result.hpp"

namespace mxconf::harness {

inline constexpr std::string_view kResultMagic = "mxconf-check-result 1";

class ResultParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The text above, ending with "end\n".
std::string serialize_result(const conformance::CheckResult& result);

// Reads what serialize_result wrote (exactly: every field once, in order). Throws ResultParseError naming the
// line and why.
conformance::CheckResult parse_result(std::string_view text);

}  // namespace mxconf::harness
