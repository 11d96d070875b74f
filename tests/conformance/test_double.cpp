#include "test_double.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <exception>
#include <span>
#include <stdexcept>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/dot.hpp"
#include "mxconf/reference/error.hpp"

namespace mxconf::testing {
namespace {

const TestDouble* g_active = nullptr;

constexpr std::uint32_t bit(unsigned v) { return 1u << v; }
constexpr int kSrBits = 8;

const DoubleOptions& opts() { return g_active->options(); }
const Profile& profile() { return *opts().profile; }
bool fault(Fault f) { return opts().fault == f; }

// ABI values are the reference enumerators + 1.
FormatId format(mxconf_format f) { return static_cast<FormatId>(static_cast<int>(f) - 1); }
Rounding rounding(mxconf_rounding r) { return static_cast<Rounding>(static_cast<int>(r) - 1); }
Overflow overflow(mxconf_overflow o) { return static_cast<Overflow>(static_cast<int>(o) - 1); }
ScaleRule rule(mxconf_scale_rule r) { return static_cast<ScaleRule>(static_cast<int>(r) - 1); }

// The faulty rounding: rne becomes rna.
Rounding faulty(Rounding r) { return fault(Fault::ties_away) && r == Rounding::rne ? Rounding::rna : r; }

int width(FormatId f) { return format_spec(f).bits; }
std::size_t code_bytes(std::size_t n, int w, mxconf_layout layout) {
  return layout == MXCONF_LAYOUT_PACKED && w < 8 ? (n * static_cast<std::size_t>(w) + 7) / 8 : n;
}
void store_codes(const std::vector<std::uint64_t>& codes, int w, mxconf_layout layout, void* out) {
  auto* b = static_cast<std::uint8_t*>(out);
  if (!(layout == MXCONF_LAYOUT_PACKED && w < 8)) {
    for (std::size_t i = 0; i < codes.size(); ++i) b[i] = static_cast<std::uint8_t>(codes[i]);
    return;
  }
  std::memset(b, 0, code_bytes(codes.size(), w, layout));
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const std::size_t at = i * static_cast<std::size_t>(w);
    const unsigned window = static_cast<unsigned>(codes[i]) << (at % 8);
    b[at / 8] = static_cast<std::uint8_t>(b[at / 8] | (window & 0xff));
    if (at % 8 + static_cast<std::size_t>(w) > 8) b[at / 8 + 1] = static_cast<std::uint8_t>(b[at / 8 + 1] | (window >> 8));
  }
}
std::uint64_t load_code(const void* in, std::size_t i, int w, mxconf_layout layout) {
  const auto* b = static_cast<const std::uint8_t*>(in);
  if (!(layout == MXCONF_LAYOUT_PACKED && w < 8)) return b[i];
  const std::size_t at = i * static_cast<std::size_t>(w);
  unsigned window = b[at / 8];
  if (at % 8 + static_cast<std::size_t>(w) > 8) window |= static_cast<unsigned>(b[at / 8 + 1]) << 8;
  return (window >> (at % 8)) & ((1u << w) - 1);
}
std::uint64_t load_wide(const void* in, FormatId f, std::size_t i) {
  return f == FormatId::fp32 ? static_cast<const std::uint32_t*>(in)[i] : static_cast<const std::uint16_t*>(in)[i];
}
void store_wide(void* out, FormatId f, std::size_t i, std::uint64_t v) {
  if (f == FormatId::fp32)
    static_cast<std::uint32_t*>(out)[i] = static_cast<std::uint32_t>(v);
  else
    static_cast<std::uint16_t*>(out)[i] = static_cast<std::uint16_t>(v);
}

// The carry faults on a finite value already scaled into the element's range (`y`, exact) and the correct code
// `code`: the wrong code the faulty kernel writes, or `code` where the fault does not reach.
std::uint64_t carried(const ExactValue& y, FormatId to, Rounding r, Overflow o, std::uint64_t code) {
  if (!y.is_finite() || o != Overflow::saturate || !(r == Rounding::rne || r == Rounding::rna)) return code;
  const ExactValue a = y.abs();
  const auto between = [&](std::int64_t lo_num, std::int64_t lo_exp, bool lo_open, std::int64_t hi) {
    const auto lo = compare(a, ExactValue::dyadic(lo_num, lo_exp));
    return (lo_open ? lo > 0 : lo >= 0) && compare(a, ExactValue::dyadic(hi, 0)) < 0;
  };
  const std::uint64_t sign = y.negative() ? sign_mask(format_spec(to)) : 0;
  if (fault(Fault::carry_into_nan) && to == FormatId::e4m3 && between(464, 0, true, 480)) return sign | 0x7f;
  if (fault(Fault::wrapped_carry) && to == FormatId::e4m3 && between(496, 0, false, 512)) return (sign + 0x80) & 0xff;
  if (fault(Fault::wrapped_carry) && to == FormatId::e2m1 && between(7, 0, false, 8)) return (sign + 0x8) & 0xf;
  return code;
}

// E8M0 as the faulty kernel reads it.
ExactValue scale_value(std::uint64_t code) {
  if (fault(Fault::e8m0_zero) && code == 0) return ExactValue::zero(false);
  return decode(format_spec(FormatId::e8m0), code);
}

template <typename F>
int guarded(F&& body, void* output, std::size_t output_bytes) {
  if (fault(Fault::error_status)) return MXCONF_STATUS_INTERNAL_ERROR;
  try {
    const int status = body();
    if (fault(Fault::overrun) && output != nullptr) static_cast<std::uint8_t*>(output)[output_bytes] = 0x00;
    return status;
  } catch (const InvalidArgument&) {
    return MXCONF_STATUS_INVALID_ARGUMENT;
  } catch (const std::exception&) {
    return MXCONF_STATUS_INTERNAL_ERROR;
  }
}

int convert(const mxconf_convert_args* a) {
  const FormatId from = format(a->source), to = format(a->target);
  return guarded(
      [&] {
        EncodeOptions o = encode_options(profile(), format_spec(to));
        o.rounding = faulty(rounding(a->rounding));
        o.policies.overflow = overflow(a->overflow);
        std::vector<std::uint64_t> codes(a->count);
        for (std::size_t i = 0; i < a->count; ++i) {
          const std::uint64_t p = load_wide(a->input, from, i);
          if (o.rounding == Rounding::sr) o.stochastic = StochasticBits{kSrBits, a->random[i]};
          const bool nan = decode(format_spec(from), p).is_nan();
          if (fault(Fault::nan_as_ff) && nan && (to == FormatId::e4m3 || to == FormatId::e5m2)) {
            codes[i] = 0xff;
            continue;
          }
          try {
            codes[i] = mxconf::convert(format_spec(from), p, format_spec(to), o);
            codes[i] = carried(decode(format_spec(from), p), to, o.rounding, o.policies.overflow, codes[i]);
          } catch (const InvalidArgument&) {
            codes[i] = 0;  // no encoding under the policies: anything will do (don't-care)
          }
        }
        store_codes(codes, width(to), a->layout, a->output);
        return MXCONF_STATUS_OK;
      },
      a->output, code_bytes(a->count, width(to), a->layout));
}

int decode_op(const mxconf_decode_args* a) {
  const FormatId from = format(a->source);
  return guarded(
      [&] {
        const FormatSpec& fp32 = format_spec(FormatId::fp32);
        for (std::size_t i = 0; i < a->count; ++i) {
          const std::uint64_t c = load_code(a->input, i, width(from), a->layout);
          const ExactValue v = from == FormatId::e8m0 ? scale_value(c) : decode(format_spec(from), c);
          a->output[i] = static_cast<std::uint32_t>(encode(v, fp32, ieee_encode_options(Rounding::rne)));
        }
        return MXCONF_STATUS_OK;
      },
      a->output, a->count * 4);
}

// The scale the faulty kernel chooses for a block whose correct scale is `correct`, or `correct`.
std::uint64_t faulty_scale(std::span<const ExactValue> values, const QuantizeOptions& o, std::uint64_t correct) {
  ExactValue amax = ExactValue::zero(false);
  for (const ExactValue& v : values) {
    if (!v.is_finite()) return correct;  // NaN / Inf blocks follow the block policies, unharmed
    if (compare_magnitude(v, amax) > 0) amax = v.abs();
  }
  if (fault(Fault::zero_amax_nan) && amax.is_zero()) return 0xff;
  if (amax.is_zero() || correct == 0xff) return correct;
  if (fault(Fault::log2f_floor) && o.block.rule == ScaleRule::floor) {
    // floor(log2f(amax)) in float: log2f rounds to the integer just below a power of two.
    const float a = std::bit_cast<float>(
        static_cast<std::uint32_t>(encode(amax, format_spec(FormatId::fp32), ieee_encode_options(Rounding::rne))));
    const auto delta = static_cast<std::int64_t>(std::floor(::log2f(a))) - amax.floor_log2();
    return static_cast<std::uint64_t>(std::clamp<std::int64_t>(static_cast<std::int64_t>(correct) + delta, 0, 0xfe));
  }
  return correct;
}

// quantize_block with the scale faults: the elements are quantized against the faulty scale, as the kernel does.
QuantizedBlock faulty_block(std::span<const ExactValue> values, const FormatSpec& element, QuantizeOptions o) {
  if (fault(Fault::rceil_fp32_reciprocal) && o.block.rule == ScaleRule::rceil) o.block.rule = ScaleRule::rceil_fp32;
  QuantizedBlock q = quantize_block(values, element, o);
  const std::uint64_t scale = faulty_scale(values, o, q.scale);
  EncodeOptions e = o.element;
  e.policies.overflow = o.block.element_overflow;
  if (scale != q.scale) {
    q.scale = scale;
    if (scale != 0xff)
      for (std::size_t i = 0; i < values.size(); ++i)
        q.codes[i] = encode(values[i].scaled_by_power_of_two(127 - static_cast<std::int64_t>(scale)), element, e);
  }
  if (fault(Fault::carry_into_nan) || fault(Fault::wrapped_carry))
    if (q.scale != 0xff)
      for (std::size_t i = 0; i < values.size(); ++i)
        q.codes[i] = carried(values[i].scaled_by_power_of_two(127 - static_cast<std::int64_t>(q.scale)), element.id,
                             e.rounding, e.policies.overflow, q.codes[i]);
  return q;
}

// Fault::sr_sticky: at r = 2^K - 1 an inexact element rounds away from zero, which is wrong only where its top K
// discarded bits are all 0 (elsewhere top + 2^K - 1 >= 2^K rounds up anyway). V / X as floor and rceil-fp32 form it.
void sticky(std::span<const ExactValue> values, FormatId element, const QuantizeOptions& o, QuantizedBlock& q) {
  if (q.scale == 0 || q.scale == 0xff || o.block.rule == ScaleRule::fp4_three_quarters) return;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (o.random[i] != (1u << kSrBits) - 1 || !values[i].is_finite()) continue;
    const ExactValue x = values[i].scaled_by_power_of_two(127 - static_cast<std::int64_t>(q.scale));
    EncodeOptions e = o.element;
    e.policies.overflow = o.block.element_overflow;
    e.rounding = x.negative() ? Rounding::rdn : Rounding::rup;
    q.codes[i] = encode(x, format_spec(element), e);
  }
}

int quantize(const mxconf_quantize_args* a) {
  const FormatId from = format(a->source), element = format(a->element);
  const std::size_t k = a->block_size;
  return guarded(
      [&] {
        QuantizeOptions o = quantize_options(profile());
        o.block.rule = rule(a->rule);
        o.block.element_overflow = overflow(a->overflow);
        o.element.rounding = faulty(rounding(a->rounding));
        o.element.stochastic.bits = kSrBits;
        std::vector<std::uint64_t> codes;
        std::vector<std::uint64_t> random(k);
        for (std::size_t b = 0; b < a->blocks; ++b) {
          std::vector<ExactValue> values;
          for (std::size_t j = 0; j < k; ++j)
            values.push_back(decode_source(format_spec(from), load_wide(a->input, from, b * k + j),
                                           profile().element.subnormal_input));
          if (o.element.rounding == Rounding::sr) {
            for (std::size_t j = 0; j < k; ++j) random[j] = a->random[b * k + j];
            // top + r > 2^K is top + (r - 1) >= 2^K; r = 0 never rounds up either way.
            if (fault(Fault::sr_strict))
              for (auto& r : random) r = r > 0 ? r - 1 : 0;
            o.random = random;
            if (fault(Fault::sr_ignores_random)) o.element.rounding = Rounding::rne;
          }
          QuantizedBlock q = faulty_block(values, format_spec(element), o);
          if (fault(Fault::sr_sticky) && o.element.rounding == Rounding::sr) sticky(values, element, o, q);
          a->scales[b] = static_cast<std::uint8_t>(q.scale);
          codes.insert(codes.end(), q.codes.begin(), q.codes.end());
        }
        store_codes(codes, width(element), a->layout, a->codes);
        return MXCONF_STATUS_OK;
      },
      a->codes, code_bytes(a->blocks * k, width(element), a->layout));
}

int dequantize(const mxconf_dequantize_args* a) {
  const FormatId element = format(a->element), to = format(a->target);
  const std::size_t k = a->block_size;
  return guarded(
      [&] {
        const EncodeOptions ieee = ieee_encode_options(rounding(a->rounding));
        for (std::size_t b = 0; b < a->blocks; ++b) {
          const ExactValue x = scale_value(a->scales[b]);
          for (std::size_t j = 0; j < k; ++j) {
            const ExactValue p = decode(format_spec(element), load_code(a->codes, b * k + j, width(element), a->layout));
            const ExactValue v = x.is_nan() ? ExactValue::nan(false) : multiply(x, p);
            store_wide(a->output, to, b * k + j, encode(v, format_spec(to), ieee));
          }
        }
        return MXCONF_STATUS_OK;
      },
      a->output, a->blocks * k * (to == FormatId::fp32 ? 4 : 2));
}

float to_float(const ExactValue& v) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(
      encode(v, format_spec(FormatId::fp32), ieee_encode_options(Rounding::rne))));
}

// fp32 accumulation in a fixed order: block sums of P_A P_B (exact products), scaled by X_A then X_B, summed.
std::uint32_t fp32_dot(const mxconf_dot_args* a, std::size_t d, const FormatSpec& f) {
  const std::size_t k = a->block_size, n = a->pairs;
  float acc = 0.0f;
  for (std::size_t p = 0; p < n; ++p) {
    const std::size_t block = d * n + p;
    float sum = 0.0f;
    for (std::size_t j = 0; j < k; ++j)
      sum += to_float(decode(f, load_code(a->codes_a, block * k + j, f.bits, a->layout))) *
             to_float(decode(f, load_code(a->codes_b, block * k + j, f.bits, a->layout)));
    acc += sum * to_float(scale_value(a->scales_a[block])) * to_float(scale_value(a->scales_b[block]));
  }
  return std::bit_cast<std::uint32_t>(acc);
}

int dot(const mxconf_dot_args* a) {
  const FormatId element = format(a->element);
  const std::size_t k = a->block_size, n = a->pairs;
  return guarded(
      [&] {
        const FormatSpec& f = format_spec(element);
        for (std::size_t d = 0; d < a->count; ++d) {
          if (fault(Fault::dot_fp32_accumulation)) {
            a->output[d] = fp32_dot(a, d, f);
            continue;
          }
          ExactValue sum = ExactValue::zero(false);
          for (std::size_t p = 0; p < n; ++p) {
            const std::size_t block = d * n + p;
            const ExactValue x = multiply(scale_value(a->scales_a[block]), scale_value(a->scales_b[block]));
            ExactValue s = ExactValue::zero(false);
            for (std::size_t j = 0; j < (fault(Fault::dot_drops_last) ? k - 1 : k); ++j)
              s = add(s, multiply(decode(f, load_code(a->codes_a, block * k + j, f.bits, a->layout)),
                                  decode(f, load_code(a->codes_b, block * k + j, f.bits, a->layout))));
            sum = add(sum, multiply(x, s));
          }
          a->output[d] = static_cast<std::uint32_t>(dot_to_fp32(sum, rounding(a->rounding)));
        }
        return MXCONF_STATUS_OK;
      },
      a->output, a->count * 4);
}

std::vector<mxconf_capability> all_capabilities(std::uint32_t layouts) {
  constexpr mxconf_format kSources[] = {MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16, MXCONF_FORMAT_FP16};
  constexpr mxconf_format kElements[] = {MXCONF_FORMAT_E4M3, MXCONF_FORMAT_E5M2, MXCONF_FORMAT_E3M2,
                                         MXCONF_FORMAT_E2M3, MXCONF_FORMAT_E2M1, MXCONF_FORMAT_INT8};
  constexpr mxconf_format kWide[] = {MXCONF_FORMAT_FP32, MXCONF_FORMAT_BF16, MXCONF_FORMAT_FP16};
  const std::uint32_t all_roundings = bit(MXCONF_ROUND_RNE) | bit(MXCONF_ROUND_RTZ) | bit(MXCONF_ROUND_RUP) |
                                      bit(MXCONF_ROUND_RDN) | bit(MXCONF_ROUND_RNA) | bit(MXCONF_ROUND_SR);
  const std::uint32_t ieee = bit(MXCONF_ROUND_RNE) | bit(MXCONF_ROUND_RTZ) | bit(MXCONF_ROUND_RUP) | bit(MXCONF_ROUND_RDN);
  const std::uint32_t overflows = bit(MXCONF_OVERFLOW_SATURATE) | bit(MXCONF_OVERFLOW_NON_SATURATING);
  const std::uint32_t rules = 0x3feu;  // MXCONF_SCALE_FLOOR (1) .. MXCONF_SCALE_RCEIL_LOG2F (9)
  std::vector<mxconf_capability> caps;
  const auto add = [&](mxconf_operation op, mxconf_format s, mxconf_format t, std::uint32_t r, std::uint32_t o,
                       std::uint32_t ru, std::uint32_t sr) {
    caps.push_back(mxconf_capability{op, s, t, r, o, ru, layouts, 0, sr, 0});
  };
  for (const auto s : kSources) {
    for (const auto e : kElements) add(MXCONF_OP_CONVERT, s, e, all_roundings, overflows, 0, kSrBits);
    add(MXCONF_OP_CONVERT, s, MXCONF_FORMAT_E8M0, all_roundings, overflows, 0, kSrBits);
  }
  for (const auto e : kElements) add(MXCONF_OP_DECODE, e, MXCONF_FORMAT_FP32, 0, 0, 0, 0);
  add(MXCONF_OP_DECODE, MXCONF_FORMAT_E8M0, MXCONF_FORMAT_FP32, 0, 0, 0, 0);
  for (const auto e : kElements) add(MXCONF_OP_QUANTIZE, MXCONF_FORMAT_FP32, e, all_roundings, overflows, rules, kSrBits);
  for (const auto e : kElements)
    for (const auto t : kWide) add(MXCONF_OP_DEQUANTIZE, e, t, ieee, 0, 0, 0);
  for (const auto e : kElements) add(MXCONF_OP_DOT, e, MXCONF_FORMAT_FP32, ieee, 0, 0, 0);
  return caps;
}

}  // namespace

TestDouble::TestDouble(DoubleOptions options) : options_(std::move(options)) {
  if (options_.profile == nullptr) options_.profile = find_profile("ocp");
  for (const auto& c : all_capabilities(options_.layout_mask))
    if (!options_.declare || options_.declare(c)) {
      capabilities_.push_back(c);
      if (!options_.quantize_sr && c.operation == MXCONF_OP_QUANTIZE)
        capabilities_.back().rounding_mask &= ~(1u << MXCONF_ROUND_SR);
    }
  kernel_.abi_version = MXCONF_KERNEL_ABI_VERSION;
  kernel_.name = "test-double";
  kernel_.version = "1";
  kernel_.capabilities = capabilities_.data();
  kernel_.capability_count = capabilities_.size();
  kernel_.convert = convert;
  kernel_.decode = decode_op;
  kernel_.quantize = quantize;
  kernel_.dequantize = dequantize;
  kernel_.dot = dot;
  g_active = this;
}

TestDouble::~TestDouble() {
  if (g_active == this) g_active = nullptr;
}

}  // namespace mxconf::testing
