// Console report: one line per check, a summary, each failure's first mismatches explained, class counts.
#include <algorithm>
#include <ostream>
#include <sstream>

#include "mxconf/conformance/report_writers.hpp"
#include "writer_support.hpp"

namespace mxconf::conformance {
namespace {

std::string_view label(CheckStatus s) {
  switch (s) {
    case CheckStatus::pass: return "PASS";
    case CheckStatus::fail: return "FAIL";
    case CheckStatus::skipped: return "SKIP";
    case CheckStatus::kernel_error: return "ERROR";
  }
  return "?";
}

void indent(std::ostream& out, const std::string& text, const std::string& prefix) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) out << prefix << line << '\n';
}

}  // namespace

void write_console(const Report& report, std::ostream& out) {
  out << report.tool_version << ": kernel " << report.kernel_name;
  if (!report.kernel_version.empty()) out << ' ' << report.kernel_version;
  if (!report.kernel_path.empty()) out << " (" << report.kernel_path << ')';
  out << ", profile " << report.profile << ", tier " << report.tier;
  if (report.seed) out << ", seed " << *report.seed;
  out << '\n';

  std::size_t width = 0;
  for (const auto& c : report.checks) width = std::max(width, c.name.size());
  detail::Tally tally;
  std::array<std::uint64_t, vectors::kCaseClassCount> by_class{};
  for (const auto& c : report.checks) {
    tally.add(c);
    for (std::size_t k = 0; k < by_class.size(); ++k) by_class[k] += c.mismatches_by_class[k];
    std::string status(label(c.status));
    status.resize(5, ' ');
    out << status << ' ' << c.name;
    if (c.status == CheckStatus::skipped) {
      out << "  (" << c.note << ")\n";
      continue;
    }
    out << std::string(width - c.name.size() + 2, ' ') << c.cases << " cases";
    if (c.mismatches > 0) out << ", " << c.mismatches << " mismatches";
    out << "  " << detail::seconds_text(c.seconds, 2) << " s";
    if (c.status == CheckStatus::kernel_error) out << "  (" << c.note << ')';
    out << '\n';
  }
  out << '\n'
      << tally.checks << " checks: " << tally.passed << " passed, " << tally.failed << " failed, " << tally.errors
      << " kernel errors, " << tally.skipped << " skipped (not passed); " << tally.cases << " cases, "
      << tally.mismatches << " mismatches\n";

  bool heading = false;
  for (const auto& c : report.checks) {
    if (c.status != CheckStatus::fail && c.status != CheckStatus::kernel_error) continue;
    if (!heading) out << "\nFailures:\n";
    heading = true;
    out << '\n' << label(c.status) << ' ' << c.name << ": ";
    if (c.status == CheckStatus::kernel_error)
      out << "kernel error\n";
    else
      out << c.mismatches << " of " << c.cases << " cases mismatch\n";
    if (!c.note.empty()) indent(out, c.note, "  note: ");
    const std::string classes = detail::class_counts_text(c.mismatches_by_class);
    if (!classes.empty()) out << "  classes: " << classes << '\n';
    for (std::size_t i = 0; i < c.first_mismatches.size(); ++i) {
      const Mismatch& m = c.first_mismatches[i];
      out << "  " << (i + 1) << ". " << m.input << ": expected " << m.expected << ", got " << m.got << " ["
          << m.classes.to_string() << "]\n";
      indent(out, m.explanation, "       ");
    }
    if (c.mismatches > c.first_mismatches.size())
      out << "  ... " << (c.mismatches - c.first_mismatches.size()) << " more\n";
  }
  const std::string classes = detail::class_counts_text(by_class);
  if (!classes.empty()) out << "\nMismatches by case class: " << classes << '\n';
}

}  // namespace mxconf::conformance
