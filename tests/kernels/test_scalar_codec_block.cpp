// (4) Block quantize against the reference's quantize_block(): RapidCheck blocks (k 1..64, fp32 or bf16 values
// from random bit patterns and specials) under every scale rule x every profile in profile_table(), with the
// profile's element rounding or sr with random K and r. The scale rules alone against scale_code() around every
// step of their interval tables. Dequantize against dequantize_block_to() for every (scale, code).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <random>

#include "mxconf/reference/block.hpp"
#include "mxconf/vectors/interval_table.hpp"
#include "test_scalar_codec_support.hpp"

namespace {

using namespace sctest;
using mxconf::ScaleRule;

constexpr ScaleRule kRules[] = {
    ScaleRule::floor,      ScaleRule::ceil, ScaleRule::even,      ScaleRule::rceil,
    ScaleRule::rceil_fp32, ScaleRule::tosa, ScaleRule::tosa_2023, ScaleRule::fp4_three_quarters,
    ScaleRule::rceil_log2f};

// One fp32 pattern of a block whose values sit around 2^centre.
rc::Gen<std::uint32_t> gen_value(int centre) {
  return rc::gen::weightedOneOf<std::uint32_t>({
      {14, rc::gen::map(rc::gen::tuple(rc::gen::inRange(0, 14), rc::gen::arbitrary<std::uint32_t>()),
                        [centre](const std::tuple<int, std::uint32_t>& t) {
                          const int e = std::clamp(centre - std::get<0>(t), -126, 127) + 127;
                          return (std::get<1>(t) & 0x807f'ffffu) | (static_cast<std::uint32_t>(e) << 23);
                        })},
      // few mantissa bits: element grid points and midpoints (ties) after scaling
      {6, rc::gen::map(rc::gen::tuple(rc::gen::inRange(0, 10), rc::gen::arbitrary<std::uint32_t>()),
                       [centre](const std::tuple<int, std::uint32_t>& t) {
                         const int e = std::clamp(centre - std::get<0>(t), -126, 127) + 127;
                         return (std::get<1>(t) & 0x8078'0000u) | (static_cast<std::uint32_t>(e) << 23);
                       })},
      {2, rc::gen::arbitrary<std::uint32_t>()},           // any pattern
      {1, rc::gen::element(0x0000'0000u, 0x8000'0000u)},  // +-0
      {1, rc::gen::map(rc::gen::arbitrary<std::uint32_t>(),
                       [](std::uint32_t b) { return b & 0x807f'ffffu; })},  // subnormal
      {1, rc::gen::element(0x7fc0'0000u, 0xffc0'0001u, 0x7f80'0001u)},      // NaN
      {1, rc::gen::element(0x7f80'0000u, 0xff80'0000u)},                    // Inf
  });
}

struct Block {
  std::vector<std::uint32_t> values;  // fp32 patterns (bf16: the top 16 bits)
  bool bf16 = false;
};

// Generated at full size: RapidCheck scales inRange with the test's size, which would favour tiny blocks.
rc::Gen<Block> gen_block() {
  return rc::gen::resize(100, rc::gen::mapcat(rc::gen::tuple(rc::gen::inRange(1, 65), rc::gen::inRange(-135, 131),
                                                             rc::gen::arbitrary<bool>()),
                                              [](const std::tuple<int, int, bool>& t) {
                                                const auto [k, centre, bf16] = t;
                                                return rc::gen::map(rc::gen::container<std::vector<std::uint32_t>>(
                                                                        static_cast<std::size_t>(k), gen_value(centre)),
                                                                    [bf16](std::vector<std::uint32_t> v) {
                                                                      if (bf16)
                                                                        for (auto& x : v) x &= 0xffff'0000u;
                                                                      return Block{std::move(v), bf16};
                                                                    });
                                              }));
}

// The codec's and the reference's quantization of one block agree (scale, codes; refusal as refusal).
void check_block(const Block& b, FormatId element, Rounding rounding, int k_bits, const ElementPolicies& element_p,
                 const mxconf::BlockPolicies& block_p, const std::vector<std::uint32_t>& random) {
  const auto& source = mxconf::format_spec(b.bf16 ? FormatId::bf16 : FormatId::fp32);
  std::vector<mxconf::ExactValue> values;
  for (const auto x : b.values)
    values.push_back(mxconf::decode_source(source, b.bf16 ? x >> 16 : x, element_p.subnormal_input));
  const std::vector<std::uint64_t> random64(random.begin(), random.end());
  const mxconf::QuantizeOptions options{
      block_p, mxconf::EncodeOptions{rounding, element_p, {k_bits, 0}},
      rounding == Rounding::sr ? std::span<const std::uint64_t>(random64) : std::span<const std::uint64_t>()};
  std::optional<mxconf::QuantizedBlock> want;
  try {
    want = mxconf::quantize_block(values, mxconf::format_spec(element), options);
  } catch (const mxconf::InvalidArgument&) {
  }
  const sc::QuantizePlan plan = sc::make_quantize_plan(element, rounding, element_p, block_p, k_bits);
  std::uint8_t scale = 0;
  std::vector<std::uint8_t> codes(b.values.size());
  sc::Status status;
  if (b.bf16) {
    std::vector<std::uint16_t> v16;
    for (const auto x : b.values) v16.push_back(static_cast<std::uint16_t>(x >> 16));
    status = sc::quantize_block_bf16(plan, v16, random, scale, codes);
  } else {
    status = sc::quantize_block_fp32(plan, b.values, random, scale, codes);
  }
  const std::string context = std::string(mxconf::format_spec(element).name) + " " + mxconf::describe(block_p) + " " +
                              std::string(mxconf::to_string(rounding)) + " " + mxconf::describe(element_p);
  RC_ASSERT_FALSE(!want && status == sc::Status::ok);
  if (!want) return;
  RC_ASSERT(status == sc::Status::ok);
  RC_ASSERT(static_cast<std::uint64_t>(scale) == want->scale);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] != want->codes[i])
      RC_FAIL(context + ": element " + std::to_string(i) + " input " + hex(b.values[i]) + " want " +
              hex(want->codes[i]) + " got " + hex(codes[i]));
  }
}

// (4): every rule x every profile.
TEST(ScalarCodecBlock, RandomBlocksEveryRuleEveryProfile) {
  for (const auto& profile : mxconf::profile_table()) {
    for (const ScaleRule rule : kRules) {
      const std::string name = std::string(profile.name) + " / " + std::string(mxconf::to_string(rule));
      const bool ok = rc::check(name, [&] {
        const Block b = *gen_block();
        const FormatId element = *rc::gen::elementOf(std::vector<FormatId>(std::begin(kElements), std::end(kElements)));
        mxconf::BlockPolicies block_p = profile.block;
        block_p.rule = rule;
        const bool stochastic =
            rule == ScaleRule::fp4_three_quarters ? *rc::gen::inRange(0, 4) != 0 : *rc::gen::inRange(0, 4) == 0;
        const Rounding rounding = stochastic ? Rounding::sr : profile.element_rounding;
        const int k_bits = stochastic ? *rc::gen::element(8, 8, 1, 5, 13, 23, 32) : 0;
        std::vector<std::uint32_t> random;
        for (std::size_t i = 0; stochastic && i < b.values.size(); ++i)
          random.push_back(static_cast<std::uint32_t>(*rc::gen::inRange<std::uint64_t>(0, std::uint64_t{1} << k_bits)));
        check_block(b, element, rounding, k_bits, profile.element, block_p, random);
      });
      EXPECT_TRUE(ok) << name;
    }
  }
}

// Any element and block policies (all 7,680 x 32 combinations reachable), any rule and rounding.
TEST(ScalarCodecBlock, RandomBlocksRandomPolicies) {
  for (int round = 0; round < 10; ++round) {
    const bool ok = rc::check("random policies, round " + std::to_string(round), [] {
      const Block b = *gen_block();
      const FormatId element = *rc::gen::elementOf(std::vector<FormatId>(std::begin(kElements), std::end(kElements)));
      const ElementPolicies element_p = policies_number(*rc::gen::inRange<std::size_t>(0, kPolicyCombinations));
      const mxconf::BlockPolicies block_p{
          *rc::gen::elementOf(std::vector<ScaleRule>(std::begin(kRules), std::end(kRules))),
          *rc::gen::element(mxconf::BlockNan::nan_scale, mxconf::BlockNan::ignore_in_amax),
          *rc::gen::element(mxconf::BlockInf::nan_scale, mxconf::BlockInf::largest_scale,
                            mxconf::BlockInf::exponent_field),
          *rc::gen::element(mxconf::ZeroAmax::smallest_scale, mxconf::ZeroAmax::fp32_min_normal),
          *rc::gen::element(mxconf::ScaleOverflow::clamp, mxconf::ScaleOverflow::nan),
          *rc::gen::element(mxconf::Overflow::saturate, mxconf::Overflow::non_saturating),
          *rc::gen::element(mxconf::MinScaleDivisor::exact, mxconf::MinScaleDivisor::fp32_min_normal,
                            mxconf::MinScaleDivisor::one)};
      const Rounding rounding =
          *rc::gen::elementOf(std::vector<Rounding>(std::begin(kRoundings), std::end(kRoundings)));
      const int k_bits = rounding == Rounding::sr ? *rc::gen::inRange(1, 33) : 0;
      std::vector<std::uint32_t> random;
      for (std::size_t i = 0; rounding == Rounding::sr && i < b.values.size(); ++i)
        random.push_back(static_cast<std::uint32_t>(*rc::gen::inRange<std::uint64_t>(0, std::uint64_t{1} << k_bits)));
      check_block(b, element, rounding, k_bits, element_p, block_p, random);
    });
    EXPECT_TRUE(ok);
  }
}

TEST(ScalarCodecBlock, SizeAndRandomChecks) {
  const auto& ocp = *mxconf::find_profile("ocp");
  const sc::QuantizePlan sr = sc::make_quantize_plan(FormatId::e4m3, Rounding::sr, ocp.element, ocp.block, 8);
  const std::vector<std::uint32_t> values{0x3f80'0000, 0x4000'0000};
  std::vector<std::uint8_t> codes(2);
  std::uint8_t scale = 0;
  EXPECT_EQ(sc::quantize_block_fp32(sr, values, std::vector<std::uint32_t>{1}, scale, codes),
            sc::Status::invalid_argument);
  EXPECT_EQ(sc::quantize_block_fp32(sr, values, std::vector<std::uint32_t>{1, 256}, scale, codes),
            sc::Status::random_out_of_range);
  EXPECT_EQ(sc::quantize_block_fp32(sr, {}, {}, scale, std::span<std::uint8_t>()), sc::Status::invalid_argument);
  EXPECT_THROW(sc::make_quantize_plan(FormatId::e8m0, Rounding::rne, ocp.element, ocp.block), std::invalid_argument);
}

// The scale rules alone: for every rule, element, ScaleOverflow and ZeroAmax, the reference's scale_code() as an
// interval table over all positive fp32 amax patterns; the codec agrees at both ends of every run, one past
// them, and at 64 random points of each run.
TEST(ScalarCodecBlock, ScaleRulesAtEveryStep) {
  struct Job {
    ScaleRule rule;
    FormatId element;
    mxconf::ScaleOverflow overflow;
    mxconf::ZeroAmax zero;
  };
  std::vector<Job> jobs;
  for (const ScaleRule rule : kRules)
    for (const FormatId element : kElements)
      for (const auto overflow : {mxconf::ScaleOverflow::clamp, mxconf::ScaleOverflow::nan})
        for (const auto zero : {mxconf::ZeroAmax::smallest_scale, mxconf::ZeroAmax::fp32_min_normal})
          jobs.push_back({rule, element, overflow, zero});
  Mismatches mismatches("scale rules");
  const auto& fp32 = mxconf::format_spec(FormatId::fp32);
  const auto ocp = *mxconf::find_profile("ocp");
  parallel_for(jobs.size(), [&](std::size_t j) {
    const Job& job = jobs[j];
    const auto& element = mxconf::format_spec(job.element);
    const std::vector<std::uint64_t> segments{0, 1, 0x0080'0000};
    const auto table = mxconf::vectors::build_interval_table(31, segments, [&](std::uint64_t pattern) {
      if (pattern >= 0x7f80'0000) return std::optional<std::uint64_t>(0x1ff);  // not an amax: its own run
      return std::optional<std::uint64_t>(
          mxconf::scale_code(job.rule, mxconf::decode(fp32, pattern), element, job.overflow, job.zero));
    });
    mxconf::BlockPolicies block = ocp.block;
    block.rule = job.rule;
    block.scale_overflow = job.overflow;
    block.zero_amax = job.zero;
    const sc::QuantizePlan plan = sc::make_quantize_plan(job.element, Rounding::rne, ocp.element, block);
    std::mt19937 rng(static_cast<unsigned>(j));
    auto check = [&](std::uint64_t pattern) {
      if (pattern >= 0x7f80'0000) return;
      const auto want = mxconf::scale_code(job.rule, mxconf::decode(fp32, pattern), element, job.overflow, job.zero);
      const auto got = sc::scale_code_fp32(plan, static_cast<std::uint32_t>(pattern));
      if (got != want)
        mismatches.add(std::string(mxconf::to_string(job.rule)) + " " + std::string(element.name) + " amax " +
                       hex(pattern) + ": want " + hex(want) + " got " + hex(got));
    };
    for (const auto& row : table) {
      check(row.first);
      check(row.last);
      check(row.last + 1);
      if (row.first > 0) check(row.first - 1);
      for (int i = 0; i < 64; ++i) check(row.first + rng() % (row.last - row.first + 1));
    }
  });
}

// Dequantize: every scale x every code of every element format into fp32, bf16 and fp16 under rne (and a random
// sample under rtz, rup, rdn, rna), against dequantize_block_to().
TEST(ScalarCodecBlock, DequantizeEveryScaleAndCode) {
  struct Job {
    FormatId element, destination;
  };
  std::vector<Job> jobs;
  for (const FormatId e : kElements)
    for (const FormatId d : {FormatId::fp32, FormatId::bf16, FormatId::fp16}) jobs.push_back({e, d});
  Mismatches mismatches("dequantize");
  parallel_for(jobs.size(), [&](std::size_t j) {
    const auto& element = mxconf::format_spec(jobs[j].element);
    const auto& destination = mxconf::format_spec(jobs[j].destination);
    std::mt19937 rng(static_cast<unsigned>(j));
    for (const Rounding r : {Rounding::rne, Rounding::rtz, Rounding::rup, Rounding::rdn, Rounding::rna}) {
      const sc::DequantizePlan plan = sc::make_dequantize_plan(jobs[j].element, jobs[j].destination, r);
      for (std::uint32_t scale = 0; scale < 256; ++scale) {
        mxconf::QuantizedBlock block{scale, {}};
        for (std::uint64_t code = 0; code <= mxconf::code_mask(element); ++code)
          if (r == Rounding::rne || rng() % 16 == 0) block.codes.push_back(code);
        const auto want = mxconf::dequantize_block_to(block, element, destination, r);
        std::vector<std::uint8_t> codes(block.codes.begin(), block.codes.end());
        std::vector<std::uint32_t> got(codes.size());
        EXPECT_EQ(sc::dequantize_block(plan, static_cast<std::uint8_t>(scale), codes, got), sc::Status::ok);
        for (std::size_t i = 0; i < codes.size(); ++i)
          if (got[i] != want[i])
            mismatches.add(std::string(element.name) + "->" + std::string(destination.name) + " " +
                           std::string(mxconf::to_string(r)) + " scale " + hex(scale) + " code " + hex(codes[i]) +
                           ": want " + hex(want[i]) + " got " + hex(got[i]));
      }
    }
  });
}

// Literal values for the policies that model torchao 0.18 (real-clients.md §4), through the codec directly.
TEST(ScalarCodecBlock, TorchaoMeasurements) {
  const auto& rceil = *mxconf::find_profile("torchao-rceil");
  const auto& floor = *mxconf::find_profile("torchao-floor");
  const sc::QuantizePlan r = sc::make_quantize_plan(FormatId::e4m3, Rounding::rne, rceil.element, rceil.block);
  const sc::QuantizePlan f = sc::make_quantize_plan(FormatId::e4m3, Rounding::rne, floor.element, floor.block);
  EXPECT_EQ(sc::scale_code_fp32(r, 0x24e0'0002), 0x41);  // rceil-fp32 gives 0x42
  EXPECT_EQ(sc::scale_code_fp32(r, 0x75e0'0023), 0xe3);  // k = 100, X = 20 (test_library_policies.cpp)
  EXPECT_EQ(sc::scale_code_fp32(r, 0x75e0'002a), 0xe4);
  EXPECT_EQ(sc::scale_code_fp32(r, 0x23e0'000e), 0x3f);  // k = -64, X = 8
  // fl32(amax * fl32(1/448)), not fl32(amax / 448): quantize-e4m3-rceil.txt rows M*2^-8+1 0x77, M*2^-8+2 0x78.
  EXPECT_EQ(sc::scale_code_fp32(r, 0x3fe0'0001), 0x77);
  EXPECT_EQ(sc::scale_code_fp32(r, 0x3fe0'0002), 0x78);
  std::uint8_t scale = 0;
  std::vector<std::uint8_t> codes(2);
  // Inf block: FLOOR 0xf7 (255 - emax), RCEIL 0xfe; the Inf saturates to 448.
  const std::vector<std::uint32_t> inf_block{0x7f80'0000, 0x3f80'0000};
  ASSERT_EQ(sc::quantize_block_fp32(f, inf_block, {}, scale, codes), sc::Status::ok);
  EXPECT_EQ(scale, 0xf7);
  EXPECT_EQ(codes, (std::vector<std::uint8_t>{0x7e, 0x00}));
  ASSERT_EQ(sc::quantize_block_fp32(r, inf_block, {}, scale, codes), sc::Status::ok);
  EXPECT_EQ(scale, 0xfe);
  // Scale code 0x00 (amax 2^-120): FLOOR divides by 2^-126 (64: 0x68), RCEIL by 1.0 (0).
  const std::vector<std::uint32_t> tiny{0x0380'0000, 0x8300'0000};  // 2^-120, -2^-121
  ASSERT_EQ(sc::quantize_block_fp32(f, tiny, {}, scale, codes), sc::Status::ok);
  EXPECT_EQ(scale, 0x00);
  EXPECT_EQ(codes, (std::vector<std::uint8_t>{0x68, 0xe0}));  // 64, -32
  ASSERT_EQ(sc::quantize_block_fp32(r, tiny, {}, scale, codes), sc::Status::ok);
  EXPECT_EQ(codes, (std::vector<std::uint8_t>{0x00, 0x80}));
  // EVEN rounds FLT_MAX into the Inf pattern and reads it like an Inf block: quantize-e4m3-even.txt golden:flt-max
  // (-FLT_MAX, 1.0, FLT_MAX ...): scale 0xf7, codes 0xf8 0x00 0x78.
  const auto& even = *mxconf::find_profile("torchao-even");
  const sc::QuantizePlan e = sc::make_quantize_plan(FormatId::e4m3, Rounding::rne, even.element, even.block);
  const std::vector<std::uint32_t> flt_max{0xff7f'ffff, 0x3f80'0000, 0x7f7f'ffff};
  codes.resize(3);
  ASSERT_EQ(sc::quantize_block_fp32(e, flt_max, {}, scale, codes), sc::Status::ok);
  EXPECT_EQ(scale, 0xf7);
  EXPECT_EQ(codes, (std::vector<std::uint8_t>{0xf8, 0x00, 0x78}));
}

}  // namespace
