// Every point where the specs are silent or implementations disagree, as a named choice.
//
// ElementPolicies has no default values on purpose: a caller takes a profile (profile.hpp) and overrides what it
// must. docs/policies.md lists each value with who uses it and the source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mxconf {

// What a finite value that rounds beyond the largest finite magnitude becomes (OFP8 defines both FP8 modes).
enum class Overflow : std::uint8_t {
  saturate,  // +-max finite (PTX .satfinite, CUDA C++ fp8 types, every MX block quantizer)
  // Inf if the format has it, else NaN if it has it, else +-max (torch <= 2.12, ml_dtypes, TOSA casts).
  // Under directed rounding an overflow away from the rounding direction gives +-max (IEEE 754 §7.4, APFloat).
  non_saturating,
};

// Under Overflow::non_saturating, an overflow whose rounding direction points back toward zero (rtz; rup for
// negatives; rdn for positives).
enum class DirectedOverflow : std::uint8_t {
  largest_finite,  // +-max finite (IEEE 754 §7.4, LLVM APFloat)
  // The value is rounded on an unbounded exponent range first and anything beyond max becomes Inf / NaN whatever
  // the direction (CUDA's documentation of __nv_cvt_*_to_e8m0 with __NV_NOSAT: "convert to NaN otherwise").
  non_finite,
};

// What +-Inf becomes when Overflow::saturate is in force.
enum class InfUnderSaturation : std::uint8_t {
  clamp,         // +-max finite (PTX .satfinite, CUDA __NV_SATFINITE, QEMU OFP8)
  keep_special,  // Inf if the format has it, else NaN, else +-max (AMD HIP E4M3 emulation; ONNX E8M0)
};

// How NaN is written into a format that has NaN codes other than a single fixed one.
enum class NanSign : std::uint8_t {
  positive,  // sign dropped: 0x7f for e4m3 and e5m2 (PTX cvt, CUDA float-input emulation)
  keep,      // the input NaN's sign (torch, ml_dtypes, AMD)
  // Sign bit always set: one NaN code for every NaN result, from NaN inputs and from non-saturating overflow
  // alike (gfloat's FP8 formats: 0xff; +560 into e4m3 gives 0xff). Appended: the ABI numbers values in order.
  negative,
};
enum class NanMantissa : std::uint8_t {
  all_ones,   // mantissa all ones: e5m2 0x7f (NVIDIA, torch)
  quiet_bit,  // only the mantissa MSB: e5m2 0x7e, fp32 0x7fc00000 (ml_dtypes, AMD, CUDA double path)
};
struct NanEncoding {
  NanSign sign;
  NanMantissa mantissa;
};

// What NaN becomes in a format with no NaN (e3m2, e2m3, e2m1, int8).
enum class NanIntoFinite : std::uint8_t {
  positive_max,        // +max finite (CUDA cuda_fp6.h / cuda_fp4.h, PTX cvt .satfinite, TE)
  signed_max,          // +-max with the NaN's sign (AMD HIP, AMD mxDataGenerator)
  negative_zero,       // -0 whatever the sign (JAX / XLA F4E2M1FN)
  zero_flipped_sign,   // -0 for +NaN, +0 for -NaN (ml_dtypes 0.6.0: it writes -0 and then applies the sign)
  error,               // refuse: encode reports an error
};

// MXINT8: may the encoder emit 0x80 (-2.0)? Decoding 0x80 always gives -2.0.
enum class Int8Range : std::uint8_t {
  symmetric,  // clamp to +-127/64 (microxcaling: "the asymmetric maximum negative representation left unused")
  full,       // -128 allowed (TOSA mxint8 range [-2, 1+63/64], gfloat)
};

// Subnormal values of the source format (fp32, bf16, fp16, fp64 inputs).
enum class SubnormalInput : std::uint8_t {
  keep,   // exact value used (OCP MX, every vendor)
  flush,  // replaced by zero of the same sign (MX paper Algorithm 1 note; not in the OCP text)
};

// A negative number into an unsigned format (e8m0, ue4m3). Zero has its own policy for e8m0.
enum class NegativeIntoUnsigned : std::uint8_t {
  magnitude,  // use |x| (torch e8m0, CUDA __nv_cvt_*_to_e8m0)
  nan,        // NaN code (ml_dtypes float8_e8m0fnu)
  error,      // refuse
  // A finite negative becomes code 0x00 (E8M0 2^-127, the format's lowest value); -Inf is handled as Inf
  // (ml_dtypes ConvertFrom<kSaturate=true> into float8_e8m0fnu: its test Float8E8m0fnuTest.NegativeInput).
  smallest,
};

// +-0 into e8m0, which has no zero.
enum class ZeroIntoE8m0 : std::uint8_t {
  smallest,  // 0x00 = 2^-127 (torch, CUDA, ONNX)
  nan,       // 0xff (ml_dtypes)
};

// Quirk of bit-level E8M0 rounding on binary32 subnormals.
enum class E8m0SubnormalRounding : std::uint8_t {
  exact,  // the value is rounded exactly under the chosen rounding mode
  // Values strictly between 2^-127 and 2^-126 go to 2^-126 (code 0x01), even under nearest where 2^-127 is
  // closer: torch and ml_dtypes round the binary32 bit pattern with the mantissa MSB as guard bit, which in the
  // subnormal range is set above 2^-127 (peer-behaviour.md "fp32 -> E8M0").
  up_above_smallest,
};

// +-Inf into a format with neither Inf nor NaN (e3m2, e2m3, e2m1, int8), whatever the overflow policy.
enum class InfIntoFinite : std::uint8_t {
  max,    // +-max finite (OCP MX v1.0 §5.3: these formats clamp; CUDA, ml_dtypes, torchao)
  error,  // refuse: encode reports an error (LLVM APFloat's tests: Inf into Float6 / Float4 types refused)
};

// When a value beyond E8M0's largest finite 2^127 overflows.
enum class E8m0Overflow : std::uint8_t {
  after_rounding,   // the rounded value is compared with 2^127 (IEEE 754 §7.4; CUDA, torch, ml_dtypes)
  // |x| > 2^127 overflows even where rounding would give 2^127 (gfloat: 1.25 * 2^127 -> 0xff non-saturating).
  before_rounding,
};

// Everything an element (scalar) conversion needs besides the rounding mode.
struct ElementPolicies {
  Overflow overflow;
  DirectedOverflow directed_overflow;
  InfUnderSaturation inf_under_saturation;
  NanEncoding nan_encoding;
  NanIntoFinite nan_into_finite;
  Int8Range int8_range;
  SubnormalInput subnormal_input;
  NegativeIntoUnsigned negative_into_unsigned;
  ZeroIntoE8m0 zero_into_e8m0;
  E8m0SubnormalRounding e8m0_subnormal_rounding;
  InfIntoFinite inf_into_finite;
  E8m0Overflow e8m0_overflow;
};

// Every field as "name=value" separated by spaces, in declaration order: the canonical text used in vector file
// headers, reports and `mxconf explain` ("overflow=saturate directed-overflow=largest-finite ...").
std::string describe(const ElementPolicies& p);
// The inverse of describe: every field exactly once, any order. Empty when a name or value is unknown,
// repeated or missing.
std::optional<ElementPolicies> parse_element_policies(std::string_view text);

// Names used on the command line and in docs (to_string / parse_* round-trip).
std::string_view to_string(Overflow v);
std::string_view to_string(DirectedOverflow v);
std::string_view to_string(InfUnderSaturation v);
std::string_view to_string(NanSign v);
std::string_view to_string(NanMantissa v);
std::string_view to_string(NanIntoFinite v);
std::string_view to_string(Int8Range v);
std::string_view to_string(SubnormalInput v);
std::string_view to_string(NegativeIntoUnsigned v);
std::string_view to_string(ZeroIntoE8m0 v);
std::string_view to_string(E8m0SubnormalRounding v);
std::string_view to_string(InfIntoFinite v);
std::string_view to_string(E8m0Overflow v);

std::optional<Overflow> parse_overflow(std::string_view s);
std::optional<DirectedOverflow> parse_directed_overflow(std::string_view s);
std::optional<InfUnderSaturation> parse_inf_under_saturation(std::string_view s);
std::optional<NanSign> parse_nan_sign(std::string_view s);
std::optional<NanMantissa> parse_nan_mantissa(std::string_view s);
std::optional<NanIntoFinite> parse_nan_into_finite(std::string_view s);
std::optional<Int8Range> parse_int8_range(std::string_view s);
std::optional<SubnormalInput> parse_subnormal_input(std::string_view s);
std::optional<NegativeIntoUnsigned> parse_negative_into_unsigned(std::string_view s);
std::optional<ZeroIntoE8m0> parse_zero_into_e8m0(std::string_view s);
std::optional<E8m0SubnormalRounding> parse_e8m0_subnormal_rounding(std::string_view s);
std::optional<InfIntoFinite> parse_inf_into_finite(std::string_view s);
std::optional<E8m0Overflow> parse_e8m0_overflow(std::string_view s);

}  // namespace mxconf
