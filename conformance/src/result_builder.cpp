#include "result_builder.hpp"

#include <algorithm>

namespace mxconf::conformance::detail {

void count_classes(vectors::CaseClasses classes, std::array<std::uint64_t, vectors::kCaseClassCount>& by_class) {
  for (int c = 0; c < vectors::kCaseClassCount; ++c)
    if (classes.has(static_cast<vectors::CaseClass>(c))) ++by_class[static_cast<std::size_t>(c)];
}

ResultBuilder::ResultBuilder(const Check& check, const RunContext& context)
    : ResultBuilder(check.name(), check.operation(), check.tier(), context) {}

ResultBuilder::ResultBuilder(std::string name, std::string operation, Tier tier, const RunContext& context)
    : max_reported_(context.max_reported_mismatches), start_(std::chrono::steady_clock::now()) {
  result_.name = std::move(name);
  result_.operation = std::move(operation);
  result_.tier = tier == Tier::fast ? "fast" : "exhaustive";
}

bool ResultBuilder::new_class(vectors::CaseClasses classes) const {
  for (int c = 0; c < vectors::kCaseClassCount; ++c) {
    const auto k = static_cast<vectors::CaseClass>(c);
    if (!classes.has(k)) continue;
    if (std::none_of(result_.first_mismatches.begin(), result_.first_mismatches.end(),
                     [&](const Mismatch& m) { return m.classes.has(k); }))
      return true;
  }
  return false;
}

bool ResultBuilder::count_mismatch(vectors::CaseClasses classes) {
  ++result_.mismatches;
  count_classes(classes, result_.mismatches_by_class);
  // At most one extra example per class beyond the first few.
  return room() || (result_.first_mismatches.size() < max_reported_ + vectors::kCaseClassCount && new_class(classes));
}

void ResultBuilder::record(Mismatch m) {
  if (room() || (result_.first_mismatches.size() < max_reported_ + vectors::kCaseClassCount && new_class(m.classes)))
    result_.first_mismatches.push_back(std::move(m));
}

void ResultBuilder::merge_counts(std::uint64_t cases, std::uint64_t mismatches,
                                 const std::array<std::uint64_t, vectors::kCaseClassCount>& by_class) {
  result_.cases += cases;
  result_.mismatches += mismatches;
  for (std::size_t c = 0; c < by_class.size(); ++c) result_.mismatches_by_class[c] += by_class[c];
}

void ResultBuilder::add_note(const std::string& text) {
  if (text.empty()) return;
  result_.note += result_.note.empty() ? text : "; " + text;
}

CheckResult ResultBuilder::finish() {
  result_.status = result_.mismatches == 0 ? CheckStatus::pass : CheckStatus::fail;
  // No silent pass: a check that compared nothing has shown nothing (issue 9).
  if (result_.cases == 0 && result_.status == CheckStatus::pass) {
    result_.status = CheckStatus::fail;
    add_note("no case was compared: a check that compares nothing cannot pass");
  }
  result_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return std::move(result_);
}

CheckResult ResultBuilder::kernel_error(const std::string& why) {
  result_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  CheckResult r = std::move(result_);
  r.status = CheckStatus::kernel_error;
  r.note = r.note.empty() ? why : why + "; " + r.note;
  return r;
}

CheckResult ResultBuilder::skipped(const std::string& why) {
  result_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  CheckResult r = std::move(result_);
  r.status = CheckStatus::skipped;
  r.note = why;
  return r;
}

}  // namespace mxconf::conformance::detail
