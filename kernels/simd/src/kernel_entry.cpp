// The SIMD codec as an mxconf kernel (abi/include/mxconf/kernel.h): a capability table declaring exactly what
// the codec implements, and the C ABI mapped onto it through abi_translate.hpp. It follows any policy
// (MXCONF_CAP_POLICIES); the call arguments `overflow` and `rule` take precedence over the policy fields they
// name (as in the scalar codec). Refusals of the policies (NaN under nan-into-finite=error, a negative into e8m0
// under negative-into-unsigned=error, a code wider than its format) return MXCONF_STATUS_INVALID_ARGUMENT.
// Not declared, so never called with: stochastic rounding, the tosa / tosa-2023 / fp4-three-quarters rules,
// PACKED layouts, dot.
#include <array>
#include <new>
#include <string>

#include "abi_translate.hpp"
#include "mxconf/kernel.h"
#include "mxconf/kernels/simd_codec.hpp"

namespace mxconf::simd_codec {
namespace {

int status(Status s) { return s == Status::ok ? MXCONF_STATUS_OK : MXCONF_STATUS_INVALID_ARGUMENT; }

// Nothing may cross the C boundary: allocation failures are internal errors, refusals invalid arguments.
template <typename F>
int guarded(F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return MXCONF_STATUS_INTERNAL_ERROR;
  } catch (...) {
    return MXCONF_STATUS_INVALID_ARGUMENT;
  }
}

bool is_wide_source(FormatId f) { return is_wide(f); }
bool is_convert_target(FormatId f) { return is_mx_element(f) || f == FormatId::e8m0; }

int convert_entry(const mxconf_convert_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_convert_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto src = abi::format(a->source);
    const auto dst = abi::format(a->target);
    const auto r = abi::rounding(a->rounding);
    const auto o = abi::overflow(a->overflow);
    if (!src || !dst || !r || !o || *r == Rounding::sr || !is_wide_source(*src) || !is_convert_target(*dst) ||
        a->layout != MXCONF_LAYOUT_BYTE)
      return MXCONF_STATUS_UNSUPPORTED;
    auto p = abi::element_policies(a->policies);
    if (!p || (a->count != 0 && (a->input == nullptr || a->output == nullptr))) return MXCONF_STATUS_INVALID_ARGUMENT;
    p->overflow = *o;
    const ConvertPlan plan = make_convert_plan(*dst, *r, *p);
    const std::span<std::uint8_t> out(static_cast<std::uint8_t*>(a->output), a->count);
    if (*src == FormatId::fp32) return status(convert_fp32(plan, {static_cast<const std::uint32_t*>(a->input), a->count}, out));
    if (*src == FormatId::bf16) return status(convert_bf16(plan, {static_cast<const std::uint16_t*>(a->input), a->count}, out));
    return status(convert_fp16(plan, {static_cast<const std::uint16_t*>(a->input), a->count}, out));
  });
}

int decode_entry(const mxconf_decode_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_decode_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto src = abi::format(a->source);
    const auto dst = abi::format(a->target);
    if (!src || !dst || !is_convert_target(*src) || *dst != FormatId::fp32 || a->layout != MXCONF_LAYOUT_BYTE)
      return MXCONF_STATUS_UNSUPPORTED;
    if (a->count != 0 && (a->input == nullptr || a->output == nullptr)) return MXCONF_STATUS_INVALID_ARGUMENT;
    return status(decode_fp32(*src, {static_cast<const std::uint8_t*>(a->input), a->count}, {a->output, a->count}));
  });
}

int quantize_entry(const mxconf_quantize_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_quantize_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto src = abi::format(a->source);
    const auto element = abi::format(a->element);
    const auto rule = abi::scale_rule(a->rule);
    const auto r = abi::rounding(a->rounding);
    const auto o = abi::overflow(a->overflow);
    if (!src || !element || !rule || !r || !o || *r == Rounding::sr ||
        (*src != FormatId::fp32 && *src != FormatId::bf16) || !is_mx_element(*element) ||
        a->layout != MXCONF_LAYOUT_BYTE)
      return MXCONF_STATUS_UNSUPPORTED;
    if (*rule != ScaleRule::floor && *rule != ScaleRule::ceil && *rule != ScaleRule::even &&
        *rule != ScaleRule::rceil && *rule != ScaleRule::rceil_fp32)
      return MXCONF_STATUS_UNSUPPORTED;
    const auto p = abi::element_policies(a->policies);
    const auto block = abi::block_policies(a->policies, *rule, *o);
    if (!p || !block || a->block_size == 0) return MXCONF_STATUS_INVALID_ARGUMENT;
    const std::size_t k = a->block_size;
    const std::size_t count = a->blocks * k;
    if (a->blocks != 0 && (a->input == nullptr || a->scales == nullptr || a->codes == nullptr))
      return MXCONF_STATUS_INVALID_ARGUMENT;
    const QuantizePlan plan = make_quantize_plan(*element, *r, *p, *block);
    const std::span<std::uint8_t> scales(a->scales, a->blocks);
    const std::span<std::uint8_t> codes(static_cast<std::uint8_t*>(a->codes), count);
    if (*src == FormatId::fp32)
      return status(quantize_fp32(plan, k, {static_cast<const std::uint32_t*>(a->input), count}, scales, codes));
    return status(quantize_bf16(plan, k, {static_cast<const std::uint16_t*>(a->input), count}, scales, codes));
  });
}

int dequantize_entry(const mxconf_dequantize_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_dequantize_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto element = abi::format(a->element);
    const auto dst = abi::format(a->target);
    const auto r = abi::rounding(a->rounding);
    if (!element || !dst || !r || *r == Rounding::sr || !is_mx_element(*element) || !is_wide(*dst) ||
        a->layout != MXCONF_LAYOUT_BYTE)
      return MXCONF_STATUS_UNSUPPORTED;
    if (a->block_size == 0) return MXCONF_STATUS_INVALID_ARGUMENT;
    const std::size_t k = a->block_size;
    const std::size_t count = a->blocks * k;
    if (a->blocks != 0 && (a->scales == nullptr || a->codes == nullptr || a->output == nullptr))
      return MXCONF_STATUS_INVALID_ARGUMENT;
    const ConvertPlan plan = make_ieee_plan(*dst, *r);
    const std::span<const std::uint8_t> scales(a->scales, a->blocks);
    const std::span<const std::uint8_t> codes(static_cast<const std::uint8_t*>(a->codes), count);
    if (*dst == FormatId::fp32)
      return status(dequantize(plan, *element, k, scales, codes, {static_cast<std::uint32_t*>(a->output), count}, {}));
    return status(dequantize(plan, *element, k, scales, codes, {}, {static_cast<std::uint16_t*>(a->output), count}));
  });
}

// ---- The capability table: exactly what the codec implements. ----

constexpr std::uint32_t bit(int v) { return std::uint32_t{1} << v; }
constexpr std::uint32_t kRoundings = bit(MXCONF_ROUND_RNE) | bit(MXCONF_ROUND_RTZ) | bit(MXCONF_ROUND_RUP) |
                                     bit(MXCONF_ROUND_RDN) | bit(MXCONF_ROUND_RNA);
constexpr std::uint32_t kBothOverflows = bit(MXCONF_OVERFLOW_SATURATE) | bit(MXCONF_OVERFLOW_NON_SATURATING);
constexpr std::uint32_t kRules = bit(MXCONF_SCALE_FLOOR) | bit(MXCONF_SCALE_CEIL) | bit(MXCONF_SCALE_EVEN) |
                                 bit(MXCONF_SCALE_RCEIL) | bit(MXCONF_SCALE_RCEIL_FP32);
constexpr std::uint32_t kByte = bit(MXCONF_LAYOUT_BYTE);

constexpr std::array<mxconf_format, 6> kElements{MXCONF_FORMAT_E4M3, MXCONF_FORMAT_E5M2, MXCONF_FORMAT_E3M2,
                                                 MXCONF_FORMAT_E2M3, MXCONF_FORMAT_E2M1, MXCONF_FORMAT_INT8};
constexpr std::array<mxconf_format, 3> kWide{MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16, MXCONF_FORMAT_FP16};

constexpr std::size_t kCapabilityCount = 3 * 7 + 7 + 2 * 6 + 6 * 3;

constexpr std::array<mxconf_capability, kCapabilityCount> make_capabilities() {
  std::array<mxconf_capability, kCapabilityCount> caps{};
  std::size_t n = 0;
  auto add = [&](mxconf_operation op, mxconf_format source, mxconf_format target, std::uint32_t roundings,
                 std::uint32_t overflows, std::uint32_t rules) {
    caps[n++] = mxconf_capability{.operation = op,
                                  .source = source,
                                  .target = target,
                                  .rounding_mask = roundings,
                                  .overflow_mask = overflows,
                                  .scale_rule_mask = rules,
                                  .layout_mask = kByte,
                                  .max_block_size = 0,  // any k
                                  .sr_bits = 0,
                                  .flags = MXCONF_CAP_POLICIES};
  };
  for (const auto src : kWide) {
    for (const auto dst : kElements) add(MXCONF_OP_CONVERT, src, dst, kRoundings, kBothOverflows, 0);
    add(MXCONF_OP_CONVERT, src, MXCONF_FORMAT_E8M0, kRoundings, kBothOverflows, 0);
  }
  for (const auto e : kElements) add(MXCONF_OP_DECODE, e, MXCONF_FORMAT_FP32, 0, 0, 0);
  add(MXCONF_OP_DECODE, MXCONF_FORMAT_E8M0, MXCONF_FORMAT_FP32, 0, 0, 0);
  for (const auto src : {MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16})
    for (const auto e : kElements) add(MXCONF_OP_QUANTIZE, src, e, kRoundings, kBothOverflows, kRules);
  for (const auto e : kElements)
    for (const auto dst : kWide) add(MXCONF_OP_DEQUANTIZE, e, dst, kRoundings, 0, 0);
  if (n != kCapabilityCount) throw "capability count";  // a compile-time error in this constexpr function
  return caps;
}

constexpr std::array<mxconf_capability, kCapabilityCount> kCapabilities = make_capabilities();

const mxconf_kernel& kernel() {
  // The version names the instruction set the dispatcher chose on this machine.
  static const std::string version = std::string("0.1.0 (Highway, ") + target_name() + "; follows any policy)";
  static const mxconf_kernel k{MXCONF_KERNEL_ABI_VERSION,
                               "simd",
                               version.c_str(),
                               kCapabilities.data(),
                               kCapabilities.size(),
                               &convert_entry,
                               &decode_entry,
                               &quantize_entry,
                               &dequantize_entry,
                               nullptr};
  return k;
}

}  // namespace
}  // namespace mxconf::simd_codec

extern "C" __attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) {
  return &mxconf::simd_codec::kernel();
}
