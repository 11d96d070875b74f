#include "operations.hpp"

#include <cstdio>
#include <exception>
#include <optional>
#include <span>
#include <vector>

#include "mxconf/abi/translate.hpp"
#include "mxconf/kernels/layout.hpp"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/dot.hpp"
#include "mxconf/reference/error.hpp"

namespace mxconf::reference_adapter {
namespace {

using abi::block_policies;
using abi::element_policies;
using abi::is_code_format;
using abi::is_wide;
using abi::to_abi;
using abi::to_format;
using abi::to_overflow;
using abi::to_rounding;
using abi::to_scale_rule;
using kernels::code_bits;
using kernels::is_known_layout;

// NVIDIA cvt.rs: 8 random bits per element (the sr_bits the capabilities declare).
constexpr int kSrBits = 8;

constexpr int kOk = MXCONF_STATUS_OK;
constexpr int kUnsupported = MXCONF_STATUS_UNSUPPORTED;
constexpr int kInvalid = MXCONF_STATUS_INVALID_ARGUMENT;

// Runs one operation, mapping exceptions to statuses (nothing may unwind through the C ABI).
template <typename F>
int guarded(const char* operation, F&& body) {
  try {
    return body();
  } catch (const InvalidArgument&) {
    return kInvalid;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mxconf_reference_kernel: %s: %s\n", operation, e.what());
  } catch (...) {
    std::fprintf(stderr, "mxconf_reference_kernel: %s: unknown exception\n", operation);
  }
  return MXCONF_STATUS_INTERNAL_ERROR;
}


// One source or destination value: fp32 is a uint32_t array, bf16 and fp16 uint16_t arrays.
std::uint64_t load_wide(const void* values, FormatId f, std::size_t i) {
  if (f == FormatId::fp32) return static_cast<const std::uint32_t*>(values)[i];
  return static_cast<const std::uint16_t*>(values)[i];
}
void store_wide(void* values, FormatId f, std::size_t i, std::uint64_t bits) {
  if (f == FormatId::fp32)
    static_cast<std::uint32_t*>(values)[i] = static_cast<std::uint32_t>(bits);
  else
    static_cast<std::uint16_t*>(values)[i] = static_cast<std::uint16_t>(bits);
}

// Codes of `count` elements read from `codes` in `layout` (one per entry, as the reference takes them).
std::vector<std::uint64_t> load_codes(const void* codes, std::size_t first, std::size_t count, FormatId f,
                                      mxconf_layout layout) {
  const unsigned width = code_bits(to_abi(f));
  std::vector<std::uint64_t> out(count);
  for (std::size_t i = 0; i < count; ++i) out[i] = kernels::load_code(codes, first + i, width, layout);
  return out;
}

}  // namespace

int convert(const mxconf_convert_args* a) {
  return guarded("convert", [a]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_convert_args) || a->policies == nullptr) return kInvalid;
    const auto source = to_format(a->source);
    const auto target = to_format(a->target);
    const auto rounding = to_rounding(a->rounding);
    const auto overflow = to_overflow(a->overflow);
    const auto policies = element_policies(*a->policies);
    if (!source || !target || !rounding || !overflow || !policies || !is_known_layout(a->layout)) return kInvalid;
    if (!is_wide(*source) || !is_code_format(*target)) return kUnsupported;
    if (a->count == 0) return kOk;
    if (a->input == nullptr || a->output == nullptr || (*rounding == Rounding::sr && a->random == nullptr))
      return kInvalid;

    EncodeOptions options{.rounding = *rounding, .policies = *policies, .stochastic = {}};
    options.policies.overflow = *overflow;  // the call's argument, not the profile's byte
    const FormatSpec& from = format_spec(*source);
    const FormatSpec& to = format_spec(*target);
    if (*rounding == Rounding::sr)
      for (std::size_t i = 0; i < a->count; ++i)
        if (a->random[i] >> kSrBits != 0) return kInvalid;  // more random bits than the declared sr_bits
    std::vector<std::uint8_t> codes(a->count);
    for (std::size_t i = 0; i < a->count; ++i) {
      if (*rounding == Rounding::sr) options.stochastic = StochasticBits{.bits = kSrBits, .random = a->random[i]};
      // Empty where the policies give this input no encoding (NanIntoFinite::error, NegativeIntoUnsigned::error):
      // the harness does not compare it (don't-care), so the call still succeeds and writes 0.
      const auto code = try_convert(from, load_wide(a->input, *source, i), to, options);
      codes[i] = static_cast<std::uint8_t>(code.value_or(0));
    }
    kernels::pack_codes(codes.data(), codes.size(), code_bits(a->target), a->layout, a->output);
    return kOk;
  });
}

int decode(const mxconf_decode_args* a) {
  return guarded("decode", [a]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_decode_args)) return kInvalid;
    const auto source = to_format(a->source);
    const auto target = to_format(a->target);
    if (!source || !target || !is_known_layout(a->layout)) return kInvalid;
    if (!is_code_format(*source) || *target != FormatId::fp32) return kUnsupported;
    if (a->count == 0) return kOk;
    if (a->input == nullptr || a->output == nullptr) return kInvalid;

    // The exact value rounded once into fp32 (exact for every element and scale code; NaN -> 0x7fc00000).
    const EncodeOptions ieee = ieee_encode_options(Rounding::rne);
    const FormatSpec& from = format_spec(*source);
    const FormatSpec& fp32 = format_spec(FormatId::fp32);
    const auto codes = load_codes(a->input, 0, a->count, *source, a->layout);
    for (std::size_t i = 0; i < a->count; ++i)
      a->output[i] = static_cast<std::uint32_t>(encode(mxconf::decode(from, codes[i]), fp32, ieee));
    return kOk;
  });
}

int quantize(const mxconf_quantize_args* a) {
  return guarded("quantize", [a]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_quantize_args) || a->policies == nullptr) return kInvalid;
    const auto source = to_format(a->source);
    const auto element = to_format(a->element);
    const auto rule = to_scale_rule(a->rule);
    const auto rounding = to_rounding(a->rounding);
    const auto overflow = to_overflow(a->overflow);
    const auto element_policy = element_policies(*a->policies);
    if (!source || !element || !rule || !rounding || !overflow || !element_policy || !is_known_layout(a->layout) ||
        a->block_size == 0)
      return kInvalid;
    const auto block_policy = block_policies(*a->policies, *rule, *overflow);
    if (!block_policy) return kInvalid;
    if (!is_wide(*source) || !is_element_format(*element)) return kUnsupported;
    if (a->blocks == 0) return kOk;
    const bool sr = *rounding == Rounding::sr;
    if (a->input == nullptr || a->scales == nullptr || a->codes == nullptr || (sr && a->random == nullptr))
      return kInvalid;

    const std::size_t k = a->block_size;
    const FormatSpec& from = format_spec(*source);
    const FormatSpec& to = format_spec(*element);
    QuantizeOptions options{.block = *block_policy,
                            .element = {.rounding = *rounding,
                                        .policies = *element_policy,
                                        .stochastic = {.bits = kSrBits, .random = 0}},
                            .random = {}};
    std::vector<ExactValue> values;
    std::vector<std::uint64_t> random(sr ? k : 0);
    std::vector<std::uint8_t> codes(a->blocks * k);
    for (std::size_t b = 0; b < a->blocks; ++b) {
      values.clear();
      for (std::size_t j = 0; j < k; ++j)
        values.push_back(decode_source(from, load_wide(a->input, *source, b * k + j), element_policy->subnormal_input));
      if (sr) {
        for (std::size_t j = 0; j < k; ++j) random[j] = a->random[b * k + j];
        options.random = random;
      }
      const QuantizedBlock block = quantize_block(values, to, options);
      a->scales[b] = static_cast<std::uint8_t>(block.scale);
      for (std::size_t j = 0; j < k; ++j) codes[b * k + j] = static_cast<std::uint8_t>(block.codes[j]);
    }
    kernels::pack_codes(codes.data(), codes.size(), code_bits(a->element), a->layout, a->codes);
    return kOk;
  });
}

int dequantize(const mxconf_dequantize_args* a) {
  return guarded("dequantize", [a]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_dequantize_args)) return kInvalid;
    const auto element = to_format(a->element);
    const auto target = to_format(a->target);
    const auto rounding = to_rounding(a->rounding);
    if (!element || !target || !rounding || !is_known_layout(a->layout) || a->block_size == 0) return kInvalid;
    if (!is_element_format(*element) || !is_wide(*target) || *rounding == Rounding::sr) return kUnsupported;
    if (a->blocks == 0) return kOk;
    if (a->scales == nullptr || a->codes == nullptr || a->output == nullptr) return kInvalid;

    const std::size_t k = a->block_size;
    const FormatSpec& from = format_spec(*element);
    const FormatSpec& to = format_spec(*target);
    for (std::size_t b = 0; b < a->blocks; ++b) {
      const QuantizedBlock block{a->scales[b], load_codes(a->codes, b * k, k, *element, a->layout)};
      const auto values = dequantize_block_to(block, from, to, *rounding);
      for (std::size_t j = 0; j < k; ++j) store_wide(a->output, *target, b * k + j, values[j]);
    }
    return kOk;
  });
}

int dot(const mxconf_dot_args* a) {
  return guarded("dot", [a]() -> int {
    if (a == nullptr || a->struct_size < sizeof(mxconf_dot_args)) return kInvalid;
    const auto element = to_format(a->element);
    const auto rounding = to_rounding(a->rounding);
    if (!element || !rounding || !is_known_layout(a->layout) || a->block_size == 0 || a->pairs == 0) return kInvalid;
    if (!is_element_format(*element) || *rounding == Rounding::sr) return kUnsupported;
    if (a->count == 0) return kOk;
    if (a->scales_a == nullptr || a->codes_a == nullptr || a->scales_b == nullptr || a->codes_b == nullptr ||
        a->output == nullptr)
      return kInvalid;

    const std::size_t k = a->block_size;
    const std::size_t n = a->pairs;
    const FormatSpec& f = format_spec(*element);
    std::vector<QuantizedBlock> blocks_a(n), blocks_b(n);
    for (std::size_t i = 0; i < a->count; ++i) {
      // Dot i is DotGeneral over block pairs i*n .. i*n + n-1 (OCP MX v1.0 §6: the exact sum of the block dots).
      for (std::size_t p = 0; p < n; ++p) {
        const std::size_t block = i * n + p;
        blocks_a[p] = QuantizedBlock{a->scales_a[block], load_codes(a->codes_a, block * k, k, *element, a->layout)};
        blocks_b[p] = QuantizedBlock{a->scales_b[block], load_codes(a->codes_b, block * k, k, *element, a->layout)};
      }
      a->output[i] = static_cast<std::uint32_t>(
          dot_to_fp32(mxconf::dot(std::span<const QuantizedBlock>(blocks_a), f, std::span<const QuantizedBlock>(blocks_b), f),
                      *rounding));
    }
    return kOk;
  });
}

}  // namespace mxconf::reference_adapter
