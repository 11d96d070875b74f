// The exhaustive tier (label "exhaustive"; not in default CI): all 2^32 fp32 inputs through the codec, compared
// with the reference's answer for every one of them. The reference is a step function of the pattern, so its
// answers come as an interval table (vectors/interval_table.hpp, built from reference convert()); the codec runs
// on two threads over the whole range, one batch at a time.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "mxconf/vectors/interval_table.hpp"
#include "test_scalar_codec_support.hpp"

namespace {

using namespace sctest;

// Where the fp32 classes change (+0, subnormals, normals, Inf, NaN, each sign): runs never cross these
// (as vectors/src/generate_intervals.cpp's source_segments).
std::vector<std::uint64_t> fp32_segments() {
  std::vector<std::uint64_t> starts;
  for (const std::uint64_t sign : {0ull, 0x8000'0000ull})
    for (const std::uint64_t p : {0ull, 1ull, 0x0080'0000ull, 0x7f80'0000ull, 0x7f80'0001ull})
      starts.push_back(sign | p);
  return starts;
}

void sweep_all_fp32(FormatId to, const char* profile_name) {
  const mxconf::Profile* profile = mxconf::find_profile(profile_name);
  ASSERT_NE(profile, nullptr);
  ElementPolicies p = profile->element;
  p.overflow = mxconf::Overflow::saturate;
  const auto& fp32 = mxconf::format_spec(FormatId::fp32);
  const auto& dst = mxconf::format_spec(to);
  const mxconf::EncodeOptions options{Rounding::rne, p, {}};

  const auto t0 = std::chrono::steady_clock::now();
  const auto segments = fp32_segments();
  const auto table =
      mxconf::vectors::build_interval_table(32, segments, [&](std::uint64_t pattern) -> std::optional<std::uint64_t> {
        try {
          return mxconf::convert(fp32, pattern, dst, options);
        } catch (const mxconf::InvalidArgument&) {
          return std::nullopt;
        }
      });
  ASSERT_FALSE(mxconf::vectors::first_coverage_error(table, 32).has_value());
  const auto t1 = std::chrono::steady_clock::now();

  const sc::ConvertPlan plan = sc::make_convert_plan(to, Rounding::rne, p);
  constexpr std::size_t kChunk = std::size_t{1} << 16;
  const std::size_t chunks = (std::size_t{1} << 32) / kChunk;
  Mismatches mismatches(std::string("fp32 -> ") + std::string(dst.name) + " rne saturate, profile " + profile_name);
  std::atomic<std::uint64_t> refused{0};
  parallel_for(chunks, [&](std::size_t c) {
    thread_local std::vector<std::uint32_t> in(kChunk);
    thread_local std::vector<std::uint8_t> out(kChunk);
    const std::uint64_t first = c * kChunk;
    for (std::size_t i = 0; i < kChunk; ++i) in[i] = static_cast<std::uint32_t>(first + i);
    sc::convert_fp32(plan, in, out);
    // Walk the table alongside the chunk.
    const auto* row = &mxconf::vectors::lookup(table, first);
    for (std::size_t i = 0; i < kChunk; ++i) {
      const std::uint64_t x = first + i;
      while (x > row->last) ++row;
      if (!row->code) {
        // A refusal: the codec must refuse it too (checked one by one, these are few).
        if (sc::convert_fp32(plan, static_cast<std::uint32_t>(x)).status == sc::Status::ok)
          mismatches.add(hex(x) + ": want error");
        refused.fetch_add(1);
      } else if (out[i] != *row->code) {
        mismatches.add(hex(x) + ": want " + hex(*row->code) + " got " + hex(out[i]));
      }
    }
  });
  const auto t2 = std::chrono::steady_clock::now();
  const double table_s = std::chrono::duration<double>(t1 - t0).count();
  const double sweep_s = std::chrono::duration<double>(t2 - t1).count();
  std::printf(
      "[ exhaustive ] fp32 -> %s (%s): table %zu rows in %.2f s; 2^32 codec sweep on 2 threads in %.2f s "
      "(%.0f M/s); %llu refusals\n",
      std::string(dst.name).c_str(), profile_name, table.size(), table_s, sweep_s, 4294967296.0 / sweep_s / 1e6,
      static_cast<unsigned long long>(refused.load()));
  ::testing::Test::RecordProperty("sweep_seconds", std::to_string(sweep_s));
  EXPECT_EQ(mismatches.count(), 0u);
}

TEST(ScalarCodecExhaustive, Fp32ToE4m3RneSaturateOcp) { sweep_all_fp32(FormatId::e4m3, "ocp"); }
TEST(ScalarCodecExhaustive, Fp32ToE2m1RneSaturateNvidia) { sweep_all_fp32(FormatId::e2m1, "nvidia"); }

}  // namespace
