// The SIMD codec's ABI entry points: arguments through the shared checks (entry_args.hpp), then the library
// (entry_points.hpp says what each returns).
#include "entry_points.hpp"

#include <span>

#include "mxconf/kernels/simd_codec.hpp"

namespace mxconf::simd_codec::entry {

using kernels::abi_status;
using kernels::guarded;

int convert(const mxconf_convert_args* a) noexcept {
  return guarded([&]() -> int {
    const auto d = kernels::decode_convert(a, kAccepts);
    if (!d.ok()) return d.status;
    const ConvertPlan plan = make_convert_plan(d.call.target, d.call.rounding, d.call.policies);
    const std::span<std::uint8_t> out(static_cast<std::uint8_t*>(a->output), a->count);
    switch (d.call.source) {
      case FormatId::fp32:
        return abi_status(convert_fp32(plan, {static_cast<const std::uint32_t*>(a->input), a->count}, out));
      case FormatId::bf16:
        return abi_status(convert_bf16(plan, {static_cast<const std::uint16_t*>(a->input), a->count}, out));
      default:
        return abi_status(convert_fp16(plan, {static_cast<const std::uint16_t*>(a->input), a->count}, out));
    }
  });
}

int decode(const mxconf_decode_args* a) noexcept {
  return guarded([&]() -> int {
    const auto d = kernels::decode_decode(a, kAccepts);
    if (!d.ok()) return d.status;
    return abi_status(
        decode_fp32(d.call.source, {static_cast<const std::uint8_t*>(a->input), a->count}, {a->output, a->count}));
  });
}

int quantize(const mxconf_quantize_args* a) noexcept {
  return guarded([&]() -> int {
    const auto d = kernels::decode_quantize(a, kAccepts);
    if (!d.ok()) return d.status;
    const auto& c = d.call;
    const QuantizePlan plan = make_quantize_plan(c.element, c.rounding, c.policies, c.block);
    const std::span<std::uint8_t> scales(a->scales, a->blocks);
    const std::span<std::uint8_t> codes(static_cast<std::uint8_t*>(a->codes), c.count);
    if (c.source == FormatId::fp32)
      return abi_status(quantize_fp32(plan, c.k, {static_cast<const std::uint32_t*>(a->input), c.count}, scales, codes));
    return abi_status(quantize_bf16(plan, c.k, {static_cast<const std::uint16_t*>(a->input), c.count}, scales, codes));
  });
}

int dequantize(const mxconf_dequantize_args* a) noexcept {
  return guarded([&]() -> int {
    const auto d = kernels::decode_dequantize(a, kAccepts);
    if (!d.ok()) return d.status;
    const auto& c = d.call;
    const ConvertPlan plan = make_ieee_plan(c.target, c.rounding);
    const std::span<const std::uint8_t> scales(a->scales, a->blocks);
    const std::span<const std::uint8_t> codes(static_cast<const std::uint8_t*>(a->codes), c.count);
    if (c.target == FormatId::fp32)
      return abi_status(
          dequantize(plan, c.element, c.k, scales, codes, {static_cast<std::uint32_t*>(a->output), c.count}, {}));
    return abi_status(
        dequantize(plan, c.element, c.k, scales, codes, {}, {static_cast<std::uint16_t*>(a->output), c.count}));
  });
}

}  // namespace mxconf::simd_codec::entry
