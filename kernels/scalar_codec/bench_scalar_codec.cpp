// How fast the scalar codec is: fp32 -> e4m3 / e2m1 / int8 / e8m0 converts and 32-element block quantize per
// second of CPU time, with a memcpy baseline in the same run.
//   cmake --build build --target mxconf_bench_scalar_codec && build/kernels/scalar_codec/mxconf_bench_scalar_codec
#include <benchmark/benchmark.h>

#include <cstring>
#include <random>
#include <vector>

#include "mxconf/kernels/scalar_codec.hpp"

namespace {

namespace sc = mxconf::scalar_codec;
using mxconf::FormatId;
using mxconf::Rounding;

constexpr std::size_t kCount = 4096;

// The ocp profile's element policies (profile.cpp), spelled out: the codec does not link the reference.
const mxconf::ElementPolicies kOcp{
    mxconf::Overflow::saturate,        mxconf::DirectedOverflow::largest_finite,
    mxconf::InfUnderSaturation::clamp, mxconf::NanEncoding{mxconf::NanSign::keep, mxconf::NanMantissa::all_ones},
    mxconf::NanIntoFinite::error,      mxconf::Int8Range::symmetric,
    mxconf::SubnormalInput::keep,      mxconf::NegativeIntoUnsigned::error,
    mxconf::ZeroIntoE8m0::smallest,    mxconf::E8m0SubnormalRounding::exact,
    mxconf::InfIntoFinite::max,        mxconf::E8m0Overflow::after_rounding};

// Random sign and mantissa, exponent uniform from 3 binades below the format's smallest normal to one above its
// largest (as bench/bench_reference.cpp draws them): subnormal results, underflow and saturation all occur.
std::vector<std::uint32_t> inputs(int low_exponent, int high_exponent, bool positive = false) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> exponent(low_exponent, high_exponent);
  std::vector<std::uint32_t> v(kCount);
  for (auto& x : v) {
    const auto e = static_cast<std::uint32_t>(exponent(rng) + 127);
    x = (positive ? 0u : (rng() & 0x8000'0000u)) | (e << 23) | (rng() & 0x7f'ffffu);
  }
  return v;
}

void BM_baseline_memcpy(benchmark::State& state) {
  const auto in = inputs(-10, 10);
  std::vector<std::uint32_t> out(kCount);
  for (auto _ : state) {
    std::memcpy(out.data(), in.data(), kCount * sizeof(std::uint32_t));
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kCount));
}
BENCHMARK(BM_baseline_memcpy);

void convert(benchmark::State& state, FormatId to, int low, int high, Rounding rounding, bool positive = false) {
  mxconf::ElementPolicies p = kOcp;
  if (to == FormatId::e8m0) p.negative_into_unsigned = mxconf::NegativeIntoUnsigned::magnitude;
  const sc::ConvertPlan plan = sc::make_convert_plan(to, rounding, p, rounding == Rounding::sr ? 8 : 0);
  const auto in = inputs(low, high, positive);
  std::vector<std::uint32_t> random(kCount);
  std::mt19937 rng(7);
  for (auto& r : random) r = rng() & 0xff;
  std::vector<std::uint8_t> out(kCount);
  for (auto _ : state) {
    benchmark::DoNotOptimize(sc::convert_fp32(plan, in, random, out));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kCount));
}
BENCHMARK_CAPTURE(convert, e4m3_rne, FormatId::e4m3, -9, 9, Rounding::rne);
BENCHMARK_CAPTURE(convert, e4m3_rtz, FormatId::e4m3, -9, 9, Rounding::rtz);
BENCHMARK_CAPTURE(convert, e4m3_sr8, FormatId::e4m3, -9, 9, Rounding::sr);
BENCHMARK_CAPTURE(convert, e2m1_rne, FormatId::e2m1, -3, 3, Rounding::rne);
BENCHMARK_CAPTURE(convert, int8_rne, FormatId::int8, -9, 1, Rounding::rne);
BENCHMARK_CAPTURE(convert, e8m0_rup, FormatId::e8m0, -126, 127, Rounding::rup, true);

void quantize(benchmark::State& state, FormatId element, mxconf::ScaleRule rule) {
  const mxconf::BlockPolicies block{rule,
                                    mxconf::BlockNan::nan_scale,
                                    mxconf::BlockInf::nan_scale,
                                    mxconf::ZeroAmax::smallest_scale,
                                    mxconf::ScaleOverflow::clamp,
                                    mxconf::Overflow::saturate,
                                    mxconf::MinScaleDivisor::exact};
  const sc::QuantizePlan plan = sc::make_quantize_plan(element, Rounding::rne, kOcp, block);
  // 128 blocks of 32: each block's magnitude in [-20, 20] binades, elements within 12 binades below it.
  std::mt19937 rng(99);
  std::vector<std::uint32_t> in(kCount);
  for (std::size_t b = 0; b < kCount / 32; ++b) {
    const int top = static_cast<int>(rng() % 41) - 20;
    for (std::size_t i = 0; i < 32; ++i) {
      const auto e = static_cast<std::uint32_t>(top - static_cast<int>(rng() % 12) + 127);
      in[b * 32 + i] = (rng() & 0x8000'0000u) | (e << 23) | (rng() & 0x7f'ffffu);
    }
  }
  std::vector<std::uint8_t> codes(kCount);
  std::vector<std::uint8_t> scales(kCount / 32);
  for (auto _ : state) {
    for (std::size_t b = 0; b < kCount / 32; ++b)
      benchmark::DoNotOptimize(sc::quantize_block_fp32(plan, std::span(in).subspan(b * 32, 32), {}, scales[b],
                                                       std::span(codes).subspan(b * 32, 32)));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kCount));
}
BENCHMARK_CAPTURE(quantize, e4m3_floor_k32, FormatId::e4m3, mxconf::ScaleRule::floor);
BENCHMARK_CAPTURE(quantize, e4m3_rceil_fp32_k32, FormatId::e4m3, mxconf::ScaleRule::rceil_fp32);
BENCHMARK_CAPTURE(quantize, e2m1_floor_k32, FormatId::e2m1, mxconf::ScaleRule::floor);

}  // namespace
