// Pieces shared by the quantize checks: the options a run expects, the kernel call, and comparing one block.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "abi.hpp"
#include "mxconf/conformance/check.hpp"
#include "mxconf/reference/block.hpp"

namespace mxconf::conformance::detail {

inline constexpr std::size_t kBlockSize = 32;  // OCP MX v1.0 §5: k = 32
// fp4-three-quarters quantizes with stochastic rounding (Tseng et al.); NVIDIA-style K = 8 as the golden files.
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
QuantizeSetup quantize_setup(const Profile& profile, FormatId element, ScaleRule rule);
// The query without a profile (for missing_capability): the rounding and overflow are checked again at run time.
CapabilityQuery quantize_query(FormatId element, ScaleRule rule, std::optional<Rounding> rounding,
                               std::optional<Overflow> overflow);

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
