#include "dot_bound.hpp"

#include "mxconf/reference/dot.hpp"

namespace mxconf::conformance::detail {
namespace {

const FormatSpec& fp32() { return format_spec(FormatId::fp32); }

bool is_fp32_nan(std::uint32_t bits) { return (bits & 0x7f80'0000u) == 0x7f80'0000u && (bits & 0x007f'ffffu) != 0; }

// ulp of an fp32 value of magnitude |x|: 2^(e - 23) for normals, 2^-149 in the subnormal range and at zero.
ExactValue ulp(const ExactValue& x) {
  if (x.is_zero() || x.floor_log2() < -126) return ExactValue::dyadic(1, -149);
  return ExactValue::dyadic(1, x.floor_log2() - 23);
}

struct Sums {
  ExactValue positive = ExactValue::zero(false);
  ExactValue negative = ExactValue::zero(false);  // magnitude
};

}  // namespace

DotJudgement judge_dot(std::span<const QuantizedBlock> a, std::span<const QuantizedBlock> b, const FormatSpec& element,
                       std::uint32_t got) {
  DotJudgement j;
  j.exact = dot(a, element, b, element);
  j.rne = dot_to_fp32(j.exact, Rounding::rne);
  const bool got_nan = is_fp32_nan(got);
  j.exactly_rounded = got == j.rne || (got_nan && j.exact.is_nan());
  if (j.exact.is_nan()) {
    j.within_bound = got_nan;
    return j;
  }
  if (j.exact.is_inf()) {
    j.within_bound = got == j.rne;  // 0x7f800000 / 0xff800000
    return j;
  }

  // S split by sign: the largest magnitude any partial sum of either sign can reach, before rounding.
  const FormatSpec& e8m0 = format_spec(FormatId::e8m0);
  Sums sums;
  std::size_t n = 0;
  for (std::size_t p = 0; p < a.size(); ++p) {
    const ExactValue x = multiply(decode(e8m0, a[p].scale), decode(e8m0, b[p].scale));
    for (std::size_t i = 0; i < a[p].codes.size(); ++i, ++n) {
      const ExactValue t = multiply(x, multiply(decode(element, a[p].codes[i]), decode(element, b[p].codes[i])));
      if (t.negative())
        sums.negative = add(sums.negative, t.abs());
      else
        sums.positive = add(sums.positive, t);
    }
  }
  const ExactValue s = add(sums.positive, sums.negative);
  // (2^24 - n) * D <= n * S + (2^24 - n) * (ulp/2 + eta), i.e. D <= gamma_n * S + ulp/2 + eta, without division.
  const auto nn = static_cast<std::int64_t>(n);
  const ExactValue one_minus = ExactValue::dyadic((std::int64_t{1} << 24) - nn, 0);
  const ExactValue eta = ExactValue::dyadic(nn + 2 * static_cast<std::int64_t>(a.size()), -150);
  const ExactValue allowance =
      add(multiply(ExactValue::dyadic(nn, 0), s), multiply(one_minus, add(ulp(j.exact).scaled_by_power_of_two(-1), eta)));
  const auto within = [&](const ExactValue& d) {
    return compare(multiply(one_minus, d), allowance) != std::strong_ordering::greater;
  };
  // T = 2^128 - 2^103: from here fp32 addition under rne overflows to Inf.
  const ExactValue threshold = ExactValue::dyadic((std::int64_t{1} << 25) - 1, 103);
  const bool can_overflow_up = within(add(threshold, sums.positive.negated()));
  const bool can_overflow_down = within(add(threshold, sums.negative.negated()));
  if (got_nan) {
    j.within_bound = can_overflow_up && can_overflow_down;  // +Inf + -Inf
  } else if (got == 0x7f80'0000u) {
    j.within_bound = can_overflow_up;
  } else if (got == 0xff80'0000u) {
    j.within_bound = can_overflow_down;
  } else {
    j.within_bound = within(add(decode(fp32(), got), j.exact.negated()).abs());
  }
  return j;
}

std::string dot_bound_text(std::size_t pairs, std::size_t k) {
  const std::size_t n = pairs * k;
  return "accepted: |got - exact| <= gamma_n * sum|X_A X_B P_A P_B| + ulp(exact)/2 + " + std::to_string(n + 2 * pairs) +
         " * 2^-150, n = " + std::to_string(n) + ", gamma_n = n*2^-24/(1 - n*2^-24) (fp32 accumulation in any order; "
         "OCP MX v1.0 §6 leaves it open); exact NaN / Inf must be returned as such";
}

}  // namespace mxconf::conformance::detail
