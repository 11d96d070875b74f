// Shared pieces of the scalar codec tests: the reference as oracle (its refusals as a status), policy
// enumerations, a deterministic random r per input, and a two-thread parallel loop.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mxconf/kernels/scalar_codec.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/reference/profile.hpp"

namespace sctest {

namespace sc = mxconf::scalar_codec;
using mxconf::ElementPolicies;
using mxconf::FormatId;
using mxconf::Rounding;

inline constexpr FormatId kDestinations[] = {FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3,
                                             FormatId::e2m1, FormatId::int8, FormatId::e8m0};
inline constexpr FormatId kElements[] = {FormatId::e4m3, FormatId::e5m2, FormatId::e3m2,
                                         FormatId::e2m3, FormatId::e2m1, FormatId::int8};
inline constexpr Rounding kRoundings[] = {Rounding::rne, Rounding::rtz, Rounding::rup,
                                          Rounding::rdn, Rounding::rna, Rounding::sr};

inline std::string hex(std::uint64_t v) {
  std::ostringstream out;
  out << "0x" << std::hex << v;
  return out.str();
}

// The reference's answer: a code, or "no code" (InvalidArgument) as the codec's non-ok status.
struct Expected {
  std::uint64_t code = 0;
  bool ok = true;
};

inline Expected reference_convert(FormatId from, std::uint64_t bits, FormatId to, Rounding rounding,
                                  const ElementPolicies& p, int sr_bits = 0, std::uint32_t random = 0) {
  const mxconf::EncodeOptions o{rounding, p, mxconf::StochasticBits{sr_bits, random}};
  try {
    return {mxconf::convert(mxconf::format_spec(from), bits, mxconf::format_spec(to), o), true};
  } catch (const mxconf::InvalidArgument&) {
    return {0, false};
  }
}

inline bool same(const Expected& e, const sc::Encoded& got) {
  return e.ok ? (got.status == sc::Status::ok && got.code == e.code) : got.status != sc::Status::ok;
}

inline std::string show(const Expected& e) { return e.ok ? hex(e.code) : "error"; }
inline std::string show(const sc::Encoded& g) {
  return g.status == sc::Status::ok ? hex(g.code) : std::string(sc::to_string(g.status));
}

// A deterministic "random" r of k bits for an input (splitmix64 of the pattern and a salt).
inline std::uint32_t random_for(std::uint64_t pattern, int k, std::uint64_t salt = 0) {
  std::uint64_t z = pattern + salt * 0x9e37'79b9'7f4a'7c15ull + 0x9e37'79b9'7f4a'7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58'476d'1ce4'e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d0'49bb'1331'11ebull;
  z ^= z >> 31;
  return static_cast<std::uint32_t>(k >= 32 ? z : z & ((std::uint64_t{1} << k) - 1));
}

// Runs body(i) for i in [0, n) on two threads (the machines here have two cores).
inline void parallel_for(std::size_t n, const std::function<void(std::size_t)>& body, unsigned threads = 2) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) body(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

// Collects the first few mismatches of a sweep (from any thread) and reports them once.
class Mismatches {
 public:
  explicit Mismatches(std::string what) : what_(std::move(what)) {}
  void add(const std::string& line) {
    std::lock_guard lock(mutex_);
    if (++count_ <= 8) lines_ += "  " + line + "\n";
  }
  std::size_t count() const { return count_; }
  ~Mismatches() {
    if (count_ != 0) ADD_FAILURE() << what_ << ": " << count_ << " mismatches, first ones:\n" << lines_;
  }

 private:
  std::string what_;
  std::mutex mutex_;
  std::size_t count_ = 0;
  std::string lines_;
};

// Every ElementPolicies value, by index (mixed radix over the 13 fields).
inline constexpr std::size_t kPolicyCombinations = 2 * 2 * 2 * 3 * 2 * 5 * 2 * 2 * 4 * 2 * 2 * 2 * 2;
inline ElementPolicies policies_number(std::size_t i) {
  auto take = [&i](std::size_t n) {
    const std::size_t v = i % n;
    i /= n;
    return v;
  };
  ElementPolicies p{};
  p.overflow = static_cast<mxconf::Overflow>(take(2));
  p.directed_overflow = static_cast<mxconf::DirectedOverflow>(take(2));
  p.inf_under_saturation = static_cast<mxconf::InfUnderSaturation>(take(2));
  p.nan_encoding.sign = static_cast<mxconf::NanSign>(take(3));
  p.nan_encoding.mantissa = static_cast<mxconf::NanMantissa>(take(2));
  p.nan_into_finite = static_cast<mxconf::NanIntoFinite>(take(5));
  p.int8_range = static_cast<mxconf::Int8Range>(take(2));
  p.subnormal_input = static_cast<mxconf::SubnormalInput>(take(2));
  p.negative_into_unsigned = static_cast<mxconf::NegativeIntoUnsigned>(take(4));
  p.zero_into_e8m0 = static_cast<mxconf::ZeroIntoE8m0>(take(2));
  p.e8m0_subnormal_rounding = static_cast<mxconf::E8m0SubnormalRounding>(take(2));
  p.inf_into_finite = static_cast<mxconf::InfIntoFinite>(take(2));
  p.e8m0_overflow = static_cast<mxconf::E8m0Overflow>(take(2));
  return p;
}

inline std::string describe_config(FormatId from, FormatId to, Rounding r, int k, const ElementPolicies& p) {
  return std::string(mxconf::format_spec(from).name) + "->" + std::string(mxconf::format_spec(to).name) + " " +
         std::string(mxconf::to_string(r)) + (r == Rounding::sr ? "/K=" + std::to_string(k) : "") + " " +
         mxconf::describe(p);
}

}  // namespace sctest
