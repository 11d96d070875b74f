// The scalar codec's ABI entry points: arguments through the shared translator, codes through the layouts, then
// the library (entry_points.hpp says what each returns).
#include "entry_points.hpp"

#include <optional>
#include <span>
#include <vector>

#include "mxconf/abi/translate.hpp"
#include "mxconf/kernels/entry_args.hpp"
#include "mxconf/kernels/scalar_codec.hpp"

namespace mxconf::scalar_codec::entry {
namespace {

using kernels::abi_status;
using kernels::guarded;

bool packs(mxconf_layout l, FormatId f) { return l == MXCONF_LAYOUT_PACKED && format_spec(f).bits < 8; }

// Both layouts, stochastic rounding, every rule (capabilities.cpp declares the same).
constexpr kernels::Accepts kAccepts{.layouts = (std::uint32_t{1} << MXCONF_LAYOUT_BYTE) |
                                               (std::uint32_t{1} << MXCONF_LAYOUT_PACKED),
                                    .stochastic = true,
                                    .rules = abi::all_values_mask<ScaleRule>()};

// Element codes as bytes, whatever the layout: a view of the caller's bytes, or unpacked into `storage`.
std::span<const std::uint8_t> codes_in(FormatId f, mxconf_layout layout, const void* data, std::size_t count,
                                       std::vector<std::uint8_t>& storage) {
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  if (!packs(layout, f)) return {bytes, count};
  storage.resize(count);
  unpack_codes(f, {bytes, packed_size(f, count)}, storage);
  return storage;
}

// Where to write `count` codes: the caller's bytes directly, or `storage` to be packed by codes_out_finish.
std::span<std::uint8_t> codes_out(FormatId f, mxconf_layout layout, void* data, std::size_t count,
                                  std::vector<std::uint8_t>& storage) {
  if (!packs(layout, f)) return {static_cast<std::uint8_t*>(data), count};
  storage.assign(count, 0);
  return storage;
}
void codes_out_finish(FormatId f, mxconf_layout layout, void* data, std::size_t count,
                      const std::vector<std::uint8_t>& storage) {
  if (packs(layout, f)) pack_codes(f, storage, {static_cast<std::uint8_t*>(data), packed_size(f, count)});
}

}  // namespace

int convert(const mxconf_convert_args* a) noexcept {
  return guarded([&]() -> int {
    const auto d = kernels::decode_convert(a, kAccepts);
    if (!d.ok()) return d.status;
    const auto& c = d.call;
    const Rounding r = c.rounding;
    const ConvertPlan plan = make_convert_plan(c.target, r, c.policies, r == Rounding::sr ? kSrBits : 0);
    const std::span<const std::uint32_t> random =
        r == Rounding::sr ? std::span<const std::uint32_t>(a->random, a->count) : std::span<const std::uint32_t>();
    std::vector<std::uint8_t> storage;
    const auto out = codes_out(c.target, a->layout, a->output, a->count, storage);
    Status s;
    if (c.source == FormatId::fp32)
      s = convert_fp32(plan, {static_cast<const std::uint32_t*>(a->input), a->count}, random, out);
    else if (c.source == FormatId::bf16)
      s = convert_bf16(plan, {static_cast<const std::uint16_t*>(a->input), a->count}, random, out);
    else
      s = convert_fp16(plan, {static_cast<const std::uint16_t*>(a->input), a->count}, random, out);
    codes_out_finish(c.target, a->layout, a->output, a->count, storage);
    return abi_status(s);
  });
}

int decode(const mxconf_decode_args* a) noexcept {
  return guarded([&]() -> int {
    const auto d = kernels::decode_decode(a, kAccepts);
    if (!d.ok()) return d.status;
    std::vector<std::uint8_t> storage;
    const auto codes = codes_in(d.call.source, a->layout, a->input, a->count, storage);
    return abi_status(decode_fp32(d.call.source, codes, {a->output, a->count}));
  });
}

int quantize(const mxconf_quantize_args* a) noexcept {
  return guarded([&]() -> int {
    const auto d = kernels::decode_quantize(a, kAccepts);
    if (!d.ok()) return d.status;
    const auto& c = d.call;
    const Rounding r = c.rounding;
    const std::size_t k = c.k;
    const QuantizePlan plan = make_quantize_plan(c.element, r, c.policies, c.block, r == Rounding::sr ? kSrBits : 0);
    std::vector<std::uint8_t> storage;
    const auto codes = codes_out(c.element, a->layout, a->codes, c.count, storage);
    Status first = Status::ok;
    for (std::size_t b = 0; b < a->blocks; ++b) {
      const auto random =
          r == Rounding::sr ? std::span<const std::uint32_t>(a->random + b * k, k) : std::span<const std::uint32_t>();
      const auto out = codes.subspan(b * k, k);
      const Status s = c.source == FormatId::fp32
                           ? quantize_block_fp32(plan, {static_cast<const std::uint32_t*>(a->input) + b * k, k}, random,
                                                 a->scales[b], out)
                           : quantize_block_bf16(plan, {static_cast<const std::uint16_t*>(a->input) + b * k, k}, random,
                                                 a->scales[b], out);
      if (s != Status::ok && first == Status::ok) first = s;
    }
    codes_out_finish(c.element, a->layout, a->codes, c.count, storage);
    return abi_status(first);
  });
}

int dequantize(const mxconf_dequantize_args* a) noexcept {
  return guarded([&]() -> int {
    const auto d = kernels::decode_dequantize(a, kAccepts);
    if (!d.ok()) return d.status;
    const auto& c = d.call;
    const std::size_t k = c.k;
    const DequantizePlan plan = make_dequantize_plan(c.element, c.target, c.rounding);
    std::vector<std::uint8_t> storage;
    const auto codes = codes_in(c.element, a->layout, a->codes, c.count, storage);
    std::vector<std::uint32_t> values(k);
    Status first = Status::ok;
    for (std::size_t b = 0; b < a->blocks; ++b) {
      const Status s = dequantize_block(plan, a->scales[b], codes.subspan(b * k, k), values);
      if (s != Status::ok && first == Status::ok) first = s;
      for (std::size_t i = 0; i < k; ++i) {
        if (c.target == FormatId::fp32)
          static_cast<std::uint32_t*>(a->output)[b * k + i] = values[i];
        else
          static_cast<std::uint16_t*>(a->output)[b * k + i] = static_cast<std::uint16_t>(values[i]);
      }
    }
    return abi_status(first);
  });
}

int dot(const mxconf_dot_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_dot_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto element = abi::to_format(a->element);
    const auto r = abi::to_rounding(a->rounding);
    if (!element || !r || !is_element_format(*element) || *r == Rounding::sr ||
        !kernels::accepts_layout(kAccepts, a->layout))
      return MXCONF_STATUS_UNSUPPORTED;
    if (a->block_size == 0 || a->pairs == 0) return MXCONF_STATUS_INVALID_ARGUMENT;
    const std::size_t k = a->block_size;
    const std::size_t n = a->pairs;
    if (a->count != 0 && (a->scales_a == nullptr || a->scales_b == nullptr || a->codes_a == nullptr ||
                          a->codes_b == nullptr || a->output == nullptr))
      return MXCONF_STATUS_INVALID_ARGUMENT;
    std::vector<std::uint8_t> storage_a, storage_b;
    const auto codes_a = codes_in(*element, a->layout, a->codes_a, a->count * n * k, storage_a);
    const auto codes_b = codes_in(*element, a->layout, a->codes_b, a->count * n * k, storage_b);
    Status first = Status::ok;
    for (std::size_t d = 0; d < a->count; ++d) {
      const Status s = dot_fp32(*element, *element, *r, k, {a->scales_a + d * n, n}, codes_a.subspan(d * n * k, n * k),
                                {a->scales_b + d * n, n}, codes_b.subspan(d * n * k, n * k), a->output[d]);
      if (s != Status::ok && first == Status::ok) first = s;
    }
    return abi_status(first);
  });
}

}  // namespace mxconf::scalar_codec::entry
