// The scalar codec's five ABI entry points (mxconf/kernel.h), internal to the kernel module.
//
// Each decodes its arguments through the shared translator (mxconf/abi/translate.hpp), checks them against what
// the capabilities declare (capabilities.cpp) and calls the library. The call arguments `overflow` (convert:
// ElementPolicies::overflow; quantize: BlockPolicies::element_overflow) and `rule` take precedence over the policy
// fields they name. Refusals (NaN under nan-into-finite=error, a negative into e8m0 under
// negative-into-unsigned=error, a random value wider than sr_bits, a code wider than its format) return
// MXCONF_STATUS_INVALID_ARGUMENT.
#pragma once

#include "mxconf/kernel.h"

namespace mxconf::scalar_codec::entry {

inline constexpr int kSrBits = 8;  // random bits per element under MXCONF_ROUND_SR (NVIDIA cvt.rs)

int convert(const mxconf_convert_args* a) noexcept;
int decode(const mxconf_decode_args* a) noexcept;
int quantize(const mxconf_quantize_args* a) noexcept;
int dequantize(const mxconf_dequantize_args* a) noexcept;
int dot(const mxconf_dot_args* a) noexcept;

}  // namespace mxconf::scalar_codec::entry
