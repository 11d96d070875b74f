#include "cuda_capabilities.hpp"

#include <cstdint>
#include <vector>

#include "mxconf/kernels/layout.hpp"

#ifndef MXCONF_CUDA_DEVICE_MEMORY
#define MXCONF_CUDA_DEVICE_MEMORY 0  // 1 in mxconf_cuda_device_kernel (CMakeLists.txt)
#endif

namespace mxconf::cuda_kernel {
namespace {

constexpr std::uint32_t bit(unsigned v) { return 1u << v; }

constexpr mxconf_format kSources[] = {MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16, MXCONF_FORMAT_FP16};
constexpr mxconf_format kQuantizeSources[] = {MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16};
constexpr mxconf_format kFp8[] = {MXCONF_FORMAT_E4M3, MXCONF_FORMAT_E5M2};
constexpr mxconf_format kFp6Fp4[] = {MXCONF_FORMAT_E3M2, MXCONF_FORMAT_E2M3, MXCONF_FORMAT_E2M1};
constexpr mxconf_format kDecoded[] = {MXCONF_FORMAT_E4M3, MXCONF_FORMAT_E5M2, MXCONF_FORMAT_E3M2,
                                      MXCONF_FORMAT_E2M3, MXCONF_FORMAT_E2M1, MXCONF_FORMAT_E8M0};
constexpr mxconf_format kMxElements[] = {MXCONF_FORMAT_E4M3, MXCONF_FORMAT_E5M2, MXCONF_FORMAT_E3M2,
                                         MXCONF_FORMAT_E2M3, MXCONF_FORMAT_E2M1};

constexpr std::uint32_t kSat = bit(MXCONF_OVERFLOW_SATURATE);
constexpr std::uint32_t kBoth = kSat | bit(MXCONF_OVERFLOW_NON_SATURATING);
constexpr std::uint32_t kByte = bit(MXCONF_LAYOUT_BYTE);
constexpr std::uint32_t kRne = bit(MXCONF_ROUND_RNE);
constexpr std::uint32_t kRneRtz = kRne | bit(MXCONF_ROUND_RTZ);  // cudaRoundNearest, cudaRoundZero
constexpr std::uint32_t kRtzRup = bit(MXCONF_ROUND_RTZ) | bit(MXCONF_ROUND_RUP);  // cudaRoundZero, cudaRoundPosInf

std::vector<mxconf_capability> build() {
  std::vector<mxconf_capability> caps;
  const auto add = [&caps](mxconf_operation op, mxconf_format source, mxconf_format target, std::uint32_t rounding,
                           std::uint32_t overflow, std::uint32_t rules) {
    // The GPU build also serves its conversions on device memory (device_kernel.cu, ABI minor 1).
    const std::uint32_t flags = op == MXCONF_OP_CONVERT && MXCONF_CUDA_DEVICE_MEMORY ? MXCONF_CAP_DEVICE_MEMORY : 0;
    caps.push_back(mxconf_capability{op, source, target, rounding, overflow, rules, kByte, 0, 0, flags});
  };
  for (const auto source : kSources) {
    // __nv_cvt_*_to_fp8: always RNE; __NV_SATFINITE or __NV_NOSAT.
    for (const auto t : kFp8) add(MXCONF_OP_CONVERT, source, t, kRne, kBoth, 0);
    // __nv_cvt_*_to_fp6 / _fp4: cudaRoundNearest or cudaRoundZero; always saturating.
    for (const auto t : kFp6Fp4) add(MXCONF_OP_CONVERT, source, t, kRneRtz, kSat, 0);
    // __nv_cvt_*_to_e8m0: cudaRoundZero or cudaRoundPosInf; __NV_SATFINITE or __NV_NOSAT.
    add(MXCONF_OP_CONVERT, source, MXCONF_FORMAT_E8M0, kRtzRup, kBoth, 0);
  }
  for (const auto f : kDecoded) add(MXCONF_OP_DECODE, f, MXCONF_FORMAT_FP32, 0, 0, 0);
  for (const auto source : kQuantizeSources)
    for (const auto e : kMxElements) add(MXCONF_OP_QUANTIZE, source, e, kRne, kSat, bit(MXCONF_SCALE_RCEIL_FP32));
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

// Masks are 32 bits wide: an enum value beyond 31 is simply not declared.
bool in(std::uint32_t mask, int value) { return value >= 0 && value < 32 && (mask & bit(static_cast<unsigned>(value))) != 0; }

constexpr int kOk = MXCONF_STATUS_OK;
constexpr int kInvalid = MXCONF_STATUS_INVALID_ARGUMENT;
constexpr int kUnsupported = MXCONF_STATUS_UNSUPPORTED;

}  // namespace

CapabilityTable capabilities() {
  static const std::vector<mxconf_capability> caps = build();
  return {caps.data(), caps.size()};
}

int check(const mxconf_convert_args* a) {
  if (a == nullptr || a->struct_size < sizeof(mxconf_convert_args)) return kInvalid;
  const mxconf_capability* c = find(MXCONF_OP_CONVERT, a->source, a->target);
  if (c == nullptr || !in(c->rounding_mask, a->rounding) || !in(c->overflow_mask, a->overflow) ||
      !in(c->layout_mask, a->layout))
    return kUnsupported;
  if (a->count > 0 && (a->input == nullptr || a->output == nullptr)) return kInvalid;
  return kOk;
}

int check(const mxconf_decode_args* a) {
  if (a == nullptr || a->struct_size < sizeof(mxconf_decode_args)) return kInvalid;
  const mxconf_capability* c = find(MXCONF_OP_DECODE, a->source, a->target);
  if (c == nullptr || !in(c->layout_mask, a->layout)) return kUnsupported;
  if (a->count == 0) return kOk;
  if (a->input == nullptr || a->output == nullptr) return kInvalid;
  // BYTE layout: the code sits in the low bits and the high bits are zero (kernel.h).
  const unsigned width = kernels::code_bits(a->source);
  const auto* codes = static_cast<const std::uint8_t*>(a->input);
  for (std::size_t i = 0; i < a->count; ++i)
    if (width < 8 && (codes[i] >> width) != 0) return kInvalid;
  return kOk;
}

int check(const mxconf_quantize_args* a) {
  if (a == nullptr || a->struct_size < sizeof(mxconf_quantize_args)) return kInvalid;
  const mxconf_capability* c = find(MXCONF_OP_QUANTIZE, a->source, a->element);
  if (c == nullptr || !in(c->rounding_mask, a->rounding) || !in(c->overflow_mask, a->overflow) ||
      !in(c->scale_rule_mask, a->rule) || !in(c->layout_mask, a->layout))
    return kUnsupported;
  if (a->block_size == 0) return kInvalid;
  if (a->blocks > 0 && (a->input == nullptr || a->scales == nullptr || a->codes == nullptr)) return kInvalid;
  return kOk;
}

}  // namespace mxconf::cuda_kernel
