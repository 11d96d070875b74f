// Helpers shared by the report writers: escaping, number text, tallies.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "mxconf/conformance/result.hpp"

namespace mxconf::conformance::detail {

// XML text and attribute values: & < > " ' escaped; control characters other than tab / newline / CR (not
// allowed in XML 1.0) replaced by '?'.
std::string xml_escape(std::string_view s);
// A JSON string body: " \ and control characters escaped (\n, \t, \u00XX); UTF-8 passes through.
std::string json_escape(std::string_view s);
// A Markdown table cell: '|' escaped, newlines as spaces.
std::string markdown_cell(std::string_view s);

// "0.021" (3 decimals, '.' whatever the locale).
std::string seconds_text(double seconds, int decimals = 3);

struct Tally {
  std::uint64_t checks = 0, passed = 0, failed = 0, skipped = 0, errors = 0, cases = 0, mismatches = 0;
  double seconds = 0;
  void add(const CheckResult& c);
};

// "tie 3, nan 1" (classes with a count, in CaseClass order); empty when none.
std::string class_counts_text(const std::array<std::uint64_t, vectors::kCaseClassCount>& by_class);

}  // namespace mxconf::conformance::detail
