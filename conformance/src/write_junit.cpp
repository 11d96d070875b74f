// JUnit XML: one <testsuite> for the run, one <testcase> per check (classname = the operation). Skipped checks
// carry <skipped message=...>, failures <failure>, kernel errors <error>: CI viewers then show each as they should.
#include <ostream>

#include "mxconf/conformance/report_writers.hpp"
#include "writer_support.hpp"

namespace mxconf::conformance {
namespace {

using detail::xml_escape;

std::string mismatch_text(const CheckResult& c) {
  std::string text;
  if (!c.note.empty()) text += c.note + "\n";
  const std::string classes = detail::class_counts_text(c.mismatches_by_class);
  if (!classes.empty()) text += "classes: " + classes + "\n";
  for (const auto& m : c.first_mismatches)
    text += "\n" + m.input + ": expected " + m.expected + ", got " + m.got + " [" + m.classes.to_string() + "]\n" +
            m.explanation;
  return text;
}

void property(std::ostream& out, const char* name, const std::string& value) {
  out << "      <property name=\"" << name << "\" value=\"" << xml_escape(value) << "\"/>\n";
}

}  // namespace

void write_junit(const Report& report, std::ostream& out) {
  detail::Tally t;
  for (const auto& c : report.checks) t.add(c);
  const std::string counts = " tests=\"" + std::to_string(t.checks) + "\" failures=\"" + std::to_string(t.failed) +
                             "\" errors=\"" + std::to_string(t.errors) + "\" skipped=\"" + std::to_string(t.skipped) +
                             "\" time=\"" + detail::seconds_text(t.seconds) + "\"";
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"mxconf\"" << counts << ">\n";
  out << "  <testsuite name=\"" << xml_escape("mxconf " + report.kernel_name + " " + report.profile + " " + report.tier)
      << "\"" << counts << ">\n";
  out << "    <properties>\n";
  property(out, "tool_version", report.tool_version);
  property(out, "kernel", report.kernel_name);
  property(out, "kernel_version", report.kernel_version);
  property(out, "kernel_path", report.kernel_path);
  property(out, "profile", report.profile);
  property(out, "tier", report.tier);
  if (report.seed) property(out, "seed", std::to_string(*report.seed));
  out << "    </properties>\n";
  for (const auto& c : report.checks) {
    out << "    <testcase classname=\"mxconf." << xml_escape(c.operation) << "\" name=\"" << xml_escape(c.name)
        << "\" time=\"" << detail::seconds_text(c.seconds) << "\"";
    switch (c.status) {
      case CheckStatus::pass:
        out << "/>\n";
        continue;
      case CheckStatus::skipped:
        out << ">\n      <skipped message=\"" << xml_escape(c.note) << "\"/>\n";
        break;
      case CheckStatus::fail:
        out << ">\n      <failure type=\"mismatch\" message=\""
            << xml_escape(std::to_string(c.mismatches) + " of " + std::to_string(c.cases) + " cases mismatch")
            << "\">" << xml_escape(mismatch_text(c)) << "</failure>\n";
        break;
      case CheckStatus::kernel_error:
        out << ">\n      <error type=\"kernel-error\" message=\"" << xml_escape(c.note) << "\">"
            << xml_escape(mismatch_text(c)) << "</error>\n";
        break;
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace mxconf::conformance
