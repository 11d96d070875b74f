// rceil-log2f (torchao RCEIL): where a correctly rounded fp32 log2 of q = 2^k (1 + X / 2^23) rounds to k itself
// (internal header).
//
// log2 q = k + log2(1 + X / 2^23); fl32 keeps k while the offset is below half the gap from k to the next fp32
// value above it, 2^-e with e = 24 - floor(log2 |k|), one more when k < 0 and |k| is a power of two (the gap below
// a power of two is half as wide). For k in [-149, 127] \ {0}, e is 17..25: index e - 17.
//
// The offset is below 2^-e exactly when (1 + X / 2^23)^(2^e) < 2. The codec decides that without logarithms (the
// reference holds torch.log2's measured per-k thresholds instead, which equal these for every k; the tests compare
// the two at every step of the rule's interval table):
// e squarings in Q3.61 fixed point, once rounded down and once up, bracket the power; the smallest X whose lower
// bound exceeds 2 is the threshold. The margins are about 1% against a bracket width of about 2^-36.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <stdexcept>

namespace mxconf::scalar_codec::detail {

__extension__ typedef unsigned __int128 Log2fUInt128;  // GCC/Clang: exact 64 x 64-bit products

inline constexpr int kLog2fFirstHalfGap = 17;

inline int half_gap_index(int k) {
  const unsigned magnitude = static_cast<unsigned>(k < 0 ? -k : k);
  const int j = std::bit_width(magnitude) - 1;
  const bool below_power_of_two = k < 0 && std::has_single_bit(magnitude);
  return 24 - j + (below_power_of_two ? 1 : 0) - kLog2fFirstHalfGap;
}

inline std::array<std::uint32_t, 9> compute_log2f_thresholds() {
  constexpr int kFraction = 61;
  constexpr std::uint64_t kTwo = std::uint64_t{2} << kFraction;
  std::array<std::uint32_t, 9> thresholds{};
  for (int i = 0; i < 9; ++i) {
    const int e = kLog2fFirstHalfGap + i;
    for (std::uint32_t x = 1;; ++x) {
      std::uint64_t lo = (std::uint64_t{1 << 23} + x) << (kFraction - 23);
      std::uint64_t hi = lo;
      for (int n = 0; n < e; ++n) {
        const Log2fUInt128 l2 = static_cast<Log2fUInt128>(lo) * lo;
        const Log2fUInt128 h2 = static_cast<Log2fUInt128>(hi) * hi;
        lo = static_cast<std::uint64_t>(l2 >> kFraction);
        hi = static_cast<std::uint64_t>((h2 + ((static_cast<Log2fUInt128>(1) << kFraction) - 1)) >> kFraction);
      }
      if (lo > kTwo) {
        thresholds[static_cast<std::size_t>(i)] = x;
        break;
      }
      if (hi > kTwo) throw std::logic_error("scalar codec: rceil-log2f threshold undecided (bracket too wide)");
    }
  }
  return thresholds;
}

inline const std::array<std::uint32_t, 9>& log2f_thresholds() {
  static const std::array<std::uint32_t, 9> thresholds = compute_log2f_thresholds();
  return thresholds;
}

}  // namespace mxconf::scalar_codec::detail
