#include "mx_capabilities.hpp"

#include <cstdint>
#include <vector>

namespace mxconf::cuda_mx {
namespace {

constexpr std::uint32_t bit(unsigned v) { return 1u << v; }

constexpr mxconf_format kSources[] = {MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16};
constexpr mxconf_format kElements[] = {MXCONF_FORMAT_E4M3, MXCONF_FORMAT_E5M2, MXCONF_FORMAT_E3M2,
                                       MXCONF_FORMAT_E2M3, MXCONF_FORMAT_E2M1};
constexpr mxconf_format kTargets[] = {MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16};
constexpr std::uint32_t kRules = bit(MXCONF_SCALE_FLOOR) | bit(MXCONF_SCALE_RCEIL_FP32);

std::vector<mxconf_capability> build() {
  std::vector<mxconf_capability> caps;
  for (const auto e : kElements) {
    const std::uint32_t layout = layout_mask(e);
    for (const auto s : kSources)
      caps.push_back(mxconf_capability{MXCONF_OP_QUANTIZE, s, e, bit(MXCONF_ROUND_RNE) | bit(MXCONF_ROUND_SR),
                                       bit(MXCONF_OVERFLOW_SATURATE), kRules, layout, 32, kSrBits, 0});
    for (const auto t : kTargets)
      caps.push_back(mxconf_capability{MXCONF_OP_DEQUANTIZE, e, t, bit(MXCONF_ROUND_RNE), 0, 0, layout, 32, 0, 0});
  }
  return caps;
}

const mxconf_capability* find(mxconf_operation op, mxconf_format source, mxconf_format target) {
  const CapabilityTable table = capabilities();
  for (std::size_t i = 0; i < table.size; ++i) {
    const mxconf_capability& c = table.data[i];
    if (c.operation == op && c.source == source && c.target == target) return &c;
  }
  return nullptr;
}

bool in(std::uint32_t mask, int value) {
  return value >= 0 && value < 32 && (mask & bit(static_cast<unsigned>(value))) != 0;
}

}  // namespace

CapabilityTable capabilities() {
  static const std::vector<mxconf_capability> caps = build();
  return {caps.data(), caps.size()};
}

std::uint32_t layout_mask(mxconf_format element) {
  if (element == MXCONF_FORMAT_E2M1) return bit(MXCONF_LAYOUT_PACKED);
  if (element == MXCONF_FORMAT_E3M2 || element == MXCONF_FORMAT_E2M3)
    return MXCONF_MX_OCP ? bit(MXCONF_LAYOUT_BYTE) | bit(MXCONF_LAYOUT_PACKED) : bit(MXCONF_LAYOUT_PACKED);
  return bit(MXCONF_LAYOUT_BYTE);
}

int check(const mxconf_quantize_args* a) {
  if (a == nullptr || a->struct_size < sizeof(mxconf_quantize_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
  const mxconf_capability* c = find(MXCONF_OP_QUANTIZE, a->source, a->element);
  if (c == nullptr || !in(c->rounding_mask, a->rounding) || !in(c->overflow_mask, a->overflow) ||
      !in(c->scale_rule_mask, a->rule) || !in(c->layout_mask, a->layout))
    return MXCONF_STATUS_UNSUPPORTED;
  if (a->block_size != 32 && a->block_size != 16) return MXCONF_STATUS_UNSUPPORTED;
  if (a->blocks > 0 && (a->input == nullptr || a->scales == nullptr || a->codes == nullptr))
    return MXCONF_STATUS_INVALID_ARGUMENT;
  if (a->rounding == MXCONF_ROUND_SR && a->blocks > 0) {
    if (a->random == nullptr) return MXCONF_STATUS_INVALID_ARGUMENT;
    for (std::size_t i = 0; i < a->blocks * a->block_size; ++i)
      if (a->random[i] >> kSrBits != 0) return MXCONF_STATUS_INVALID_ARGUMENT;  // not a value of sr_bits bits
  }
  return MXCONF_STATUS_OK;
}

int check(const mxconf_dequantize_args* a) {
  if (a == nullptr || a->struct_size < sizeof(mxconf_dequantize_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
  const mxconf_capability* c = find(MXCONF_OP_DEQUANTIZE, a->element, a->target);
  if (c == nullptr || !in(c->rounding_mask, a->rounding) || !in(c->layout_mask, a->layout))
    return MXCONF_STATUS_UNSUPPORTED;
  if (a->block_size != 32 && a->block_size != 16) return MXCONF_STATUS_UNSUPPORTED;
  if (a->blocks > 0 && (a->scales == nullptr || a->codes == nullptr || a->output == nullptr))
    return MXCONF_STATUS_INVALID_ARGUMENT;
  return MXCONF_STATUS_OK;
}

}  // namespace mxconf::cuda_mx
