// The kinds of check, one file each; make_checks (checks.cpp) lists them in a fixed order.
#pragma once

#include <cstdint>
#include <memory>

#include "mxconf/conformance/check.hpp"
#include "mxconf/conformance/convert_sweep.hpp"

namespace mxconf::conformance::detail {

// Which element rounding a quantize check asks for: the profile's (fp4-three-quarters: always sr), or sr under any
// rule (the `/sr` variants, run where the kernel declares sr for that quantize configuration).
enum class QuantizeRounding : std::uint8_t { profile, sr };

// decode/<format>: every code through kernel.decode into fp32.
std::unique_ptr<const Check> make_decode_check(FormatId format);
// convert/<config>/bf16-all | fp16-all: every pattern of a 16-bit source.
std::unique_ptr<const Check> make_convert_all16_check(const ConvertConfiguration& c);
// convert/<config>/fp32-edges: both ends of every interval of the fp32 table, +-1, and the fp32 specials.
std::unique_ptr<const Check> make_convert_edges_check(const ConvertConfiguration& c);
// convert/<config>/fp32-all: all 2^32 fp32 patterns (exhaustive tier).
std::unique_ptr<const Check> make_convert_exhaustive_check(const ConvertConfiguration& c);
// convert-sr/<dst>-k<bits>: the golden stochastic-rounding inputs with their random values.
std::unique_ptr<const Check> make_convert_sr_check(FormatId target, int bits);
// quantize/<elem>-<rule>/vectors[/sr]: the golden block inputs, expected recomputed under the run's profile.
std::unique_ptr<const Check> make_quantize_vectors_check(FormatId element, ScaleRule rule,
                                                         QuantizeRounding rounding = QuantizeRounding::profile);
// quantize/<elem>-<rule>/properties[/sr]: RapidCheck blocks, shrunk to a minimal failing block.
std::unique_ptr<const Check> make_quantize_properties_check(FormatId element, ScaleRule rule,
                                                            QuantizeRounding rounding = QuantizeRounding::profile);
// dequantize/<elem>-to-<dst>: golden blocks' (scale, codes) and every code at chosen scales.
std::unique_ptr<const Check> make_dequantize_check(FormatId element, FormatId target);
// dot/<elem>[-x4]: the golden dot vectors, within a documented fp32 accumulation bound.
std::unique_ptr<const Check> make_dot_check(FormatId element, int pairs);

}  // namespace mxconf::conformance::detail
