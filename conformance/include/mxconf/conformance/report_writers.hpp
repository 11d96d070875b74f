// Renderings of a Report. Deterministic for equal reports (no timestamps unless present in the report).
#pragma once

#include <iosfwd>

#include "mxconf/conformance/result.hpp"

namespace mxconf::conformance {

struct ConsoleOptions {
  bool verbose = true;  // false: passing checks collapse into one line, skipped ones into one line per reason
};

// One line per check (verbose), or one line for the passing checks, one per failing check and one per skip
// reason, then each failure's first mismatches explained, then the summary block last: counts per operation,
// mismatches per case class, and the one-line verdict (PASS / FAIL / KERNEL ERROR / NOTHING RAN).
void write_console(const Report& report, std::ostream& out, ConsoleOptions options = {});
void write_junit(const Report& report, std::ostream& out);     // one <testcase> per check
void write_json(const Report& report, std::ostream& out);      // versions, profile, kernel, counts, mismatches
void write_markdown(const Report& report, std::ostream& out);  // a summary table for CI step summaries / PRs

}  // namespace mxconf::conformance
