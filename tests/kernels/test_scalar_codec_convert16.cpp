// (1) Exhaustive 16-bit sources: all 65,536 bf16 and all 65,536 fp16 inputs into every destination (element
// formats and e8m0), under every rounding mode (sr with several K) and both Overflow policies, equal the
// reference's convert() -- codes, and refusals as refusals. Each configuration runs under two policy bundles (a
// profile, and one of the 7,680 ElementPolicies combinations picked by the configuration); then every NaN policy
// value on every NaN input, and every combination of the other policies on the inputs where they act.
#include "test_scalar_codec_support.hpp"

namespace {

using namespace sctest;

constexpr int kSrBits[] = {8, 1, 3, 13, 23, 32};

std::uint64_t mix(std::uint64_t x) { return random_for(x, 32, 0x5eed) | (std::uint64_t{random_for(x, 32, 1)} << 32); }

sc::Encoded codec_convert(const sc::ConvertPlan& plan, FormatId from, std::uint16_t bits, std::uint32_t r) {
  return from == FormatId::bf16 ? sc::convert_bf16(plan, bits, r) : sc::convert_fp16(plan, bits, r);
}

// All patterns in `inputs` (or all 65,536 when empty): codec == reference, scalar and batch entry points.
void check_16(FormatId from, FormatId to, Rounding rounding, int k, const ElementPolicies& p,
              const std::vector<std::uint16_t>& inputs, Mismatches& out) {
  const sc::ConvertPlan plan = sc::make_convert_plan(to, rounding, p, k);
  const std::size_t n = inputs.empty() ? 65536 : inputs.size();
  std::vector<std::uint16_t> in(n);
  std::vector<std::uint32_t> random(n);
  for (std::size_t i = 0; i < n; ++i) {
    in[i] = inputs.empty() ? static_cast<std::uint16_t>(i) : inputs[i];
    random[i] = rounding == Rounding::sr ? random_for(in[i], k, static_cast<std::uint64_t>(to)) : 0;
  }
  std::vector<std::uint8_t> batch(n);
  if (from == FormatId::bf16)
    sc::convert_bf16(plan, in, random, batch);
  else
    sc::convert_fp16(plan, in, random, batch);
  for (std::size_t i = 0; i < n; ++i) {
    const Expected want = reference_convert(from, in[i], to, rounding, p, k, random[i]);
    const sc::Encoded got = codec_convert(plan, from, in[i], random[i]);
    if (!same(want, got) || (got.status == sc::Status::ok && batch[i] != got.code))
      out.add(describe_config(from, to, rounding, k, p) + " input " + hex(in[i]) + " r " + hex(random[i]) + ": want " +
              show(want) + " got " + show(got) + " batch " + hex(batch[i]));
  }
}

struct Config {
  FormatId from, to;
  Rounding rounding;
  mxconf::Overflow overflow;
  int k;
};

std::vector<Config> all_configs() {
  std::vector<Config> configs;
  for (const FormatId from : {FormatId::bf16, FormatId::fp16})
    for (const FormatId to : kDestinations)
      for (std::size_t r = 0; r < std::size(kRoundings); ++r)
        for (const auto overflow : {mxconf::Overflow::saturate, mxconf::Overflow::non_saturating}) {
          const int k = kRoundings[r] == Rounding::sr ? kSrBits[configs.size() % std::size(kSrBits)] : 0;
          configs.push_back({from, to, kRoundings[r], overflow, k});
        }
  return configs;
}

TEST(ScalarCodecConvert16, EveryInputEveryDestinationRoundingOverflow) {
  const auto configs = all_configs();
  const auto profiles = mxconf::profile_table();
  Mismatches mismatches("16-bit exhaustive");
  parallel_for(configs.size() * 2, [&](std::size_t job) {
    const Config& c = configs[job / 2];
    ElementPolicies p =
        job % 2 == 0 ? profiles[(job / 2) % profiles.size()].element : policies_number(mix(job) % kPolicyCombinations);
    p.overflow = c.overflow;
    check_16(c.from, c.to, c.rounding, c.k, p, {}, mismatches);
  });
}

// Every NaN of the source (both signs, every payload) and the infinities, under every NaN encoding and
// NanIntoFinite value and both Overflow / InfUnderSaturation values.
TEST(ScalarCodecConvert16, EveryNanPolicyOnEveryNan) {
  Mismatches mismatches("NaN policies");
  for (const FormatId from : {FormatId::bf16, FormatId::fp16}) {
    const int mbits = from == FormatId::bf16 ? 7 : 10;
    const std::uint16_t exp_all_ones = from == FormatId::bf16 ? 0x7f80 : 0x7c00;
    std::vector<std::uint16_t> inputs;
    for (const std::uint16_t sign : {std::uint16_t{0x0000}, std::uint16_t{0x8000}})
      for (std::uint16_t m = 0; m < (1u << mbits); ++m)
        inputs.push_back(static_cast<std::uint16_t>(sign | exp_all_ones | m));
    std::vector<ElementPolicies> bundles;
    for (int sign = 0; sign < 2; ++sign)
      for (int mant = 0; mant < 2; ++mant)
        for (int nif = 0; nif < 5; ++nif)
          for (int overflow = 0; overflow < 2; ++overflow)
            for (int inf = 0; inf < 2; ++inf) {
              ElementPolicies p = mxconf::profile_table()[0].element;
              p.nan_encoding = {static_cast<mxconf::NanSign>(sign), static_cast<mxconf::NanMantissa>(mant)};
              p.nan_into_finite = static_cast<mxconf::NanIntoFinite>(nif);
              p.overflow = static_cast<mxconf::Overflow>(overflow);
              p.inf_under_saturation = static_cast<mxconf::InfUnderSaturation>(inf);
              bundles.push_back(p);
            }
    parallel_for(bundles.size() * std::size(kDestinations), [&](std::size_t job) {
      const ElementPolicies& p = bundles[job / std::size(kDestinations)];
      const FormatId to = kDestinations[job % std::size(kDestinations)];
      for (const Rounding r : {Rounding::rne, Rounding::rtz, Rounding::sr})
        check_16(from, to, r, r == Rounding::sr ? 8 : 0, p, inputs, mismatches);
    });
  }
}

// The inputs where the other policies act: zeros, source subnormals, the largest finite values and Inf
// (overflow, directed overflow, InfUnderSaturation, Int8Range), negatives (e8m0), e8m0's (2^-127, 2^-126).
std::vector<std::uint16_t> policy_inputs(FormatId from) {
  std::vector<std::uint16_t> v;
  const bool bf16 = from == FormatId::bf16;
  const std::uint16_t inf = bf16 ? 0x7f80 : 0x7c00;
  for (const std::uint16_t sign : {std::uint16_t{0x0000}, std::uint16_t{0x8000}}) {
    auto add = [&](std::uint32_t m) { v.push_back(static_cast<std::uint16_t>(sign | m)); };
    for (std::uint32_t m = 0; m < 8; ++m) add(m);                            // zero, smallest subnormals
    for (std::uint32_t m = 1; m < 8; ++m) add((bf16 ? 0x80u : 0x400u) - m);  // largest subnormals
    for (std::uint32_t m = 0; m < 8; ++m) add((bf16 ? 0x80u : 0x400u) + m);  // smallest normals
    for (std::uint32_t m = 1; m < 16; ++m) add(inf - m);                     // largest finite values
    add(inf);
    add(inf | 1);
    // Around every element format's largest value and int8's -2 (bf16: 448 0x43e0, 57344 0x4760, 28 0x41e0,
    // 7.5 0x40f0, 6 0x40c0, 2 0x4000; fp16: 0x5f00, 0x7b00, 0x4f00, 0x4780, 0x4600, 0x4000).
    const std::uint16_t tops_bf16[] = {0x43e0, 0x4760, 0x41e0, 0x40f0, 0x40c0, 0x4000, 0x3ff0};
    const std::uint16_t tops_fp16[] = {0x5f00, 0x7b00, 0x4f00, 0x4780, 0x4600, 0x4000, 0x3ff0};
    for (const std::uint16_t t :
         bf16 ? std::span<const std::uint16_t>(tops_bf16) : std::span<const std::uint16_t>(tops_fp16))
      for (int d = -4; d <= 16; ++d) add(static_cast<std::uint32_t>(t + d));
    if (bf16)  // e8m0's binade below 2^-126: (2^-127, 2^-126) and 2^-127 itself
      for (std::uint32_t m = 0x3c; m < 0x44; ++m) add(m);
  }
  return v;
}

TEST(ScalarCodecConvert16, EveryOtherPolicyCombinationWhereItActs) {
  // All combinations of the policies besides the NaN ones, NaN encoding fixed (covered above); inf-into-finite and
  // e8m0-overflow (which act on disjoint destinations) vary together, to keep the test's time: 1024 bundles.
  std::vector<ElementPolicies> bundles;
  for (std::size_t i = 0; i < kPolicyCombinations; ++i) {
    const ElementPolicies p = policies_number(i);
    const bool refusing_inf = p.inf_into_finite == mxconf::InfIntoFinite::error;
    const bool early_e8m0 = p.e8m0_overflow == mxconf::E8m0Overflow::before_rounding;
    if (p.nan_encoding.sign == mxconf::NanSign::keep && p.nan_encoding.mantissa == mxconf::NanMantissa::all_ones &&
        p.nan_into_finite == mxconf::NanIntoFinite::signed_max && refusing_inf == early_e8m0)
      bundles.push_back(p);
  }
  ASSERT_EQ(bundles.size(), 1024u);
  Mismatches mismatches("other policies");
  for (const FormatId from : {FormatId::bf16, FormatId::fp16}) {
    const auto inputs = policy_inputs(from);
    parallel_for(bundles.size(), [&](std::size_t b) {
      for (const FormatId to : kDestinations)
        for (const Rounding r : kRoundings)
          check_16(from, to, r, r == Rounding::sr ? 5 : 0, bundles[b], inputs, mismatches);
    });
  }
}

TEST(ScalarCodecConvert16, RandomValueOutOfRangeIsRefused) {
  const auto p = mxconf::profile_table()[0].element;
  const sc::ConvertPlan plan = sc::make_convert_plan(FormatId::e4m3, Rounding::sr, p, 8);
  EXPECT_EQ(sc::convert_bf16(plan, 0x3f80, 255).status, sc::Status::ok);
  EXPECT_EQ(sc::convert_bf16(plan, 0x3f80, 256).status, sc::Status::random_out_of_range);
  EXPECT_FALSE(reference_convert(FormatId::bf16, 0x3f80, FormatId::e4m3, Rounding::sr, p, 8, 256).ok);
  const sc::ConvertPlan k32 = sc::make_convert_plan(FormatId::e4m3, Rounding::sr, p, 32);
  EXPECT_EQ(sc::convert_bf16(k32, 0x3f81, 0xffff'ffffu).status, sc::Status::ok);
  EXPECT_THROW(sc::make_convert_plan(FormatId::e4m3, Rounding::sr, p, 0), std::invalid_argument);
  EXPECT_THROW(sc::make_convert_plan(FormatId::e4m3, Rounding::sr, p, 33), std::invalid_argument);
  EXPECT_THROW(sc::make_convert_plan(FormatId::fp32, Rounding::rne, p), std::invalid_argument);
}

}  // namespace
