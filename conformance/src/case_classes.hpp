// Case classes computed for a mismatch when no vector row names them (vectors/case_class.hpp): read off the
// input, the expected result and the reference's RoundingTrace.
#pragma once

#include <cstdint>
#include <span>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/vectors/case_class.hpp"

namespace mxconf::conformance::detail {

bool is_subnormal(const FormatSpec& f, const ExactValue& v);

// The classes of the input value alone: nan, inf, zero, denormal-in (a subnormal of `from`).
vectors::CaseClasses input_classes(const FormatSpec& from, const ExactValue& raw);

// Classes of rounding `x` (from `raw` after source policies) into `to`: the input's, then the result's (nan, inf,
// zero, denormal-out, overflow, saturation, e8m0 clamp as scale-clamp) and, when `with_tie`, tie.
// A value with no encoding under the options gets the input's classes only.
vectors::CaseClasses conversion_classes(const FormatSpec& from, const ExactValue& raw, const ExactValue& x,
                                        const FormatSpec& to, const EncodeOptions& options, bool with_tie = true);

// Decoding `code` of `format` into fp32: nan, inf, zero, denormal-in (a subnormal code), denormal-out (an fp32
// subnormal result), scale-clamp (e8m0 0x00 and 0xfe, the clamped ends), scale-nan (e8m0 0xff).
vectors::CaseClasses decode_classes(const FormatSpec& format, std::uint64_t code);

// Classes of an E8M0 scale code in a block: scale-nan (0xff), scale-clamp (0x00 / 0xfe while some value is finite
// and non-zero, or always when `values` is empty).
vectors::CaseClasses scale_classes(std::uint64_t scale, std::span<const ExactValue> values);

}  // namespace mxconf::conformance::detail
