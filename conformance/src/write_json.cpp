// JSON report, written by hand (no dependency): the run's facts, a summary, and every check with its counts,
// class counts and first mismatches. Stable key order; two-space indentation.
#include <ostream>

#include "mxconf/conformance/report_writers.hpp"
#include "writer_support.hpp"

namespace mxconf::conformance {
namespace {

std::string q(std::string_view s) { return "\"" + detail::json_escape(s) + "\""; }

}  // namespace

void write_json(const Report& report, std::ostream& out) {
  detail::Tally t;
  for (const auto& c : report.checks) t.add(c);
  out << "{\n";
  out << "  \"tool_version\": " << q(report.tool_version) << ",\n";
  out << "  \"kernel\": {\"name\": " << q(report.kernel_name) << ", \"version\": " << q(report.kernel_version)
      << ", \"path\": " << q(report.kernel_path) << "},\n";
  out << "  \"profile\": " << q(report.profile) << ",\n";
  out << "  \"tier\": " << q(report.tier) << ",\n";
  out << "  \"seed\": " << (report.seed ? std::to_string(*report.seed) : "null") << ",\n";
  out << "  \"exit_code\": " << report.exit_code() << ",\n";
  out << "  \"summary\": {\"checks\": " << t.checks << ", \"passed\": " << t.passed << ", \"failed\": " << t.failed
      << ", \"kernel_errors\": " << t.errors << ", \"skipped\": " << t.skipped << ", \"cases\": " << t.cases
      << ", \"mismatches\": " << t.mismatches << "},\n";
  out << "  \"checks\": [";
  for (std::size_t i = 0; i < report.checks.size(); ++i) {
    const CheckResult& c = report.checks[i];
    out << (i ? ",\n" : "\n") << "    {\n";
    out << "      \"name\": " << q(c.name) << ",\n";
    out << "      \"operation\": " << q(c.operation) << ",\n";
    out << "      \"tier\": " << q(c.tier) << ",\n";
    out << "      \"status\": " << q(to_string(c.status)) << ",\n";
    out << "      \"cases\": " << c.cases << ",\n";
    out << "      \"mismatches\": " << c.mismatches << ",\n";
    out << "      \"seconds\": " << detail::seconds_text(c.seconds, 6) << ",\n";
    out << "      \"note\": " << q(c.note) << ",\n";
    out << "      \"exactly_rounded\": " << (c.exactly_rounded ? (*c.exactly_rounded ? "true" : "false") : "null")
        << ",\n";
    out << "      \"mismatches_by_class\": {";
    bool first = true;
    for (int k = 0; k < vectors::kCaseClassCount; ++k) {
      const auto n = c.mismatches_by_class[static_cast<std::size_t>(k)];
      if (n == 0) continue;
      out << (first ? "" : ", ") << q(vectors::to_string(static_cast<vectors::CaseClass>(k))) << ": " << n;
      first = false;
    }
    out << "},\n";
    out << "      \"first_mismatches\": [";
    for (std::size_t m = 0; m < c.first_mismatches.size(); ++m) {
      const Mismatch& x = c.first_mismatches[m];
      out << (m ? ",\n" : "\n") << "        {\"input\": " << q(x.input) << ", \"expected\": " << q(x.expected)
          << ", \"got\": " << q(x.got) << ", \"classes\": [";
      bool first_class = true;
      for (int k = 0; k < vectors::kCaseClassCount; ++k) {
        const auto cc = static_cast<vectors::CaseClass>(k);
        if (!x.classes.has(cc)) continue;
        out << (first_class ? "" : ", ") << q(vectors::to_string(cc));
        first_class = false;
      }
      out << "], \"explanation\": " << q(x.explanation) << "}";
    }
    out << (c.first_mismatches.empty() ? "]\n" : "\n      ]\n");
    out << "    }";
  }
  out << (report.checks.empty() ? "]\n" : "\n  ]\n");
  out << "}\n";
}

}  // namespace mxconf::conformance
