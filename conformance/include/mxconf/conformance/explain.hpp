// Why one value converts to the code it does: the text of `mxconf explain` and of a mismatched conversion case in
// a conformance report. One implementation for both, built on the reference's RoundingTrace.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/profile.hpp"

namespace mxconf::conformance {

// "key: value" lines, in order; write_explain_lines aligns the values.
using ExplainLines = std::vector<std::pair<std::string, std::string>>;

// The value being converted.
struct ExplainInput {
  ExactValue raw;           // what the input denotes
  ExactValue input;         // after the source policy (subnormal-input): what is rounded
  std::string description;  // "fp32 0x43e80001", "exact 464"
};

struct Explanation {
  ExplainLines lines;
  // Set when the policies give the value no encoding (NaN under nan-into-finite=error, ...): the reference's
  // message, also written as the "result: error: ..." line.
  std::optional<std::string> error;
};

// input, [after subnormal-input], destination, below, above, distance to below, distance to above, rule, result,
// clause, profile, rounding, policies (describe()). `profile` names the bundle `options` came from.
Explanation explain_conversion(const ExplainInput& input, const FormatSpec& to, const Profile& profile,
                               const EncodeOptions& options);

// The same for a source format's bit pattern (fp32 0x43e80001), as a conformance mismatch is explained.
Explanation explain_conversion(const FormatSpec& from, std::uint64_t pattern, const FormatSpec& to,
                               const Profile& profile, const EncodeOptions& options);

// "key:<spaces>value\n" per line, values aligned one space past the longest key.
void write_explain_lines(std::ostream& out, const ExplainLines& lines);
std::string explain_text(const ExplainLines& lines);

// "0x1.d00002p+8 (464.000030517578125)": the hex float, and the exact decimal when it has at most 40 characters.
std::string value_text(const ExactValue& v);
// Exact decimal of a finite value ("464.000030517578125", "-0"); empty for NaN, Inf or more than max_length chars.
std::optional<std::string> short_decimal(const ExactValue& value, std::size_t max_length = 40);

}  // namespace mxconf::conformance
