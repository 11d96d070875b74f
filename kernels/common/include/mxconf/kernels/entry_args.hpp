// The argument checks every C++ kernel that follows MXCONF_CAP_POLICIES makes at its ABI entry points
// (mxconf/kernel.h), in one place: the scalar codec and the SIMD codec decode their calls here, through the shared
// translator (mxconf/abi/translate.hpp), and differ only in what they accept (`Accepts`).
//
// Each decode_* returns the call in reference types, or the status to return: MXCONF_STATUS_UNSUPPORTED for a
// value the ABI does not define or the kernel does not take (format, rounding, rule, layout), and
// MXCONF_STATUS_INVALID_ARGUMENT for a short or missing argument struct, a policy byte out of range, a zero block
// size or a missing buffer. The call arguments `overflow` (convert: ElementPolicies::overflow; quantize:
// BlockPolicies::element_overflow) and `rule` take precedence over the policy fields they name.
// Link mxconf::kernel_common and mxconf::abi_translate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>

#include "mxconf/abi/translate.hpp"
#include "mxconf/kernel.h"

namespace mxconf::kernels {

// Runs `body`, mapping exceptions to statuses: nothing may cross the C boundary (allocation failures are
// internal errors, anything else an invalid argument).
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

// A codec's own status (an enum class with `ok`) as the ABI's: every refusal is an invalid argument.
template <typename Status>
int abi_status(Status s) {
  return s == Status::ok ? MXCONF_STATUS_OK : MXCONF_STATUS_INVALID_ARGUMENT;
}

// What a kernel takes beyond the ABI's ranges: its layouts (bits 1 << mxconf_layout), whether it rounds
// stochastically (MXCONF_ROUND_SR, which then needs `random`), and its scale rules (bits 1 << mxconf_scale_rule).
struct Accepts {
  std::uint32_t layouts = std::uint32_t{1} << MXCONF_LAYOUT_BYTE;
  bool stochastic = false;
  std::uint32_t rules = abi::all_values_mask<ScaleRule>();
};

template <typename Call>
struct Decoded {
  int status = MXCONF_STATUS_OK;
  Call call{};
  bool ok() const { return status == MXCONF_STATUS_OK; }
};

inline bool accepts_layout(const Accepts& accepts, mxconf_layout l) {
  const int v = static_cast<int>(l);
  return v >= 0 && v < 32 && (accepts.layouts & (std::uint32_t{1} << v)) != 0;
}
inline bool accepts_rounding(const Accepts& accepts, Rounding r) { return accepts.stochastic || r != Rounding::sr; }

struct ConvertCall {
  FormatId source{}, target{};
  Rounding rounding{};
  ElementPolicies policies{};  // overflow: the call's argument
};

inline Decoded<ConvertCall> decode_convert(const mxconf_convert_args* a, const Accepts& accepts) {
  if (a == nullptr || a->struct_size < sizeof(mxconf_convert_args)) return {MXCONF_STATUS_INVALID_ARGUMENT};
  const auto src = abi::to_format(a->source);
  const auto dst = abi::to_format(a->target);
  const auto r = abi::to_rounding(a->rounding);
  const auto o = abi::to_overflow(a->overflow);
  if (!src || !dst || !r || !o || !abi::is_wide(*src) || !abi::is_code_format(*dst) ||
      !accepts_rounding(accepts, *r) || !accepts_layout(accepts, a->layout))
    return {MXCONF_STATUS_UNSUPPORTED};
  auto p = a->policies == nullptr ? std::nullopt : abi::element_policies(*a->policies);
  if (!p || (a->count != 0 && (a->input == nullptr || a->output == nullptr)) ||
      (*r == Rounding::sr && a->count != 0 && a->random == nullptr))
    return {MXCONF_STATUS_INVALID_ARGUMENT};
  p->overflow = *o;
  return {MXCONF_STATUS_OK, ConvertCall{.source = *src, .target = *dst, .rounding = *r, .policies = *p}};
}

struct DecodeCall {
  FormatId source{};  // the target is fp32
};

inline Decoded<DecodeCall> decode_decode(const mxconf_decode_args* a, const Accepts& accepts) {
  if (a == nullptr || a->struct_size < sizeof(mxconf_decode_args)) return {MXCONF_STATUS_INVALID_ARGUMENT};
  const auto src = abi::to_format(a->source);
  const auto dst = abi::to_format(a->target);
  if (!src || !dst || !abi::is_code_format(*src) || *dst != FormatId::fp32 ||
      !accepts_layout(accepts, a->layout))
    return {MXCONF_STATUS_UNSUPPORTED};
  if (a->count != 0 && (a->input == nullptr || a->output == nullptr)) return {MXCONF_STATUS_INVALID_ARGUMENT};
  return {MXCONF_STATUS_OK, DecodeCall{.source = *src}};
}

struct QuantizeCall {
  FormatId source{}, element{};
  Rounding rounding{};
  ElementPolicies policies{};
  BlockPolicies block{};  // rule and element_overflow: the call's arguments
  std::size_t k = 0, count = 0;  // block size; blocks * k
};

inline Decoded<QuantizeCall> decode_quantize(const mxconf_quantize_args* a, const Accepts& accepts) {
  if (a == nullptr || a->struct_size < sizeof(mxconf_quantize_args)) return {MXCONF_STATUS_INVALID_ARGUMENT};
  const auto src = abi::to_format(a->source);
  const auto element = abi::to_format(a->element);
  const auto rule = abi::to_scale_rule(a->rule);
  const auto r = abi::to_rounding(a->rounding);
  const auto o = abi::to_overflow(a->overflow);
  if (!src || !element || !rule || !r || !o || (*src != FormatId::fp32 && *src != FormatId::bf16) ||
      !is_element_format(*element) || !accepts_rounding(accepts, *r) ||
      !accepts_layout(accepts, a->layout) || (accepts.rules & (std::uint32_t{1} << a->rule)) == 0)
    return {MXCONF_STATUS_UNSUPPORTED};
  const auto p = a->policies == nullptr ? std::nullopt : abi::element_policies(*a->policies);
  if (!p || a->block_size == 0) return {MXCONF_STATUS_INVALID_ARGUMENT};
  const auto block = abi::block_policies(*a->policies, *rule, *o);
  if (!block) return {MXCONF_STATUS_INVALID_ARGUMENT};
  const std::size_t k = a->block_size;
  if (a->blocks != 0 && (a->input == nullptr || a->scales == nullptr || a->codes == nullptr ||
                         (*r == Rounding::sr && a->random == nullptr)))
    return {MXCONF_STATUS_INVALID_ARGUMENT};
  return {MXCONF_STATUS_OK, QuantizeCall{.source = *src,
                                         .element = *element,
                                         .rounding = *r,
                                         .policies = *p,
                                         .block = *block,
                                         .k = k,
                                         .count = a->blocks * k}};
}

struct DequantizeCall {
  FormatId element{}, target{};
  Rounding rounding{};
  std::size_t k = 0, count = 0;  // block size; blocks * k
};

inline Decoded<DequantizeCall> decode_dequantize(const mxconf_dequantize_args* a, const Accepts& accepts) {
  if (a == nullptr || a->struct_size < sizeof(mxconf_dequantize_args)) return {MXCONF_STATUS_INVALID_ARGUMENT};
  const auto element = abi::to_format(a->element);
  const auto dst = abi::to_format(a->target);
  const auto r = abi::to_rounding(a->rounding);
  // Dequantize rounds once into an IEEE format: never stochastically (kernel.h).
  if (!element || !dst || !r || !is_element_format(*element) || !abi::is_wide(*dst) || *r == Rounding::sr ||
      !accepts_layout(accepts, a->layout))
    return {MXCONF_STATUS_UNSUPPORTED};
  if (a->block_size == 0) return {MXCONF_STATUS_INVALID_ARGUMENT};
  const std::size_t k = a->block_size;
  if (a->blocks != 0 && (a->scales == nullptr || a->codes == nullptr || a->output == nullptr))
    return {MXCONF_STATUS_INVALID_ARGUMENT};
  return {MXCONF_STATUS_OK,
          DequantizeCall{.element = *element, .target = *dst, .rounding = *r, .k = k, .count = a->blocks * k}};
}

}  // namespace mxconf::kernels
