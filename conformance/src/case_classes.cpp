#include "case_classes.hpp"

#include <algorithm>

#include "mxconf/reference/error.hpp"

namespace mxconf::conformance::detail {

using vectors::CaseClass;
using vectors::CaseClasses;

bool is_subnormal(const FormatSpec& f, const ExactValue& v) {
  return v.is_finite() && !v.is_zero() && f.encoding == Encoding::binary_float && f.has_subnormals &&
         v.floor_log2() < min_normal_exponent(f);
}

CaseClasses input_classes(const FormatSpec& from, const ExactValue& raw) {
  CaseClasses c;
  if (raw.is_nan()) c.add(CaseClass::nan);
  if (raw.is_inf()) c.add(CaseClass::inf);
  if (raw.is_zero()) c.add(CaseClass::zero);
  if (is_subnormal(from, raw)) c.add(CaseClass::denormal_in);
  return c;
}

CaseClasses conversion_classes(const FormatSpec& from, const ExactValue& raw, const ExactValue& x,
                               const FormatSpec& to, const EncodeOptions& options, bool with_tie) {
  CaseClasses c = input_classes(from, raw);
  const RoundingTrace t = try_round_to_format(x, to, options);
  if (t.refused()) return c;  // no encoding: a don't-care case
  const ExactValue out = decode(to, t.code);
  if (out.is_nan()) c.add(CaseClass::nan);
  if (out.is_inf()) c.add(CaseClass::inf);
  if (out.is_zero()) c.add(CaseClass::zero);
  if (is_subnormal(to, out)) c.add(CaseClass::denormal_out);
  if (x.is_finite() && !out.is_finite()) c.add(CaseClass::overflow);
  switch (t.rule) {
    case RoundingRule::overflow_saturate:
    case RoundingRule::overflow_directed_to_max: c.add(CaseClass::saturation); break;
    case RoundingRule::overflow_to_inf:
    case RoundingRule::overflow_to_nan: c.add(CaseClass::overflow); break;
    case RoundingRule::e8m0_clamp_low: c.add(CaseClass::scale_clamp); break;
    case RoundingRule::tie_to_even:
    case RoundingRule::tie_away:
      if (with_tie) c.add(CaseClass::tie);
      break;
    default: break;
  }
  return c;
}

CaseClasses decode_classes(const FormatSpec& format, std::uint64_t code) {
  const ExactValue v = decode(format, code);
  CaseClasses c = input_classes(format, v);
  if (is_subnormal(format_spec(FormatId::fp32), v)) c.add(CaseClass::denormal_out);
  if (format.id == FormatId::e8m0) c |= scale_classes(code, {});
  return c;
}

CaseClasses scale_classes(std::uint64_t scale, std::span<const ExactValue> values) {
  CaseClasses c;
  // OCP MX v1.0 §5.4.1: 0xff is NaN; 0x00 = 2^-127 and 0xfe = 2^127 are where the shared exponent clamps.
  if (scale == 0xff) c.add(CaseClass::scale_nan);
  const bool any_nonzero = values.empty() || std::any_of(values.begin(), values.end(), [](const ExactValue& v) {
                             return v.is_finite() && !v.is_zero();
                           });
  if ((scale == 0x00 || scale == 0xfe) && any_nonzero) c.add(CaseClass::scale_clamp);
  return c;
}

}  // namespace mxconf::conformance::detail
