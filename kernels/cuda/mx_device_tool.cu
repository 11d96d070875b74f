// mxconf_cuda_mx_tool: what the harness cannot see of the CUDA MX quantizers (mx_quantize.hpp), on a GPU.
//
//   mxconf_cuda_mx_tool check   layout properties, each against the rowwise quantizer that `mxconf run` checks
//                               against the reference (mxconf_cuda_mx_{nvidia,ocp}):
//                               - columnwise(Y) is rowwise(Y^T) transposed (codes and scales),
//                               - swizzled scales are the plain ones moved by mx_layout.hpp (CPU-tested), padding
//                                 left untouched,
//                               - bf16 input gives what its exact fp32 widening gives,
//                               - shapes that are not multiples of the block are INVALID_ARGUMENT,
//                               - nothing is written past any output (64 guard bytes; run under compute-sanitizer
//                                 for the exact bounds).
//                               Exit 0 when every comparison matched, 1 otherwise.
//   mxconf_cuda_mx_tool exhaustive DIR  all 2^32 fp32 inputs of CUDA's own conversions (cuda_conversions.hpp, the
//                               device paths) and of the quantizers' element step (mx_block.hpp element_code), into
//                               e4m3, e5m2, e3m2, e2m3, e2m1 (rne, saturate) and e8m0 (rup, saturate: CUDA's and
//                               the quantizers' rceil-fp32 scale step),
//                               compared ON THE GPU with the interval tables DIR/fp32-<to>-<rounding>-saturate.txt
//                               (vectors/golden/convert/nvidia: the nvidia profile's, from the exact reference);
//                               and the fp16x2 E2M1 step of bf16 sources (mx_e2m1_half.cuh) against e2m1_rne for
//                               every bf16 value times every finite scale.
//                               Exit 0 when nothing differs.
//   mxconf_cuda_mx_tool abi-exhaustive KERNEL.so DIR  the same sweeps through the kernel ABI's device entry (ABI
//                               minor 1, mxconf_kernel_device_entry): every fp32 CONVERT capability of KERNEL.so
//                               marked MXCONF_CAP_DEVICE_MEMORY whose table DIR has, with inputs and outputs in
//                               device memory (e.g. CUDA's own conversions in libmxconf_cuda_device_kernel.so).
//   mxconf_cuda_mx_tool bench [REPS]  CUDA-event medians of the quantizers on bf16 [16384, 8192] (and fp32), each
//                               as a ratio to a device-to-device copy timed in the same run (before and after).
#include <cuda_runtime.h>
#include <dlfcn.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cuda_conversions.hpp"
#include "mx_block.hpp"
#include "mx_e2m1_half.cuh"
#include "mx_layout.hpp"
#include "mxconf/device_compare/interval_compare.hpp"
#include "mx_quantize.hpp"

using namespace mxconf::cuda_mx;

namespace {

#define CHECK_CUDA(call)                                                                                 \
  do {                                                                                                   \
    const cudaError_t e_ = (call);                                                                       \
    if (e_ != cudaSuccess) {                                                                             \
      std::fprintf(stderr, "%s:%d: %s failed: %s\n", __FILE__, __LINE__, #call, cudaGetErrorString(e_)); \
      std::exit(2);                                                                                      \
    }                                                                                                    \
  } while (0)

constexpr std::size_t kGuard = 64;
constexpr uint8_t kGuardByte = 0xa5;

// A device output of `bytes` followed by guard bytes, all preset to kGuardByte.
struct Out {
  uint8_t* p = nullptr;
  std::size_t bytes = 0;
  explicit Out(std::size_t n) : bytes(n) {
    CHECK_CUDA(cudaMalloc(&p, n + kGuard));
    CHECK_CUDA(cudaMemset(p, kGuardByte, n + kGuard));
  }
  ~Out() { cudaFree(p); }
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;
  std::vector<uint8_t> host() const {  // the output and its guard
    std::vector<uint8_t> h(bytes + kGuard);
    CHECK_CUDA(cudaMemcpy(h.data(), p, h.size(), cudaMemcpyDeviceToHost));
    return h;
  }
};

const char* name(mxconf_format f) {
  switch (f) {
    case MXCONF_FORMAT_E4M3: return "e4m3";
    case MXCONF_FORMAT_E5M2: return "e5m2";
    case MXCONF_FORMAT_E3M2: return "e3m2";
    case MXCONF_FORMAT_E2M3: return "e2m3";
    case MXCONF_FORMAT_E2M1: return "e2m1";
    case MXCONF_FORMAT_E8M0: return "e8m0";
    case MXCONF_FORMAT_BF16: return "bf16";
    case MXCONF_FORMAT_FP32: return "fp32";
    default: return "?";
  }
}

// ---------------------------------------------------------------- check
int failures = 0;
long comparisons = 0;

void expect(bool ok, const std::string& what) {
  ++comparisons;
  if (ok) return;
  if (++failures <= 30) std::printf("FAIL %s\n", what.c_str());
}

// Test values: every binade an element can meet after scaling, zeros, subnormals, ties; some blocks get NaN or Inf.
std::vector<uint32_t> test_values(std::size_t rows, std::size_t cols, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<uint32_t> v(rows * cols);
  for (std::size_t i = 0; i < v.size(); ++i) {
    const uint32_t r = rng();
    uint32_t exp = 100 + (r >> 8) % 60;  // about 2^-27 .. 2^32
    if ((r & 0xff) < 4) exp = 0;         // zeros and subnormals
    if ((r & 0xff) == 5) exp = 254;      // the largest binade
    v[i] = (r & 0x80000000u) | (exp << 23) | ((r >> 3) & 0x7fffffu & (((r >> 12) & 1) ? 0x7f0000u : 0x7fffffu));
  }
  // bf16-representable: keep the top 16 bits (the bf16 source is the same values).
  for (auto& x : v) x &= 0xffff0000u;
  for (std::size_t i = 0; i < v.size(); i += 997) v[i] = 0x7fc00000u | (v[i] & 0x80000000u);  // NaN
  for (std::size_t i = 13; i < v.size(); i += 1499) v[i] = 0x7f800000u | (v[i] & 0x80000000u);  // Inf
  return v;
}

struct Result {
  std::vector<uint8_t> codes, scales;  // without the guard
};

// Code i of a buffer of `width`-bit packed codes (kernel.h PACKED: little-endian bit stream), or one per byte (0).
uint8_t code_at(const std::vector<uint8_t>& codes, std::size_t i, int width) {
  if (width == 0) return codes[i];
  const std::size_t bit = i * static_cast<std::size_t>(width);
  unsigned window = codes[bit / 8];
  if (bit % 8 + static_cast<std::size_t>(width) > 8) window |= static_cast<unsigned>(codes[bit / 8 + 1]) << 8;
  return static_cast<uint8_t>((window >> (bit % 8)) & ((1u << width) - 1u));
}

// Runs one job on device copies of `values` (fp32 bits; bf16 = their top halves) and checks its guards; under SR
// the random values go along.
Result run(QuantizeJob job, const std::vector<uint32_t>& values, const std::string& label,
           const std::vector<uint32_t>* random = nullptr) {
  std::vector<uint16_t> bf16(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) bf16[i] = static_cast<uint16_t>(values[i] >> 16);
  const std::size_t in_bytes = values.size() * (job.source == MXCONF_FORMAT_FP32 ? 4 : 2);
  void* in = nullptr;
  CHECK_CUDA(cudaMalloc(&in, in_bytes));
  CHECK_CUDA(cudaMemcpy(in, job.source == MXCONF_FORMAT_FP32 ? static_cast<const void*>(values.data()) : bf16.data(),
                        in_bytes, cudaMemcpyHostToDevice));
  Out codes(code_bytes(job)), scales(scale_bytes(job));
  void* rnd = nullptr;
  if (random != nullptr) {
    CHECK_CUDA(cudaMalloc(&rnd, random->size() * 4));
    CHECK_CUDA(cudaMemcpy(rnd, random->data(), random->size() * 4, cudaMemcpyHostToDevice));
    job.random = static_cast<const uint32_t*>(rnd);
  }
  job.input = in;
  job.codes = codes.p;
  job.scales = scales.p;
  const int status = quantize(job);
  CHECK_CUDA(cudaDeviceSynchronize());
  expect(status == MXCONF_STATUS_OK, label + ": status " + std::to_string(status));
  Result r{codes.host(), scales.host()};
  for (std::size_t i = codes.bytes; i < r.codes.size(); ++i)
    expect(r.codes[i] == kGuardByte, label + ": code guard byte " + std::to_string(i - codes.bytes) + " written");
  for (std::size_t i = scales.bytes; i < r.scales.size(); ++i)
    expect(r.scales[i] == kGuardByte, label + ": scale guard byte " + std::to_string(i - scales.bytes) + " written");
  r.codes.resize(codes.bytes);
  r.scales.resize(scales.bytes);
  CHECK_CUDA(cudaFree(in));
  if (rnd != nullptr) CHECK_CUDA(cudaFree(rnd));
  return r;
}

void check_one(Flavour flavour, mxconf_scale_rule rule, mxconf_format element, uint32_t k, mxconf_format source) {
  const std::size_t rows = 256, cols = 512;
  const bool fp6 = element == MXCONF_FORMAT_E3M2 || element == MXCONF_FORMAT_E2M3;
  const bool packed = element == MXCONF_FORMAT_E2M1 || fp6;
  const int width = element == MXCONF_FORMAT_E2M1 ? 4 : fp6 ? 6 : 0;
  const std::string label = std::string(flavour == Flavour::ocp ? "ocp" : "nvidia") + " " +
                            (rule == MXCONF_SCALE_FLOOR ? "floor" : "rceil-fp32") + " " + name(source) + "->" +
                            name(element) + " k=" + std::to_string(k);
  const std::vector<uint32_t> x = test_values(rows, cols, 1234 + k);
  std::vector<uint32_t> xt(x.size());  // the transpose, [cols, rows]
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) xt[c * rows + r] = x[r * cols + c];

  QuantizeJob base;
  base.source = source;
  base.element = element;
  base.rule = rule;
  base.flavour = flavour;
  base.code_layout = packed ? MXCONF_LAYOUT_PACKED : MXCONF_LAYOUT_BYTE;
  base.block_size = k;

  QuantizeJob row = base;
  row.rows = rows;
  row.cols = cols;
  const Result plain = run(row, x, label + " rowwise");
  // bf16 input == its fp32 widening
  if (source == MXCONF_FORMAT_BF16) {
    QuantizeJob wide = row;
    wide.source = MXCONF_FORMAT_FP32;
    const Result w = run(wide, x, label + " rowwise fp32-widened");
    expect(w.codes == plain.codes && w.scales == plain.scales, label + ": bf16 and its fp32 widening differ");
  }
  // swizzled rowwise scales
  QuantizeJob rs = row;
  rs.scale_layout = ScaleLayout::swizzled;
  const Result swz = run(rs, x, label + " rowwise swizzled");
  expect(swz.codes == plain.codes, label + ": rowwise codes differ with swizzled scales");
  std::vector<bool> used(swz.scales.size(), false);
  const std::size_t sc = cols / k;
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < sc; ++j) {
      const std::size_t o = swizzled_offset(r, j, sc);
      used[o] = true;
      expect(swz.scales[o] == plain.scales[r * sc + j], label + ": swizzled rowwise scale (" + std::to_string(r) +
                                                            ", " + std::to_string(j) + ")");
    }
  for (std::size_t o = 0; o < used.size(); ++o)
    if (!used[o]) expect(swz.scales[o] == kGuardByte, label + ": swizzle padding byte " + std::to_string(o) + " written");

  // columnwise of the transpose [cols, rows]: block (i, c) of it is rowwise block (c, i) of x
  QuantizeJob col = base;
  col.direction = Direction::columnwise;
  col.rows = cols;
  col.cols = rows;
  const Result cw = run(col, xt, label + " columnwise");
  for (std::size_t i = 0; i < cols / k; ++i)
    for (std::size_t c = 0; c < rows; ++c)
      expect(cw.scales[i * rows + c] == plain.scales[c * sc + i],
             label + ": columnwise scale (" + std::to_string(i) + ", " + std::to_string(c) + ")");
  std::size_t code_mismatches = 0;
  for (std::size_t r = 0; r < cols; ++r)
    for (std::size_t c = 0; c < rows; ++c)
      code_mismatches += code_at(cw.codes, r * rows + c, width) != code_at(plain.codes, c * cols + r, width);
  expect(code_mismatches == 0, label + ": " + std::to_string(code_mismatches) + " columnwise codes differ");
  // every columnwise kernel (the shipped strips and the alternates) writes the same bytes
  for (const uint8_t v : {1, 2, 3}) {
    QuantizeJob alt = col;
    alt.variant = v;
    const Result a = run(alt, xt, label + " columnwise variant " + std::to_string(v));
    expect(a.codes == cw.codes && a.scales == cw.scales, label + ": columnwise variant " + std::to_string(v) + " differs");
  }
  for (const uint8_t v : {1, 2, 3, 4}) {
    QuantizeJob alt = row;
    alt.variant = v;
    const Result a = run(alt, x, label + " rowwise variant " + std::to_string(v));
    expect(a.codes == plain.codes && a.scales == plain.scales, label + ": rowwise variant " + std::to_string(v) + " differs");
  }
  if (packed) {  // PACKED holds the BYTE layout's codes (kernel.h's bit order)
    QuantizeJob bytes = row;
    bytes.code_layout = MXCONF_LAYOUT_BYTE;
    const Result b = run(bytes, x, label + " rowwise BYTE");
    std::size_t differ = 0;
    for (std::size_t i = 0; i < rows * cols; ++i) differ += b.codes[i] != code_at(plain.codes, i, width);
    expect(differ == 0 && b.scales == plain.scales, label + ": " + std::to_string(differ) + " PACKED codes differ from BYTE");
  }
  // stochastic rounding (rowwise): the device against the same mx_block.hpp arithmetic on the host (the CPU twin
  // that ctest CudaMxSr.* checks against the reference)
  {
    std::mt19937 rng(99 + k);
    std::vector<uint32_t> random(rows * cols);
    for (auto& r : random) r = rng() & 0xffu;
    QuantizeJob sr = row;
    sr.rounding = MXCONF_ROUND_SR;
    sr.sr_bits = 8;
    const Result d = run(sr, x, label + " rowwise sr", &random);
    std::size_t differ = 0;
    for (std::size_t b = 0; b < rows * cols / k; ++b) {
      uint32_t m = 0;
      for (std::size_t j = 0; j < k; ++j) m = std::max(m, amax_key(x[b * k + j], flavour));
      const uint8_t s = scale_code(m, rule, element, flavour);
      differ += d.scales[b] != s;
      for (std::size_t j = 0; j < k; ++j) {
        const std::size_t i = b * k + j;
        const uint8_t want = s == 0xff ? nan_scale_code(x[i], element)
                                       : element_code_sr(bits_to_float(x[i]) * scale_reciprocal(s), random[i], 8, element);
        differ += code_at(d.codes, i, width) != want;
      }
    }
    expect(differ == 0, label + ": " + std::to_string(differ) + " stochastic-rounding codes or scales differ from the host");
  }
  QuantizeJob cs = col;
  cs.scale_layout = ScaleLayout::swizzled;
  const Result cws = run(cs, xt, label + " columnwise swizzled");
  expect(cws.codes == cw.codes, label + ": columnwise codes differ with swizzled scales");
  for (std::size_t i = 0; i < cols / k; ++i)
    for (std::size_t c = 0; c < rows; ++c)
      expect(cws.scales[swizzled_offset(c, i, cols / k)] == cw.scales[i * rows + c],
             label + ": swizzled columnwise scale (" + std::to_string(c) + ", " + std::to_string(i) + ")");
}

void check_refusals() {
  QuantizeJob j;
  void* buf = nullptr;
  CHECK_CUDA(cudaMalloc(&buf, 4096));
  j.input = buf;
  j.codes = static_cast<uint8_t*>(buf);
  j.scales = static_cast<uint8_t*>(buf);
  j.rows = 2;
  j.cols = 48;
  expect(quantize(j) == MXCONF_STATUS_INVALID_ARGUMENT, "rowwise cols 48, k 32: not INVALID_ARGUMENT");
  j.direction = Direction::columnwise;
  j.rows = 48;
  j.cols = 4;
  expect(quantize(j) == MXCONF_STATUS_INVALID_ARGUMENT, "columnwise rows 48, k 32: not INVALID_ARGUMENT");
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaFree(buf));
}

int check() {
  check_refusals();
  for (const Flavour f : {Flavour::nvidia, Flavour::ocp})
    for (const auto rule : {MXCONF_SCALE_RCEIL_FP32, MXCONF_SCALE_FLOOR})
      for (const auto e : {MXCONF_FORMAT_E4M3, MXCONF_FORMAT_E5M2, MXCONF_FORMAT_E3M2, MXCONF_FORMAT_E2M3,
                           MXCONF_FORMAT_E2M1})
        for (const uint32_t k : {32u, 16u})
          for (const auto s : {MXCONF_FORMAT_BF16, MXCONF_FORMAT_FP32}) check_one(f, rule, e, k, s);
  std::printf("mxconf_cuda_mx_tool check: %ld comparisons, %d failed\n", comparisons, failures);
  return comparisons > 0 && failures == 0 ? 0 : 1;
}

// ---------------------------------------------------------------- bench
__global__ void fill_kernel(uint32_t* p, std::size_t words, bool fp32) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < words;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    uint32_t h = static_cast<uint32_t>(i) * 2654435761u ^ static_cast<uint32_t>(i >> 32);
    h ^= h >> 15, h *= 2246822519u, h ^= h >> 13;
    // normal values around 1 (exponents 2^-8 .. 2^7), both signs
    if (fp32) p[i] = (h & 0x807fffffu) | ((119u + (h >> 23) % 16) << 23);
    else {
      const uint32_t a = (h & 0x807fu) | ((119u + (h >> 8) % 16) << 7), b = ((h >> 16) & 0x807fu) | ((119u + (h >> 24) % 16) << 7);
      p[i] = a | (b << 16);
    }
  }
}

template <typename F>
float median_ms(F&& f, int reps) {
  cudaEvent_t a, b;
  CHECK_CUDA(cudaEventCreate(&a));
  CHECK_CUDA(cudaEventCreate(&b));
  for (int i = 0; i < 5; ++i) f();
  std::vector<float> t;
  for (int i = 0; i < reps; ++i) {
    CHECK_CUDA(cudaEventRecord(a));
    f();
    CHECK_CUDA(cudaEventRecord(b));
    CHECK_CUDA(cudaEventSynchronize(b));
    float ms = 0;
    CHECK_CUDA(cudaEventElapsedTime(&ms, a, b));
    t.push_back(ms);
  }
  CHECK_CUDA(cudaGetLastError());
  cudaEventDestroy(a);
  cudaEventDestroy(b);
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

struct Case {
  std::string name;
  QuantizeJob job;
};

int bench(int reps) {
  const std::size_t rows = 16384, cols = 8192, n = rows * cols;
  cudaDeviceProp prop{};
  CHECK_CUDA(cudaGetDeviceProperties(&prop, 0));
  void *bf16 = nullptr, *fp32 = nullptr, *copy_dst = nullptr, *codes = nullptr, *scales = nullptr, *deq = nullptr;
  CHECK_CUDA(cudaMalloc(&bf16, n * 2));
  CHECK_CUDA(cudaMalloc(&fp32, n * 4));
  CHECK_CUDA(cudaMalloc(&copy_dst, n * 2));
  CHECK_CUDA(cudaMalloc(&codes, n));
  CHECK_CUDA(cudaMalloc(&scales, swizzled_bytes(rows, cols / 16)));
  CHECK_CUDA(cudaMalloc(&deq, n * 2));
  fill_kernel<<<4096, 256>>>(static_cast<uint32_t*>(bf16), n / 2, false);
  fill_kernel<<<4096, 256>>>(static_cast<uint32_t*>(fp32), n, true);
  CHECK_CUDA(cudaDeviceSynchronize());

  const double copy_bytes = 2.0 * n * 2;  // read + write of the bf16 tensor
  auto copy_ms = [&] { return median_ms([&] { cudaMemcpyAsync(copy_dst, bf16, n * 2, cudaMemcpyDeviceToDevice); }, reps); };
  const float copy_before = copy_ms();

  uint32_t* random = nullptr;
  CHECK_CUDA(cudaMalloc(&random, n * 4));
  fill_kernel<<<4096, 256>>>(random, n, true);
  auto job = [&](mxconf_format src, mxconf_format e, Direction d, Flavour f, mxconf_scale_rule rule,
                 ScaleLayout sl = ScaleLayout::plain, uint32_t k = 32, uint8_t variant = 0) {
    QuantizeJob j;
    j.source = src, j.element = e, j.direction = d, j.flavour = f, j.rule = rule, j.scale_layout = sl;
    j.variant = variant;
    j.code_layout = e == MXCONF_FORMAT_E4M3 || e == MXCONF_FORMAT_E5M2 ? MXCONF_LAYOUT_BYTE : MXCONF_LAYOUT_PACKED;
    j.block_size = k, j.rows = rows, j.cols = cols;
    j.input = src == MXCONF_FORMAT_FP32 ? fp32 : bf16;
    j.codes = static_cast<uint8_t*>(codes), j.scales = static_cast<uint8_t*>(scales);
    return j;
  };
  const auto R = Direction::rowwise, C = Direction::columnwise;
  const auto NV = Flavour::nvidia, OCP = Flavour::ocp;
  const auto RC = MXCONF_SCALE_RCEIL_FP32, FL = MXCONF_SCALE_FLOOR;
  const auto BF = MXCONF_FORMAT_BF16;
  const auto PL = ScaleLayout::plain;
  const auto E4 = MXCONF_FORMAT_E4M3, F4 = MXCONF_FORMAT_E2M1;
  QuantizeJob sr = job(BF, E4, R, NV, RC);
  sr.rounding = MXCONF_ROUND_SR, sr.random = random, sr.sr_bits = 8;
  QuantizeJob sr4 = job(BF, F4, R, NV, RC);
  sr4.rounding = MXCONF_ROUND_SR, sr4.random = random, sr4.sr_bits = 8;
  QuantizeJob fp6_bytes = job(BF, MXCONF_FORMAT_E2M3, R, NV, RC);
  fp6_bytes.code_layout = MXCONF_LAYOUT_BYTE;
  const std::vector<Case> cases = {
      {"bf16 -> MXFP8 e4m3 rowwise, nvidia (rceil-fp32)", job(BF, E4, R, NV, RC)},
      {"  same, variant 1 (1 group of 8 per thread)", job(BF, E4, R, NV, RC, PL, 32, 1)},
      {"  same, variant 2 (2 groups per thread)", job(BF, E4, R, NV, RC, PL, 32, 2)},
      {"  same, variant 3 (8 groups per thread)", job(BF, E4, R, NV, RC, PL, 32, 3)},
      {"bf16 -> MXFP8 e4m3 rowwise, ocp (floor)", job(BF, E4, R, OCP, FL)},
      {"  same, variant 2", job(BF, E4, R, OCP, FL, PL, 32, 2)},
      {"bf16 -> MXFP8 e4m3 rowwise, nvidia, swizzled scales", job(BF, E4, R, NV, RC, ScaleLayout::swizzled)},
      {"bf16 -> MXFP8 e5m2 rowwise, nvidia", job(BF, MXCONF_FORMAT_E5M2, R, NV, RC)},
      {"bf16 -> MXFP8 e4m3 rowwise, nvidia, k = 16", job(BF, E4, R, NV, RC, PL, 16)},
      {"bf16 -> MXFP8 e4m3 rowwise, nvidia, sr (8 random bits; 4-byte random values read too)", sr},
      {"bf16 -> MXFP8 e4m3 columnwise, nvidia", job(BF, E4, C, NV, RC)},
      {"  same, variant 1 (first version: 4 columns x k rows per thread)", job(BF, E4, C, NV, RC, PL, 32, 1)},
      {"  same, variant 2 (strips of 16 columns, rows over 4 lanes)", job(BF, E4, C, NV, RC, PL, 32, 2)},
      {"  same, variant 3 (strips of 8 columns, rows over 4 lanes)", job(BF, E4, C, NV, RC, PL, 32, 3)},
      {"bf16 -> MXFP8 e4m3 columnwise, ocp", job(BF, E4, C, OCP, FL)},
      {"bf16 -> MXFP8 e4m3 columnwise, ocp, swizzled scales", job(BF, E4, C, OCP, FL, ScaleLayout::swizzled)},
      {"bf16 -> MXFP4 e2m1 rowwise (packed), nvidia", job(BF, F4, R, NV, RC)},
      {"  same, variant 1", job(BF, F4, R, NV, RC, PL, 32, 1)},
      {"  same, variant 2", job(BF, F4, R, NV, RC, PL, 32, 2)},
      {"  same, variant 3", job(BF, F4, R, NV, RC, PL, 32, 3)},
      {"  same, variant 4 (integer e2m1 step instead of fp16x2)", job(BF, F4, R, NV, RC, PL, 32, 4)},
      {"bf16 -> MXFP4 e2m1 rowwise (packed), ocp", job(BF, F4, R, OCP, FL)},
      {"bf16 -> MXFP4 e2m1 rowwise (packed), nvidia, sr", sr4},
      {"bf16 -> MXFP4 e2m1 columnwise (packed), nvidia", job(BF, F4, C, NV, RC)},
      {"  same, variant 1", job(BF, F4, C, NV, RC, PL, 32, 1)},
      {"  same, variant 2", job(BF, F4, C, NV, RC, PL, 32, 2)},
      {"  same, variant 3", job(BF, F4, C, NV, RC, PL, 32, 3)},
      {"bf16 -> MXFP6 e2m3 rowwise (packed), nvidia", job(BF, MXCONF_FORMAT_E2M3, R, NV, RC)},
      {"bf16 -> MXFP6 e2m3 rowwise (one per byte), nvidia", fp6_bytes},
      {"bf16 -> MXFP6 e3m2 rowwise (packed), ocp", job(BF, MXCONF_FORMAT_E3M2, R, OCP, FL)},
      {"bf16 -> MXFP6 e3m2 columnwise (packed), nvidia", job(BF, MXCONF_FORMAT_E3M2, C, NV, RC)},
      {"fp32 -> MXFP8 e4m3 rowwise, nvidia", job(MXCONF_FORMAT_FP32, E4, R, NV, RC)},
      {"fp32 -> MXFP8 e4m3 columnwise, nvidia", job(MXCONF_FORMAT_FP32, E4, C, NV, RC)},
      {"  same, variant 3", job(MXCONF_FORMAT_FP32, E4, C, NV, RC, PL, 32, 3)},
  };
  struct Row {
    std::string name;
    double bytes;
    float ms;
  };
  std::vector<Row> rows_out;
  for (const Case& c : cases) {
    const double bytes = static_cast<double>(n) * (c.job.source == MXCONF_FORMAT_FP32 ? 4 : 2) +
                         static_cast<double>(code_bytes(c.job)) + static_cast<double>(n / c.job.block_size) +
                         (c.job.rounding == MXCONF_ROUND_SR ? 4.0 * n : 0.0);
    int status = MXCONF_STATUS_OK;
    const float ms = median_ms([&] { status |= quantize(c.job); }, reps);
    if (status != MXCONF_STATUS_OK) {
      std::fprintf(stderr, "%s: status %d\n", c.name.c_str(), status);
      return 1;
    }
    rows_out.push_back({c.name, bytes, ms});
  }
  {  // dequantize e4m3 rowwise (codes of the e5m2/e4m3 runs above; the values do not matter for the time)
    DequantizeJob d;
    d.element = MXCONF_FORMAT_E4M3, d.target = MXCONF_FORMAT_BF16, d.rows = rows, d.cols = cols;
    d.codes = static_cast<uint8_t*>(codes), d.scales = static_cast<uint8_t*>(scales), d.output = deq;
    const float ms = median_ms([&] { dequantize(d); }, reps);
    rows_out.push_back({"MXFP8 e4m3 -> bf16 dequantize, rowwise", static_cast<double>(n) * 3 + n / 32, ms});
  }
  const float copy_after = copy_ms();
  const float copy_best = std::min(copy_before, copy_after);
  const double copy_gbs = copy_bytes / (copy_best * 1e-3) / 1e9;
  std::printf("GPU: %s; tensor [%zu, %zu]; %d timed repetitions each (5 warm-up), CUDA events, medians\n", prop.name,
              rows, cols, reps);
  std::printf("device-to-device copy of the bf16 tensor (%.1f MB moved): %.4f ms before, %.4f ms after: %.0f GB/s "
              "(the faster is the baseline)\n\n",
              copy_bytes / 1e6, copy_before, copy_after, copy_gbs);
  std::printf("| case | MB moved | median ms | GB/s | ratio to copy |\n|---|---:|---:|---:|---:|\n");
  for (const Row& r : rows_out) {
    const double gbs = r.bytes / (r.ms * 1e-3) / 1e9;
    std::printf("| %s | %.1f | %.4f | %.0f | %.3f |\n", r.name.c_str(), r.bytes / 1e6, r.ms, gbs, gbs / copy_gbs);
  }
  CHECK_CUDA(cudaFree(bf16));
  CHECK_CUDA(cudaFree(fp32));
  CHECK_CUDA(cudaFree(copy_dst));
  CHECK_CUDA(cudaFree(codes));
  CHECK_CUDA(cudaFree(scales));
  CHECK_CUDA(cudaFree(deq));
  CHECK_CUDA(cudaFree(random));
  return 0;
}

// ---------------------------------------------------------------- exhaustive
struct Conversion {
  mxconf_format target;
  mxconf_rounding rounding;
  bool element_step;  // mx_block.hpp element_code instead of CUDA's __nv_cvt_float_to_*
};

__global__ void conversion_kernel(const uint4* in, uint32_t* out, std::size_t quads, Conversion c) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < quads;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    const uint4 x = in[i];
    const uint32_t v[4] = {x.x, x.y, x.z, x.w};
    uint32_t w = 0;
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const uint32_t code = c.element_step ? (c.target == MXCONF_FORMAT_E8M0 ? e8m0_rup_satfinite(v[j])
                                                                             : element_code(bits_to_float(v[j]), c.target))
                                           : mxconf::cuda_kernel::convert_one(MXCONF_FORMAT_FP32, v[j], c.target,
                                                                              c.rounding, MXCONF_OVERFLOW_SATURATE);
      w |= code << (8 * j);
    }
    out[i] = w;
  }
}

int launch_conversion(const uint32_t* in, uint8_t* out, std::size_t n, void* stream, void* context) {
  const Conversion c = *static_cast<const Conversion*>(context);
  conversion_kernel<<<8192, 256, 0, static_cast<cudaStream_t>(stream)>>>(reinterpret_cast<const uint4*>(in),
                                                                        reinterpret_cast<uint32_t*>(out), n / 4, c);
  return cudaGetLastError() == cudaSuccess ? 0 : 1;
}

// Every bf16 value times every finite scale reciprocal (codes 0x00..0xfe): the fp16x2 E2M1 step of bf16 sources
// (mx_e2m1_half.cuh) against e2m1_rne (itself swept over all 2^32 fp32 inputs below). 2^16 x 255 pairs.
__global__ void e2m1_half_sweep_kernel(unsigned long long* mismatches, uint32_t* first) {
  const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;  // bf16 pattern pair (2i, 2i+1) and a scale
  const uint32_t scale = i >> 15, pair = i & 0x7fffu;
  if (scale > 0xfeu) return;
  const float r = scale_reciprocal(static_cast<uint8_t>(scale));
  const float v0 = bits_to_float((2 * pair) << 16) * r, v1 = bits_to_float((2 * pair + 1) << 16) * r;
  const uint32_t got = e2m1x2_bf16_scaled(v0, v1);
  const uint32_t want = e2m1_rne(v0) | (static_cast<uint32_t>(e2m1_rne(v1)) << 4);
  if (got != want) {
    if (atomicAdd(mismatches, 1ull) == 0) *first = i;
  }
}

int e2m1_half_sweep() {
  unsigned long long* count = nullptr;
  uint32_t* first = nullptr;
  CHECK_CUDA(cudaMalloc(&count, sizeof *count));
  CHECK_CUDA(cudaMalloc(&first, sizeof *first));
  CHECK_CUDA(cudaMemset(count, 0, sizeof *count));
  const uint32_t threads = 255u << 15;  // 2^15 pairs x 255 scales
  e2m1_half_sweep_kernel<<<threads / 256, 256>>>(count, first);
  CHECK_CUDA(cudaGetLastError());
  unsigned long long n = 0;
  uint32_t f = 0;
  CHECK_CUDA(cudaMemcpy(&n, count, sizeof n, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(&f, first, sizeof f, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaFree(count));
  CHECK_CUDA(cudaFree(first));
  std::printf("| cuda-mx fp16x2 e2m1 step (bf16 sources) vs e2m1_rne | every bf16 x every scale 0x00..0xfe | %u | %llu | |\n",
              2 * threads, n);
  if (n != 0) std::printf("    first: bf16 pair 0x%04x/0x%04x, scale 0x%02x\n", (2 * (f & 0x7fffu)), 2 * (f & 0x7fffu) + 1, f >> 15);
  return n == 0 ? 0 : 1;
}

int exhaustive(const std::string& dir) {
  namespace dc = mxconf::device_compare;
  struct Item {
    const char* file;
    Conversion conversion;
    const char* what;
  };
  const Item items[] = {
      {"fp32-e4m3-rne-saturate.txt", {MXCONF_FORMAT_E4M3, MXCONF_ROUND_RNE, false}, "__nv_cvt_float_to_fp8 SATFINITE E4M3"},
      {"fp32-e5m2-rne-saturate.txt", {MXCONF_FORMAT_E5M2, MXCONF_ROUND_RNE, false}, "__nv_cvt_float_to_fp8 SATFINITE E5M2"},
      {"fp32-e3m2-rne-saturate.txt", {MXCONF_FORMAT_E3M2, MXCONF_ROUND_RNE, false}, "__nv_cvt_float_to_fp6 E3M2 cudaRoundNearest"},
      {"fp32-e2m3-rne-saturate.txt", {MXCONF_FORMAT_E2M3, MXCONF_ROUND_RNE, false}, "__nv_cvt_float_to_fp6 E2M3 cudaRoundNearest"},
      {"fp32-e2m1-rne-saturate.txt", {MXCONF_FORMAT_E2M1, MXCONF_ROUND_RNE, false}, "__nv_cvt_float_to_fp4 E2M1 cudaRoundNearest"},
      {"fp32-e8m0-rup-saturate.txt", {MXCONF_FORMAT_E8M0, MXCONF_ROUND_RUP, false}, "__nv_cvt_float_to_e8m0 SATFINITE cudaRoundPosInf"},
      {"fp32-e4m3-rne-saturate.txt", {MXCONF_FORMAT_E4M3, MXCONF_ROUND_RNE, true}, "cuda-mx element step e4m3"},
      {"fp32-e5m2-rne-saturate.txt", {MXCONF_FORMAT_E5M2, MXCONF_ROUND_RNE, true}, "cuda-mx element step e5m2"},
      {"fp32-e3m2-rne-saturate.txt", {MXCONF_FORMAT_E3M2, MXCONF_ROUND_RNE, true}, "cuda-mx element step e3m2"},
      {"fp32-e2m3-rne-saturate.txt", {MXCONF_FORMAT_E2M3, MXCONF_ROUND_RNE, true}, "cuda-mx element step e2m3"},
      {"fp32-e2m1-rne-saturate.txt", {MXCONF_FORMAT_E2M1, MXCONF_ROUND_RNE, true}, "cuda-mx element step e2m1"},
      {"fp32-e8m0-rup-saturate.txt", {MXCONF_FORMAT_E8M0, MXCONF_ROUND_RUP, true}, "cuda-mx rceil-fp32 scale step (e8m0_rup_satfinite)"},
  };
  int bad = 0;
  std::printf("| conversion (all 2^32 fp32 inputs, nvidia profile) | table | inputs | mismatches | GPU seconds |\n"
              "|---|---|---:|---:|---:|\n");
  for (const Item& item : items) {
    std::vector<dc::IntervalRow> table;
    try {
      table = dc::read_interval_file(dir + "/" + item.file);
    } catch (const std::exception& e) {
      std::printf("| %s | %s | error: %s | | |\n", item.what, item.file, e.what());
      ++bad;
      continue;
    }
    Conversion c = item.conversion;
    const dc::Report r = dc::compare_all_fp32(table, launch_conversion, &c);
    if (!r.error.empty()) {
      std::printf("| %s | %s | error: %s | | |\n", item.what, item.file, r.error.c_str());
      ++bad;
      continue;
    }
    std::printf("| %s | %s (%zu rows) | %llu | %llu | %.4f |\n", item.what, item.file, table.size(),
                static_cast<unsigned long long>(r.compared), static_cast<unsigned long long>(r.mismatches), r.seconds);
    for (const auto& m : r.first)
      std::printf("    input 0x%08x: got 0x%02x, expected %s0x%02x\n", m.input, m.got, m.expected < 0 ? "no encoding " : "",
                  m.expected < 0 ? 0u : static_cast<unsigned>(m.expected));
    if (r.compared != (1ull << 32) || r.mismatches != 0) ++bad;
  }
  bad += e2m1_half_sweep();
  return bad == 0 ? 0 : 1;
}

// ---------------------------------------------------------------- abi-exhaustive
struct AbiCall {
  const mxconf_device_kernel* device;
  mxconf_convert_args args;
};

int abi_convert(const uint32_t* in, uint8_t* out, std::size_t n, void*, void* context) {
  AbiCall& call = *static_cast<AbiCall*>(context);
  call.args.input = in;
  call.args.output = out;
  call.args.count = n;
  return call.device->convert(&call.args);
}

const char* rounding_name(mxconf_rounding r) {
  switch (r) {
    case MXCONF_ROUND_RNE: return "rne";
    case MXCONF_ROUND_RTZ: return "rtz";
    case MXCONF_ROUND_RUP: return "rup";
    case MXCONF_ROUND_RDN: return "rdn";
    case MXCONF_ROUND_RNA: return "rna";
    default: return "sr";
  }
}

int abi_exhaustive(const char* library, const std::string& dir) {
  namespace dc = mxconf::device_compare;
  void* handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    std::fprintf(stderr, "abi-exhaustive: %s\n", dlerror());
    return 2;
  }
  const auto entry = reinterpret_cast<mxconf_kernel_entry_fn>(dlsym(handle, MXCONF_KERNEL_ENTRY_SYMBOL));
  const auto device_entry =
      reinterpret_cast<mxconf_kernel_device_entry_fn>(dlsym(handle, MXCONF_KERNEL_DEVICE_ENTRY_SYMBOL));
  if (entry == nullptr || device_entry == nullptr) {
    std::fprintf(stderr, "abi-exhaustive: %s exports no %s\n", library,
                 entry == nullptr ? MXCONF_KERNEL_ENTRY_SYMBOL : MXCONF_KERNEL_DEVICE_ENTRY_SYMBOL);
    return 2;
  }
  const mxconf_kernel* kernel = entry();
  const mxconf_device_kernel* device = device_entry();
  if (device->abi_version != MXCONF_KERNEL_ABI_VERSION || device->abi_minor < 1 || device->convert == nullptr) {
    std::fprintf(stderr, "abi-exhaustive: %s: device entry of ABI %u.%u\n", library, device->abi_version,
                 device->abi_minor);
    return 2;
  }
  const mxconf_policies policies{};
  int bad = 0, swept = 0;
  std::printf("| %s via the device entry (all 2^32 fp32 inputs) | table | inputs | mismatches | GPU seconds |\n"
              "|---|---|---:|---:|---:|\n", kernel->name);
  for (std::size_t i = 0; i < kernel->capability_count; ++i) {
    const mxconf_capability& c = kernel->capabilities[i];
    if (c.operation != MXCONF_OP_CONVERT || c.source != MXCONF_FORMAT_FP32 || !(c.flags & MXCONF_CAP_DEVICE_MEMORY))
      continue;
    if (!(c.overflow_mask & (1u << MXCONF_OVERFLOW_SATURATE))) continue;
    for (int r = MXCONF_ROUND_RNE; r <= MXCONF_ROUND_RNA; ++r) {
      if (!(c.rounding_mask & (1u << r))) continue;
      const std::string file = std::string("fp32-") + name(c.target) + "-" +
                               rounding_name(static_cast<mxconf_rounding>(r)) + "-saturate.txt";
      std::vector<dc::IntervalRow> table;
      try {
        table = dc::read_interval_file(dir + "/" + file);
      } catch (const std::exception&) {
        continue;  // no table for this one in DIR
      }
      AbiCall call{device, {}};
      call.args.struct_size = sizeof(mxconf_convert_args);
      call.args.source = MXCONF_FORMAT_FP32;
      call.args.target = c.target;
      call.args.rounding = static_cast<mxconf_rounding>(r);
      call.args.overflow = MXCONF_OVERFLOW_SATURATE;
      call.args.layout = MXCONF_LAYOUT_BYTE;
      call.args.policies = &policies;
      const dc::Report rep = dc::compare_all_fp32(table, abi_convert, &call);
      ++swept;
      if (!rep.error.empty()) {
        std::printf("| convert fp32 -> %s %s saturate | %s | error: %s | | |\n", name(c.target),
                    rounding_name(static_cast<mxconf_rounding>(r)), file.c_str(), rep.error.c_str());
        ++bad;
        continue;
      }
      std::printf("| convert fp32 -> %s %s saturate | %s (%zu rows) | %llu | %llu | %.4f |\n", name(c.target),
                  rounding_name(static_cast<mxconf_rounding>(r)), file.c_str(), table.size(),
                  static_cast<unsigned long long>(rep.compared), static_cast<unsigned long long>(rep.mismatches),
                  rep.seconds);
      for (const auto& m : rep.first)
        std::printf("    input 0x%08x: got 0x%02x, expected 0x%02x\n", m.input, m.got, static_cast<unsigned>(m.expected));
      if (rep.compared != (1ull << 32) || rep.mismatches != 0) ++bad;
    }
  }
  std::printf("abi-exhaustive: %d sweeps, %d failed\n", swept, bad);
  return swept > 0 && bad == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "check") return check();
  if (mode == "exhaustive" && argc > 2) return exhaustive(argv[2]);
  if (mode == "abi-exhaustive" && argc > 3) return abi_exhaustive(argv[2], argv[3]);
  if (mode == "bench") return bench(argc > 2 ? std::atoi(argv[2]) : 30);
  std::fprintf(stderr, "usage: mxconf_cuda_mx_tool check | exhaustive DIR | abi-exhaustive KERNEL.so DIR | bench [REPS]\n");
  return 2;
}
