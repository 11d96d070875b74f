// mxconf_cuda_mx_host_{nvidia,ocp}: the per-block arithmetic of the CUDA MX quantizers (mx_block.hpp) run on the
// CPU behind the kernel ABI, one block at a time. It lets the harness check that arithmetic where no GPU is
// (CI); the GPU libraries (mx_kernel.cu) add only loads, shuffles and stores around the same functions.
// MXCONF_MX_OCP (0 or 1) picks the flavour.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mx_block.hpp"
#include "mx_capabilities.hpp"

namespace mxconf::cuda_mx {
namespace {

constexpr Flavour kFlavour = MXCONF_MX_OCP ? Flavour::ocp : Flavour::nvidia;

uint32_t value_bits(const void* input, mxconf_format source, std::size_t i) {
  if (source == MXCONF_FORMAT_FP32) return static_cast<const uint32_t*>(input)[i];
  return static_cast<uint32_t>(static_cast<const uint16_t*>(input)[i]) << 16;
}

void store_code(void* codes, std::size_t i, uint8_t code, bool packed) {
  auto* bytes = static_cast<uint8_t*>(codes);
  if (!packed) {
    bytes[i] = code;
    return;
  }
  if (i % 2 == 0) bytes[i / 2] = code;  // the odd element fills the high nibble next
  else bytes[i / 2] = static_cast<uint8_t>(bytes[i / 2] | (code << 4));
}

uint8_t load_code(const void* codes, std::size_t i, bool packed) {
  const auto* bytes = static_cast<const uint8_t*>(codes);
  if (!packed) return bytes[i];
  return static_cast<uint8_t>((bytes[i / 2] >> (4 * (i % 2))) & 0xfu);
}

int quantize(const mxconf_quantize_args* a) {
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  const std::size_t k = a->block_size;
  const bool packed = a->layout == MXCONF_LAYOUT_PACKED && a->element == MXCONF_FORMAT_E2M1;
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
      const uint8_t code = s == 0xff ? nan_scale_code(x, a->element) : element_code(bits_to_float(x) * r, a->element);
      store_code(a->codes, b * k + j, code, packed);
    }
  }
  return MXCONF_STATUS_OK;
}

int dequantize(const mxconf_dequantize_args* a) {
  if (const int status = check(a); status != MXCONF_STATUS_OK) return status;
  const std::size_t k = a->block_size;
  const bool packed = a->layout == MXCONF_LAYOUT_PACKED && a->element == MXCONF_FORMAT_E2M1;
  for (std::size_t i = 0; i < a->blocks * k; ++i) {
    const uint8_t code = load_code(a->codes, i, packed);
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
