// The scalar codec as an mxconf kernel (harness/include/mxconf/kernel.h): a capability table and the C ABI
// mapped onto the library. It follows any policy (MXCONF_CAP_POLICIES): mxconf_policies fields are the reference
// enums' declaration-order numbers, and the call arguments `overflow` (convert: ElementPolicies::overflow;
// quantize: BlockPolicies::element_overflow) and `rule` take precedence over the policy fields they name.
// Refusals (NaN under nan-into-finite=error, a negative into e8m0 under negative-into-unsigned=error, a random
// value wider than sr_bits, a code wider than its format) return MXCONF_STATUS_INVALID_ARGUMENT.
#include <array>
#include <new>
#include <optional>
#include <vector>

#include "mxconf/kernel.h"
#include "mxconf/kernels/scalar_codec.hpp"

namespace mxconf::scalar_codec {
namespace {

// ---- mxconf_policies numbering: declaration order from 0 (kernel.h). Each enum's last value pins its count. ----
static_assert(static_cast<int>(Overflow::saturate) == 0 && static_cast<int>(Overflow::non_saturating) == 1);
static_assert(static_cast<int>(DirectedOverflow::largest_finite) == 0 &&
              static_cast<int>(DirectedOverflow::non_finite) == 1);
static_assert(static_cast<int>(InfUnderSaturation::clamp) == 0 &&
              static_cast<int>(InfUnderSaturation::keep_special) == 1);
static_assert(static_cast<int>(NanSign::positive) == 0 && static_cast<int>(NanSign::keep) == 1);
static_assert(static_cast<int>(NanMantissa::all_ones) == 0 && static_cast<int>(NanMantissa::quiet_bit) == 1);
static_assert(static_cast<int>(NanIntoFinite::positive_max) == 0 && static_cast<int>(NanIntoFinite::error) == 4);
static_assert(static_cast<int>(Int8Range::symmetric) == 0 && static_cast<int>(Int8Range::full) == 1);
static_assert(static_cast<int>(SubnormalInput::keep) == 0 && static_cast<int>(SubnormalInput::flush) == 1);
static_assert(static_cast<int>(NegativeIntoUnsigned::magnitude) == 0 &&
              static_cast<int>(NegativeIntoUnsigned::error) == 2);
static_assert(static_cast<int>(ZeroIntoE8m0::smallest) == 0 && static_cast<int>(ZeroIntoE8m0::nan) == 1);
static_assert(static_cast<int>(E8m0SubnormalRounding::exact) == 0 &&
              static_cast<int>(E8m0SubnormalRounding::up_above_smallest) == 1);
static_assert(static_cast<int>(BlockNan::nan_scale) == 0 && static_cast<int>(BlockNan::ignore_in_amax) == 1);
static_assert(static_cast<int>(BlockInf::nan_scale) == 0 && static_cast<int>(BlockInf::largest_scale) == 1);
static_assert(static_cast<int>(ZeroAmax::smallest_scale) == 0 && static_cast<int>(ZeroAmax::fp32_min_normal) == 1);
static_assert(static_cast<int>(ScaleOverflow::clamp) == 0 && static_cast<int>(ScaleOverflow::nan) == 1);

constexpr int kSrBits = 8;  // random bits per element under MXCONF_ROUND_SR (NVIDIA cvt.rs)

template <typename E>
std::optional<E> policy(std::uint8_t value, int count) {
  if (value >= count) return std::nullopt;
  return static_cast<E>(value);
}

std::optional<ElementPolicies> element_policies(const mxconf_policies* p) {
  if (p == nullptr) return std::nullopt;
  const auto overflow = policy<Overflow>(p->overflow, 2);
  const auto directed = policy<DirectedOverflow>(p->directed_overflow, 2);
  const auto inf = policy<InfUnderSaturation>(p->inf_under_saturation, 2);
  const auto nan_sign = policy<NanSign>(p->nan_sign, 2);
  const auto nan_mantissa = policy<NanMantissa>(p->nan_mantissa, 2);
  const auto nan_into_finite = policy<NanIntoFinite>(p->nan_into_finite, 5);
  const auto int8_range = policy<Int8Range>(p->int8_range, 2);
  const auto subnormal = policy<SubnormalInput>(p->subnormal_input, 2);
  const auto negative = policy<NegativeIntoUnsigned>(p->negative_into_unsigned, 3);
  const auto zero = policy<ZeroIntoE8m0>(p->zero_into_e8m0, 2);
  const auto e8m0 = policy<E8m0SubnormalRounding>(p->e8m0_subnormal_rounding, 2);
  if (!overflow || !directed || !inf || !nan_sign || !nan_mantissa || !nan_into_finite || !int8_range || !subnormal ||
      !negative || !zero || !e8m0)
    return std::nullopt;
  return ElementPolicies{
      *overflow, *directed, *inf, NanEncoding{*nan_sign, *nan_mantissa}, *nan_into_finite, *int8_range, *subnormal,
      *negative, *zero,     *e8m0};
}

std::optional<FormatId> format(mxconf_format f) {
  switch (f) {
    case MXCONF_FORMAT_E4M3:
      return FormatId::e4m3;
    case MXCONF_FORMAT_E5M2:
      return FormatId::e5m2;
    case MXCONF_FORMAT_E3M2:
      return FormatId::e3m2;
    case MXCONF_FORMAT_E2M3:
      return FormatId::e2m3;
    case MXCONF_FORMAT_E2M1:
      return FormatId::e2m1;
    case MXCONF_FORMAT_INT8:
      return FormatId::int8;
    case MXCONF_FORMAT_E8M0:
      return FormatId::e8m0;
    case MXCONF_FORMAT_FP32:
      return FormatId::fp32;
    case MXCONF_FORMAT_BF16:
      return FormatId::bf16;
    case MXCONF_FORMAT_FP16:
      return FormatId::fp16;
  }
  return std::nullopt;
}

std::optional<Rounding> rounding(mxconf_rounding r) {
  switch (r) {
    case MXCONF_ROUND_RNE:
      return Rounding::rne;
    case MXCONF_ROUND_RTZ:
      return Rounding::rtz;
    case MXCONF_ROUND_RUP:
      return Rounding::rup;
    case MXCONF_ROUND_RDN:
      return Rounding::rdn;
    case MXCONF_ROUND_RNA:
      return Rounding::rna;
    case MXCONF_ROUND_SR:
      return Rounding::sr;
  }
  return std::nullopt;
}

std::optional<Overflow> overflow(mxconf_overflow o) {
  switch (o) {
    case MXCONF_OVERFLOW_SATURATE:
      return Overflow::saturate;
    case MXCONF_OVERFLOW_NON_SATURATING:
      return Overflow::non_saturating;
  }
  return std::nullopt;
}

std::optional<ScaleRule> scale_rule(mxconf_scale_rule r) {
  switch (r) {
    case MXCONF_SCALE_FLOOR:
      return ScaleRule::floor;
    case MXCONF_SCALE_CEIL:
      return ScaleRule::ceil;
    case MXCONF_SCALE_EVEN:
      return ScaleRule::even;
    case MXCONF_SCALE_RCEIL:
      return ScaleRule::rceil;
    case MXCONF_SCALE_RCEIL_FP32:
      return ScaleRule::rceil_fp32;
    case MXCONF_SCALE_TOSA:
      return ScaleRule::tosa;
    case MXCONF_SCALE_TOSA_2023:
      return ScaleRule::tosa_2023;
    case MXCONF_SCALE_FP4_THREE_QUARTERS:
      return ScaleRule::fp4_three_quarters;
  }
  return std::nullopt;
}

bool is_layout(mxconf_layout l) { return l == MXCONF_LAYOUT_BYTE || l == MXCONF_LAYOUT_PACKED; }
bool packs(mxconf_layout l, FormatId f) { return l == MXCONF_LAYOUT_PACKED && format_spec(f).bits < 8; }
bool is_wide(FormatId f) { return f == FormatId::fp32 || f == FormatId::bf16 || f == FormatId::fp16; }

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

// ---- Operations. ----

int convert_entry(const mxconf_convert_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_convert_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto src = format(a->source);
    const auto dst = format(a->target);
    const auto r = rounding(a->rounding);
    const auto o = overflow(a->overflow);
    if (!src || !dst || !r || !o || !is_wide(*src) || !(is_element_format(*dst) || *dst == FormatId::e8m0) ||
        !is_layout(a->layout))
      return MXCONF_STATUS_UNSUPPORTED;
    auto p = element_policies(a->policies);
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

int decode_entry(const mxconf_decode_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_decode_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto src = format(a->source);
    const auto dst = format(a->target);
    if (!src || !dst || !(is_element_format(*src) || *src == FormatId::e8m0) || *dst != FormatId::fp32 ||
        !is_layout(a->layout))
      return MXCONF_STATUS_UNSUPPORTED;
    if (a->count != 0 && (a->input == nullptr || a->output == nullptr)) return MXCONF_STATUS_INVALID_ARGUMENT;
    std::vector<std::uint8_t> storage;
    const auto codes = codes_in(*src, a->layout, a->input, a->count, storage);
    return status(decode_fp32(*src, codes, {a->output, a->count}));
  });
}

int quantize_entry(const mxconf_quantize_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_quantize_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto src = format(a->source);
    const auto element = format(a->element);
    const auto rule = scale_rule(a->rule);
    const auto r = rounding(a->rounding);
    const auto o = overflow(a->overflow);
    if (!src || !element || !rule || !r || !o || (*src != FormatId::fp32 && *src != FormatId::bf16) ||
        !is_element_format(*element) || !is_layout(a->layout))
      return MXCONF_STATUS_UNSUPPORTED;
    const auto p = element_policies(a->policies);
    if (!p || a->block_size == 0) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto bn = policy<BlockNan>(a->policies->block_nan, 2);
    const auto bi = policy<BlockInf>(a->policies->block_inf, 2);
    const auto za = policy<ZeroAmax>(a->policies->zero_amax, 2);
    const auto so = policy<ScaleOverflow>(a->policies->scale_overflow, 2);
    if (!bn || !bi || !za || !so) return MXCONF_STATUS_INVALID_ARGUMENT;
    const std::size_t k = a->block_size;
    const std::size_t count = a->blocks * k;
    if (a->blocks != 0 && (a->input == nullptr || a->scales == nullptr || a->codes == nullptr ||
                           (*r == Rounding::sr && a->random == nullptr)))
      return MXCONF_STATUS_INVALID_ARGUMENT;
    const QuantizePlan plan = make_quantize_plan(*element, *r, *p, BlockPolicies{*rule, *bn, *bi, *za, *so, *o},
                                                 *r == Rounding::sr ? kSrBits : 0);
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

int dequantize_entry(const mxconf_dequantize_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_dequantize_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto element = format(a->element);
    const auto dst = format(a->target);
    const auto r = rounding(a->rounding);
    if (!element || !dst || !r || !is_element_format(*element) || !is_wide(*dst) || *r == Rounding::sr ||
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

int dot_entry(const mxconf_dot_args* a) noexcept {
  return guarded([&]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_dot_args)) return MXCONF_STATUS_INVALID_ARGUMENT;
    const auto element = format(a->element);
    const auto r = rounding(a->rounding);
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

// ---- The capability table. ----

constexpr std::uint32_t bit(int v) { return std::uint32_t{1} << v; }
constexpr std::uint32_t kAllRoundings = bit(MXCONF_ROUND_RNE) | bit(MXCONF_ROUND_RTZ) | bit(MXCONF_ROUND_RUP) |
                                        bit(MXCONF_ROUND_RDN) | bit(MXCONF_ROUND_RNA) | bit(MXCONF_ROUND_SR);
constexpr std::uint32_t kDeterministicRoundings = kAllRoundings & ~bit(MXCONF_ROUND_SR);
constexpr std::uint32_t kBothOverflows = bit(MXCONF_OVERFLOW_SATURATE) | bit(MXCONF_OVERFLOW_NON_SATURATING);
constexpr std::uint32_t kAllRules = bit(MXCONF_SCALE_FLOOR) | bit(MXCONF_SCALE_CEIL) | bit(MXCONF_SCALE_EVEN) |
                                    bit(MXCONF_SCALE_RCEIL) | bit(MXCONF_SCALE_RCEIL_FP32) | bit(MXCONF_SCALE_TOSA) |
                                    bit(MXCONF_SCALE_TOSA_2023) | bit(MXCONF_SCALE_FP4_THREE_QUARTERS);
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
                            &convert_entry,
                            &decode_entry,
                            &quantize_entry,
                            &dequantize_entry,
                            &dot_entry};

}  // namespace
}  // namespace mxconf::scalar_codec

extern "C" __attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) {
  return &mxconf::scalar_codec::kKernel;
}
