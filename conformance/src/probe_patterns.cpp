#include "mxconf/conformance/probe_patterns.hpp"

#include <algorithm>
#include <set>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/exact_value.hpp"

namespace mxconf::conformance {
namespace {

// SplitMix64: a small, stable generator, so the interior samples are the same on every platform.
std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e37'79b9'7f4a'7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58'476d'1ce4'e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d0'49bb'1331'11ebull;
  return z ^ (z >> 31);
}

// The source's own specials: zeros, smallest and largest subnormals, min normal, 1, max finite, infinities, and
// NaNs (smallest payload, signalling, quiet, all ones), both signs.
void add_source_specials(const FormatSpec& from, std::set<std::uint64_t>& out) {
  const std::uint64_t m = from.mantissa_bits;
  const std::uint64_t min_normal = std::uint64_t{1} << m;
  const std::uint64_t inf = ((std::uint64_t{1} << from.exponent_bits) - 1) << m;
  const std::uint64_t one = static_cast<std::uint64_t>(from.bias) << m;
  const std::uint64_t quiet = std::uint64_t{1} << (m - 1);
  for (const std::uint64_t sign : {std::uint64_t{0}, sign_mask(from)})
    for (const std::uint64_t p : {std::uint64_t{0}, std::uint64_t{1}, quiet, min_normal - 1, min_normal, one, inf - 1,
                                  inf, inf + 1, inf + (quiet >> 1), inf | quiet, inf | (min_normal - 1)})
      out.insert(sign | p);
}

// The source pattern nearest |v| from below (exact when representable), and the patterns either side, both signs.
void add_value(const FormatSpec& from, const ExactValue& v, std::set<std::uint64_t>& out) {
  static const EncodeOptions toward_zero = ieee_encode_options(Rounding::rtz);
  const std::uint64_t p = encode(v.abs(), from, toward_zero);
  const std::uint64_t inf = ((std::uint64_t{1} << from.exponent_bits) - 1) << from.mantissa_bits;
  for (const std::uint64_t sign : {std::uint64_t{0}, sign_mask(from)})
    for (const std::uint64_t q : {p == 0 ? p : p - 1, p, p + 1})
      if (q <= inf) out.insert(sign | q);
}

}  // namespace

std::vector<std::uint64_t> decision_patterns(const FormatSpec& from, const FormatSpec& to) {
  std::set<std::uint64_t> out;
  add_source_specials(from, out);
  // The grid: every finite value of `to`, by magnitude.
  std::vector<ExactValue> grid;
  for (std::uint64_t code = 0; code <= code_mask(to); ++code) {
    const ExactValue v = decode(to, code);
    if (v.is_finite()) grid.push_back(v.abs());
  }
  grid.push_back(ExactValue::zero(false));
  std::sort(grid.begin(), grid.end(), [](const ExactValue& a, const ExactValue& b) { return compare(a, b) < 0; });
  grid.erase(std::unique(grid.begin(), grid.end(),
                         [](const ExactValue& a, const ExactValue& b) { return compare(a, b) == 0; }),
             grid.end());
  // Continued past the largest finite value with the last step, twice: the first would-be overflow and the one
  // after (for e4m3: 480 and 512; for e8m0, whose last step is 2^126, 2^128 and 3 * 2^127).
  if (grid.size() >= 2) {
    const ExactValue top = grid.back();
    const ExactValue step = add(top, grid[grid.size() - 2].negated());
    grid.push_back(add(top, step));
    grid.push_back(add(grid.back(), step));
  }
  for (std::size_t i = 0; i < grid.size(); ++i) {
    add_value(from, grid[i], out);
    if (i + 1 < grid.size()) add_value(from, add(grid[i], grid[i + 1]).scaled_by_power_of_two(-1), out);
  }
  return {out.begin(), out.end()};
}

std::vector<std::uint64_t> interior_patterns(std::span<const vectors::Interval> table, std::uint64_t seed,
                                             int per_interval) {
  std::vector<std::uint64_t> out;
  std::uint64_t state = seed;
  for (const vectors::Interval& row : table) {
    if (row.last - row.first < 4) continue;  // its ends and their neighbours cover it already
    out.push_back(row.first + (row.last - row.first) / 2);
    const std::uint64_t span = row.last - row.first - 3;  // strictly inside, not beside an end
    for (int i = 0; i < per_interval; ++i) out.push_back(row.first + 2 + splitmix(state) % span);
  }
  return out;
}

std::vector<std::uint64_t> probe_patterns(const FormatSpec& from, const FormatSpec& to,
                                          std::span<const vectors::Interval> table, std::uint64_t seed) {
  const std::vector<std::uint64_t> points = decision_patterns(from, to);
  std::set<std::uint64_t> chosen(points.begin(), points.end());
  const std::uint64_t top = code_mask(from);
  for (const vectors::Interval& row : table)
    for (const std::uint64_t p : {row.first, row.last}) {
      chosen.insert(p);
      if (p > 0) chosen.insert(p - 1);
      if (p < top) chosen.insert(p + 1);
    }
  for (const std::uint64_t p : interior_patterns(table, seed)) chosen.insert(p);
  return {chosen.begin(), chosen.end()};
}

}  // namespace mxconf::conformance
