// The scalar codec as an mxconf kernel (mxconf/kernel.h): what it declares it can do, and the entry symbol.
// It follows any policy (MXCONF_CAP_POLICIES); the operations are in entry_points.cpp.
#include <array>

#include "entry_points.hpp"
#include "mxconf/abi/translate.hpp"
#include "mxconf/kernel.h"

namespace mxconf::scalar_codec {
namespace {

using entry::kSrBits;

constexpr std::uint32_t bit(int v) { return std::uint32_t{1} << v; }
constexpr std::uint32_t kAllRoundings = abi::all_values_mask<Rounding>();
constexpr std::uint32_t kDeterministicRoundings = kAllRoundings & ~bit(MXCONF_ROUND_SR);
constexpr std::uint32_t kBothOverflows = abi::all_values_mask<Overflow>();
constexpr std::uint32_t kAllRules = abi::all_values_mask<ScaleRule>();
constexpr std::uint32_t kBothLayouts = bit(MXCONF_LAYOUT_BYTE) | bit(MXCONF_LAYOUT_PACKED);

constexpr std::array<mxconf_format, 6> kElements{MXCONF_FORMAT_E4M3, MXCONF_FORMAT_E5M2, MXCONF_FORMAT_E3M2,
                                                 MXCONF_FORMAT_E2M3, MXCONF_FORMAT_E2M1, MXCONF_FORMAT_INT8};
constexpr std::array<mxconf_format, 3> kWide{MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16, MXCONF_FORMAT_FP16};

constexpr std::size_t kCapabilityCount = 3 * 7 + 7 + 2 * 6 + 6 * 3 + 6;

constexpr std::array<mxconf_capability, kCapabilityCount> make_capabilities() {
  std::array<mxconf_capability, kCapabilityCount> caps{};
  std::size_t n = 0;
  auto add = [&](mxconf_operation op, mxconf_format source, mxconf_format target, std::uint32_t roundings,
                 std::uint32_t overflows, std::uint32_t rules, std::uint32_t sr_bits) {
    caps[n++] = mxconf_capability{op,    source,       target,        roundings, overflows,
                                  rules, kBothLayouts, 0 /* any k */, sr_bits,   MXCONF_CAP_POLICIES};
  };
  for (const auto src : kWide) {
    for (const auto dst : kElements) add(MXCONF_OP_CONVERT, src, dst, kAllRoundings, kBothOverflows, 0, kSrBits);
    add(MXCONF_OP_CONVERT, src, MXCONF_FORMAT_E8M0, kAllRoundings, kBothOverflows, 0, kSrBits);
  }
  for (const auto e : kElements) add(MXCONF_OP_DECODE, e, MXCONF_FORMAT_FP32, 0, 0, 0, 0);
  add(MXCONF_OP_DECODE, MXCONF_FORMAT_E8M0, MXCONF_FORMAT_FP32, 0, 0, 0, 0);
  for (const auto src : {MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16})
    for (const auto e : kElements) add(MXCONF_OP_QUANTIZE, src, e, kAllRoundings, kBothOverflows, kAllRules, kSrBits);
  for (const auto e : kElements)
    for (const auto dst : kWide) add(MXCONF_OP_DEQUANTIZE, e, dst, kDeterministicRoundings, 0, 0, 0);
  for (const auto e : kElements) add(MXCONF_OP_DOT, e, MXCONF_FORMAT_FP32, kDeterministicRoundings, 0, 0, 0);
  if (n != kCapabilityCount) throw "capability count";  // a compile-time error in this constexpr function
  return caps;
}

constexpr std::array<mxconf_capability, kCapabilityCount> kCapabilities = make_capabilities();

const mxconf_kernel kKernel{MXCONF_KERNEL_ABI_VERSION,
                            "scalar-codec",
                            "0.1.0 (integer bit manipulation; follows any policy)",
                            kCapabilities.data(),
                            kCapabilities.size(),
                            &entry::convert,
                            &entry::decode,
                            &entry::quantize,
                            &entry::dequantize,
                            &entry::dot};

}  // namespace
}  // namespace mxconf::scalar_codec

extern "C" __attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) {
  return &mxconf::scalar_codec::kKernel;
}
