#include "capabilities.hpp"

#include <cstdint>
#include <vector>

#include "mxconf/abi/translate.hpp"

namespace mxconf::reference_adapter {
namespace {

constexpr std::uint32_t bit(unsigned v) { return 1u << v; }

constexpr mxconf_format kSources[] = {MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16, MXCONF_FORMAT_FP16};
// kernel.h: quantize takes fp32 and bf16 inputs.
constexpr mxconf_format kQuantizeSources[] = {MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16};
constexpr mxconf_format kElements[] = {MXCONF_FORMAT_E4M3, MXCONF_FORMAT_E5M2, MXCONF_FORMAT_E3M2,
                                       MXCONF_FORMAT_E2M3, MXCONF_FORMAT_E2M1, MXCONF_FORMAT_INT8};
constexpr mxconf_format kWideTargets[] = {MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16, MXCONF_FORMAT_FP16};

constexpr std::uint32_t kAllRoundings = abi::all_values_mask<Rounding>();
// Rounding of an exact result into an ordinary float (dequantize, dot): IEEE's four directed/nearest modes.
constexpr std::uint32_t kIeeeRoundings =
    bit(MXCONF_ROUND_RNE) | bit(MXCONF_ROUND_RTZ) | bit(MXCONF_ROUND_RUP) | bit(MXCONF_ROUND_RDN);
constexpr std::uint32_t kBothOverflows = abi::all_values_mask<Overflow>();
constexpr std::uint32_t kAllScaleRules = abi::all_values_mask<ScaleRule>();
constexpr std::uint32_t kBothLayouts = bit(MXCONF_LAYOUT_BYTE) | bit(MXCONF_LAYOUT_PACKED);
// NVIDIA cvt.rs (spec-rules §5.3): 8 random bits per element.
constexpr std::uint32_t kSrBits = 8;

std::vector<mxconf_capability> build() {
  std::vector<mxconf_capability> caps;
  const auto add = [&caps](mxconf_operation op, mxconf_format source, mxconf_format target, std::uint32_t rounding,
                           std::uint32_t overflow, std::uint32_t rules, std::uint32_t sr_bits) {
    caps.push_back(mxconf_capability{op, source, target, rounding, overflow, rules, kBothLayouts,
                                     /*max_block_size=*/0, sr_bits, MXCONF_CAP_POLICIES});
  };
  for (const auto source : kSources) {
    for (const auto element : kElements)
      add(MXCONF_OP_CONVERT, source, element, kAllRoundings, kBothOverflows, 0, kSrBits);
    add(MXCONF_OP_CONVERT, source, MXCONF_FORMAT_E8M0, kAllRoundings, kBothOverflows, 0, kSrBits);
  }
  for (const auto element : kElements) add(MXCONF_OP_DECODE, element, MXCONF_FORMAT_FP32, 0, 0, 0, 0);
  add(MXCONF_OP_DECODE, MXCONF_FORMAT_E8M0, MXCONF_FORMAT_FP32, 0, 0, 0, 0);
  for (const auto source : kQuantizeSources)
    for (const auto element : kElements)
      add(MXCONF_OP_QUANTIZE, source, element, kAllRoundings, kBothOverflows, kAllScaleRules, kSrBits);
  for (const auto element : kElements)
    for (const auto target : kWideTargets) add(MXCONF_OP_DEQUANTIZE, element, target, kIeeeRoundings, 0, 0, 0);
  for (const auto element : kElements) add(MXCONF_OP_DOT, element, MXCONF_FORMAT_FP32, kIeeeRoundings, 0, 0, 0);
  return caps;
}

}  // namespace

std::span<const mxconf_capability> capabilities() {
  static const std::vector<mxconf_capability> caps = build();
  return caps;
}

}  // namespace mxconf::reference_adapter
