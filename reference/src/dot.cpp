#include "mxconf/reference/dot.hpp"

#include <string>

#include "mxconf/reference/error.hpp"

namespace mxconf {
namespace {

// The product of the two scales, 2^(sA + sB), or NaN when either is 0xff (OCP MX v1.0 §5.4.1, §6.3).
ExactValue scale_product(const QuantizedBlock& a, const QuantizedBlock& b) {
  const auto& e8m0 = format_spec(FormatId::e8m0);
  return multiply(decode(e8m0, a.scale), decode(e8m0, b.scale));
}

}  // namespace

ExactValue dot(const QuantizedBlock& a, const FormatSpec& element_a, const QuantizedBlock& b,
               const FormatSpec& element_b) {
  if (a.codes.size() != b.codes.size())
    throw InvalidArgument("dot: block lengths differ: a has " + std::to_string(a.codes.size()) + " elements, b has " +
                          std::to_string(b.codes.size()));
  // OCP MX v1.0 §6.1 Dot: X_A * X_B * sum_i P_i^A * P_i^B. The internal precision and order are
  // implementation-defined (spec-rules §3.4); the reference gives the exact real result, so a kernel's answer
  // can be judged against one rounding of it. IEEE rules for specials: Inf * 0 and Inf - Inf are NaN.
  // The sum starts from the first product, not from +0, so that a sum of -0 products stays -0 (IEEE 754 §6.3).
  ExactValue sum = ExactValue::zero(false);
  for (std::size_t i = 0; i < a.codes.size(); ++i) {
    const ExactValue product = multiply(decode(element_a, a.codes[i]), decode(element_b, b.codes[i]));
    sum = i == 0 ? product : add(sum, product);
  }
  return multiply(scale_product(a, b), sum);
}

ExactValue dot(std::span<const QuantizedBlock> a, const FormatSpec& element_a, std::span<const QuantizedBlock> b,
               const FormatSpec& element_b) {
  if (a.size() != b.size())
    throw InvalidArgument("dot: block counts differ: a has " + std::to_string(a.size()) + " blocks, b has " +
                          std::to_string(b.size()));
  // OCP MX v1.0 §6.2 DotGeneral: the sum of the n block dots, exact here.
  ExactValue sum = ExactValue::zero(false);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const ExactValue block_dot = dot(a[i], element_a, b[i], element_b);
    sum = i == 0 ? block_dot : add(sum, block_dot);
  }
  return sum;
}

std::uint64_t dot_to_fp32(const ExactValue& exact, Rounding rounding) {
  return encode(exact, format_spec(FormatId::fp32), ieee_encode_options(rounding));
}

}  // namespace mxconf
