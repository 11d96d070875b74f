// Markdown for $GITHUB_STEP_SUMMARY and PR comments: a headline, a table per operation with a total row, a table
// of the checks that did not pass, then each one's first mismatches in code blocks.
#include <map>
#include <ostream>
#include <vector>

#include "mxconf/conformance/report_writers.hpp"
#include "writer_support.hpp"

namespace mxconf::conformance {
namespace {

using detail::markdown_cell;

void tally_row(std::ostream& out, const std::string& name, const detail::Tally& t) {
  out << "| " << name << " | " << t.checks << " | " << t.passed << " | " << t.failed << " | " << t.errors << " | "
      << t.skipped << " | " << t.cases << " | " << t.mismatches << " |\n";
}

}  // namespace

void write_markdown(const Report& report, std::ostream& out) {
  // Operations in order of first appearance (make_checks' order).
  std::vector<std::string> operations;
  std::map<std::string, detail::Tally> by_operation;
  detail::Tally total;
  for (const auto& c : report.checks) {
    if (!by_operation.count(c.operation)) operations.push_back(c.operation);
    by_operation[c.operation].add(c);
    total.add(c);
  }
  const int code = report.exit_code();
  const char* verdict = code == 0 ? "PASS" : code == 1 ? "FAIL" : "KERNEL ERROR";
  out << "## mxconf conformance: " << verdict << "\n\n";
  out << "Kernel `" << markdown_cell(report.kernel_name) << "`";
  if (!report.kernel_version.empty()) out << " " << markdown_cell(report.kernel_version);
  out << ", profile `" << markdown_cell(report.profile) << "`, tier " << report.tier;
  if (report.seed) out << ", seed " << *report.seed;
  out << " (" << markdown_cell(report.tool_version) << "). Skipped checks are capabilities the kernel does not "
      << "declare: they are not passes.\n\n";
  out << "| Operation | Checks | Passed | Failed | Kernel errors | Skipped | Cases | Mismatches |\n";
  out << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& op : operations) tally_row(out, markdown_cell(op), by_operation[op]);
  tally_row(out, "**total**", total);

  std::vector<const CheckResult*> bad;
  for (const auto& c : report.checks)
    if (c.status == CheckStatus::fail || c.status == CheckStatus::kernel_error) bad.push_back(&c);
  if (bad.empty()) return;
  out << "\n### Checks that did not pass\n\n";
  out << "| Check | Status | Cases | Mismatches | Classes |\n";
  out << "|---|---|---:|---:|---|\n";
  for (const auto* c : bad)
    out << "| `" << markdown_cell(c->name) << "` | " << to_string(c->status) << " | " << c->cases << " | "
        << c->mismatches << " | " << markdown_cell(detail::class_counts_text(c->mismatches_by_class)) << " |\n";
  for (const auto* c : bad) {
    out << "\n#### `" << c->name << "`\n\n";
    if (!c->note.empty()) out << c->note << "\n\n";
    if (c->first_mismatches.empty()) continue;
    out << "```text\n";
    for (const auto& m : c->first_mismatches)
      out << m.input << ": expected " << m.expected << ", got " << m.got << " [" << m.classes.to_string() << "]\n"
          << m.explanation << "\n";
    out << "```\n";
  }
}

}  // namespace mxconf::conformance
