// mxconf_cuda_mx_host_{nvidia,ocp}: the per-block arithmetic of the CUDA MX quantizers (mx_block.hpp) run on the
// CPU behind the kernel ABI, one block at a time. It lets the harness check that arithmetic where no GPU is
// (CI); the GPU libraries (mx_kernel.cu) add only loads, shuffles and stores around the same functions.
// MXCONF_MX_OCP (0 or 1) picks the flavour.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mx_block.hpp"
#include "mx_capabilities.hpp"
#include "mxconf/abi/translate.hpp"
#include "mxconf/reference/format.hpp"

namespace mxconf::cuda_mx {
namespace {

constexpr Flavour kFlavour = MXCONF_MX_OCP ? Flavour::ocp : Flavour::nvidia;

// mx_block.hpp's element constants (shared with the GPU code) against the reference's format table, through the
// shared ABI translator: the device code cannot include the table (C++20), so a disagreement stops this build.
constexpr bool element_bits_match_the_format_table() {
  for (const FormatId id : {FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3, FormatId::e2m1}) {
    const FormatSpec& f = format_spec(id);
    const ElementBits b = element_bits(abi::to_abi(id));
    if (b.mantissa != f.mantissa_bits || b.bias != f.bias || b.max_code != max_finite_code(f) ||
        b.emax != max_exponent(f))
      return false;
  }
  return true;
}
static_assert(element_bits_match_the_format_table(), "mx_block.hpp element_bits disagrees with kFormatTable");

uint32_t value_bits(const void* input, mxconf_format source, std::size_t i) {
  if (source == MXCONF_FORMAT_FP32) return static_cast<const uint32_t*>(input)[i];
  return static_cast<uint32_t>(static_cast<const uint16_t*>(input)[i]) << 16;
}

// Bits per code in the PACKED layout (kernel.h): 4 for e2m1, 6 for e2m3/e3m2; 0 = one code per byte.
int packed_width(mxconf_format element, mxconf_layout layout) {
  if (layout != MXCONF_LAYOUT_PACKED) return 0;
  if (element == MXCONF_FORMAT_E2M1) return 4;
  if (element == MXCONF_FORMAT_E3M2 || element == MXCONF_FORMAT_E2M3) return 6;
  return 0;
}

// Code i at bits i*width.. of a little-endian bit stream (a 6-bit code may straddle two bytes). The caller zeroes
// the packed buffer first.
void store_code(void* codes, std::size_t i, uint8_t code, int width) {
  auto* bytes = static_cast<uint8_t*>(codes);
  if (width == 0) {
    bytes[i] = code;
    return;
  }
  const std::size_t bit = i * static_cast<std::size_t>(width);
  const unsigned window = static_cast<unsigned>(code) << (bit % 8);
  bytes[bit / 8] = static_cast<uint8_t>(bytes[bit / 8] | (window & 0xffu));
  if (bit % 8 + static_cast<std::size_t>(width) > 8) bytes[bit / 8 + 1] = static_cast<uint8_t>(bytes[bit / 8 + 1] | (window >> 8));
}

uint8_t load_code(const void* codes, std::size_t i, int width) {
  const auto* bytes = static_cast<const uint8_t*>(codes);
  if (width == 0) return bytes[i];
  const std::size_t bit = i * static_cast<std::size_t>(width);
  unsigned window = bytes[bit / 8];
  if (bit % 8 + static_cast<std::size_t>(width) > 8) window |= static_cast<unsigned>(bytes[bit / 8 + 1]) << 8;
  return static_cast<uint8_t>((window >> (bit % 8)) & ((1u << width) - 1u));
}

std::size_t code_bytes(std::size_t n, int width) { return width == 0 ? n : n * static_cast<std::size_t>(width) / 8; }

int quantize(const mxconf_quantize_args* a) {
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  const std::size_t k = a->block_size;
  const int width = packed_width(a->element, a->layout);
  const bool sr = a->rounding == MXCONF_ROUND_SR;
  if (width != 0) std::memset(a->codes, 0, code_bytes(a->blocks * k, width));
  for (std::size_t b = 0; b < a->blocks; ++b) {
    uint32_t m = 0;
    for (std::size_t j = 0; j < k; ++j) {
      const uint32_t key = amax_key(value_bits(a->input, a->source, b * k + j), kFlavour);
      m = key > m ? key : m;
    }
    const uint8_t s = scale_code(m, a->rule, a->element, kFlavour);
    a->scales[b] = s;
    const float r = scale_reciprocal(s);
    for (std::size_t j = 0; j < k; ++j) {
      const uint32_t x = value_bits(a->input, a->source, b * k + j);
      const float scaled = bits_to_float(x) * r;
      const uint8_t code = s == 0xff ? nan_scale_code(x, a->element)
                           : sr      ? element_code_sr(scaled, a->random[b * k + j], static_cast<int>(kSrBits), a->element)
                                     : element_code(scaled, a->element);
      store_code(a->codes, b * k + j, code, width);
    }
  }
  return MXCONF_STATUS_OK;
}

int dequantize(const mxconf_dequantize_args* a) {
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  const std::size_t k = a->block_size;
  const int width = packed_width(a->element, a->layout);
  for (std::size_t i = 0; i < a->blocks * k; ++i) {
    const uint8_t code = load_code(a->codes, i, width);
    const uint8_t s = a->scales[i / k];
    if (a->target == MXCONF_FORMAT_FP32) static_cast<uint32_t*>(a->output)[i] = dequantized_fp32(code, s, a->element);
    else static_cast<uint16_t*>(a->output)[i] = dequantized_bf16(code, s, a->element);
  }
  return MXCONF_STATUS_OK;
}

}  // namespace
}  // namespace mxconf::cuda_mx

extern "C" __attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) {
  static const mxconf_kernel k{
      MXCONF_KERNEL_ABI_VERSION,
      MXCONF_MX_OCP ? "cuda-mx-host-ocp" : "cuda-mx-host-nvidia",
      "kernels/cuda MX quantizer arithmetic (mx_block.hpp) on the CPU, CUDA headers' host paths",
      mxconf::cuda_mx::capabilities().data,
      mxconf::cuda_mx::capabilities().size,
      nullptr,
      nullptr,
      mxconf::cuda_mx::quantize,
      mxconf::cuda_mx::dequantize,
      nullptr,
  };
  return &k;
}
