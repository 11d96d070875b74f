#include "mxconf/vectors/random_source.hpp"

#include <bit>

namespace mxconf::vectors {
namespace {

// The fp32 pattern of (negative ? -1 : 1) * magnitude * 2^exponent, magnitude < 2^63, truncated to 24 bits;
// exponent ranges used here keep the result normal or zero.
std::uint32_t fp32_from_integer(bool negative, std::uint64_t magnitude, int exponent) {
  const std::uint32_t sign = negative ? 0x8000'0000u : 0u;
  if (magnitude == 0) return sign;
  const int top = 63 - std::countl_zero(magnitude);
  const std::uint64_t mantissa24 = top >= 23 ? magnitude >> (top - 23) : magnitude << (23 - top);
  const int biased = top + exponent + 127;
  if (biased <= 0) return sign;                 // below the normal range: flush (not reached by the callers)
  if (biased >= 255) return sign | 0x7f7f'ffffu;  // clamp to FLT_MAX (not reached by the callers)
  return sign | static_cast<std::uint32_t>(biased) << 23 | static_cast<std::uint32_t>(mantissa24 & 0x7f'ffffu);
}

}  // namespace

std::uint64_t RandomSource::below(std::uint64_t n) {
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  std::uint64_t r = next();
  while (r >= limit) r = next();
  return r % n;
}

std::uint32_t RandomSource::normal_fp32(int scale_exponent) {
  // Sum of 12 uniforms of 20 bits has mean 6 * 2^20 and standard deviation 2^20.
  std::int64_t sum = 0;
  for (int i = 0; i < 12; ++i) sum += static_cast<std::int64_t>(next() >> 44);
  sum -= std::int64_t{6} << 20;
  const bool negative = sum < 0;
  return fp32_from_integer(negative, static_cast<std::uint64_t>(negative ? -sum : sum), scale_exponent - 20);
}

std::uint32_t RandomSource::heavy_tailed_fp32(int centre_exponent) {
  const std::uint64_t bits = next();
  const bool negative = bits & 1;
  const bool above = (bits >> 1) & 1;
  const int run = std::countr_zero((bits >> 2) | (std::uint64_t{1} << 40));  // geometric, P(k) = 2^-(k+1)
  const int exponent = centre_exponent + (above ? run : -run);
  const std::uint64_t mantissa = (bits >> 41) & 0x7f'ffff;
  return fp32_from_integer(negative, (std::uint64_t{1} << 23) | mantissa, exponent - 23);
}

}  // namespace mxconf::vectors
