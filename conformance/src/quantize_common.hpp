// Pieces shared by the quantize checks: the options a run expects, the kernel call, and comparing one block.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "abi.hpp"
#include "check_kinds.hpp"
#include "mxconf/conformance/check.hpp"
#include "mxconf/reference/block.hpp"

namespace mxconf::conformance::detail {

inline constexpr std::size_t kBlockSize = 32;  // OCP MX v1.0 §5: k = 32
// fp4-three-quarters quantizes with stochastic rounding (Tseng et al.); NVIDIA-style K = 8 as the golden files.
// The `/sr` variants of the other rules use the same K (the quantize args carry no K: the capability's sr_bits
// fixes it, and a kernel declaring another K is skipped with the reason).
inline constexpr int kQuantizeSrBits = 8;

// What a quantize check asks of the kernel under a profile: the profile's element rounding (sr with K = 8 under
// fp4-three-quarters), the block's element overflow (saturate in every MX quantizer), the rule.
struct QuantizeSetup {
  FormatId element;
  ScaleRule rule;
  QuantizeOptions options;  // random left empty
  bool stochastic = false;
  CapabilityQuery query;
};
QuantizeSetup quantize_setup(const Profile& profile, FormatId element, ScaleRule rule,
                             QuantizeRounding rounding = QuantizeRounding::profile);
// The query without a profile (for missing_capability): the rounding and overflow are checked again at run time.
CapabilityQuery quantize_query(FormatId element, ScaleRule rule, std::optional<Rounding> rounding,
                               std::optional<Overflow> overflow);
// The check name's suffix for the rounding: "" or "/sr".
std::string rounding_suffix(QuantizeRounding rounding);

// Stochastic rounding's decision points (spec-rules §5.3: round up iff top K discarded bits + r >= 2^K): for each
// element, the smallest r that rounds its V / X up, from the reference's own encode; none when no r does (V / X on
// the element grid or with only bits below the top K discarded, saturated, NaN/Inf, or a block the policies give no
// encoding). Found by bisection on r, so it follows whatever grid the element has.
std::vector<std::optional<std::uint32_t>> sr_thresholds(const QuantizeSetup& setup, const Profile& profile,
                                                        std::span<const std::uint32_t> values);
// One element's random value for a decision `kind` (0..4): 0, 2^K - 1, threshold - 1 (the largest r that still
// rounds down), threshold, or `uniform`; without a threshold, kinds 2 and 3 take `uniform`.
std::uint32_t sr_decision_random(unsigned kind, std::optional<std::uint32_t> threshold, std::uint32_t uniform);
inline constexpr unsigned kSrDecisionKinds = 5;

// A seed per check from the run's seed and the check's name (FNV-1a), and a SplitMix64 stream from it: the drawn
// random values are reproducible and differ between checks.
inline std::uint64_t mix_seed(std::uint64_t seed, const std::string& name) {
  std::uint64_t h = 0xcbf2'9ce4'8422'2325ull ^ seed;
  for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x0000'0100'0000'01b3ull;
  return h;
}
inline std::uint64_t next_draw(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e37'79b9'7f4a'7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58'476d'1ce4'e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d0'49bb'1331'11ebull;
  return z ^ (z >> 31);
}

struct KernelBlocks {
  std::vector<std::uint64_t> scales;
  std::vector<std::uint64_t> codes;  // blocks * 32
};

// kernel.quantize on blocks of 32 fp32 patterns (random: one per element under sr). Returns the kernel_error note,
// or empty with the results.
std::string call_quantize(const mxconf_kernel& kernel, const QuantizeSetup& setup, const mxconf_policies& policies,
                          std::span<const std::uint32_t> values, std::span<const std::uint32_t> random,
                          KernelBlocks& out);

// The reference's block for fp32 patterns under the setup (decode_source applies subnormal-input), or empty when the
// policies give the block no encoding (don't-care: not sent, not compared).
std::optional<QuantizedBlock> expected_block(const QuantizeSetup& setup, const Profile& profile,
                                             std::span<const std::uint32_t> values,
                                             std::span<const std::uint32_t> random);

// Compares one block: the scale bitwise, the codes NaN-aware (not at all when the expected scale is NaN and the
// profile says so). Empty when it matches; else the explained mismatch with its classes (plus `row_classes`).
std::optional<Mismatch> compare_block(const QuantizeSetup& setup, const Profile& profile, const std::string& label,
                                      std::span<const std::uint32_t> values, std::span<const std::uint32_t> random,
                                      const QuantizedBlock& expected, std::uint64_t got_scale,
                                      std::span<const std::uint64_t> got_codes, vectors::CaseClasses row_classes);

}  // namespace mxconf::conformance::detail
