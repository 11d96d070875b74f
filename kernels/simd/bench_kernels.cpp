// The scalar codec and the SIMD codec side by side, in one run, so that their ratio is measured on one machine
// at one moment (docs/benchmarks.md): convert, block quantize and decode, items per second of CPU time, one core.
//   cmake --build build --target mxconf_bench_kernels && build/kernels/simd/mxconf_bench_kernels
// Names: <operation>/<codec>/<configuration>; the SIMD codec's instruction set is in the context ("simd_target").
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "mxconf/kernels/scalar_codec.hpp"
#include "mxconf/kernels/simd_codec.hpp"

namespace {

namespace sc = mxconf::scalar_codec;
namespace simd = mxconf::simd_codec;
using mxconf::FormatId;
using mxconf::Rounding;

constexpr std::size_t kCount = 4096;  // fits in L1 with its outputs: the codecs' arithmetic, not memory
constexpr std::size_t kBlock = 32;

// The ocp profile's element policies (reference profile.cpp), spelled out: neither codec links the reference.
const mxconf::ElementPolicies kOcp{
    .overflow = mxconf::Overflow::saturate,
    .directed_overflow = mxconf::DirectedOverflow::largest_finite,
    .inf_under_saturation = mxconf::InfUnderSaturation::clamp,
    .nan_encoding = mxconf::NanEncoding{mxconf::NanSign::keep, mxconf::NanMantissa::all_ones},
    .nan_into_finite = mxconf::NanIntoFinite::error,
    .int8_range = mxconf::Int8Range::symmetric,
    .subnormal_input = mxconf::SubnormalInput::keep,
    .negative_into_unsigned = mxconf::NegativeIntoUnsigned::error,
    .zero_into_e8m0 = mxconf::ZeroIntoE8m0::smallest,
    .e8m0_subnormal_rounding = mxconf::E8m0SubnormalRounding::exact};

mxconf::BlockPolicies block(mxconf::ScaleRule rule) {
  return {.rule = rule,
          .nan = mxconf::BlockNan::nan_scale,
          .inf = mxconf::BlockInf::nan_scale,
          .zero_amax = mxconf::ZeroAmax::smallest_scale,
          .scale_overflow = mxconf::ScaleOverflow::clamp,
          .element_overflow = mxconf::Overflow::saturate};
}

// Random sign and mantissa, exponent uniform in [-10, 10] (as kernels/scalar_codec/bench_scalar_codec.cpp draws
// them for e4m3): subnormal results, underflow and saturation all occur.
std::vector<std::uint32_t> inputs() {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> exponent(-10, 10);
  std::vector<std::uint32_t> v(kCount);
  for (auto& x : v) x = (rng() & 0x8000'0000u) | static_cast<std::uint32_t>(exponent(rng) + 127) << 23 | (rng() & 0x7f'ffffu);
  return v;
}
std::vector<std::uint16_t> bf16_inputs() {
  std::vector<std::uint16_t> v;
  for (const auto x : inputs()) v.push_back(static_cast<std::uint16_t>(x >> 16));
  return v;
}
void items(benchmark::State& state) { state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kCount)); }

void convert_scalar(benchmark::State& state, FormatId to, Rounding r) {
  const sc::ConvertPlan plan = sc::make_convert_plan(to, r, kOcp);
  const auto in = inputs();
  std::vector<std::uint8_t> out(kCount);
  for (auto _ : state) {
    benchmark::DoNotOptimize(sc::convert_fp32(plan, in, out));
    benchmark::ClobberMemory();
  }
  items(state);
}
void convert_simd(benchmark::State& state, FormatId to, Rounding r) {
  const simd::ConvertPlan plan = simd::make_convert_plan(to, r, kOcp);
  const auto in = inputs();
  std::vector<std::uint8_t> out(kCount);
  for (auto _ : state) {
    benchmark::DoNotOptimize(simd::convert_fp32(plan, in, out));
    benchmark::ClobberMemory();
  }
  items(state);
  state.SetLabel(simd::target_name());
}
void convert_bf16_scalar(benchmark::State& state) {
  const sc::ConvertPlan plan = sc::make_convert_plan(FormatId::e4m3, Rounding::rne, kOcp);
  const auto in = bf16_inputs();
  std::vector<std::uint8_t> out(kCount);
  for (auto _ : state) {
    benchmark::DoNotOptimize(sc::convert_bf16(plan, in, {}, out));
    benchmark::ClobberMemory();
  }
  items(state);
}
void convert_bf16_simd(benchmark::State& state) {
  const simd::ConvertPlan plan = simd::make_convert_plan(FormatId::e4m3, Rounding::rne, kOcp);
  const auto in = bf16_inputs();
  std::vector<std::uint8_t> out(kCount);
  for (auto _ : state) {
    benchmark::DoNotOptimize(simd::convert_bf16(plan, in, out));
    benchmark::ClobberMemory();
  }
  items(state);
  state.SetLabel(simd::target_name());
}

void quantize_scalar(benchmark::State& state, FormatId element, mxconf::ScaleRule rule) {
  const sc::QuantizePlan plan = sc::make_quantize_plan(element, Rounding::rne, kOcp, block(rule));
  const auto in = inputs();
  std::vector<std::uint8_t> scales(kCount / kBlock), codes(kCount);
  const std::span<const std::uint32_t> all(in);
  for (auto _ : state) {
    for (std::size_t b = 0; b < kCount / kBlock; ++b)
      benchmark::DoNotOptimize(sc::quantize_block_fp32(plan, all.subspan(b * kBlock, kBlock), {}, scales[b],
                                                       std::span(codes).subspan(b * kBlock, kBlock)));
    benchmark::ClobberMemory();
  }
  items(state);
}
void quantize_simd(benchmark::State& state, FormatId element, mxconf::ScaleRule rule) {
  const simd::QuantizePlan plan = simd::make_quantize_plan(element, Rounding::rne, kOcp, block(rule));
  const auto in = inputs();
  std::vector<std::uint8_t> scales(kCount / kBlock), codes(kCount);
  for (auto _ : state) {
    benchmark::DoNotOptimize(simd::quantize_fp32(plan, kBlock, in, scales, codes));
    benchmark::ClobberMemory();
  }
  items(state);
  state.SetLabel(simd::target_name());
}

std::vector<std::uint8_t> codes() {
  std::mt19937 rng(99);
  std::vector<std::uint8_t> c(kCount);
  for (auto& x : c) x = static_cast<std::uint8_t>(rng());
  return c;
}
void decode_scalar(benchmark::State& state) {
  const auto in = codes();
  std::vector<std::uint32_t> out(kCount);
  for (auto _ : state) {
    benchmark::DoNotOptimize(sc::decode_fp32(FormatId::e4m3, in, out));
    benchmark::ClobberMemory();
  }
  items(state);
}
void decode_simd(benchmark::State& state) {
  const auto in = codes();
  std::vector<std::uint32_t> out(kCount);
  for (auto _ : state) {
    benchmark::DoNotOptimize(simd::decode_fp32(FormatId::e4m3, in, out));
    benchmark::ClobberMemory();
  }
  items(state);
  state.SetLabel(simd::target_name());
}

// All 2^32 fp32 patterns through one conversion, split over the benchmark's threads (2: the CI machine's cores),
// wall time: the codec's share of an exhaustive sweep (the harness adds its comparison with the reference).
template <typename Plan, typename Convert>
void sweep(benchmark::State& state, const Plan& plan, Convert convert) {
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<std::uint32_t> in(kChunk);
  std::vector<std::uint8_t> out(kChunk);
  const auto threads = static_cast<std::uint64_t>(state.threads());
  const auto index = static_cast<std::uint64_t>(state.thread_index());
  const std::uint64_t per_thread = (std::uint64_t{1} << 32) / threads;
  for (auto _ : state) {
    std::uint32_t checksum = 0;
    for (std::uint64_t start = index * per_thread; start < (index + 1) * per_thread; start += kChunk) {
      for (std::size_t i = 0; i < kChunk; ++i) in[i] = static_cast<std::uint32_t>(start + i);
      benchmark::DoNotOptimize(convert(plan, in, out));
      checksum += out[start % kChunk];
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * per_thread));
}
void sweep_scalar(benchmark::State& state) {
  const sc::ConvertPlan plan = sc::make_convert_plan(FormatId::e4m3, Rounding::rne, kOcp);
  sweep(state, plan, [](const sc::ConvertPlan& p, std::span<const std::uint32_t> in, std::span<std::uint8_t> out) {
    return sc::convert_fp32(p, in, out);
  });
}
void sweep_simd(benchmark::State& state) {
  const simd::ConvertPlan plan = simd::make_convert_plan(FormatId::e4m3, Rounding::rne, kOcp);
  sweep(state, plan, [](const simd::ConvertPlan& p, std::span<const std::uint32_t> in, std::span<std::uint8_t> out) {
    return simd::convert_fp32(p, in, out);
  });
  state.SetLabel(simd::target_name());
}

using mxconf::ScaleRule;
BENCHMARK_CAPTURE(convert_scalar, fp32-e4m3-rne-saturate, FormatId::e4m3, Rounding::rne)->Name("convert/scalar/fp32-e4m3-rne-saturate");
BENCHMARK_CAPTURE(convert_simd, fp32-e4m3-rne-saturate, FormatId::e4m3, Rounding::rne)->Name("convert/simd/fp32-e4m3-rne-saturate");
BENCHMARK_CAPTURE(convert_scalar, fp32-e4m3-rtz-saturate, FormatId::e4m3, Rounding::rtz)->Name("convert/scalar/fp32-e4m3-rtz-saturate");
BENCHMARK_CAPTURE(convert_simd, fp32-e4m3-rtz-saturate, FormatId::e4m3, Rounding::rtz)->Name("convert/simd/fp32-e4m3-rtz-saturate");
BENCHMARK_CAPTURE(convert_scalar, fp32-e2m1-rne-saturate, FormatId::e2m1, Rounding::rne)->Name("convert/scalar/fp32-e2m1-rne-saturate");
BENCHMARK_CAPTURE(convert_simd, fp32-e2m1-rne-saturate, FormatId::e2m1, Rounding::rne)->Name("convert/simd/fp32-e2m1-rne-saturate");
BENCHMARK(convert_bf16_scalar)->Name("convert/scalar/bf16-e4m3-rne-saturate");
BENCHMARK(convert_bf16_simd)->Name("convert/simd/bf16-e4m3-rne-saturate");
BENCHMARK_CAPTURE(quantize_scalar, e4m3-floor, FormatId::e4m3, ScaleRule::floor)->Name("quantize/scalar/fp32-e4m3-floor-k32");
BENCHMARK_CAPTURE(quantize_simd, e4m3-floor, FormatId::e4m3, ScaleRule::floor)->Name("quantize/simd/fp32-e4m3-floor-k32");
BENCHMARK_CAPTURE(quantize_scalar, e2m1-rceil, FormatId::e2m1, ScaleRule::rceil_fp32)->Name("quantize/scalar/fp32-e2m1-rceil-fp32-k32");
BENCHMARK_CAPTURE(quantize_simd, e2m1-rceil, FormatId::e2m1, ScaleRule::rceil_fp32)->Name("quantize/simd/fp32-e2m1-rceil-fp32-k32");
BENCHMARK(decode_scalar)->Name("decode/scalar/e4m3-fp32");
BENCHMARK(decode_simd)->Name("decode/simd/e4m3-fp32");
BENCHMARK(sweep_scalar)->Name("sweep/scalar/fp32-e4m3-rne-saturate-all-2^32")->Threads(2)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);
BENCHMARK(sweep_simd)->Name("sweep/simd/fp32-e4m3-rne-saturate-all-2^32")->Threads(2)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

}  // namespace
