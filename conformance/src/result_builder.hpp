// Collects one check's result: cases, mismatches with their classes, the first few explained, the time taken.
#pragma once

#include <chrono>
#include <string>

#include "mxconf/conformance/check.hpp"

namespace mxconf::conformance::detail {

class ResultBuilder {
 public:
  ResultBuilder(const Check& check, const RunContext& context);
  ResultBuilder(std::string name, std::string operation, Tier tier, const RunContext& context);

  void add_cases(std::uint64_t n) { result_.cases += n; }
  // Counts one mismatch under each of its classes. True when it is among the first few, or the first of a class
  // no recorded mismatch has yet (so a kernel that fails several ways shows an example of each); the caller then
  // passes its details to record() (explanations are built only for those).
  bool count_mismatch(vectors::CaseClasses classes);
  void record(Mismatch m);
  // Adds counts found elsewhere (a sweep's worker threads).
  void merge_counts(std::uint64_t cases, std::uint64_t mismatches,
                    const std::array<std::uint64_t, vectors::kCaseClassCount>& by_class);
  void add_note(const std::string& text);  // joined with "; "
  bool room() const { return result_.first_mismatches.size() < max_reported_; }
  CheckResult& result() { return result_; }

  CheckResult finish();                          // pass, or fail when anything mismatched
  CheckResult kernel_error(const std::string& why);
  // Not run: the kernel lacks what the run's profile needs (never counted as passed).
  CheckResult skipped(const std::string& why);

 private:
  bool new_class(vectors::CaseClasses classes) const;

  CheckResult result_;
  std::size_t max_reported_;
  std::chrono::steady_clock::time_point start_;
};

void count_classes(vectors::CaseClasses classes, std::array<std::uint64_t, vectors::kCaseClassCount>& by_class);

}  // namespace mxconf::conformance::detail
