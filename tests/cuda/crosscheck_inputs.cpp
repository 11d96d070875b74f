#include "crosscheck_inputs.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <utility>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/exact_value.hpp"

namespace mxconf::cuda_xcheck {
namespace {

using Patterns = std::vector<std::uint64_t>;

std::uint64_t exponent_mask(const FormatSpec& f) {
  return ((std::uint64_t{1} << f.exponent_bits) - 1) << f.mantissa_bits;
}
std::uint64_t inf_pattern(const FormatSpec& f) { return exponent_mask(f); }

ExactValue half_of(const ExactValue& v) { return v.scaled_by_power_of_two(-1); }
ExactValue midpoint(const ExactValue& a, const ExactValue& b) { return half_of(add(a, b)); }

// The non-negative finite values of `f`, ascending (codes without the sign bit ascend with the value).
std::vector<ExactValue> grid(const FormatSpec& f) {
  std::vector<ExactValue> values;
  for (std::uint64_t c = 0; c <= magnitude_mask(f); ++c) {
    const ExactValue v = decode(f, c);
    if (v.is_finite()) values.push_back(v);
  }
  return values;
}

// Exact values around which a conversion into `f` changes its answer (see the header).
std::vector<ExactValue> targets(const FormatSpec& f) {
  std::vector<ExactValue> t = grid(f);
  const std::size_t n = t.size();
  for (std::size_t i = 0; i + 1 < n; ++i) t.push_back(midpoint(t[i], t[i + 1]));
  const ExactValue max = t[n - 1];
  const ExactValue step = add(max, t[n - 2].negated());
  t.push_back(add(max, half_of(step)));  // the overflow threshold under round to nearest (464 for e4m3)
  t.push_back(add(max, step));           // the first grid point beyond max (480 for e4m3)
  t.push_back(max.scaled_by_power_of_two(1));
  t.push_back(max.scaled_by_power_of_two(2));
  const ExactValue min = t[0].is_zero() ? t[1] : t[0];
  t.push_back(half_of(min));  // the underflow tie
  t.push_back(min.scaled_by_power_of_two(-2));
  t.push_back(add(half_of(min), min.scaled_by_power_of_two(-2)));
  return t;
}

// p and its neighbours one ulp either side (never stepping from Inf into NaN), both signs.
void add_with_neighbours(Patterns& out, const FormatSpec& s, std::uint64_t p) {
  const std::uint64_t magnitude = p & magnitude_mask(s);
  for (std::uint64_t sign : {std::uint64_t{0}, sign_mask(s)}) {
    out.push_back(sign | magnitude);
    if (magnitude > 0) out.push_back(sign | (magnitude - 1));
    if (magnitude < inf_pattern(s)) out.push_back(sign | (magnitude + 1));
  }
}

// The source values either side of t (one value when t is representable).
void add_around(Patterns& out, const FormatSpec& s, const ExactValue& t) {
  add_with_neighbours(out, s, encode(t, s, ieee_encode_options(Rounding::rdn)));
  add_with_neighbours(out, s, encode(t, s, ieee_encode_options(Rounding::rup)));
}

// Landmarks of the source format itself.
void add_landmarks(Patterns& out, const FormatSpec& s) {
  const int m = s.mantissa_bits;
  const std::uint64_t quiet = std::uint64_t{1} << (m - 1);
  const std::uint64_t inf = inf_pattern(s);
  for (std::uint64_t p : {std::uint64_t{0}, inf - 1, std::uint64_t{1} << m, (std::uint64_t{1} << m) - 1,
                          std::uint64_t{1}, quiet /* 2^-127 in fp32 */, quiet >> 1, quiet | (quiet >> 1)})
    add_with_neighbours(out, s, p);
  // NaNs: quiet, quiet with payloads, signalling (payload only), all ones; both signs (IEEE 754 §6.2.1).
  for (std::uint64_t nan : {inf | quiet, inf | quiet | 1, inf | 1, inf | (quiet >> 1), inf | (quiet >> 2) | 5,
                            inf | ((std::uint64_t{1} << m) - 1), inf | quiet | (quiet >> 1)})
    for (std::uint64_t sign : {std::uint64_t{0}, sign_mask(s)}) out.push_back(sign | nan);
}

Patterns core_inputs(const FormatSpec& source, const FormatSpec& destination);

// fp64 inputs that only a double can hold: the fp32 set with its rounding ties, and values outside fp32's range.
void add_fp64_extras(Patterns& out, const FormatSpec& fp64, const FormatSpec& destination) {
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  for (std::uint64_t p : core_inputs(fp32, destination)) {
    const std::uint64_t magnitude = p & magnitude_mask(fp32);
    if (magnitude >= inf_pattern(fp32)) continue;  // Inf and NaN: fp64's own landmarks cover them
    const ExactValue v = decode(fp32, magnitude);
    add_around(out, fp64, v);
    const ExactValue next = decode(fp32, magnitude + 1);
    add_around(out, fp64, next.is_finite() ? midpoint(v, next)
                                           : add(v, ExactValue::dyadic(1, 103)));  // FLT_MAX + half ulp
  }
  for (std::int64_t k : {128, 129, 200, 1000, -150, -151, -200, -1000})
    add_around(out, fp64, ExactValue::dyadic(1, k));
  add_around(out, fp64, ExactValue::dyadic(3, 127));  // 1.5 * 2^128
}

// Random patterns from a fixed seed: uniform bits, and bits whose exponent lies near the destination's range.
void add_random(Patterns& out, const FormatSpec& s, const FormatSpec& destination, int count) {
  std::mt19937_64 rng(0x6d78636f6e66ULL ^ (static_cast<std::uint64_t>(s.id) << 8) ^
                      static_cast<std::uint64_t>(destination.id));
  const std::uint64_t mask = code_mask(s);
  for (int i = 0; i < count; ++i) out.push_back(rng() & mask);
  // Biased exponents of the source, clamped to its field (all ones gives Inf and NaN).
  const std::int64_t field_max = (std::int64_t{1} << s.exponent_bits) - 1;
  const std::int64_t lo = std::max<std::int64_t>(0, min_normal_exponent(destination) - destination.mantissa_bits - 3 + s.bias);
  const std::int64_t hi = std::min<std::int64_t>(field_max, max_exponent(destination) + 3 + s.bias);
  // (A plain modulo rather than std::uniform_int_distribution, whose output differs between standard libraries.)
  auto exponent = [&rng, lo, hi] { return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1)); };
  const std::uint64_t mantissa_mask = (std::uint64_t{1} << s.mantissa_bits) - 1;
  for (int i = 0; i < count; ++i) {
    const auto biased = static_cast<std::uint64_t>(exponent());
    out.push_back((rng() & (sign_mask(s) | mantissa_mask)) | (biased << s.mantissa_bits));
  }
}

// Every non-NaN fp16 and bf16 value, widened exactly into the source (what the halfraw and bfloat16raw entry
// points feed their float path).
const Patterns& widened_16bit(const FormatSpec& source) {
  static std::map<FormatId, Patterns> cache;
  auto [it, inserted] = cache.try_emplace(source.id);
  if (!inserted) return it->second;
  for (FormatId narrow : {FormatId::fp16, FormatId::bf16})
    for (std::uint64_t p = 0; p < code_count(format_spec(narrow)); ++p) {
      const ExactValue v = decode(format_spec(narrow), p);
      if (!v.is_nan()) it->second.push_back(encode(v, source, ieee_encode_options(Rounding::rne)));
    }
  return it->second;
}

// Targets, landmarks and (fp64) the extras: the deterministic part of the boundary set.
Patterns core_inputs(const FormatSpec& source, const FormatSpec& destination) {
  Patterns out;
  for (const ExactValue& t : targets(destination)) add_around(out, source, t);
  add_landmarks(out, source);
  if (source.id == FormatId::fp64) add_fp64_extras(out, source, destination);
  return out;
}

}  // namespace

std::vector<std::uint64_t> all_patterns(const FormatSpec& source) {
  Patterns out(code_count(source));
  for (std::uint64_t i = 0; i < out.size(); ++i) out[i] = i;
  return out;
}

std::vector<std::uint64_t> boundary_inputs(const FormatSpec& source, const FormatSpec& destination) {
  static std::map<std::pair<FormatId, FormatId>, Patterns> cache;  // rows differing only in mode share a set
  auto [it, inserted] = cache.try_emplace({source.id, destination.id});
  if (!inserted) return it->second;
  Patterns& out = it->second;
  out = core_inputs(source, destination);
  const Patterns& widened = widened_16bit(source);
  out.insert(out.end(), widened.begin(), widened.end());
  add_random(out, source, destination, 8192);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace mxconf::cuda_xcheck
