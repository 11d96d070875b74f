// The SIMD codec as an mxconf kernel (mxconf/kernel.h): what it declares it can do, exactly what the library
// computes, and the entry symbol. It follows any policy (MXCONF_CAP_POLICIES: every value of every element and
// block policy in the reference's registry); the operations are in entry_points.cpp. Not declared, so never
// called with: stochastic rounding, the tosa / tosa-2023 / fp4-three-quarters rules, PACKED layouts, dot.
#include <array>
#include <string>

#include "entry_points.hpp"
#include "mxconf/abi/translate.hpp"
#include "mxconf/kernel.h"
#include "mxconf/kernels/simd_codec.hpp"

namespace mxconf::simd_codec {
namespace {

using entry::bit;

constexpr std::uint32_t kRoundings = abi::all_values_mask<Rounding>() & ~bit(MXCONF_ROUND_SR);
constexpr std::uint32_t kBothOverflows = abi::all_values_mask<Overflow>();

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
                                  .layout_mask = entry::kAccepts.layouts,
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
    for (const auto e : kElements) add(MXCONF_OP_QUANTIZE, src, e, kRoundings, kBothOverflows, entry::kRules);
  for (const auto e : kElements)
    for (const auto dst : kWide) add(MXCONF_OP_DEQUANTIZE, e, dst, kRoundings, 0, 0);
  if (n != kCapabilityCount) throw "capability count";  // a compile-time error in this constexpr function
  return caps;
}

constexpr std::array<mxconf_capability, kCapabilityCount> kCapabilities = make_capabilities();

const mxconf_kernel& kernel() {
  // The version names the instruction set the dispatcher chose on this machine.
  static const std::string version = std::string("0.2.0 (Highway, ") + target_name() + "; follows any policy)";
  static const mxconf_kernel k{MXCONF_KERNEL_ABI_VERSION,
                               "simd",
                               version.c_str(),
                               kCapabilities.data(),
                               kCapabilities.size(),
                               &entry::convert,
                               &entry::decode,
                               &entry::quantize,
                               &entry::dequantize,
                               nullptr};
  return k;
}

}  // namespace
}  // namespace mxconf::simd_codec

extern "C" __attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) {
  return &mxconf::simd_codec::kernel();
}
