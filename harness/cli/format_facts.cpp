#include "format_facts.hpp"

#include <stdexcept>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/hexfloat.hpp"

namespace mxconf::cli {
namespace {

constexpr std::string_view kNotApplicable = "-";

std::string yes_no(bool b) { return b ? "yes" : "no"; }

std::string code_and_value(std::uint64_t code, const ExactValue& value) {
  return to_hex_code(code) + " = " + to_hex_float(value);
}

// A value on the format's grid, with the code the reference gives it (exact, so the rounding mode is moot).
std::string grid_point(const FormatSpec& f, const ExactValue& value) {
  return code_and_value(encode(value, f, ieee_encode_options(Rounding::rne)), value);
}

std::string encoding_text(const FormatSpec& f) {
  if (f.encoding == Encoding::binary_float) return "binary float";
  return "two's complement x 2^" + std::to_string(f.fixed_point_exponent);
}

std::string specials_text(Specials s) {
  switch (s) {
    case Specials::ieee:
      return "Inf and NaN (IEEE: exponent all ones)";
    case Specials::nan_all_ones:
      return "NaN only (all-ones magnitude)";
    case Specials::nan_negative_zero:
      return "NaN only (the -0 code); no -0";
    case Specials::finite_only:
      return "none";
  }
  return "?";
}

std::string code_range(std::uint64_t first, std::uint64_t last) {
  return first == last ? to_hex_code(first) : to_hex_code(first) + "-" + to_hex_code(last);
}

// The reference decides which codes are special (is_nan_code / is_inf_code); the ranges below only group them
// for reading, and are checked against it at their ends so the table cannot disagree with the reference.
void check(bool condition, const FormatSpec& f, std::string_view what) {
  if (!condition)
    throw std::logic_error("formats table: " + std::string(what) + " disagrees with " + std::string(f.name));
}

std::string nan_codes_text(const FormatSpec& f) {
  const std::uint64_t sign = sign_mask(f);
  const std::uint64_t top = magnitude_mask(f);
  std::string text;
  switch (f.specials) {
    case Specials::finite_only:
      return "none";
    case Specials::nan_negative_zero:
      check(is_nan_code(f, sign), f, "NaN code");
      return to_hex_code(sign);
    case Specials::nan_all_ones:
      check(is_nan_code(f, top), f, "NaN code");
      return has_sign_bit(f) ? to_hex_code(top) + ", " + to_hex_code(sign | top) : to_hex_code(top);
    case Specials::ieee: {
      const std::uint64_t first = max_finite_code(f) + 2;  // after max finite and +Inf
      check(is_nan_code(f, first) && is_nan_code(f, top) && !is_nan_code(f, first - 1), f, "NaN range");
      return code_range(first, top) + ", " + code_range(sign | first, sign | top);
    }
  }
  return "?";
}

std::string inf_codes_text(const FormatSpec& f) {
  if (!has_inf(f)) return "none";
  const std::uint64_t inf = max_finite_code(f) + 1;
  check(is_inf_code(f, inf) && is_inf_code(f, sign_mask(f) | inf), f, "Inf code");
  return to_hex_code(inf) + ", " + to_hex_code(sign_mask(f) | inf);
}

}  // namespace

FormatFacts describe_format(const FormatSpec& f) {
  const bool binary = f.encoding == Encoding::binary_float;
  auto binary_only = [&](int v) { return binary ? std::to_string(v) : std::string(kNotApplicable); };
  FormatFacts facts;
  facts.name = f.name;
  facts.alias = f.alias;
  facts.bits = std::to_string(f.bits);
  facts.encoding = encoding_text(f);
  facts.exponent_bits = binary_only(f.exponent_bits);
  facts.mantissa_bits = binary_only(f.mantissa_bits);
  facts.bias = binary_only(f.bias);
  facts.is_signed = yes_no(f.is_signed);
  facts.subnormals = binary ? yes_no(f.has_subnormals) : std::string(kNotApplicable);
  facts.specials = specials_text(f.specials);
  facts.max_finite = code_and_value(max_finite_code(f), decode(f, max_finite_code(f)));
  facts.min_normal =
      binary ? grid_point(f, ExactValue::dyadic(1, min_normal_exponent(f))) : std::string(kNotApplicable);
  facts.min_subnormal = binary && f.has_subnormals
                            ? grid_point(f, ExactValue::dyadic(1, min_normal_exponent(f) - f.mantissa_bits))
                            : std::string(kNotApplicable);
  facts.nan_codes = nan_codes_text(f);
  facts.inf_codes = inf_codes_text(f);
  facts.source = f.source;
  return facts;
}

}  // namespace mxconf::cli
