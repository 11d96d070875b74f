// Throughput of the exact reference (docs/benchmarks.md): decode, encode from fp32, block quantize, each next to
// a trivial baseline over the same inputs measured in the same run.
//
// The reference is built for exactness, not speed (Boost.Multiprecision significands, a trace per rounding); the
// project's goal is >= 1 M fp32 encodes per second per core. Every benchmark is single-threaded.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/profile.hpp"

namespace mxconf {
namespace {

constexpr std::size_t kInputs = 4096;
constexpr std::size_t kBlockSize = 32;  // OCP MX v1.0 §5: k = 32
constexpr std::uint32_t kSeed = 20240901;

const Profile& ocp() { return *find_profile("ocp"); }

// An fp32 bit pattern with a random sign (unless positive), a random 23-bit mantissa and an unbiased exponent drawn
// uniformly from [lo, hi].
std::uint32_t fp32_bits(std::mt19937& rng, int lo, int hi, bool positive) {
  std::uniform_int_distribution<int> exponent(lo, hi);
  const std::uint32_t sign = positive ? 0 : (rng() & 1u) << 31;
  const auto biased = static_cast<std::uint32_t>(exponent(rng) + 127);
  return sign | biased << 23 | (rng() & 0x7f'ffffu);
}

// kInputs fixed pseudo-random fp32 patterns spanning the destination's range: from 3 binades below its smallest
// normal (subnormals, underflow to zero) to one binade above its largest (overflow). No NaN, no Inf: the ocp
// profile refuses NaN into e2m1 and int8. e8m0 inputs are positive (ocp refuses negatives into unsigned formats)
// and span every fp32 normal binade.
std::vector<std::uint32_t> fp32_inputs(FormatId to) {
  const FormatSpec& f = format_spec(to);
  std::mt19937 rng(kSeed + static_cast<std::uint32_t>(to));
  const bool is_e8m0 = to == FormatId::e8m0;
  const int lo = is_e8m0 ? -126 : min_normal_exponent(f) - 3;
  const int hi = is_e8m0 ? 127 : max_exponent(f) + 1;
  std::vector<std::uint32_t> bits(kInputs);
  for (auto& b : bits) b = fp32_bits(rng, lo, hi, is_e8m0);
  return bits;
}

// ---- Baselines: the cost of touching the same inputs without the reference. ----

void BM_baseline_memcpy(benchmark::State& state) {
  const auto in = fp32_inputs(FormatId::e4m3);
  std::vector<std::uint32_t> out(in.size());
  for (auto _ : state) {
    std::memcpy(out.data(), in.data(), in.size() * sizeof(std::uint32_t));
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_baseline_memcpy);

void BM_baseline_fp32_to_int_cast(benchmark::State& state) {
  const auto bits = fp32_inputs(FormatId::e4m3);
  std::vector<float> in(bits.size());
  std::memcpy(in.data(), bits.data(), bits.size() * sizeof(float));
  std::vector<std::int32_t> out(in.size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < in.size(); ++i) out[i] = static_cast<std::int32_t>(in[i] * 64.0f);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_baseline_fp32_to_int_cast);

// ---- Decode ----

void BM_decode_e4m3_all_codes(benchmark::State& state) {
  const FormatSpec& e4m3 = format_spec(FormatId::e4m3);
  for (auto _ : state) {
    for (std::uint64_t code = 0; code < 256; ++code) {
      ExactValue v = decode(e4m3, code);
      benchmark::DoNotOptimize(v);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 256));
}
BENCHMARK(BM_decode_e4m3_all_codes);

// The first half of every fp32 encode: the source bits to an exact value (hot-spot split in docs/benchmarks.md).
void BM_decode_fp32(benchmark::State& state) {
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  const auto in = fp32_inputs(FormatId::e4m3);
  for (auto _ : state) {
    for (const auto b : in) {
      ExactValue v = decode_source(fp32, b, SubnormalInput::keep);
      benchmark::DoNotOptimize(v);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_decode_fp32);

// ---- Encode from fp32: convert() = decode_source + round_to_format, one rounding, under the ocp profile. ----

void BM_encode_fp32(benchmark::State& state, FormatId to) {
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  const FormatSpec& dst = format_spec(to);
  const EncodeOptions options = encode_options(ocp(), dst);
  const auto in = fp32_inputs(to);
  for (auto _ : state) {
    for (const auto b : in) benchmark::DoNotOptimize(convert(fp32, b, dst, options));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}
BENCHMARK_CAPTURE(BM_encode_fp32, e4m3, FormatId::e4m3);
BENCHMARK_CAPTURE(BM_encode_fp32, e2m1, FormatId::e2m1);
BENCHMARK_CAPTURE(BM_encode_fp32, int8, FormatId::int8);
BENCHMARK_CAPTURE(BM_encode_fp32, e8m0, FormatId::e8m0);

// The second half alone: round_to_format of values decoded beforehand.
void BM_encode_exact_e4m3(benchmark::State& state) {
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  const FormatSpec& e4m3 = format_spec(FormatId::e4m3);
  const EncodeOptions options = encode_options(ocp(), e4m3);
  std::vector<ExactValue> values;
  for (const auto b : fp32_inputs(FormatId::e4m3)) values.push_back(decode(fp32, b));
  for (auto _ : state) {
    for (const auto& v : values) benchmark::DoNotOptimize(encode(v, e4m3, options));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * values.size()));
}
BENCHMARK(BM_encode_exact_e4m3);

// ---- Block quantize: kInputs / 32 blocks of 32 fp32 values, decoded to exact values before timing. ----

// Each block has its own magnitude (amax binade in [-20, 20]) and elements spread over 12 binades below it, so
// blocks hold normals, subnormals and underflows of the element format.
std::vector<ExactValue> block_inputs() {
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  std::mt19937 rng(kSeed);
  std::uniform_int_distribution<int> block_exponent(-20, 20);
  std::vector<ExactValue> values;
  values.reserve(kInputs);
  for (std::size_t b = 0; b < kInputs / kBlockSize; ++b) {
    const int top = block_exponent(rng);
    for (std::size_t i = 0; i < kBlockSize; ++i) values.push_back(decode(fp32, fp32_bits(rng, top - 12, top, false)));
  }
  return values;
}

void BM_quantize_block(benchmark::State& state, FormatId element, ScaleRule rule) {
  const FormatSpec& f = format_spec(element);
  QuantizeOptions options = quantize_options(ocp());
  options.block.rule = rule;
  const auto values = block_inputs();
  const std::span<const ExactValue> all(values);
  for (auto _ : state) {
    for (std::size_t b = 0; b < values.size(); b += kBlockSize) {
      QuantizedBlock q = quantize_block(all.subspan(b, kBlockSize), f, options);
      benchmark::DoNotOptimize(q);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * values.size()));
}
BENCHMARK_CAPTURE(BM_quantize_block, e4m3_floor, FormatId::e4m3, ScaleRule::floor);
BENCHMARK_CAPTURE(BM_quantize_block, e4m3_rceil_fp32, FormatId::e4m3, ScaleRule::rceil_fp32);
BENCHMARK_CAPTURE(BM_quantize_block, e2m1_floor, FormatId::e2m1, ScaleRule::floor);
BENCHMARK_CAPTURE(BM_quantize_block, e2m1_rceil_fp32, FormatId::e2m1, ScaleRule::rceil_fp32);

}  // namespace
}  // namespace mxconf
