// Outside cross-check: CUDA 13.0's host conversion functions against the reference under the "nvidia" profile.
// One test per CUDA function and mode (crosscheck.hpp lists them); docs/cuda-crosscheck.md explains the method
// and the results. A difference fails unless known_deviations.cpp pins it exactly, and a pinned deviation that
// stops occurring fails too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "crosscheck.hpp"
#include "crosscheck_inputs.hpp"
#include "known_deviations.hpp"

namespace mxconf::cuda_xcheck {
namespace {

// Every row's result, for the table printed when the binary finishes.
std::vector<RowResult>& results() {
  static std::vector<RowResult> all;
  return all;
}

void report(const RowResult& r) {
  std::printf("[ summary  ] %s\n", summary_line(r).c_str());
  for (const std::string& f : r.failures) ADD_FAILURE() << r.function << ": " << f;
  if (r.failure_count > r.failures.size())
    ADD_FAILURE() << r.function << ": ... and " << (r.failure_count - r.failures.size()) << " more differences";
  results().push_back(r);
}

class SummaryTable : public ::testing::Environment {
 public:
  void TearDown() override {
    if (results().size() < 2) return;  // a single test already printed its line
    std::uint64_t inputs = 0, matches = 0, pinned = 0;
    std::map<std::string, std::uint64_t> per_deviation;
    std::printf("\nCUDA cross-check summary (nvidia profile):\n");
    for (const RowResult& r : results()) {
      std::printf("  %s\n", summary_line(r).c_str());
      inputs += r.inputs;
      matches += r.matches;
      for (const auto& [id, n] : r.pinned) {
        pinned += n;
        per_deviation[id] += n;
      }
    }
    std::printf("  total: %zu functions, %llu inputs, %llu matches, %llu pinned deviations\n", results().size(),
                static_cast<unsigned long long>(inputs), static_cast<unsigned long long>(matches),
                static_cast<unsigned long long>(pinned));
    for (const auto& [id, n] : per_deviation)
      std::printf("  pinned '%s': %llu inputs\n", id.c_str(), static_cast<unsigned long long>(n));
  }
};
[[maybe_unused]] const auto* const kSummary = ::testing::AddGlobalTestEnvironment(new SummaryTable);

// ---- One test per encode function and mode. ----

class CudaEncode : public ::testing::TestWithParam<EncodeRow> {};

TEST_P(CudaEncode, MatchesReferenceOrPinnedDeviation) {
  const EncodeRow& row = GetParam();
  const RowResult r = run(row, row_inputs(row));
  std::uint64_t pinned = 0;
  for (const auto& [id, n] : r.pinned) pinned += n;
  EXPECT_EQ(r.inputs, r.matches + pinned + r.differences) << "every input is a match, pinned, or a difference";
  report(r);
}

INSTANTIATE_TEST_SUITE_P(Nvidia, CudaEncode, ::testing::ValuesIn(encode_rows()),
                         [](const auto& param_info) { return test_name(param_info.param); });

// ---- One test per decode function: every code. ----

class CudaDecode : public ::testing::TestWithParam<DecodeRow> {};

TEST_P(CudaDecode, MatchesExactDecodeWithCanonicalNan) { report(run(GetParam())); }

INSTANTIATE_TEST_SUITE_P(Nvidia, CudaDecode, ::testing::ValuesIn(decode_rows()),
                         [](const auto& param_info) { return test_name(param_info.param); });

// ---- The wrapper calls the function it names: a few behaviours measured on CUDA 13.0 (spec-rules §2.2-§2.6,
// §5.2), independent of the reference. ----

struct Landmark {
  EncodeRow row;
  std::uint64_t bits;
  std::uint64_t cuda;
  const char* fact;
};

TEST(CudaLandmarks, HostFunctionsBehaveAsMeasured) {
  using F = FormatId;
  using S = CudaSaturation;
  using R = CudaRounding;
  const Landmark landmarks[] = {
      {{F::fp32, F::e4m3, S::satfinite, R::nearest}, 0x43e80000, 0x7e, "464 ties to 448 (spec-rules §2.2)"},
      {{F::fp32, F::e4m3, S::nosat, R::nearest}, 0x43e80001, 0x7f, "above 464 overflows to NaN without SAT"},
      {{F::fp32, F::e5m2, S::nosat, R::nearest}, 0x47700000, 0x7c, "61440 ties to 65536: Inf without SAT"},
      {{F::fp32, F::e5m2, S::satfinite, R::nearest}, 0xffc00000, 0x7f, "float NaN is canonical 0x7F"},
      {{F::fp64, F::e5m2, S::satfinite, R::nearest}, 0xfff8000000000000, 0xfe, "double -qNaN keeps sign (§5.2)"},
      {{F::fp32, F::e2m1, S::satfinite, R::nearest}, 0x40e00000, 0x7, "7.0 rounds to 8 and saturates to 6"},
      {{F::fp32, F::e2m1, S::satfinite, R::nearest}, 0xffc00000, 0x7, "NaN -> +MAXNORM (cuda_fp4.h)"},
      {{F::fp32, F::e3m2, S::satfinite, R::zero}, 0xbf800000, 0x2c, "-1.0 in E3M2: 1 01 100 00"},
      {{F::fp32, F::e8m0, S::satfinite, R::pos_inf}, 0x3f800001, 0x80, "RP above 1.0 -> 2^1 (§2.6)"},
      {{F::fp32, F::e8m0, S::nosat, R::pos_inf}, 0x7f000001, 0xff, "RP above 2^127 -> NaN without SAT"},
      {{F::fp32, F::e8m0, S::satfinite, R::pos_inf}, 0x00400001, 0x01, "RP just above 2^-127 -> 2^-126"},
      {{F::fp64, F::e8m0, S::nosat, R::zero}, 0x4c70000000000000, 0xfe, "2^200: CUDA 13.0 clips (the bug)"},
  };
  for (const Landmark& l : landmarks)
    EXPECT_EQ(cuda_encode(l.row, l.bits), l.cuda) << function_name(l.row) << " on " << l.bits << ": " << l.fact;
  EXPECT_EQ(e8m0_to_bf16raw(0x00), 0x0040) << "e8m0 code 0 is 2^-127, a bf16 subnormal (spec-rules §1.5)";
  EXPECT_EQ(fp8_to_halfraw(0xff, F::e4m3), 0x7fff) << "fp8 NaN decodes to the canonical fp16 NaN, sign dropped";
  EXPECT_EQ(canonical_nan_fp16(), 0x7fff);
  EXPECT_EQ(canonical_nan_bf16(), 0x7fff);
}

// ---- The boundary sets hold the inputs the brief and spec-rules name (a guard on crosscheck_inputs.cpp). ----

TEST(CudaBoundaryInputs, ContainTheNamedLandmarks) {
  using F = FormatId;
  struct Expected {
    F source, destination;
    std::uint64_t bits;
    const char* what;
  };
  const Expected expected[] = {
      {F::fp32, F::e4m3, 0x43e80000, "464, the E4M3 overflow tie"},
      {F::fp32, F::e4m3, 0x43e80001, "464 + 1 ulp"},
      {F::fp32, F::e4m3, 0xc3e7ffff, "-(464 - 1 ulp)"},
      {F::fp32, F::e4m3, 0x3a800001, "2^-10 + 1 ulp: just above the underflow tie"},
      {F::fp32, F::e5m2, 0x47700000, "61440, the E5M2 overflow tie"},
      {F::fp32, F::e2m1, 0x40e00000, "7.0, the E2M1 tie beyond max"},
      {F::fp32, F::e8m0, 0x00400000, "2^-127"},
      {F::fp32, F::e8m0, 0x003fffff, "2^-127 - 1 ulp"},
      {F::fp32, F::e8m0, 0x80400001, "-(2^-127 + 1 ulp)"},
      {F::fp32, F::e8m0, 0x7f000001, "2^127 + 1 ulp"},
      {F::fp32, F::e8m0, 0x7f7fffff, "FLT_MAX"},
      {F::fp32, F::e8m0, 0xff800000, "-Inf"},
      {F::fp32, F::e8m0, 0x7f800001, "a signalling NaN"},
      {F::fp32, F::e8m0, 0xffc00000, "-qNaN"},
      {F::fp64, F::e8m0, 0x47f0000000000000, "2^128"},
      {F::fp64, F::e8m0, 0x47efffffffffffff, "2^128 - 1 fp64 ulp"},
      {F::fp64, F::e8m0, 0x47effffff0000000, "FLT_MAX + half an fp32 ulp: (float)x rounds to Inf"},
      {F::fp64, F::e8m0, 0x4c70000000000000, "2^200"},
      {F::fp64, F::e8m0, 0x3f00000000000001, "2^-15 + 1 fp64 ulp: (float)x drops it, the sticky bit keeps it"},
      {F::fp64, F::e4m3, 0xfff8000000000000, "-qNaN"},
      {F::fp64, F::e5m2, 0x7ff4000000000000, "a signalling NaN"},
      {F::fp64, F::e2m1, 0x3fd0000000000000, "0.25, the E2M1 underflow tie"},
  };
  for (const Expected& e : expected) {
    const std::vector<std::uint64_t> inputs = boundary_inputs(format_spec(e.source), format_spec(e.destination));
    EXPECT_TRUE(std::binary_search(inputs.begin(), inputs.end(), e.bits))
        << format_spec(e.source).name << " -> " << format_spec(e.destination).name << ": " << e.what;
  }
}

// ---- The deviation table itself. ----

TEST(CudaKnownDeviations, IdsAreUniqueAndEachAppliesToSomeRow) {
  std::set<std::string_view> ids;
  for (const KnownDeviation& d : known_deviations()) {
    EXPECT_TRUE(ids.insert(d.id).second) << "duplicate id " << d.id;
    bool applies = false;
    for (const EncodeRow& row : encode_rows()) applies = applies || d.applies_to(row);
    EXPECT_TRUE(applies) << d.id << " applies to no row";
  }
}

}  // namespace
}  // namespace mxconf::cuda_xcheck
