// (2) fp32 (and fp64) sources. A dense sample -- every exponent, both signs, the boundary mantissas (0, 1, all
// ones, ...) and, for every destination, the grid points and midpoints of that binade +-1 ulp -- is checked
// against the reference's convert() directly in every configuration (destination x rounding x overflow, each
// with a policy bundle). 1M random patterns are then checked in every configuration too: against an interval
// table of the reference's convert() (vectors/interval_table.hpp: the reference is a step function of the
// pattern, so the table is its answer for every pattern) for the deterministic roundings, and directly (on a
// tenth of them) for sr, whose answer also depends on r.
#include <random>
#include <set>

#include "mxconf/vectors/interval_table.hpp"
#include "test_scalar_codec_support.hpp"

namespace {

using namespace sctest;

constexpr int kSrBits[] = {8, 2, 11, 16, 24, 32, 1};

// Discarded fp32 mantissa bits when binade E (biased; 0 = subnormals) rounds into `to`.
int discarded_bits(FormatId to, int biased) {
  const auto& r = mxconf::format_spec(to);
  const int e = biased == 0 ? -126 : biased - 127;  // for E = 0 only the lsb (2^-149) matters below
  const int q = std::max(e, sc::grid_min_exponent(r));
  return (q - sc::grid_bits(r)) - (biased == 0 ? -149 : e - 23);
}

std::vector<std::uint32_t> dense_sample() {
  std::set<std::uint32_t> mantissas_base{0, 1, 2, 3, 0x7f'ffff, 0x7f'fffe, 0x40'0000, 0x3f'ffff, 0x40'0001, 0x20'0000};
  std::set<std::uint32_t> patterns;
  for (std::uint32_t biased = 0; biased < 256; ++biased) {
    std::set<std::uint32_t> mantissas = mantissas_base;
    for (const FormatId to : kDestinations) {
      const int s = discarded_bits(to, static_cast<int>(biased));
      if (s <= 0 || s > 24 || biased == 255) continue;
      if (s == 24) {  // the binade holds one midpoint of the destination grid: the power of two itself
        mantissas.insert(0);
        mantissas.insert(1);
        continue;
      }
      const std::uint32_t steps = 1u << (23 - s);
      for (std::uint32_t j = 0; j < steps; ++j) {
        if (steps > 64 && j >= 8 && j + 8 < steps && j % (steps / 48) != 0) continue;  // thin very fine grids
        for (const std::uint32_t base : {j << s, (j << s) | (1u << (s - 1))})          // grid point, midpoint
          for (const int d : {-1, 0, 1}) mantissas.insert((base + static_cast<std::uint32_t>(d)) & 0x7f'ffff);
      }
    }
    for (const std::uint32_t m : mantissas)
      for (const std::uint32_t sign : {0u, 0x8000'0000u}) patterns.insert(sign | (biased << 23) | m);
  }
  return {patterns.begin(), patterns.end()};
}

struct Config {
  FormatId to;
  Rounding rounding;
  int k;
  ElementPolicies policies;
};

std::vector<Config> configs() {
  std::vector<Config> out;
  const auto profiles = mxconf::profile_table();
  for (const FormatId to : kDestinations)
    for (const Rounding r : kRoundings)
      for (const auto overflow : {mxconf::Overflow::saturate, mxconf::Overflow::non_saturating}) {
        const std::size_t i = out.size();
        // Alternate a profile's policies with one of the 7,680 combinations.
        ElementPolicies p = i % 2 == 0 ? profiles[(i / 2) % profiles.size()].element
                                       : policies_number(random_for(i, 32, 77) % kPolicyCombinations);
        p.overflow = overflow;
        out.push_back({to, r, r == Rounding::sr ? kSrBits[i % std::size(kSrBits)] : 0, p});
      }
  return out;
}

void check_direct(const Config& c, FormatId from, std::span<const std::uint64_t> inputs, Mismatches& out) {
  const sc::ConvertPlan plan = sc::make_convert_plan(c.to, c.rounding, c.policies, c.k);
  std::vector<std::uint32_t> in32, random(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i)
    random[i] = c.rounding == Rounding::sr ? random_for(inputs[i], c.k, 3) : 0;
  std::vector<std::uint8_t> batch(inputs.size());
  if (from == FormatId::fp32) {
    for (const auto x : inputs) in32.push_back(static_cast<std::uint32_t>(x));
    sc::convert_fp32(plan, in32, random, batch);
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Expected want = reference_convert(from, inputs[i], c.to, c.rounding, c.policies, c.k, random[i]);
    const sc::Encoded got = sc::convert(plan, from, inputs[i], random[i]);
    const bool batch_ok = from != FormatId::fp32 || got.status != sc::Status::ok || batch[i] == got.code;
    if (!same(want, got) || !batch_ok)
      out.add(describe_config(from, c.to, c.rounding, c.k, c.policies) + " input " + hex(inputs[i]) + " r " +
              hex(random[i]) + ": want " + show(want) + " got " + show(got));
  }
}

TEST(ScalarCodecConvert32, DenseSampleEveryConfiguration) {
  const auto sample = dense_sample();
  std::vector<std::uint64_t> inputs(sample.begin(), sample.end());
  ASSERT_GT(inputs.size(), 20'000u);
  const auto all = configs();
  Mismatches mismatches("fp32 dense sample (" + std::to_string(inputs.size()) + " patterns)");
  parallel_for(all.size(), [&](std::size_t i) { check_direct(all[i], FormatId::fp32, inputs, mismatches); });
}

// Half uniform bit patterns, half with the exponent where the destinations' grids are (2^-140 .. 2^20).
std::vector<std::uint32_t> random_patterns(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint32_t> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto bits = static_cast<std::uint32_t>(rng());
    if (i % 2 == 0) {
      v[i] = bits;
    } else {
      const auto e = static_cast<std::uint32_t>(static_cast<int>(rng() % 161) - 140 + 127);
      v[i] = (bits & 0x807f'ffffu) | (e << 23);
    }
  }
  return v;
}

std::vector<std::uint64_t> fp32_segments() {
  std::vector<std::uint64_t> starts;
  for (const std::uint64_t sign : {0ull, 0x8000'0000ull})
    for (const std::uint64_t p : {0ull, 1ull, 0x0080'0000ull, 0x7f80'0000ull, 0x7f80'0001ull})
      starts.push_back(sign | p);
  return starts;
}

TEST(ScalarCodecConvert32, MillionRandomPatternsEveryConfiguration) {
  auto patterns = random_patterns(1'000'000, 2024);
  std::sort(patterns.begin(), patterns.end());
  const auto all = configs();
  const auto segments = fp32_segments();
  Mismatches mismatches("fp32 random patterns");
  parallel_for(all.size(), [&](std::size_t ci) {
    const Config& c = all[ci];
    if (c.rounding == Rounding::sr) {
      // The answer depends on r too: checked directly, on every tenth pattern (100,000).
      std::vector<std::uint64_t> inputs;
      for (std::size_t i = ci % 10; i < patterns.size(); i += 10) inputs.push_back(patterns[i]);
      check_direct(c, FormatId::fp32, inputs, mismatches);
      return;
    }
    const auto& fp32 = mxconf::format_spec(FormatId::fp32);
    const auto& dst = mxconf::format_spec(c.to);
    const mxconf::EncodeOptions options{c.rounding, c.policies, {}};
    const auto table =
        mxconf::vectors::build_interval_table(32, segments, [&](std::uint64_t pattern) -> std::optional<std::uint64_t> {
          try {
            return mxconf::convert(fp32, pattern, dst, options);
          } catch (const mxconf::InvalidArgument&) {
            return std::nullopt;
          }
        });
    const sc::ConvertPlan plan = sc::make_convert_plan(c.to, c.rounding, c.policies, c.k);
    std::vector<std::uint8_t> out(patterns.size());
    sc::convert_fp32(plan, patterns, out);
    std::size_t row = 0;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      while (patterns[i] > table[row].last) ++row;
      const auto& want = table[row].code;
      const bool ok = want ? out[i] == *want : sc::convert_fp32(plan, patterns[i]).status != sc::Status::ok;
      if (!ok)
        mismatches.add(describe_config(FormatId::fp32, c.to, c.rounding, c.k, c.policies) + " input " +
                       hex(patterns[i]) + ": want " + (want ? hex(*want) : "error") + " got " + hex(out[i]));
    }
  });
}

// fp64 sources: one rounding from the exact value (never through fp32), ranges fp32 cannot reach, and
// fp64 subnormals.
TEST(ScalarCodecConvert32, Fp64SampleEveryConfiguration) {
  std::mt19937_64 rng(64);
  std::vector<std::uint64_t> inputs;
  for (int i = 0; i < 4000; ++i) {
    const std::uint64_t bits = rng();
    const int kind = i % 4;
    std::uint64_t e = 0;
    if (kind == 0) e = (bits >> 52) & 0x7ff;                                                    // anywhere
    if (kind == 1) e = static_cast<std::uint64_t>(1023 - 150 + static_cast<int>(rng() % 180));  // element ranges
    if (kind == 2) e = static_cast<std::uint64_t>(1023 + 120 + static_cast<int>(rng() % 20));   // around 2^127
    if (kind == 3) e = rng() % 2 == 0 ? 0 : 0x7ff;                                              // subnormals, Inf / NaN
    std::uint64_t m = bits & 0x000f'ffff'ffff'ffffull;
    if (i % 8 == 1) m &= 0x000f'ffff'e000'0000ull;                        // exactly an fp32 value
    if (i % 8 == 3) m = (m & 0x000f'ffff'e000'0000ull) | 0x1000'0000ull;  // an fp32 midpoint: no double rounding
    inputs.push_back((bits & 0x8000'0000'0000'0000ull) | (e << 52) | m);
  }
  const auto all = configs();
  Mismatches mismatches("fp64 sample");
  parallel_for(all.size(), [&](std::size_t i) { check_direct(all[i], FormatId::fp64, inputs, mismatches); });
}

// The worked examples of spec-rules §2.2 / §2.3 as literal expectations (readable documentation of the codec).
TEST(ScalarCodecConvert32, SpecRulesExamples) {
  const ElementPolicies ocp = mxconf::find_profile("ocp")->element;
  const auto e4m3 = sc::make_convert_plan(FormatId::e4m3, Rounding::rne, ocp);
  EXPECT_EQ(sc::convert_fp32(e4m3, 0x43e8'0000).code, 0x7eu);  // 464: the tie goes to 448 (even)
  EXPECT_EQ(sc::convert_fp32(e4m3, 0x43e8'0001).code, 0x7eu);  // saturates
  EXPECT_EQ(sc::convert_fp32(e4m3, 0x3a80'0000).code, 0x00u);  // 2^-10: tie to 0
  EXPECT_EQ(sc::convert_fp32(e4m3, 0x3a80'0001).code, 0x01u);  // just above: min subnormal
  EXPECT_EQ(sc::convert_fp32(e4m3, 0x43c8'0000).code, 0x7cu);  // 400 -> 384 under rne (spec-rules §2.1)
  ElementPolicies nonsat = ocp;
  nonsat.overflow = mxconf::Overflow::non_saturating;
  const auto e5m2 = sc::make_convert_plan(FormatId::e5m2, Rounding::rne, nonsat);
  EXPECT_EQ(sc::convert_fp32(e5m2, 0x4770'0000).code, 0x7cu);  // 61440 ties to 65536: Inf
  EXPECT_EQ(sc::convert_fp32(e5m2, 0x476f'ffff).code, 0x7bu);
  const auto e2m1 = sc::make_convert_plan(FormatId::e2m1, Rounding::rne, mxconf::find_profile("nvidia")->element);
  EXPECT_EQ(sc::convert_fp32(e2m1, 0x40e0'0000).code, 0x7u);  // 7.0: tie to 8, saturates to 6
  EXPECT_EQ(sc::convert_fp32(e2m1, 0x3f40'0000).code, 0x2u);  // 0.75 -> 1.0
  EXPECT_EQ(sc::convert_fp32(e2m1, 0xffc0'0000).code, 0x7u);  // -NaN -> +6 (NanIntoFinite::positive_max)
  EXPECT_EQ(sc::convert_fp32(e2m1, 0x8000'0000).code, 0x8u);  // -0
  const auto e8m0 = sc::make_convert_plan(FormatId::e8m0, Rounding::rup, mxconf::find_profile("nvidia")->element);
  EXPECT_EQ(sc::convert_fp32(e8m0, 0x0040'0001).code, 0x01u);  // spec-rules §2.6 RP examples
  EXPECT_EQ(sc::convert_fp32(e8m0, 0x3f80'0001).code, 0x80u);
  EXPECT_EQ(sc::convert_fp32(e8m0, 0x7f80'0000).code, 0xfeu);  // Inf, saturating
}

}  // namespace
