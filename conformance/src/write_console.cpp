// Console report: one line per check, a summary, each failure's first mismatches explained, class counts.
#include <algorithm>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

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

// A skip note without its configuration: checks skipped for the same reason share one line.
std::string skip_reason(const std::string& note) {
  if (note.starts_with("no capability declared")) return "no capability declared";
  if (const auto at = note.find(" without "); at != std::string::npos)
    return "declares the operation" + note.substr(at);
  return note;
}

}  // namespace

void write_console(const Report& report, std::ostream& out, ConsoleOptions options) {
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
    if (!options.verbose && (c.status == CheckStatus::pass || c.status == CheckStatus::skipped)) continue;
    if (c.status != CheckStatus::skipped) out << status << ' ' << c.name;
    if (c.status == CheckStatus::skipped) {
      out << status << ' ' << c.name << "  (" << c.note << ")\n";
      continue;
    }
    out << std::string(width - c.name.size() + 2, ' ') << c.cases << " cases";
    if (c.mismatches > 0) out << ", " << c.mismatches << " mismatches";
    out << "  " << detail::seconds_text(c.seconds, 2) << " s";
    if (c.status == CheckStatus::kernel_error) out << "  (" << c.note << ')';
    out << '\n';
  }
  if (!options.verbose && tally.passed > 0) {
    // The passing checks in one line, by operation.
    std::vector<std::pair<std::string, std::size_t>> ops;
    std::uint64_t cases = 0;
    double seconds = 0;
    for (const auto& c : report.checks) {
      if (c.status != CheckStatus::pass) continue;
      cases += c.cases;
      seconds += c.seconds;
      auto op = std::find_if(ops.begin(), ops.end(), [&](const auto& o) { return o.first == c.operation; });
      if (op == ops.end()) op = ops.insert(ops.end(), {c.operation, 0});
      ++op->second;
    }
    std::string per_op;
    for (const auto& [op, count] : ops) per_op += (per_op.empty() ? "" : ", ") + op + " " + std::to_string(count);
    out << "PASS  " << tally.passed << (tally.passed == 1 ? " check" : " checks") << " (" << per_op << "): "
        << cases << " cases, " << detail::seconds_text(seconds, 2) << " s (--verbose lists them)\n";
  }
  if (!options.verbose) {
    // One line per skip reason, with how many checks of each operation it covers.
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::size_t>>>> reasons;
    for (const auto& c : report.checks) {
      if (c.status != CheckStatus::skipped) continue;
      const std::string why = skip_reason(c.note);
      auto it = std::find_if(reasons.begin(), reasons.end(), [&](const auto& r) { return r.first == why; });
      if (it == reasons.end()) it = reasons.insert(reasons.end(), {why, {}});
      auto op = std::find_if(it->second.begin(), it->second.end(), [&](const auto& o) { return o.first == c.operation; });
      if (op == it->second.end()) op = it->second.insert(it->second.end(), {c.operation, 0});
      ++op->second;
    }
    for (const auto& [why, ops] : reasons) {
      std::size_t n = 0;
      std::string per_op;
      for (const auto& [op, count] : ops) {
        n += count;
        per_op += (per_op.empty() ? "" : ", ") + op + " " + std::to_string(count);
      }
      out << "SKIP  " << n << (n == 1 ? " check" : " checks") << " (" << per_op << "): " << why
          << " (--verbose lists them)\n";
    }
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

  // The summary block, last: per operation, then the verdict in one line.
  std::vector<std::pair<std::string, detail::Tally>> ops;
  for (const auto& c : report.checks) {
    auto it = std::find_if(ops.begin(), ops.end(), [&](const auto& o) { return o.first == c.operation; });
    if (it == ops.end()) it = ops.insert(ops.end(), {c.operation, {}});
    it->second.add(c);
  }
  out << "\nSummary by operation (passed/ran, skipped):\n";
  for (const auto& [op, t] : ops) {
    const auto ran = t.passed + t.failed + t.errors;
    out << "  " << op << std::string(op.size() < 11 ? 11 - op.size() : 1, ' ') << t.passed << '/' << ran << " passed";
    if (t.failed) out << ", " << t.failed << " failed";
    if (t.errors) out << ", " << t.errors << " kernel errors";
    out << ", " << t.skipped << " skipped";
    if (t.mismatches) out << "; " << t.mismatches << " mismatches in " << t.cases << " cases";
    out << '\n';
  }
  const auto ran = tally.passed + tally.failed + tally.errors;
  const char* verdict = tally.errors ? "KERNEL ERROR" : tally.failed ? "FAIL" : ran == 0 ? "NOTHING RAN" : "PASS";
  out << "Verdict: " << verdict << ": " << report.kernel_name << " under profile " << report.profile << ", "
      << tally.passed << " of " << ran << " checks passed";
  if (tally.failed) out << ", " << tally.failed << " failed";
  if (tally.errors) out << ", " << tally.errors << " kernel errors";
  out << " (" << tally.skipped << " skipped, not passed)\n";
}

}  // namespace mxconf::conformance
