// Renderings of a Report. Deterministic for equal reports (no timestamps unless present in the report).
#pragma once

#include <iosfwd>

#include "mxconf/conformance/result.hpp"

namespace mxconf::conformance {

// One line per check (pass / fail / skipped / kernel-error, cases), then each failure's first mismatches
// explained, then mismatch counts per case class.
void write_console(const Report& report, std::ostream& out);
void write_junit(const Report& report, std::ostream& out);     // one <testcase> per check
void write_json(const Report& report, std::ostream& out);      // versions, profile, kernel, counts, mismatches
void write_markdown(const Report& report, std::ostream& out);  // a summary table for CI step summaries / PRs

}  // namespace mxconf::conformance
