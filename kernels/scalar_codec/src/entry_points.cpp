// The scalar codec's ABI entry points: arguments through the shared translator, codes through the layouts, then
// the library (entry_points.hpp says what each returns).
#include "entry_points.hpp"

#include <new>
#include <optional>
#include <span>
#include <vector>

#include "mxconf/abi/translate.hpp"
#include "mxconf/kernels/scalar_codec.hpp"

namespace mxconf::scalar_codec::entry {
namespace {

bool is_layout(mxconf_layout l) { return l == MXCONF_LAYOUT_BYTE || l == MXCONF_LAYOUT_PACKED; }
bool packs(mxconf_layout l, FormatId f) { return l == MXCONF_LAYOUT_PACKED && format_spec(f).bits < 8; }

int status(Status s) { return s == Status::ok ? MXCONF_STATUS_OK : MXCONF_STATUS_INVALID_ARGUMENT; }

// Runs `body`, mapping exceptions (allocation) to an internal error: nothing may cross the C boundary.
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
    if (a == nullptr || a->struct_size < sizeof(mxconf_convert_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto src = abi::to_format(a->source);
    const auto dst = abi::to_format(a->target);
    const auto r = abi::to_rounding(a->rounding);
    const auto o = abi::to_overflow(a->overflow);
    if (!src || !dst || !r || !o || !abi::is_wide(*src) || !abi::is_code_format(*dst) ||
        !is_layout(a->layout))
      return MXCONF_STATUS_UNSUPPORTED;
    auto p = a->policies == nullptr ? std::nullopt : abi::element_policies(*a->policies);
    if (!p || (a->count != 0 && (a->input == nullptr || a->output == nullptr)) ||
        (*r == Rounding::sr && a->count != 0 && a->random == nullptr))
      return MXCONF_STATUS_INVALID_ARGUMENT;
    p->overflow = *o;
    const ConvertPlan plan = make_convert_plan(*dst, *r, *p, *r == Rounding::sr ? kSrBits : 0);
    const std::span<const std::uint32_t> random =
        *r == Rounding::sr ? std::span<const std::uint32_t>(a->random, a->count) : std::span<const std::uint32_t>();
    std::vector<std::uint8_t> storage;
    const auto out = codes_out(*dst, a->layout, a->output, a->count, storage);
    Status s;
    if (*src == FormatId::fp32)
      s = convert_fp32(plan, {static_cast<const std::uint32_t*>(a->input), a->count}, random, out);
    else if (*src == FormatId::bf16)
      s = convert_bf16(plan, {static_cast<const std::uint16_t*>(a->input), a->count}, random, out);
    else
      s = convert_fp16(plan, {static_cast<const std::uint16_t*>(a->input), a->count}, random, out);
    codes_out_finish(*dst, a->layout, a->output, a->count, storage);
    return status(s);
  });
}

int decode(const mxconf_decode_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_decode_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto src = abi::to_format(a->source);
    const auto dst = abi::to_format(a->target);
    if (!src || !dst || !abi::is_code_format(*src) || *dst != FormatId::fp32 ||
        !is_layout(a->layout))
      return MXCONF_STATUS_UNSUPPORTED;
    if (a->count != 0 && (a->input == nullptr || a->output == nullptr)) return MXCONF_STATUS_INVALID_ARGUMENT;
    std::vector<std::uint8_t> storage;
    const auto codes = codes_in(*src, a->layout, a->input, a->count, storage);
    return status(decode_fp32(*src, codes, {a->output, a->count}));
  });
}

int quantize(const mxconf_quantize_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_quantize_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto src = abi::to_format(a->source);
    const auto element = abi::to_format(a->element);
    const auto rule = abi::to_scale_rule(a->rule);
    const auto r = abi::to_rounding(a->rounding);
    const auto o = abi::to_overflow(a->overflow);
    if (!src || !element || !rule || !r || !o || (*src != FormatId::fp32 && *src != FormatId::bf16) ||
        !is_element_format(*element) || !is_layout(a->layout))
      return MXCONF_STATUS_UNSUPPORTED;
    const auto p = a->policies == nullptr ? std::nullopt : abi::element_policies(*a->policies);
    if (!p || a->block_size == 0) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto block = abi::block_policies(*a->policies, *rule, *o);
    if (!block) return MXCONF_STATUS_INVALID_ARGUMENT;
    const std::size_t k = a->block_size;
    const std::size_t count = a->blocks * k;
    if (a->blocks != 0 && (a->input == nullptr || a->scales == nullptr || a->codes == nullptr ||
                           (*r == Rounding::sr && a->random == nullptr)))
      return MXCONF_STATUS_INVALID_ARGUMENT;
    const QuantizePlan plan = make_quantize_plan(*element, *r, *p, *block, *r == Rounding::sr ? kSrBits : 0);
    std::vector<std::uint8_t> storage;
    const auto codes = codes_out(*element, a->layout, a->codes, count, storage);
    Status first = Status::ok;
    for (std::size_t b = 0; b < a->blocks; ++b) {
      const auto random =
          *r == Rounding::sr ? std::span<const std::uint32_t>(a->random + b * k, k) : std::span<const std::uint32_t>();
      const auto out = codes.subspan(b * k, k);
      const Status s = *src == FormatId::fp32
                           ? quantize_block_fp32(plan, {static_cast<const std::uint32_t*>(a->input) + b * k, k}, random,
                                                 a->scales[b], out)
                           : quantize_block_bf16(plan, {static_cast<const std::uint16_t*>(a->input) + b * k, k}, random,
                                                 a->scales[b], out);
      if (s != Status::ok && first == Status::ok) first = s;
    }
    codes_out_finish(*element, a->layout, a->codes, count, storage);
    return status(first);
  });
}

int dequantize(const mxconf_dequantize_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_dequantize_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto element = abi::to_format(a->element);
    const auto dst = abi::to_format(a->target);
    const auto r = abi::to_rounding(a->rounding);
    if (!element || !dst || !r || !is_element_format(*element) || !abi::is_wide(*dst) || *r == Rounding::sr ||
        !is_layout(a->layout))
      return MXCONF_STATUS_UNSUPPORTED;
    if (a->block_size == 0) return MXCONF_STATUS_INVALID_ARGUMENT;
    const std::size_t k = a->block_size;
    const std::size_t count = a->blocks * k;
    if (a->blocks != 0 && (a->scales == nullptr || a->codes == nullptr || a->output == nullptr))
      return MXCONF_STATUS_INVALID_ARGUMENT;
    const DequantizePlan plan = make_dequantize_plan(*element, *dst, *r);
    std::vector<std::uint8_t> storage;
    const auto codes = codes_in(*element, a->layout, a->codes, count, storage);
    std::vector<std::uint32_t> values(k);
    Status first = Status::ok;
    for (std::size_t b = 0; b < a->blocks; ++b) {
      const Status s = dequantize_block(plan, a->scales[b], codes.subspan(b * k, k), values);
      if (s != Status::ok && first == Status::ok) first = s;
      for (std::size_t i = 0; i < k; ++i) {
        if (*dst == FormatId::fp32)
          static_cast<std::uint32_t*>(a->output)[b * k + i] = values[i];
        else
          static_cast<std::uint16_t*>(a->output)[b * k + i] = static_cast<std::uint16_t>(values[i]);
      }
    }
    return status(first);
  });
}

int dot(const mxconf_dot_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_dot_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto element = abi::to_format(a->element);
    const auto r = abi::to_rounding(a->rounding);
    if (!element || !r || !is_element_format(*element) || *r == Rounding::sr || !is_layout(a->layout))
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
    return status(first);
  });
}

}  // namespace mxconf::scalar_codec::entry
