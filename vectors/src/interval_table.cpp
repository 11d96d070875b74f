#include "mxconf/vectors/interval_table.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace mxconf::vectors {
namespace {

std::uint64_t last_pattern(int bits) { return bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1; }

// The last pattern q in [p, end] with f(q) == value, given f(p) == value and contiguity.
std::uint64_t end_of_run(std::uint64_t p, std::uint64_t end, const std::optional<std::uint64_t>& value,
                         const StepFunction& f) {
  std::uint64_t good = p;   // f(good) == value
  std::uint64_t step = 1;
  std::uint64_t bad = end + 1;  // first known pattern past the run (end + 1 if none found)
  while (true) {
    if (step > end - good) {
      if (f(end) == value) return end;
      bad = end;
      break;
    }
    const std::uint64_t probe = good + step;
    if (f(probe) != value) {
      bad = probe;
      break;
    }
    good = probe;
    step *= 2;
  }
  while (bad - good > 1) {  // invariant: f(good) == value, f(bad) != value
    const std::uint64_t mid = good + (bad - good) / 2;
    (f(mid) == value ? good : bad) = mid;
  }
  return good;
}

}  // namespace

std::vector<Interval> build_interval_table(int source_bits, std::span<const std::uint64_t> segment_starts,
                                           const StepFunction& f) {
  std::vector<std::uint64_t> starts(segment_starts.begin(), segment_starts.end());
  starts.push_back(0);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  const std::uint64_t top = last_pattern(source_bits);

  std::vector<Interval> table;
  for (std::size_t s = 0; s < starts.size(); ++s) {
    const std::uint64_t segment_end = s + 1 < starts.size() ? starts[s + 1] - 1 : top;
    std::set<std::optional<std::uint64_t>> seen;
    std::uint64_t p = starts[s];
    while (true) {
      const auto value = f(p);
      if (!seen.insert(value).second)
        throw std::logic_error("interval table: an output recurs in one segment (not a step function)");
      const std::uint64_t q = end_of_run(p, segment_end, value, f);
      table.push_back(Interval{p, q, value, {}});
      if (q == segment_end) break;
      p = q + 1;
    }
  }
  return table;
}

std::optional<std::size_t> first_coverage_error(std::span<const Interval> table, int source_bits) {
  if (table.empty()) return std::size_t{0};
  if (table.front().first != 0) return std::size_t{0};
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].last < table[i].first) return i;
    if (i > 0 && table[i].first != table[i - 1].last + 1) return i;
  }
  if (table.back().last != last_pattern(source_bits)) return table.size() - 1;
  return std::nullopt;
}

const Interval& lookup(std::span<const Interval> table, std::uint64_t pattern) {
  const auto it = std::upper_bound(table.begin(), table.end(), pattern,
                                   [](std::uint64_t p, const Interval& row) { return p < row.first; });
  return *(it - 1);
}

}  // namespace mxconf::vectors
