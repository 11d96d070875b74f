// RapidCheck properties of encode/convert on random fp32 and fp64 bit patterns and random exact values:
// agreement with the oracle under random policies, monotonicity, sign symmetry, saturation bounds, directed
// bounds and single rounding from fp64 (ml_dtypes #401).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cfenv>
#include <initializer_list>
#include <string>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "oracle.hpp"

namespace {

using mxconf::ExactValue;
using mxconf::FormatId;
using mxconf::Rounding;
using mxtest::Outcome;

// ---- Generators. ----

// One of the choices, drawn as an index so that RapidCheck can print a counterexample (it cannot show enums).
template <typename E>
E pick(std::initializer_list<E> choices) {
  return *(choices.begin() + *rc::gen::inRange<std::size_t>(0, choices.size()));
}

// A random exact value: a significand of 1..150 bits, its top bit at 2^L. L mostly near the element formats'
// range, sometimes anywhere an fp64 or e8m0 value can be.
ExactValue gen_exact() {
  const int bits = *rc::gen::inRange(1, 151);
  std::vector<std::uint64_t> limbs = *rc::gen::container<std::vector<std::uint64_t>>(
      static_cast<std::size_t>((bits + 63) / 64), rc::gen::arbitrary<std::uint64_t>());
  mxconf::BigInt s = 0;
  for (auto limb : limbs) s = (s << 64) | limb;
  s &= (mxconf::BigInt(1) << bits) - 1;
  s |= mxconf::BigInt(1) << (bits - 1);
  const auto top = *rc::gen::oneOf(rc::gen::inRange<std::int64_t>(-20, 20), rc::gen::inRange<std::int64_t>(-150, 150));
  const bool negative = *rc::gen::arbitrary<bool>();
  return ExactValue::finite(negative, s, top - (bits - 1));
}

// A value at or near a grid point or a midpoint of `g` (ties, ties +- tiny, neighbours, beyond max).
ExactValue gen_near_grid(const mxtest::Grid& g) {
  const auto& pts = g.points();
  const auto i = *rc::gen::inRange<std::size_t>(0, pts.size() - 1);
  const ExactValue& a = pts[i].value;
  const ExactValue& b = pts[i + 1].value;
  const ExactValue gap = mxtest::sub(b, a);
  const int where = *rc::gen::inRange(0, 4);
  ExactValue base = where == 0 ? a : where == 1 ? b : mxconf::add(a, b).scaled_by_power_of_two(-1);
  if (where == 3) base = mxconf::add(b, gap);  // one gap further (beyond max when b is the last point)
  const int k = *rc::gen::inRange(1, 80);
  const int s = *rc::gen::inRange(-1, 2);
  if (s == 0) return base;
  const ExactValue delta = gap.scaled_by_power_of_two(-k);
  return mxconf::add(base, s > 0 ? delta : delta.negated());
}

struct Mode {
  Rounding rounding;
  mxconf::StochasticBits sr;
};
Mode gen_mode(bool allow_sr = true) {
  const auto r = allow_sr ? pick({Rounding::rne, Rounding::rtz, Rounding::rup, Rounding::rdn, Rounding::rna,
                                  Rounding::sr})
                          : pick({Rounding::rne, Rounding::rtz, Rounding::rup, Rounding::rdn, Rounding::rna});
  Mode m{r, {}};
  if (r == Rounding::sr) {
    m.sr.bits = *rc::gen::inRange(1, 65);
    const auto random = *rc::gen::arbitrary<std::uint64_t>();
    m.sr.random = m.sr.bits == 64 ? random : random & ((std::uint64_t{1} << m.sr.bits) - 1);
  }
  return m;
}

// Random policies, every field, with NaN and negative inputs given an answer (no error choices).
mxconf::ElementPolicies gen_policies() {
  using namespace mxconf;
  ElementPolicies p = mxtest::test_policies();
  p.overflow = pick({Overflow::saturate, Overflow::non_saturating});
  p.directed_overflow = pick({DirectedOverflow::largest_finite, DirectedOverflow::non_finite});
  p.inf_under_saturation = pick({InfUnderSaturation::clamp, InfUnderSaturation::keep_special});
  p.nan_encoding = {pick({NanSign::positive, NanSign::keep}), pick({NanMantissa::all_ones, NanMantissa::quiet_bit})};
  p.nan_into_finite = pick({NanIntoFinite::positive_max, NanIntoFinite::signed_max, NanIntoFinite::negative_zero,
                            NanIntoFinite::zero_flipped_sign});
  p.int8_range = pick({Int8Range::symmetric, Int8Range::full});
  p.negative_into_unsigned = pick({NegativeIntoUnsigned::magnitude, NegativeIntoUnsigned::nan});
  p.zero_into_e8m0 = pick({ZeroIntoE8m0::smallest, ZeroIntoE8m0::nan});
  p.e8m0_subnormal_rounding = pick({E8m0SubnormalRounding::exact, E8m0SubnormalRounding::up_above_smallest});
  return p;
}

Outcome reference(const ExactValue& x, FormatId to, Mode m, const mxconf::ElementPolicies& p) {
  try {
    return {false, mxconf::encode(x, mxconf::format_spec(to), {m.rounding, p, m.sr})};
  } catch (const mxconf::InvalidArgument&) {
    return {true, 0};
  }
}

std::string describe(const ExactValue& x, FormatId to, Mode m) {
  return mxconf::to_hex_float(x) + " -> " + mxtest::layout(to).name + " " + mxtest::mode_name(m.rounding) +
         (m.rounding == Rounding::sr ? " K=" + std::to_string(m.sr.bits) + " r=" + std::to_string(m.sr.random) : "");
}

void assert_matches_oracle(const ExactValue& x, FormatId to, Mode m, const mxconf::ElementPolicies& p) {
  const Outcome want = mxtest::grid(to, p.int8_range).encode(x, m.rounding, p, m.sr);
  const Outcome got = reference(x, to, m, p);
  if (got != want) {
    RC_LOG() << describe(x, to, m) << " overflow=" << int(p.overflow) << " directed=" << int(p.directed_overflow)
             << " range=" << int(p.int8_range) << " e8m0sub=" << int(p.e8m0_subnormal_rounding) << ": got "
             << mxtest::describe(got) << " want " << mxtest::describe(want) << "\n";
    RC_FAIL("reference differs from oracle");
  }
}

// ---- Correct rounding: the result is the bracketing neighbour the mode picks (oracle). ----

RC_GTEST_PROP(EncodeProperties, RandomExactValuesMatchOracle, ()) {
  const ExactValue x = gen_exact();
  const auto p = gen_policies();
  for (const FormatId to : mxtest::kSmallFormats) assert_matches_oracle(x, to, gen_mode(), p);
}

RC_GTEST_PROP(EncodeProperties, ValuesNearGridPointsAndTiesMatchOracle, ()) {
  const auto p = gen_policies();
  for (const FormatId to : mxtest::kSmallFormats) {
    const ExactValue x = gen_near_grid(mxtest::grid(to, p.int8_range));
    assert_matches_oracle(x, to, gen_mode(), p);
  }
}

RC_GTEST_PROP(EncodeProperties, RandomFp32BitsMatchOracle, ()) {
  const auto bits = *rc::gen::oneOf(
      rc::gen::arbitrary<std::uint32_t>(),
      rc::gen::map(rc::gen::tuple(rc::gen::inRange<std::uint32_t>(0, 2), rc::gen::inRange<std::uint32_t>(100, 160),
                                  rc::gen::inRange<std::uint32_t>(0, 1u << 23)),
                   [](const auto& t) -> std::uint32_t { return std::get<0>(t) << 31 | std::get<1>(t) << 23 | std::get<2>(t); }));
  const auto p = gen_policies();
  const auto& fp32 = mxconf::format_spec(FormatId::fp32);
  for (const FormatId to : mxtest::kSmallFormats) {
    const Mode m = gen_mode();
    const Outcome want =
        mxtest::grid(to, p.int8_range).encode(mxtest::oracle_decode(FormatId::fp32, bits), m.rounding, p, m.sr);
    Outcome got;
    try {
      got = {false, mxconf::convert(fp32, bits, mxconf::format_spec(to), {m.rounding, p, m.sr})};
    } catch (const mxconf::InvalidArgument&) {
      got = {true, 0};
    }
    RC_ASSERT(got == want);
  }
}

// ---- No double rounding: an fp64 input is rounded once, on its exact value (ml_dtypes #401). ----

RC_GTEST_PROP(EncodeProperties, Fp64IsRoundedOnceNearMidpoints, ()) {
  const auto p = mxtest::test_policies(pick({mxconf::Overflow::saturate, mxconf::Overflow::non_saturating}));
  const auto& fp64 = mxconf::format_spec(FormatId::fp64);
  for (const FormatId to : mxtest::kElementFormats) {
    // A midpoint of two neighbours of `to`, as a double, moved by a few double ulps: exactly where narrowing to
    // fp32 first would land on the midpoint and round a second time.
    const auto& pts = mxtest::grid(to).points();
    const auto i = *rc::gen::inRange<std::size_t>(1, pts.size() - 2);
    const ExactValue mid = mxconf::add(pts[i].value, pts[i + 1].value).scaled_by_power_of_two(-1);
    const double d = std::ldexp(static_cast<double>(mid.significand()), static_cast<int>(mid.exponent())) *
                     (mid.negative() ? -1 : 1);
    const auto bits = std::bit_cast<std::uint64_t>(d) + static_cast<std::uint64_t>(*rc::gen::inRange(-3, 4));
    const Rounding mode = gen_mode(false).rounding;
    const Outcome want = mxtest::grid(to).encode(mxtest::oracle_decode(FormatId::fp64, bits), mode, p);
    const std::uint64_t got = mxconf::convert(fp64, bits, mxconf::format_spec(to), {mode, p, {}});
    RC_ASSERT((Outcome{false, got} == want));
  }
}

RC_GTEST_PROP(EncodeProperties, RandomFp64BitsMatchOracle, ()) {
  const auto bits = *rc::gen::oneOf(
      rc::gen::arbitrary<std::uint64_t>(),
      rc::gen::map(rc::gen::tuple(rc::gen::inRange<std::uint64_t>(0, 2), rc::gen::inRange<std::uint64_t>(850, 1200),
                                  rc::gen::arbitrary<std::uint64_t>()),
                   [](const auto& t) -> std::uint64_t {
                     return std::get<0>(t) << 63 | std::get<1>(t) << 52 | (std::get<2>(t) & ((std::uint64_t{1} << 52) - 1));
                   }));
  const auto p = gen_policies();
  const auto& fp64 = mxconf::format_spec(FormatId::fp64);
  for (const FormatId to : mxtest::kSmallFormats) {
    const Mode m = gen_mode();
    const Outcome want =
        mxtest::grid(to, p.int8_range).encode(mxtest::oracle_decode(FormatId::fp64, bits), m.rounding, p, m.sr);
    const std::uint64_t got = mxconf::convert(fp64, bits, mxconf::format_spec(to), {m.rounding, p, m.sr});
    RC_ASSERT((Outcome{false, got} == want));
  }
}

// ---- Order properties, checked without the oracle's rounding (decode by fields only). ----

// x <= y implies decode(encode(x)) <= decode(encode(y)) under one deterministic mode (NaN results excluded).
RC_GTEST_PROP(EncodeProperties, Monotone, ()) {
  const auto p = gen_policies();
  for (const FormatId to : mxtest::kSmallFormats) {
    const Mode m = gen_mode(false);
    const auto& g = mxtest::grid(to, p.int8_range);
    ExactValue x = *rc::gen::element(0, 1) ? gen_exact() : gen_near_grid(g);
    ExactValue y = *rc::gen::element(0, 1) ? gen_exact() : gen_near_grid(g);
    if (to == FormatId::e8m0 || to == FormatId::ue4m3) {  // unsigned: |x| first, so order holds on x >= 0
      x = x.abs();
      y = y.abs();
    }
    if (mxtest::lt(y, x)) std::swap(x, y);
    const auto& f = mxconf::format_spec(to);
    const ExactValue rx = mxtest::oracle_decode(to, mxconf::encode(x, f, {m.rounding, p, {}}));
    const ExactValue ry = mxtest::oracle_decode(to, mxconf::encode(y, f, {m.rounding, p, {}}));
    if (rx.is_nan() || ry.is_nan()) continue;
    RC_LOG() << describe(x, to, m) << " vs " << mxconf::to_hex_float(y) << "\n";
    RC_ASSERT(!mxtest::lt(ry, rx));
  }
}

// encode(-x) is encode(x) with the sign flipped under the symmetric modes; rup(-x) = -rdn(x).
RC_GTEST_PROP(EncodeProperties, SignSymmetry, ()) {
  const auto p = gen_policies();
  const ExactValue x = gen_exact();
  for (const FormatId to : {FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3, FormatId::e2m1,
                            FormatId::bf16, FormatId::fp16}) {
    const auto& f = mxconf::format_spec(to);
    const std::uint64_t s = mxtest::oracle_sign_bit(mxtest::layout(to));
    for (const Rounding r : {Rounding::rne, Rounding::rtz, Rounding::rna}) {
      RC_LOG() << describe(x, to, {r, {}}) << "\n";
      RC_ASSERT(mxconf::encode(x.negated(), f, {r, p, {}}) == (mxconf::encode(x, f, {r, p, {}}) ^ s));
    }
    RC_ASSERT(mxconf::encode(x.negated(), f, {Rounding::rup, p, {}}) ==
              (mxconf::encode(x, f, {Rounding::rdn, p, {}}) ^ s));
    RC_ASSERT(mxconf::encode(x.negated(), f, {Rounding::rdn, p, {}}) ==
              (mxconf::encode(x, f, {Rounding::rup, p, {}}) ^ s));
  }
  // int8 (two's complement, symmetric range): the value negates.
  auto p8 = p;
  p8.int8_range = mxconf::Int8Range::symmetric;
  const auto& int8 = mxconf::format_spec(FormatId::int8);
  for (const Rounding r : {Rounding::rne, Rounding::rtz, Rounding::rna}) {
    const ExactValue a = mxtest::oracle_decode(FormatId::int8, mxconf::encode(x, int8, {r, p8, {}}));
    const ExactValue b = mxtest::oracle_decode(FormatId::int8, mxconf::encode(x.negated(), int8, {r, p8, {}}));
    RC_ASSERT(mxtest::eq(a, b.negated()));
  }
}

// Under saturation no finite input (nor Inf with InfUnderSaturation::clamp) leaves [-max, max].
RC_GTEST_PROP(EncodeProperties, SaturationBounds, ()) {
  auto p = gen_policies();
  p.overflow = mxconf::Overflow::saturate;
  p.inf_under_saturation = mxconf::InfUnderSaturation::clamp;
  p.negative_into_unsigned = mxconf::NegativeIntoUnsigned::magnitude;  // the nan choice is not a saturation
  const bool inf = *rc::gen::element(0, 0, 0, 1);
  const ExactValue x = inf ? ExactValue::infinity(*rc::gen::arbitrary<bool>()) : gen_exact();
  for (const FormatId to : mxtest::kSmallFormats) {
    const Mode m = gen_mode();
    const auto& g = mxtest::grid(to, p.int8_range);
    const ExactValue r = mxtest::oracle_decode(to, mxconf::encode(x, mxconf::format_spec(to), {m.rounding, p, m.sr}));
    RC_LOG() << describe(x, to, m) << "\n";
    RC_ASSERT(r.is_finite());
    // The bound on the result's side: -2.0 is the negative end of int8 under Int8Range::full.
    RC_ASSERT(!mxtest::lt(mxtest::oracle_decode(to, g.max_code(r.negative())).abs(), r.abs()));
  }
}

// For x within range: rdn(x) <= x <= rup(x), |rtz(x)| <= |x|, and rdn, rup are equal or adjacent codes' values.
RC_GTEST_PROP(EncodeProperties, DirectedBounds, ()) {
  const auto p = mxtest::test_policies();
  for (const FormatId to : {FormatId::e4m3, FormatId::e5m2, FormatId::e3m2, FormatId::e2m3, FormatId::e2m1,
                            FormatId::int8, FormatId::bf16, FormatId::fp16, FormatId::e4m3fnuz}) {
    const auto& g = mxtest::grid(to);
    const ExactValue x = *rc::gen::element(0, 1) ? gen_exact() : gen_near_grid(g);
    if (mxtest::lt(g.max_value(), x.abs())) continue;
    const auto& f = mxconf::format_spec(to);
    const ExactValue dn = mxtest::oracle_decode(to, mxconf::encode(x, f, {Rounding::rdn, p, {}}));
    const ExactValue up = mxtest::oracle_decode(to, mxconf::encode(x, f, {Rounding::rup, p, {}}));
    const ExactValue tz = mxtest::oracle_decode(to, mxconf::encode(x, f, {Rounding::rtz, p, {}}));
    RC_LOG() << describe(x, to, {Rounding::rdn, {}}) << "\n";
    RC_ASSERT(!mxtest::lt(x, dn));
    RC_ASSERT(!mxtest::lt(up, x));
    RC_ASSERT(!mxtest::lt(x.abs(), tz.abs()));
    // rdn and rup are the two representable values around x (nothing representable lies between them).
    const mxtest::Bracket b = g.locate(x);
    RC_ASSERT(mxtest::eq(dn, g.points()[b.lo].value));
    RC_ASSERT(mxtest::eq(up, g.points()[b.hi].value));
  }
}

}  // namespace

namespace {

// ---- The wide IEEE path (ieee_encode_options, used by dequantize and dot) against the hardware. ----

// fp64 -> fp32 through the FPU's own conversion (cvtsd2ss) under each IEEE rounding direction: an oracle that
// shares nothing with the reference. NaN results are compared by class only (the FPU keeps the payload).
struct RoundingDirection {
  Rounding mode;
  int fe;
};
const RoundingDirection kDirections[] = {{Rounding::rne, FE_TONEAREST},
                                         {Rounding::rtz, FE_TOWARDZERO},
                                         {Rounding::rup, FE_UPWARD},
                                         {Rounding::rdn, FE_DOWNWARD}};

std::uint32_t hardware_fp64_to_fp32(std::uint64_t bits, int fe) {
  volatile double d = std::bit_cast<double>(bits);
  const int saved = std::fegetround();
  std::fesetround(fe);
  volatile float f = static_cast<float>(d);
  std::fesetround(saved);
  return std::bit_cast<std::uint32_t>(static_cast<float>(f));
}

RC_GTEST_PROP(EncodeProperties, Fp64ToFp32MatchesTheFpu, ()) {
  // Sanity: the FPU honours fesetround here (1 + 2^-40 rounds up to 1 + 2^-23 only under FE_UPWARD).
  RC_PRE(hardware_fp64_to_fp32(std::bit_cast<std::uint64_t>(1.0 + 0x1p-40), FE_UPWARD) == 0x3f800001u);
  const auto bits = *rc::gen::oneOf(
      rc::gen::arbitrary<std::uint64_t>(),
      rc::gen::map(rc::gen::tuple(rc::gen::inRange<std::uint64_t>(0, 2), rc::gen::inRange<std::uint64_t>(860, 1160),
                                  rc::gen::arbitrary<std::uint64_t>()),
                   [](const auto& t) -> std::uint64_t {
                     return std::get<0>(t) << 63 | std::get<1>(t) << 52 | (std::get<2>(t) & ((std::uint64_t{1} << 52) - 1));
                   }));
  const auto& fp64 = mxconf::format_spec(FormatId::fp64);
  const auto& fp32 = mxconf::format_spec(FormatId::fp32);
  for (const auto& dir : kDirections) {
    const std::uint32_t want = hardware_fp64_to_fp32(bits, dir.fe);
    const std::uint64_t got = mxconf::convert(fp64, bits, fp32, mxconf::ieee_encode_options(dir.mode));
    RC_LOG() << "fp64 " << mxtest::hex(bits) << " " << mxtest::mode_name(dir.mode) << ": got " << mxtest::hex(got)
             << " want " << mxtest::hex(want) << "\n";
    if (mxconf::is_nan_code(fp32, want)) {
      RC_ASSERT(mxconf::is_nan_code(fp32, got));
    } else {
      RC_ASSERT(got == want);
    }
  }
}

#ifdef __FLT16_MAX__
// fp32 -> fp16 under round to nearest even, through the compiler's _Float16 conversion.
RC_GTEST_PROP(EncodeProperties, Fp32ToFp16MatchesCompilerConversion, (std::uint32_t bits)) {
  volatile float x = std::bit_cast<float>(bits);
  const auto want = std::bit_cast<std::uint16_t>(static_cast<_Float16>(x));
  const auto& fp16 = mxconf::format_spec(FormatId::fp16);
  const std::uint64_t got =
      mxconf::convert(mxconf::format_spec(FormatId::fp32), bits, fp16, mxconf::ieee_encode_options(Rounding::rne));
  RC_LOG() << "fp32 " << mxtest::hex(bits) << ": got " << mxtest::hex(got) << " want " << mxtest::hex(want) << "\n";
  if (mxconf::is_nan_code(fp16, want)) {
    RC_ASSERT(mxconf::is_nan_code(fp16, got));
  } else {
    RC_ASSERT(got == std::uint64_t{want});
  }
}
#endif

}  // namespace
