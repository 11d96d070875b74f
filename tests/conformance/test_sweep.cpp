// The exhaustive sweep's machinery on sub-ranges: chunks over threads, the moving cursor against the interval
// table, progress, don't-care runs, the first mismatches in pattern order, guard bytes.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <mutex>

#include "mxconf/conformance/convert_sweep.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "support.hpp"
#include "test_double.hpp"

namespace mxconf::conformance {
namespace {

using testing::Fault;
using testing::TestDouble;
using vectors::CaseClass;

constexpr ConvertConfiguration kE4m3Rne{FormatId::fp32, FormatId::e4m3, Rounding::rne, Overflow::saturate};

// A kernel whose every answer the test decides: `right(p)` (derived from the spec in each test) except the planted
// wrong codes. One fp32 -> `target` capability under rne / saturate, in `layout`. The ABI carries no user data, so
// the planted kernel in use is a global (tests set it up one at a time).
struct Planted {
  FormatId target = FormatId::e4m3;
  mxconf_layout layout = MXCONF_LAYOUT_BYTE;
  std::function<std::uint8_t(std::uint32_t)> right;
  std::map<std::uint32_t, std::uint8_t> wrong;
};
Planted* g_planted = nullptr;

int planted_convert(const mxconf_convert_args* a) {
  const Planted& k = *g_planted;
  const auto* in = static_cast<const std::uint32_t*>(a->input);
  auto* out = static_cast<std::uint8_t*>(a->output);
  const int width = format_spec(k.target).bits;
  const bool packed = k.layout == MXCONF_LAYOUT_PACKED;
  if (packed) std::memset(out, 0, (a->count * static_cast<std::size_t>(width) + 7) / 8);
  for (std::size_t i = 0; i < a->count; ++i) {
    const auto w = k.wrong.find(in[i]);
    const std::uint8_t code = w != k.wrong.end() ? w->second : k.right(in[i]);
    if (!packed) {
      out[i] = code;
      continue;
    }
    // FP4 two per byte, low nibble first (kernel.h MXCONF_LAYOUT_PACKED).
    out[i / 2] = static_cast<std::uint8_t>(out[i / 2] | (code << (4 * (i % 2))));
  }
  return MXCONF_STATUS_OK;
}

struct PlantedKernel {
  explicit PlantedKernel(Planted& p) {
    g_planted = &p;
    capability = mxconf_capability{MXCONF_OP_CONVERT, MXCONF_FORMAT_FP32,
                                   p.target == FormatId::e4m3 ? MXCONF_FORMAT_E4M3 : MXCONF_FORMAT_E2M1,
                                   1u << MXCONF_ROUND_RNE, 1u << MXCONF_OVERFLOW_SATURATE, 0, 1u << p.layout, 0, 0, 0};
    kernel.abi_version = MXCONF_KERNEL_ABI_VERSION;
    kernel.name = "planted";
    kernel.version = "test";
    kernel.capabilities = &capability;
    kernel.capability_count = 1;
    kernel.convert = planted_convert;
  }
  ~PlantedKernel() { g_planted = nullptr; }
  mxconf_capability capability{};
  mxconf_kernel kernel{};
};

std::string hex32(std::uint32_t p) {
  char b[16];
  std::snprintf(b, sizeof b, "fp32 0x%08x", p);
  return b;
}

TEST(Sweep, GoodDoublePassesARangeAcrossChunksAndThreads) {
  const TestDouble good;
  RunContext context = testing::run_context("ocp", 3);
  std::mutex m;
  std::vector<double> progress;
  context.progress = [&](double f) {
    std::lock_guard lock(m);
    progress.push_back(f);
  };
  // 1.25 chunks of 2^20 from just below 1.0 upward: two chunks, on two of the three threads.
  const CheckResult r = sweep_convert(good.kernel(), context, kE4m3Rne, 0x3f80'0000 - 5, 0x3f80'0000 + (5u << 18),
                                      "convert/test/range");
  EXPECT_EQ(r.status, CheckStatus::pass) << r.note;
  EXPECT_EQ(r.cases, (5u << 18) + 6);
  EXPECT_EQ(r.tier, "exhaustive");
  ASSERT_EQ(progress.size(), 2u);
  for (std::size_t i = 1; i < progress.size(); ++i) EXPECT_LT(progress[i - 1], progress[i]);
  EXPECT_DOUBLE_EQ(progress.back(), 1.0);
}

TEST(Sweep, TiesAwayFindsExactlyTheTiesThatDiffer) {
  const TestDouble broken(testing::with_fault(Fault::ties_away));
  // MXINT8 q = round(64 V): from 1.0 to 1 + 5/128, ties at q = 64.5 (-> 64 even, 65 away), 65.5 (66 either
  // way), 66.5 (-> 66 even, 67 away): two differ.
  const ConvertConfiguration int8{FormatId::fp32, FormatId::int8, Rounding::rne, Overflow::saturate};
  const CheckResult r = sweep_convert(broken.kernel(), testing::run_context("ocp", 2), int8, 0x3f80'fff0,
                                      0x3f85'0010, "convert/test/ties");
  ASSERT_EQ(r.status, CheckStatus::fail);
  EXPECT_EQ(r.mismatches, 2u);
  EXPECT_EQ(r.mismatches_by_class[static_cast<std::size_t>(CaseClass::tie)], 2u);
  ASSERT_EQ(r.first_mismatches.size(), 2u);
  EXPECT_EQ(r.first_mismatches[0].input, "fp32 0x3f810000");  // 64.5 / 64 first: pattern order
  EXPECT_EQ(r.first_mismatches[0].expected, "0x40");
  EXPECT_EQ(r.first_mismatches[0].got, "0x41");
  EXPECT_EQ(r.first_mismatches[1].input, "fp32 0x3f850000");  // 66.5 / 64
}

TEST(Sweep, NoEncodingRunsAreDontCare) {
  const TestDouble good;
  // Positive NaNs into e2m1 under ocp (nan-into-finite=error): no expected code.
  const ConvertConfiguration c{FormatId::fp32, FormatId::e2m1, Rounding::rne, Overflow::saturate};
  const CheckResult r = sweep_convert(good.kernel(), testing::run_context(), c, 0x7f7f'fff0, 0x7f80'0100, "convert/test/nan");
  EXPECT_EQ(r.status, CheckStatus::pass);
  EXPECT_EQ(r.cases, 0x11u);  // 16 finite + Inf
  EXPECT_NE(r.note.find("no encoding"), std::string::npos) << r.note;
}

TEST(Sweep, OverrunIsAKernelError) {
  const TestDouble broken(testing::with_fault(Fault::overrun));
  const CheckResult r = sweep_convert(broken.kernel(), testing::run_context("ocp", 2), kE4m3Rne, 0, 1000,
                                      "convert/test/overrun");
  EXPECT_EQ(r.status, CheckStatus::kernel_error);
  EXPECT_NE(r.note.find("wrote past its output"), std::string::npos) << r.note;
}

// The fast comparison skips equal codes a word at a time; a wrong code anywhere must still be found, with its
// pattern, codes and classes, in pattern order: inside a long run, at a run's last and first pattern (the first is a
// tie), around every power-of-two offset from the sweep's start (where batches and chunks of any power-of-two size
// begin and end), and at the sweep's last pattern, which cuts a run.
TEST(Sweep, PlantedWrongCodesAreFoundInLongRunsAndAtRunEnds) {
  // OCP e4m3 under rne with saturation (spec-rules.md): 384 = 0x7c, 416 = 0x7d, 448 = 0x7e (the largest normal).
  // The tie 400 goes to 0x7c (even), 432 to 0x7e (even); everything from 432 up to FLT_MAX is 0x7e (clamped).
  constexpr std::uint32_t k400 = 0x43c8'0000, k432 = 0x43d8'0000, k448 = 0x43e0'0000;
  Planted planted{.target = FormatId::e4m3,
                  .right = [](std::uint32_t p) -> std::uint8_t { return p < k432 ? 0x7d : 0x7e; },
                  .wrong = {}};
  const std::uint32_t first = k400 + 1, last = first + (3u << 20) + 777;
  std::map<std::uint32_t, std::uint8_t>& wrong = planted.wrong;
  wrong[k432 - 1] = 0x7e;          // the last pattern of the 0x7d run
  wrong[k432] = 0x7d;              // the first of the 0x7e run: the tie, rounded down
  wrong[k448 + 0x1'2345] = 0x7f;   // deep inside the 0x7e run: a carry into NaN
  wrong[last] = 0x00;              // the sweep's last pattern
  for (int b = 4; b <= 21; ++b) {  // either side of first + 2^b, got one code lower
    for (const std::uint32_t p : {first + (1u << b) - 1, first + (1u << b)})
      if (!wrong.count(p)) wrong[p] = static_cast<std::uint8_t>(planted.right(p) - 1);
  }
  const PlantedKernel kernel(planted);
  RunContext context = testing::run_context("ocp", 2);
  context.max_reported_mismatches = 100;
  const CheckResult r = sweep_convert(kernel.kernel, context, kE4m3Rne, first, last, "convert/test/planted");
  ASSERT_EQ(r.status, CheckStatus::fail);
  EXPECT_EQ(r.cases, std::uint64_t{last} - first + 1);
  EXPECT_EQ(r.mismatches, wrong.size());
  ASSERT_EQ(r.first_mismatches.size(), wrong.size());
  std::size_t i = 0, at_or_above_448 = 0;
  for (const auto& [p, got] : wrong) {  // std::map: ascending patterns, the order the sweep must report
    const Mismatch& m = r.first_mismatches[i++];
    EXPECT_EQ(m.input, hex32(p));
    EXPECT_EQ(m.expected, p < k432 ? "0x7d" : "0x7e") << m.input;
    EXPECT_EQ(m.got, to_hex_code(got)) << m.input;
    // Only the tie 432 is a tie; every value above 448 was clamped to 448 (saturation).
    EXPECT_EQ(m.classes.has(CaseClass::tie), p == k432) << m.input;
    if (p > k448) {
      EXPECT_TRUE(m.classes.has(CaseClass::saturation)) << m.input;
      ++at_or_above_448;
    }
  }
  EXPECT_EQ(r.mismatches_by_class[static_cast<std::size_t>(CaseClass::tie)], 1u);
  EXPECT_GE(r.mismatches_by_class[static_cast<std::size_t>(CaseClass::saturation)], at_or_above_448);
}

// The same through the PACKED layout (FP4 two codes per byte): a wrong code in either nibble is found.
TEST(Sweep, PlantedWrongCodesAreFoundInPackedCodes) {
  // OCP e2m1 under rne with saturation: 4 = 0x6, 6 = 0x7 (the largest); the tie 5 goes to 0x6 (even), everything
  // above 5 up to FLT_MAX is 0x7.
  constexpr std::uint32_t k5 = 0x40a0'0000;
  Planted planted{.target = FormatId::e2m1, .layout = MXCONF_LAYOUT_PACKED,
                  .right = [](std::uint32_t) -> std::uint8_t { return 0x7; },
                  .wrong = {}};
  const std::uint32_t first = k5 + 1, last = first + (1u << 20) + 2;  // an odd count: the last byte half used
  planted.wrong = {{first, 0x6}, {first + 1, 0x5}, {first + (1u << 17) - 1, 0xf}, {first + (1u << 17), 0x0},
                   {last - 1, 0x6}, {last, 0x6}};
  const PlantedKernel kernel(planted);
  const ConvertConfiguration c{FormatId::fp32, FormatId::e2m1, Rounding::rne, Overflow::saturate};
  RunContext context = testing::run_context("ocp", 2);
  context.max_reported_mismatches = 100;
  const CheckResult r = sweep_convert(kernel.kernel, context, c, first, last, "convert/test/planted-packed");
  ASSERT_EQ(r.status, CheckStatus::fail);
  EXPECT_EQ(r.cases, std::uint64_t{last} - first + 1);
  ASSERT_EQ(r.mismatches, planted.wrong.size());
  std::size_t i = 0;
  for (const auto& [p, got] : planted.wrong) {
    EXPECT_EQ(r.first_mismatches[i].input, hex32(p));
    EXPECT_EQ(r.first_mismatches[i].got, to_hex_code(got)) << r.first_mismatches[i].input;
    ++i;
  }
}

TEST(Sweep, IntervalTableCoversEverySourcePattern) {
  for (const auto to : {FormatId::e4m3, FormatId::e2m1, FormatId::int8, FormatId::e8m0}) {
    const auto table = convert_interval_table({FormatId::fp32, to, Rounding::rup, Overflow::non_saturating},
                                              *find_profile("nvidia"));
    EXPECT_FALSE(vectors::first_coverage_error(*table, 32)) << format_spec(to).name;
  }
}

}  // namespace
}  // namespace mxconf::conformance
