// (5) Dot and DotGeneral against the reference's dot() + dot_to_fp32(): random blocks of codes (specials, zeros of
// both signs and the largest values favoured), any k, 1..4 block pairs, scales anywhere (NaN included), under
// rne, rtz, rup, rdn, rna. Plus the zero-sign, cancellation, overflow and underflow corners.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "mxconf/reference/dot.hpp"
#include "test_scalar_codec_support.hpp"

namespace {

using namespace sctest;

constexpr Rounding kDotRoundings[] = {Rounding::rne, Rounding::rtz, Rounding::rup, Rounding::rdn, Rounding::rna};

std::uint32_t reference_dot(FormatId ea, FormatId eb, Rounding r, std::size_t k, const std::vector<std::uint8_t>& sa,
                            const std::vector<std::uint8_t>& ca, const std::vector<std::uint8_t>& sb,
                            const std::vector<std::uint8_t>& cb) {
  std::vector<mxconf::QuantizedBlock> a, b;
  for (std::size_t j = 0; j < sa.size(); ++j) {
    a.push_back({sa[j], std::vector<std::uint64_t>(ca.begin() + j * k, ca.begin() + (j + 1) * k)});
    b.push_back({sb[j], std::vector<std::uint64_t>(cb.begin() + j * k, cb.begin() + (j + 1) * k)});
  }
  const auto exact = mxconf::dot(a, mxconf::format_spec(ea), b, mxconf::format_spec(eb));
  return static_cast<std::uint32_t>(mxconf::dot_to_fp32(exact, r));
}

rc::Gen<std::uint8_t> gen_code(FormatId f) {
  const auto mask = static_cast<std::uint32_t>(mxconf::code_mask(mxconf::format_spec(f)));
  const auto sign = static_cast<std::uint8_t>(f == FormatId::int8 ? 0x80 : (mask + 1) / 2);
  const auto max = static_cast<std::uint8_t>(mxconf::max_finite_code(mxconf::format_spec(f)));
  return rc::gen::weightedOneOf<std::uint8_t>({
      {12, rc::gen::map(rc::gen::arbitrary<std::uint8_t>(),
                        [mask](std::uint8_t c) { return static_cast<std::uint8_t>(c & mask); })},
      {1, rc::gen::elementOf(std::vector<std::uint8_t>{0, sign})},  // +-0 (int8: 0, -2)
      {1, rc::gen::elementOf(std::vector<std::uint8_t>{max, static_cast<std::uint8_t>(max | sign)})},  // +-max
      {1, rc::gen::elementOf(std::vector<std::uint8_t>{0x7f, 0xff, 0x7c, 0xfc, 0x7d})},  // e4m3 NaN, e5m2 Inf/NaN
  });
}

rc::Gen<std::uint8_t> gen_scale() {
  return rc::gen::weightedOneOf<std::uint8_t>({
      {10, rc::gen::map(rc::gen::inRange(107, 148), [](int s) { return static_cast<std::uint8_t>(s); })},
      {4, rc::gen::arbitrary<std::uint8_t>()},
      {1, rc::gen::elementOf(std::vector<std::uint8_t>{0, 1, 253, 254, 255})},
  });
}

TEST(ScalarCodecDot, RandomBlocksAgainstReference) {
  const bool ok = rc::check("dot", [] {
    const std::vector<FormatId> elements(std::begin(kElements), std::end(kElements));
    const FormatId ea = *rc::gen::elementOf(elements);
    const FormatId eb = *rc::gen::weightedOneOf<FormatId>({{3, rc::gen::just(ea)}, {1, rc::gen::elementOf(elements)}});
    const auto k = static_cast<std::size_t>(
        *rc::gen::resize(100, rc::gen::weightedOneOf<int>({{1, rc::gen::just(32)}, {3, rc::gen::inRange(1, 65)}})));
    const auto n = static_cast<std::size_t>(*rc::gen::resize(100, rc::gen::inRange(1, 5)));
    // Specials are rarer per element than per block: most blocks get none.
    const bool specials = *rc::gen::inRange(0, 4) == 0;
    auto codes = [&](FormatId f) {
      auto c = *rc::gen::container<std::vector<std::uint8_t>>(n * k, gen_code(f));
      const auto mask = static_cast<std::uint8_t>(mxconf::code_mask(mxconf::format_spec(f)));
      for (auto& x : c) {
        x &= mask;
        if (!specials && mxconf::is_nan_code(mxconf::format_spec(f), x)) x = 0;
        if (!specials && mxconf::is_inf_code(mxconf::format_spec(f), x)) x = 1;
      }
      return c;
    };
    const auto ca = codes(ea);
    const auto cb = codes(eb);
    auto sa = *rc::gen::container<std::vector<std::uint8_t>>(n, gen_scale());
    auto sb = *rc::gen::container<std::vector<std::uint8_t>>(n, gen_scale());
    if (!specials)
      for (auto* s : {&sa, &sb})
        for (auto& x : *s) x = x == 0xff ? 0xfe : x;
    for (const Rounding r : kDotRoundings) {
      std::uint32_t got = 0;
      RC_ASSERT(sc::dot_fp32(ea, eb, r, k, sa, ca, sb, cb, got) == sc::Status::ok);
      const std::uint32_t want = reference_dot(ea, eb, r, k, sa, ca, sb, cb);
      if (got != want) RC_FAIL(std::string(mxconf::to_string(r)) + ": want " + hex(want) + " got " + hex(got));
    }
  });
  EXPECT_TRUE(ok);
}

struct Case {
  const char* what;
  FormatId element;
  std::vector<std::uint8_t> sa, ca, sb, cb;
};

TEST(ScalarCodecDot, Corners) {
  const std::vector<Case> cases = {
      {"all products -0: -0", FormatId::e4m3, {127}, {0x80, 0x00}, {127}, {0x01, 0x80}},
      {"a +0 product among -0: +0", FormatId::e4m3, {127}, {0x80, 0x00}, {127}, {0x01, 0x01}},
      {"exact cancellation: +0", FormatId::e4m3, {127}, {0x38, 0xb8}, {127}, {0x38, 0x38}},
      {"cancellation across pairs", FormatId::e2m1, {127, 128}, {0x2, 0xa}, {127, 126}, {0x2, 0x2}},
      {"Inf * 0: NaN", FormatId::e5m2, {127}, {0x7c, 0x01}, {127}, {0x00, 0x01}},
      {"Inf - Inf: NaN", FormatId::e5m2, {127}, {0x7c, 0xfc}, {127}, {0x3c, 0x3c}},
      {"-Inf", FormatId::e5m2, {127}, {0xfc, 0x01}, {127}, {0x3c, 0x7b}},
      {"NaN scale", FormatId::int8, {255}, {0x01}, {127}, {0x01}},
      {"NaN element", FormatId::e4m3, {127}, {0x7f, 0x00}, {127}, {0x00, 0x00}},
      {"overflow to Inf", FormatId::e4m3, {254, 254}, {0x7e, 0x7e}, {254, 254}, {0x7e, 0x7e}},
      {"underflow to subnormal / zero", FormatId::e2m1, {0, 0}, {0x1, 0x9}, {0, 0}, {0x1, 0x2}},
      {"smallest e5m2 products", FormatId::e5m2, {0}, {0x01, 0x81}, {0}, {0x01, 0x02}},
      {"int8 -128", FormatId::int8, {127}, {0x80, 0x80}, {130}, {0x80, 0x7f}},
  };
  for (const auto& c : cases) {
    const std::size_t k = c.ca.size() / c.sa.size();
    for (const Rounding r : kDotRoundings) {
      std::uint32_t got = 0;
      ASSERT_EQ(sc::dot_fp32(c.element, c.element, r, k, c.sa, c.ca, c.sb, c.cb, got), sc::Status::ok) << c.what;
      EXPECT_EQ(hex(got), hex(reference_dot(c.element, c.element, r, k, c.sa, c.ca, c.sb, c.cb)))
          << c.what << " " << mxconf::to_string(r);
    }
  }
  std::uint32_t out = 0;
  const std::vector<std::uint8_t> s{127}, wide{0x10};
  EXPECT_EQ(sc::dot_fp32(FormatId::e2m1, FormatId::e2m1, Rounding::rne, 1, s, wide, s, wide, out),
            sc::Status::invalid_argument);
  EXPECT_EQ(sc::dot_fp32(FormatId::e4m3, FormatId::e4m3, Rounding::sr, 1, s, wide, s, wide, out),
            sc::Status::invalid_argument);
}

}  // namespace
