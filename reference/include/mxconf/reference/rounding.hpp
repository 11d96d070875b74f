// Rounding modes. The names match the CLI (--round rne) and docs/policies.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mxconf {

enum class Rounding : std::uint8_t {
  rne,  // to nearest, ties to even (IEEE 754 roundTiesToEven; OFP8 and every vendor's default)
  rtz,  // toward zero (IEEE roundTowardZero; CUDA cudaRoundZero)
  rup,  // toward +Inf (IEEE roundTowardPositive; PTX .rp)
  rdn,  // toward -Inf (IEEE roundTowardNegative)
  rna,  // to nearest, ties away from zero (IEEE roundTiesToAway; microxcaling "nearest")
  sr,   // stochastic, defined by explicit random bits (StochasticBits below)
};

std::string_view to_string(Rounding r);
std::optional<Rounding> parse_rounding(std::string_view name);

// Stochastic rounding with an explicit random integer r of `bits` bits (0 <= r < 2^bits):
// r is added to the top `bits` discarded magnitude bits, aligned to the destination grid (its subnormal grid
// included); a carry out rounds the magnitude up, otherwise it is truncated. Discarded bits below the top `bits`
// never matter. NVIDIA cvt.rs uses bits = 8 (PTX ISA "cvt", rbits; spec-rules §5.3); AMD gfx950 uses
// bits = 23 - m for an fp32 source (AMD HIP from_float_sr).
struct StochasticBits {
  int bits = 0;             // K, 1..64
  std::uint64_t random = 0; // r
};

}  // namespace mxconf
