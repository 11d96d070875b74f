// quantize/<elem>-<rule>/properties: RapidCheck blocks of k = 32 fp32 patterns, most built around an amax at or
// beside a point where a scale rule decides (2^k, M * 2^k, M * 2^k * (1 + j/8), 1 + j/16, the float log2f trap
// just below 2^k), with elements on the element grid or halfway after scaling; and zero blocks, tiny blocks (scale
// 0x00 and below), huge blocks (2^127 up to the fp32 maximum), NaN/Inf placed anywhere, random blocks. Quantized by
// the kernel and by the reference's quantize_block under the run's profile. A failing block is shrunk by
// RapidCheck and the minimal one is reported. Seeded from RunContext::seed and the check name: reproducible.
// quantize/<elem>-<rule>/properties/sr: the same blocks under stochastic rounding (K = 8) where the kernel declares
// sr for that rule, each element's random value drawn among 0, 2^K - 1, its round-up threshold, the value just below
// it, and any value (sr_thresholds in quantize_common.hpp): on-grid elements meet r = 2^K - 1, off-grid ones the
// exact point where `top + r >= 2^K` turns.
#include <rapidcheck.h>
#include <rapidcheck/detail/TestListenerAdapter.h>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <sstream>

#include "check_kinds.hpp"
#include "mxconf/reference/codec.hpp"
#include "quantize_common.hpp"
#include "result_builder.hpp"

namespace mxconf::conformance::detail {
namespace {

constexpr int kBlocks = 100;  // RapidCheck's default number of successful cases

// FNV-1a: a stable per-check seed, so two checks never draw the same blocks and reruns draw the same ones.
std::uint64_t mix(std::uint64_t seed, const std::string& name) {
  std::uint64_t h = 0xcbf2'9ce4'8422'2325ull ^ seed;
  for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x0000'0100'0000'01b3ull;
  return h;
}

std::uint32_t fp32_bits(bool negative, int biased_exponent, std::uint32_t mantissa) {
  return (negative ? 0x8000'0000u : 0u) | (static_cast<std::uint32_t>(biased_exponent) << 23) | mantissa;
}

// One element, with binade `binade` (biased fp32 exponent, 1..254) as the block's centre.
rc::Gen<std::uint32_t> element_gen(int binade) {
  const int low = std::max(1, binade - 10);
  const int high = std::min(254, binade + 1);
  const auto normal = rc::gen::apply(
      [](bool s, int e, std::uint32_t m) { return fp32_bits(s, e, m); }, rc::gen::arbitrary<bool>(),
      rc::gen::inRange(low, high + 1), rc::gen::inRange<std::uint32_t>(0, 1u << 23));
  // A mantissa with only its top 5 bits set: after the power-of-two scaling these sit on or halfway between the
  // grid points of every element format (m <= 3), so ties are frequent.
  const auto short_mantissa = rc::gen::apply(
      [](bool s, int e, std::uint32_t top) { return fp32_bits(s, e, top << 18); }, rc::gen::arbitrary<bool>(),
      rc::gen::inRange(low, high + 1), rc::gen::inRange<std::uint32_t>(0, 32));
  const auto subnormal = rc::gen::apply([](bool s, std::uint32_t m) { return fp32_bits(s, 0, m); },
                                        rc::gen::arbitrary<bool>(), rc::gen::inRange<std::uint32_t>(1, 1u << 23));
  const auto zero = rc::gen::apply([](bool s) { return fp32_bits(s, 0, 0); }, rc::gen::arbitrary<bool>());
  const auto special = rc::gen::element<std::uint32_t>(0x7f80'0000u, 0xff80'0000u, 0x7fc0'0000u, 0xffc0'0000u,
                                                       0x7f80'0001u);
  // About one block in twelve has a NaN or Inf (1 in 401 elements).
  return rc::gen::weightedOneOf<std::uint32_t>(
      {{300, normal}, {60, short_mantissa}, {20, subnormal}, {20, zero}, {1, special}});
}

rc::Gen<std::vector<std::uint32_t>> random_block_gen() {
  return rc::gen::mapcat(rc::gen::inRange(1, 255), [](int binade) {
    return rc::gen::container<std::vector<std::uint32_t>>(kBlockSize, element_gen(binade));
  });
}

// ---- Decision-point blocks (issue 9): the amax where a scale rule decides, the rest below it. ----

// The 23-bit fp32 mantissa fields an amax is built on, for element maximum M (as an fp32 mantissa field `m`, with
// the element's ulp at M as the field `ulp`): 1.0 (2^k: floor/ceil and the float log2f trap just below it), M's
// mantissa (M * 2^k: rceil and the fp32 reciprocal's rounding), the would-be grid past M (M + ulp/2, M + ulp,
// M + 3 ulp/2: where a rounding carry out of the top binade lands on NaN or wraps), M * (1 + j/8) and 1 + j/16
// (the `even` rule's half-up at every element mantissa width, the TOSA denominator M + ulp/2).
rc::Gen<std::uint32_t> amax_mantissa_gen(std::uint32_t m, std::uint32_t ulp) {
  std::vector<std::uint32_t> scaled;  // M * (1 + j/8), renormalised into [1, 2)
  const std::uint64_t sig = (std::uint64_t{1} << 23) | m;
  for (std::uint64_t j = 1; j < 8; ++j) {
    const std::uint64_t p = sig * (8 + j);  // M (1 + j/8) * 2^26; exact: M has at most 7 mantissa bits
    scaled.push_back(static_cast<std::uint32_t>((p >= (std::uint64_t{1} << 27) ? p >> 4 : p >> 3) & 0x7f'ffff));
  }
  std::vector<std::uint32_t> beyond;  // M + i ulp/2 while below 2 (in the same binade)
  for (std::uint32_t i = 1; i <= 3; ++i)
    if (m + i * (ulp / 2) < (1u << 23)) beyond.push_back(m + i * (ulp / 2));
  if (beyond.empty()) beyond.push_back(m);
  return rc::gen::weightedOneOf<std::uint32_t>(
      {{3, rc::gen::just(0u)},
       {4, rc::gen::just(m)},
       {3, rc::gen::elementOf(beyond)},
       {1, rc::gen::elementOf(scaled)},
       {1, rc::gen::map(rc::gen::inRange<std::uint32_t>(1, 16), [](std::uint32_t j) { return j << 19; })}});
}

// A pattern offset in ulps: on the point, one either side (most), or a few away (the log2f trap reaches 44 ulps
// below 2^k for large k).
rc::Gen<std::int32_t> ulp_offset_gen() {
  return rc::gen::weightedOneOf<std::int32_t>({{3, rc::gen::just(0)},
                                              {4, rc::gen::just(-1)},
                                              {4, rc::gen::just(1)},
                                              {3, rc::gen::inRange(-40, -1)},
                                              {3, rc::gen::inRange(2, 5)}});
}

// An amax pattern 2^(e - 127) * (1 + mantissa / 2^23) + d ulps, clamped to the positive finite fp32 patterns.
std::uint32_t amax_pattern(std::uint32_t mantissa, int e, std::int32_t d) {
  const auto p = static_cast<std::int64_t>(fp32_bits(false, e, mantissa)) + d;
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(p, 1, 0x7f7f'ffff));
}

// The amax: a decision mantissa (amax_mantissa_gen) in any binade 1..254 (most), or M * 2^-127 and the binades
// just above (where the smallest scale decides and a * fl32(1/M) falls into fp32 subnormals, so the fp32
// reciprocal rounds a/M = 2^-127 (1 + tiny) down to 2^-127: RCEIL's rounding is seen there for every M), or the
// top binades. `max_pattern` is M as an fp32 pattern.
rc::Gen<std::uint32_t> amax_gen(std::uint32_t max_pattern, std::uint32_t ulp) {
  const std::uint32_t m = max_pattern & 0x7f'ffff;
  const int emax = static_cast<int>(max_pattern >> 23);  // M * 2^-127 has the biased exponent emax - 127
  const auto anywhere = rc::gen::apply(amax_pattern, amax_mantissa_gen(m, ulp), rc::gen::inRange(1, 255), ulp_offset_gen());
  const int edge = std::max(1, emax - 127);
  const auto smallest_scale = rc::gen::apply(
      amax_pattern, rc::gen::weightedOneOf<std::uint32_t>({{5, rc::gen::just(m)}, {1, amax_mantissa_gen(m, ulp)}}),
      rc::gen::weightedOneOf<int>({{3, rc::gen::just(edge)}, {1, rc::gen::inRange(edge, edge + 4)}}),
      rc::gen::weightedOneOf<std::int32_t>({{1, rc::gen::just(0)}, {4, rc::gen::just(1)}, {1, rc::gen::just(-1)}}));
  const auto top = rc::gen::apply(amax_pattern, amax_mantissa_gen(m, ulp), rc::gen::inRange(245, 255), ulp_offset_gen());
  return rc::gen::weightedOneOf<std::uint32_t>({{6, anywhere}, {4, smallest_scale}, {1, top}});
}

// An element no larger than `amax` (a positive pattern): on the element grid or halfway after scaling (short
// mantissas), anywhere below, zero, or +-amax itself.
rc::Gen<std::uint32_t> below_gen(std::uint32_t amax) {
  const int e = static_cast<int>(amax >> 23);
  const int top = std::max(0, e - 1);
  const int low = std::max(0, e - 14);
  const auto short_mantissa = rc::gen::apply(
      [](bool s, int x, std::uint32_t t) { return x == 0 ? fp32_bits(s, 0, 0) : fp32_bits(s, x, t << 19); },
      rc::gen::arbitrary<bool>(), rc::gen::inRange(low, top + 1), rc::gen::inRange<std::uint32_t>(0, 16));
  const auto any_below = rc::gen::apply(
      [amax](bool s, std::uint32_t p) { return (s ? 0x8000'0000u : 0u) | p; }, rc::gen::arbitrary<bool>(),
      rc::gen::inRange<std::uint32_t>(0, amax + 1));
  const auto same = rc::gen::apply([amax](bool s) { return (s ? 0x8000'0000u : 0u) | amax; },
                                   rc::gen::arbitrary<bool>());
  // In amax's own binade, on the element grid or halfway after scaling, and one fp32 ulp either side: where a
  // rounding carry decides.
  const auto top_binade = rc::gen::apply(
      [amax, e](bool s, std::uint32_t t, std::int32_t d) {
        const std::int64_t p = static_cast<std::int64_t>(fp32_bits(false, e, t << 19)) + d;
        return (s ? 0x8000'0000u : 0u) | static_cast<std::uint32_t>(std::clamp<std::int64_t>(p, 0, amax));
      },
      rc::gen::arbitrary<bool>(), rc::gen::inRange<std::uint32_t>(0, 16), rc::gen::inRange(-1, 2));
  return rc::gen::weightedOneOf<std::uint32_t>({{5, short_mantissa}, {3, top_binade}, {2, any_below}, {1, same}});
}

// A block of k around one amax (placed at a random index with a random sign).
rc::Gen<std::vector<std::uint32_t>> block_around(rc::Gen<std::uint32_t> amax) {
  return rc::gen::mapcat(std::move(amax), [](std::uint32_t a) {
    return rc::gen::apply(
        [a](std::vector<std::uint32_t> block, std::size_t at, bool negative) {
          block[at] = (negative ? 0x8000'0000u : 0u) | a;
          return block;
        },
        rc::gen::container<std::vector<std::uint32_t>>(kBlockSize, below_gen(a)),
        rc::gen::inRange<std::size_t>(0, kBlockSize), rc::gen::arbitrary<bool>());
  });
}

// Every block kind, weighted so that each bug class the issue names is met several times in 100 blocks:
// decision-point amax (floor/ceil/even/rceil/rceil-fp32/tosa boundaries, the log2f and fp32-reciprocal traps),
// zero blocks (zero-amax), tiny blocks (scale 0x00 and below: fp32 subnormals), huge blocks (2^127 and up to the
// fp32 maximum, some with Inf), NaN/Inf placed anywhere, and the older random blocks.
rc::Gen<std::vector<std::uint32_t>> block_gen(std::uint32_t max_pattern, std::uint32_t ulp) {
  const auto zero_block = rc::gen::container<std::vector<std::uint32_t>>(
      kBlockSize, rc::gen::element<std::uint32_t>(0u, 0x8000'0000u));
  const auto tiny_amax = rc::gen::weightedOneOf<std::uint32_t>(
      {{1, rc::gen::inRange<std::uint32_t>(1, 0x0080'0000u)}, {1, rc::gen::inRange<std::uint32_t>(0x0080'0000u, 0x0600'0000u)}});
  const auto huge_amax = rc::gen::inRange<std::uint32_t>(0x7e00'0000u, 0x7f80'0000u);
  const auto special = rc::gen::element<std::uint32_t>(0x7f80'0000u, 0xff80'0000u, 0x7fc0'0000u, 0xffc0'0000u,
                                                       0x7f80'0001u, 0xffff'ffffu);
  const auto with_special = rc::gen::apply(
      [](std::vector<std::uint32_t> block, std::size_t at, std::uint32_t s) {
        block[at] = s;
        return block;
      },
      block_around(amax_gen(max_pattern, ulp)), rc::gen::inRange<std::size_t>(0, kBlockSize), special);
  return rc::gen::weightedOneOf<std::vector<std::uint32_t>>({{60, block_around(amax_gen(max_pattern, ulp))},
                                                             {10, zero_block},
                                                             {8, block_around(tiny_amax)},
                                                             {7, block_around(huge_amax)},
                                                             {8, with_special},
                                                             {17, random_block_gen()}});
}

// The element's ulp at M as an fp32 mantissa field: 2^(23 - mantissa bits) for a float, 2^17 (1/64) for MXINT8.
std::uint32_t max_ulp_field(FormatId element) {
  const FormatSpec& f = format_spec(element);
  return f.encoding == Encoding::binary_float ? 1u << (23 - f.mantissa_bits) : 1u << 17;
}

// The element format's largest finite value M as an fp32 pattern (every M is exact in fp32).
std::uint32_t max_pattern(FormatId element) {
  const FormatSpec& f = format_spec(element);
  return static_cast<std::uint32_t>(
      encode(decode(f, max_finite_code(f)), format_spec(FormatId::fp32), ieee_encode_options(Rounding::rtz)));
}

class QuantizePropertiesCheck final : public Check {
 public:
  QuantizePropertiesCheck(FormatId element, ScaleRule rule, QuantizeRounding rounding)
      : element_(element), rule_(rule), rounding_(rounding) {}

  std::string name() const override { return "quantize/" + base() + "/properties" + rounding_suffix(rounding_); }
  std::string operation() const override { return "quantize"; }
  Tier tier() const override { return Tier::fast; }
  std::optional<std::string> missing_capability(const mxconf_kernel& kernel) const override {
    return missing(kernel, quantize_query(element_, rule_, sr_query(), std::nullopt));
  }

  CheckResult run(const mxconf_kernel& kernel, const RunContext& context) const override {
    ResultBuilder builder(*this, context);
    const Profile& profile = *context.profile;
    const QuantizeSetup setup = quantize_setup(profile, element_, rule_, rounding_);
    if (const auto why = missing(kernel, setup.query))
      return builder.skipped(*why);

    const mxconf_policies policies = abi_policies(profile);
    const std::uint32_t largest = max_pattern(element_), ulp = max_ulp_field(element_);
    std::optional<Mismatch> last_failure;  // the last failing case RapidCheck tried: after shrinking, the minimal
    std::string problem;
    int evaluations = 0;
    const auto property = [&] {
      const std::vector<std::uint32_t> values = *block_gen(largest, ulp);
      std::vector<std::uint32_t> random;
      if (setup.stochastic)
        random = *rc::gen::container<std::vector<std::uint32_t>>(
            kBlockSize, rc::gen::inRange<std::uint32_t>(0, 1u << kQuantizeSrBits));
      if (rounding_ == QuantizeRounding::sr) {  // the decision points (fp4-three-quarters keeps its uniform r)
        const auto kinds = *rc::gen::container<std::vector<unsigned>>(
            kBlockSize, rc::gen::inRange<unsigned>(0, kSrDecisionKinds));
        const auto thresholds = sr_thresholds(setup, profile, values);
        for (std::size_t i = 0; i < kBlockSize; ++i)
          random[i] = sr_decision_random(kinds[i], thresholds[i], random[i]);
      }
      ++evaluations;
      // A block the policies give no encoding is don't-care: not sent, not counted.
      const std::optional<QuantizedBlock> expected = expected_block(setup, profile, values, random);
      if (!expected) RC_DISCARD("no encoding under the profile's policies");
      KernelBlocks got;
      const std::string why = call_quantize(kernel, setup, policies, values, random, got);
      if (!why.empty()) {
        if (problem.empty()) problem = why;
        RC_FAIL(why);
      }
      auto m = compare_block(setup, profile, "(RapidCheck, shrunk)", values, random, *expected, got.scales[0],
                             got.codes, vectors::CaseClasses{}.add(vectors::CaseClass::random));
      if (m) {
        last_failure = std::move(m);
        RC_FAIL("block mismatch");
      }
    };
    rc::detail::TestParams params;
    params.seed = mix(context.seed, name());
    params.maxSuccess = kBlocks;
    rc::detail::TestMetadata metadata;
    metadata.id = name();
    metadata.description = name();
    // A silent listener: no progress output, and RapidCheck's global configuration (RC_PARAMS, which prints
    // "Using configuration") is not consulted: the seed is ours.
    rc::detail::TestListenerAdapter quiet;
    const std::unordered_map<std::string, rc::detail::Reproduce> no_reproduce;
    const rc::detail::TestResult result =
        rc::detail::checkProperty(rc::detail::toProperty(property), metadata, params, quiet, no_reproduce);
    if (!problem.empty()) return builder.kernel_error(problem);

    std::ostringstream note;
    note << "RapidCheck seed " << params.seed << " (run seed " << context.seed << ")";
    rc::detail::FailureResult failure;
    if (result.match(failure)) {
      builder.add_cases(static_cast<std::uint64_t>(failure.numSuccess) + 1);
      if (last_failure) {
        if (builder.count_mismatch(last_failure->classes)) builder.record(std::move(*last_failure));
      } else {
        builder.count_mismatch({});
        builder.record(Mismatch{"(RapidCheck)", "-", "-", failure.description, {}});
      }
      note << ": failed after " << failure.numSuccess << " passing blocks, minimal block after "
           << (evaluations - failure.numSuccess - 1) << " shrink steps";
    } else {
      rc::detail::SuccessResult success;
      if (result.match(success)) builder.add_cases(static_cast<std::uint64_t>(success.numSuccess));
      rc::detail::GaveUpResult gave_up;
      rc::detail::Error error;
      if (result.match(gave_up)) note << ": gave up: " << gave_up.description;
      if (result.match(error)) note << ": error: " << error.description;
    }
    builder.add_note(note.str());
    return builder.finish();
  }

 private:
  std::string base() const {
    return std::string(format_spec(element_).name) + "-" + std::string(to_string(rule_));
  }
  std::optional<Rounding> sr_query() const {
    return rounding_ == QuantizeRounding::sr ? std::optional<Rounding>(Rounding::sr) : std::nullopt;
  }
  FormatId element_;
  ScaleRule rule_;
  QuantizeRounding rounding_;
};

}  // namespace

std::unique_ptr<const Check> make_quantize_properties_check(FormatId element, ScaleRule rule,
                                                            QuantizeRounding rounding) {
  return std::make_unique<QuantizePropertiesCheck>(element, rule, rounding);
}

}  // namespace mxconf::conformance::detail
