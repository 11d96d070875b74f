#include "arrays.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "mxconf/kernels/scalar_codec.hpp"
#include "mxconf/kernels/simd_codec.hpp"
#include "mxconf/reference/dot.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/reference/hexfloat.hpp"

namespace mxconf::python {
namespace {

namespace sc = scalar_codec;
namespace simd = simd_codec;

// What the SIMD codec implements (kernels/simd/README.md, simd_codec.hpp; its ABI translator abi_translate.cpp
// accepts exactly these values): every rounding but sr, into the element formats and e8m0, and the policy values
// listed here. It does not read the newer values (nan-sign=negative, negative-into-unsigned=smallest,
// inf-into-finite=error, e8m0-overflow=before-rounding, block-inf=exponent-field, min-scale-divisor other than
// exact, rule rceil-log2f). Anything else goes to the scalar codec, which implements every value: a configuration
// the SIMD codec does not cover never reaches it, so it cannot give a wrong answer here. An allow-list, so a value
// added to the reference later goes to the scalar codec until it is listed.
// What the SIMD codec computes (kernels/simd/README.md): every element and block policy value; not stochastic
// rounding, nor the tosa, tosa-2023 and fp4-three-quarters rules.
bool simd_covers(FormatId to, Rounding rounding, const ElementPolicies&) {
  return rounding != Rounding::sr && (is_element_format(to) || to == FormatId::e8m0);
}

bool simd_covers(FormatId element, const QuantizeOptions& o) {
  switch (o.block.rule) {
    case ScaleRule::floor:
    case ScaleRule::ceil:
    case ScaleRule::even:
    case ScaleRule::rceil:
    case ScaleRule::rceil_fp32:
    case ScaleRule::rceil_log2f: break;
    default: return false;
  }
  return is_element_format(element) && simd_covers(element, o.element.rounding, o.element.policies);
}

void require_size(const char* what, std::size_t got, std::size_t expected) {
  if (got != expected)
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(got) + " elements, expected " +
                                std::to_string(expected));
}

// The reference's own message for the element the codec refused: the reference is the authority on why.
[[noreturn]] void refuse(FormatId source, std::uint64_t pattern, std::size_t index, FormatId to,
                         const EncodeOptions& options, sc::Status status) {
  std::string why;
  try {
    (void)mxconf::convert(format_spec(source), pattern, format_spec(to), options);
    why = std::string(sc::to_string(status));
  } catch (const InvalidArgument& e) {
    why = e.what();
  }
  throw std::invalid_argument("x[" + std::to_string(index) + "] (" + std::string(format_spec(source).name) + " " +
                              to_hex_code(pattern) + "): " + why);
}

// THE SWITCH POINT: the one call through which every array conversion goes. The SIMD codec (kernels/simd, Highway)
// where it covers the configuration, else the scalar codec; both bit-identical to the reference (python/tests check
// against the CLI and the reference). A refusal (ok == false) is located and explained by the caller.
bool convert_fast(const sc::ConvertPlan& plan, const simd::ConvertPlan* simd_plan, FormatId source,
                  std::span<const std::uint32_t> in32, std::span<const std::uint16_t> in16,
                  std::span<const std::uint32_t> random, std::span<std::uint8_t> out) {
  if (simd_plan != nullptr) {
    switch (source) {
      case FormatId::fp32: return simd::convert_fp32(*simd_plan, in32, out) == simd::Status::ok;
      case FormatId::bf16: return simd::convert_bf16(*simd_plan, in16, out) == simd::Status::ok;
      case FormatId::fp16: return simd::convert_fp16(*simd_plan, in16, out) == simd::Status::ok;
      default: return false;
    }
  }
  switch (source) {
    case FormatId::fp32: return sc::convert_fp32(plan, in32, random, out) == sc::Status::ok;
    case FormatId::bf16: return sc::convert_bf16(plan, in16, random, out) == sc::Status::ok;
    case FormatId::fp16: return sc::convert_fp16(plan, in16, random, out) == sc::Status::ok;
    default: return false;
  }
}

std::uint64_t pattern_at(std::span<const std::uint32_t> in32, std::span<const std::uint16_t> in16, std::size_t i) {
  return in32.empty() ? std::uint64_t{in16[i]} : std::uint64_t{in32[i]};
}

}  // namespace

const char* fast_path_name() { return "simd-codec"; }

const char* fast_path_target() { return simd::target_name(); }

void convert(FormatId source, std::span<const std::uint32_t> in32, std::span<const std::uint16_t> in16, FormatId to,
             const EncodeOptions& options, std::span<const std::uint32_t> random, std::span<std::uint8_t> out) {
  const std::size_t n = in32.empty() ? in16.size() : in32.size();
  require_size("output", out.size(), n);
  if (options.rounding == Rounding::sr) require_size("random", random.size(), n);
  const sc::ConvertPlan plan = sc::make_convert_plan(to, options.rounding, options.policies, options.stochastic.bits);
  std::optional<simd::ConvertPlan> simd_plan;
  if (simd_covers(to, options.rounding, options.policies))
    simd_plan = simd::make_convert_plan(to, options.rounding, options.policies);
  if (convert_fast(plan, simd_plan ? &*simd_plan : nullptr, source, in32, in16, random, out)) return;
  // Find the element: the batch says only that one was refused.
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t r = random.empty() ? 0 : random[i];
    const sc::Encoded e = sc::convert(plan, source, pattern_at(in32, in16, i), r);
    if (e.status != sc::Status::ok) {
      if (e.status == sc::Status::random_out_of_range)
        throw std::invalid_argument("random[" + std::to_string(i) + "] = " + std::to_string(r) + " does not fit in " +
                                    std::to_string(options.stochastic.bits) + " bits (sr_bits)");
      refuse(source, pattern_at(in32, in16, i), i, to, options, e.status);
    }
  }
  throw std::invalid_argument("convert: the fast path refused an element the scalar codec accepts (a bug: please report)");
}

void decode(FormatId format, std::span<const std::uint8_t> codes, std::span<std::uint32_t> out) {
  require_size("output", out.size(), codes.size());
  const std::uint32_t limit = std::uint32_t{1} << format_spec(format).bits;
  for (std::size_t i = 0; i < codes.size(); ++i)
    if (codes[i] >= limit)
      throw std::invalid_argument("codes[" + std::to_string(i) + "] = " + to_hex_code(codes[i]) + " does not fit in " +
                                  std::string(format_spec(format).name) + " (" +
                                  std::to_string(format_spec(format).bits) + " bits)");
  // The SIMD codec decodes every format; the scalar codec answers (and explains) whatever it does not.
  if (simd::decode_fp32(format, codes, out) == simd::Status::ok) return;
  if (sc::decode_fp32(format, codes, out) != sc::Status::ok)
    throw std::invalid_argument("decode: format " + std::string(format_spec(format).name) + " has no codec decode");
}

void scale(std::span<const std::uint32_t> amax, FormatId element, const QuantizeOptions& options,
           std::span<std::uint8_t> out) {
  require_size("output", out.size(), amax.size());
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  for (std::size_t i = 0; i < amax.size(); ++i) {
    const ExactValue values[1] = {decode_source(fp32, amax[i], options.element.policies.subnormal_input)};
    out[i] = static_cast<std::uint8_t>(block_scale(values, format_spec(element), options.block));
  }
}

void quantize(FormatId source, std::span<const std::uint32_t> in32, std::span<const std::uint16_t> in16,
              std::size_t k, FormatId element, const QuantizeOptions& options, std::span<const std::uint32_t> random,
              std::span<std::uint8_t> scales, std::span<std::uint8_t> codes) {
  const std::size_t n = in32.empty() ? in16.size() : in32.size();
  if (k == 0 || n % k != 0)
    throw std::invalid_argument("block=" + std::to_string(k) + " does not divide the " + std::to_string(n) + " values");
  const std::size_t blocks = n / k;
  require_size("scales", scales.size(), blocks);
  require_size("codes", codes.size(), n);
  const bool sr = options.element.rounding == Rounding::sr;
  if (sr) require_size("random", random.size(), n);
  if (simd_covers(element, options)) {
    // QuantizePlan's element overflow is the block's element_overflow, as in the reference (block.hpp).
    const simd::QuantizePlan plan =
        simd::make_quantize_plan(element, options.element.rounding, options.element.policies, options.block);
    const simd::Status status = source == FormatId::bf16 ? simd::quantize_bf16(plan, k, in16, scales, codes)
                                                         : simd::quantize_fp32(plan, k, in32, scales, codes);
    if (status == simd::Status::ok) return;
    // A refusal: the scalar codec below finds the block and says why.
  }
  const sc::QuantizePlan plan = sc::make_quantize_plan(element, options.element.rounding, options.element.policies,
                                                       options.block, options.element.stochastic.bits);
  for (std::size_t b = 0; b < blocks; ++b) {
    const auto r = sr ? random.subspan(b * k, k) : std::span<const std::uint32_t>{};
    const auto c = codes.subspan(b * k, k);
    const sc::Status status = source == FormatId::bf16
                                  ? sc::quantize_block_bf16(plan, in16.subspan(b * k, k), r, scales[b], c)
                                  : sc::quantize_block_fp32(plan, in32.subspan(b * k, k), r, scales[b], c);
    if (status != sc::Status::ok)
      throw std::invalid_argument("block " + std::to_string(b) + " (values " + std::to_string(b * k) + ".." +
                                  std::to_string(b * k + k - 1) + "): " + std::string(sc::to_string(status)) +
                                  " under " + describe(options.element.policies));
  }
}

void dequantize(FormatId element, std::span<const std::uint8_t> scales, std::span<const std::uint8_t> codes,
                std::size_t k, FormatId target, Rounding rounding, std::span<std::uint32_t> out) {
  const std::size_t blocks = scales.size();
  require_size("codes", codes.size(), blocks * k);
  require_size("output", out.size(), blocks * k);
  if (rounding != Rounding::sr && is_element_format(element)) {
    const simd::ConvertPlan plan = simd::make_ieee_plan(target, rounding);
    simd::Status status;
    if (target == FormatId::fp32) {
      status = simd::dequantize(plan, element, k, scales, codes, out, {});
    } else {
      std::vector<std::uint16_t> out16(out.size());
      status = simd::dequantize(plan, element, k, scales, codes, {}, out16);
      for (std::size_t i = 0; i < out16.size(); ++i) out[i] = out16[i];
    }
    if (status == simd::Status::ok) return;
    // A code too wide for its format: the scalar codec below names the block.
  }
  const sc::DequantizePlan plan = sc::make_dequantize_plan(element, target, rounding);
  for (std::size_t b = 0; b < blocks; ++b)
    if (sc::dequantize_block(plan, scales[b], codes.subspan(b * k, k), out.subspan(b * k, k)) != sc::Status::ok)
      throw std::invalid_argument("block " + std::to_string(b) + ": a code does not fit in " +
                                  std::string(format_spec(element).name));
}

void dot(FormatId element_a, FormatId element_b, Rounding rounding, std::size_t k, std::size_t pairs,
         std::span<const std::uint8_t> scales_a, std::span<const std::uint8_t> codes_a,
         std::span<const std::uint8_t> scales_b, std::span<const std::uint8_t> codes_b, std::span<std::uint32_t> out) {
  const std::size_t rows = out.size();
  require_size("scales_a", scales_a.size(), rows * pairs);
  require_size("scales_b", scales_b.size(), rows * pairs);
  require_size("codes_a", codes_a.size(), rows * pairs * k);
  require_size("codes_b", codes_b.size(), rows * pairs * k);
  const std::size_t n = pairs * k;
  for (std::size_t i = 0; i < rows; ++i)
    if (sc::dot_fp32(element_a, element_b, rounding, k, scales_a.subspan(i * pairs, pairs),
                     codes_a.subspan(i * n, n), scales_b.subspan(i * pairs, pairs), codes_b.subspan(i * n, n),
                     out[i]) != sc::Status::ok)
      throw std::invalid_argument("dot row " + std::to_string(i) + ": a code does not fit its format, or rounding='" +
                                  std::string(to_string(rounding)) + "' is not offered (rne, rtz, rup, rdn, rna)");
}

void reference_convert(FormatId source, std::span<const std::uint32_t> bits, FormatId to, const EncodeOptions& options,
                       std::span<const std::uint32_t> random, std::span<std::uint8_t> out) {
  require_size("output", out.size(), bits.size());
  EncodeOptions o = options;
  for (std::size_t i = 0; i < bits.size(); ++i) {
    if (options.rounding == Rounding::sr) o.stochastic.random = random[i];
    try {
      out[i] = static_cast<std::uint8_t>(mxconf::convert(format_spec(source), bits[i], format_spec(to), o));
    } catch (const InvalidArgument& e) {
      throw std::invalid_argument("x[" + std::to_string(i) + "]: " + e.what());
    }
  }
}

void reference_dot(FormatId element_a, FormatId element_b, Rounding rounding, std::size_t k, std::size_t pairs,
                   std::span<const std::uint8_t> scales_a, std::span<const std::uint8_t> codes_a,
                   std::span<const std::uint8_t> scales_b, std::span<const std::uint8_t> codes_b,
                   std::span<std::uint32_t> out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::vector<QuantizedBlock> a(pairs), b(pairs);
    for (std::size_t p = 0; p < pairs; ++p) {
      a[p].scale = scales_a[i * pairs + p];
      b[p].scale = scales_b[i * pairs + p];
      for (std::size_t j = 0; j < k; ++j) {
        a[p].codes.push_back(codes_a[(i * pairs + p) * k + j]);
        b[p].codes.push_back(codes_b[(i * pairs + p) * k + j]);
      }
    }
    out[i] = static_cast<std::uint32_t>(
        dot_to_fp32(mxconf::dot(a, format_spec(element_a), b, format_spec(element_b)), rounding));
  }
}

std::size_t packed_size(FormatId format, std::size_t count) { return sc::packed_size(format, count); }
void pack(FormatId format, std::span<const std::uint8_t> codes, std::span<std::uint8_t> packed) {
  require_size("packed", packed.size(), sc::packed_size(format, codes.size()));
  sc::pack_codes(format, codes, packed);
}
void unpack(FormatId format, std::span<const std::uint8_t> packed, std::span<std::uint8_t> codes) {
  require_size("packed", packed.size(), sc::packed_size(format, codes.size()));
  sc::unpack_codes(format, packed, codes);
}

}  // namespace mxconf::python
