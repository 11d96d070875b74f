// Seeded, platform-independent random inputs for the vector catalogue. Integer arithmetic only (splitmix64 and
// bit-level constructions of fp32 patterns), so the bytes of every generated file are the same on every machine
// and compiler: no std::*_distribution (unspecified across standard libraries) and no libm.
#pragma once

#include <cstdint>

namespace mxconf::vectors {

class RandomSource {
 public:
  explicit RandomSource(std::uint64_t seed) : state_(seed) {}

  // splitmix64 (Steele, Lea, Flood 2014).
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n >= 1 (rejection sampling: no modulo bias).
  std::uint64_t below(std::uint64_t n);

  // fp32 bit patterns of a few shapes (all finite):
  // About normal with the given binary exponent of its standard deviation: an Irwin-Hall sum of 12 uniforms,
  // centred, in fixed point, converted exactly to fp32 with truncation.
  std::uint32_t normal_fp32(int scale_exponent);
  // Heavy-tailed: a sign, an exponent drawn from a two-sided geometric distribution around `centre_exponent`,
  // and a uniform 23-bit mantissa.
  std::uint32_t heavy_tailed_fp32(int centre_exponent);

 private:
  std::uint64_t state_;
};

}  // namespace mxconf::vectors
