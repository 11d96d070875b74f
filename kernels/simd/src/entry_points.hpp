// The SIMD codec's four ABI entry points (mxconf/kernel.h), internal to the kernel module.
//
// Each decodes its arguments with the checks every built-in kernel shares (kernels/common
// mxconf/kernels/entry_args.hpp, through the shared translator mxconf/abi/translate.hpp), accepting what
// capabilities.cpp declares (kAccepts), and calls the library. Refusals the policies define (NaN under
// nan-into-finite=error, Inf under inf-into-finite=error, a negative into e8m0 under negative-into-unsigned=error,
// a code wider than its format) return MXCONF_STATUS_INVALID_ARGUMENT.
#pragma once

#include "mxconf/kernel.h"
#include "mxconf/kernels/entry_args.hpp"

namespace mxconf::simd_codec::entry {

constexpr std::uint32_t bit(int v) { return std::uint32_t{1} << v; }

// Scale rules the codec computes (plan.cpp scale_code_fp32); the tosa rules and fp4-three-quarters are not.
inline constexpr std::uint32_t kRules = bit(MXCONF_SCALE_FLOOR) | bit(MXCONF_SCALE_CEIL) | bit(MXCONF_SCALE_EVEN) |
                                        bit(MXCONF_SCALE_RCEIL) | bit(MXCONF_SCALE_RCEIL_FP32) |
                                        bit(MXCONF_SCALE_RCEIL_LOG2F);
// One code per byte, no stochastic rounding.
inline constexpr kernels::Accepts kAccepts{.layouts = bit(MXCONF_LAYOUT_BYTE), .stochastic = false, .rules = kRules};

int convert(const mxconf_convert_args* a) noexcept;
int decode(const mxconf_decode_args* a) noexcept;
int quantize(const mxconf_quantize_args* a) noexcept;
int dequantize(const mxconf_dequantize_args* a) noexcept;

}  // namespace mxconf::simd_codec::entry
