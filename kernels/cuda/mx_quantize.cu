// The MX quantizer and dequantizer kernels of kernels/cuda (the interface and layouts: mx_quantize.hpp; the
// per-block arithmetic: mx_block.hpp). Built for sm_90; fp8 elements use PTX cvt.rn.satfinite.{e4m3,e5m2}x2.f32.
//
// Rowwise (shipped, variant 0): each thread owns G groups of 8 consecutive values (one 16-byte bf16 load, two of
// fp32, per group), the groups of a warp interleaved so that every load and store instruction of the warp covers
// one contiguous span: group g of lane l is warp_first + 32 g + l. All G loads are issued before the first use
// (G x 16 bytes in flight per thread). k / 8 neighbouring lanes share a block; its amax is reduced with warp
// shuffles. The amax is an unsigned max over |x|'s fp32 bits (ocp: NaN's bits exceed Inf's, so the max says "NaN
// present") or, under nvidia, fmaxf over |x| (fmaxf drops NaN, as TE does; for non-NaN non-negative floats the two
// orders agree, and nvcc keeps subnormals without --use_fast_math).
// Columnwise (shipped, variant 0): one lane per strip of 8 adjacent columns, the k rows of a block split over 4
// warps (k / 4 rows each), so that a warp's 16-byte loads cover 512 contiguous bytes of one bf16 row and its
// 8-byte code stores 256; the 4 partial column amaxes meet in shared memory (columnwise_warp_rows_kernel).
// Codes are written in groups of 8 (8 bytes, or packed: 4 bytes for e2m1, 6 bytes for e2m3/e3m2).
// Packed E2M1 from bf16 goes through fp16x2 arithmetic (e2m1x2_bf16_scaled), about half the instructions of the
// integer step.
// Alternates (QuantizeJob::variant, for the benchmark; all bit-exact): rowwise 1, 2, 3 = G of 1, 2, 8 (0 is G = 4),
// 4 = G of 4 with bf16 -> packed e2m1 through the integer step (e2m1_rne) instead of fp16x2;
// columnwise 1 = the first version (4 columns x k rows per thread, 8-byte loads), 2 and 3 = strips of W = 16 (bf16;
// 143 registers) and W = 8 columns whose k rows are split over 4 lanes of one warp (shuffle amax; a load covers
// 4 rows x 128 bytes) (columnwise_strip_kernel). H200, bf16 -> e4m3 nvidia (docs/results/cuda-mx-h200-run4.log,
// where today's variant 0 ran as "variant 3" and today's 3 as the default): 0 0.874, 3 0.774, 1 0.599, 2 0.470 of
// copy bandwidth.
#include <cuda_runtime.h>

#include <cstdio>

#include "mx_block.hpp"
#include "mx_e2m1_half.cuh"
#include "mx_layout.hpp"
#include "mx_quantize.hpp"

namespace mxconf::cuda_mx {
namespace {

__host__ __device__ constexpr bool is_fp8(mxconf_format e) { return e == MXCONF_FORMAT_E4M3 || e == MXCONF_FORMAT_E5M2; }

// Bytes of 8 codes: one per byte, or packed (kernel.h MXCONF_LAYOUT_PACKED).
template <mxconf_format E, bool kPacked>
constexpr int kGroupBytes = !kPacked ? 8 : (E == MXCONF_FORMAT_E2M1 ? 4 : 6);

template <bool kFp32, mxconf_format kElement, int kK, bool kPacked>
struct Config {
  static constexpr bool fp32 = kFp32;
  static constexpr mxconf_format element = kElement;
  static constexpr int k = kK;
  static constexpr bool packed = kPacked;
};

template <bool S, mxconf_format E, bool P, typename F>
void for_k(uint32_t k, F&& f) {
  if (k == 16) f(Config<S, E, 16, P>{});
  else f(Config<S, E, 32, P>{});
}
template <bool S, mxconf_format E, typename F>
void for_packed(bool packed, uint32_t k, F&& f) {
  if (packed) for_k<S, E, true>(k, f);
  else for_k<S, E, false>(k, f);
}
template <bool S, typename F>
void for_element(mxconf_format e, uint32_t k, bool packed, F&& f) {
  switch (e) {
    case MXCONF_FORMAT_E4M3: return for_k<S, MXCONF_FORMAT_E4M3, false>(k, f);  // PACKED is BYTE for 8 bits
    case MXCONF_FORMAT_E5M2: return for_k<S, MXCONF_FORMAT_E5M2, false>(k, f);
    case MXCONF_FORMAT_E3M2: return for_packed<S, MXCONF_FORMAT_E3M2>(packed, k, f);
    case MXCONF_FORMAT_E2M3: return for_packed<S, MXCONF_FORMAT_E2M3>(packed, k, f);
    default: return for_packed<S, MXCONF_FORMAT_E2M1>(packed, k, f);
  }
}
// Calls f(Config<...>{}) for the job's compile-time configuration.
template <typename F>
void for_config(bool fp32, mxconf_format e, uint32_t k, bool packed, F&& f) {
  if (fp32) for_element<true>(e, k, packed, f);
  else for_element<false>(e, k, packed, f);
}

int launched(const char* what) {
  const cudaError_t e = cudaGetLastError();
  if (e == cudaSuccess) return MXCONF_STATUS_OK;
  std::fprintf(stderr, "mxconf cuda_mx: %s launch failed: %s (%s)\n", what, cudaGetErrorName(e), cudaGetErrorString(e));
  return MXCONF_STATUS_INTERNAL_ERROR;
}

// ---- loads: fp32 bit patterns of the values ----
__device__ __forceinline__ void widen_bf16(uint32_t w, uint32_t& lo, uint32_t& hi) {  // little-endian pairs
  lo = w << 16;
  hi = w & 0xffff0000u;
}
template <bool kFp32>
__device__ __forceinline__ void load8(const void* in, size_t g, uint32_t (&x)[8]) {
  if constexpr (kFp32) {
    const uint4* p = static_cast<const uint4*>(in) + 2 * g;
    const uint4 a = __ldcs(p), b = __ldcs(p + 1);
    x[0] = a.x, x[1] = a.y, x[2] = a.z, x[3] = a.w, x[4] = b.x, x[5] = b.y, x[6] = b.z, x[7] = b.w;
  } else {
    const uint4 a = __ldcs(static_cast<const uint4*>(in) + g);
    widen_bf16(a.x, x[0], x[1]), widen_bf16(a.y, x[2], x[3]), widen_bf16(a.z, x[4], x[5]), widen_bf16(a.w, x[6], x[7]);
  }
}

// The amax key of 8 values (mx_block.hpp amax_key, maximised), see the top of this file.
__device__ __forceinline__ uint32_t amax8(const uint32_t (&x)[8], Flavour flavour) {
  if (flavour == Flavour::nvidia) {
    float m = 0.0f;
#pragma unroll
    for (int i = 0; i < 8; ++i) m = fmaxf(m, fabsf(__uint_as_float(x[i])));
    return __float_as_uint(m);
  }
  uint32_t m = 0;
#pragma unroll
  for (int i = 0; i < 8; ++i) m = max(m, x[i] & 0x7fffffffu);
  return m;
}

// ---- 8 codes -> the bytes of one group: w[0] holds bytes 0..3, w[1] bytes 4..7 ----
template <mxconf_format E, bool kPacked>
__device__ __forceinline__ void pack8(const uint32_t (&c)[8], uint32_t (&w)[2]) {
  if constexpr (!kPacked) {
    w[0] = c[0] | (c[1] << 8) | (c[2] << 16) | (c[3] << 24);
    w[1] = c[4] | (c[5] << 8) | (c[6] << 16) | (c[7] << 24);
  } else if constexpr (E == MXCONF_FORMAT_E2M1) {  // element 2j in the low nibble
    w[0] = 0;
#pragma unroll
    for (int i = 0; i < 8; ++i) w[0] |= c[i] << (4 * i);
    w[1] = 0;
  } else {  // fp6: element j of a group of 4 in bits 6j..6j+5 of 24 little-endian bits
    const uint32_t lo = c[0] | (c[1] << 6) | (c[2] << 12) | (c[3] << 18);
    const uint32_t hi = c[4] | (c[5] << 6) | (c[6] << 12) | (c[7] << 18);
    w[0] = lo | (hi << 24);
    w[1] = hi >> 8;
  }
}
template <mxconf_format E, bool kPacked>
__device__ __forceinline__ void store_group(uint8_t* codes, size_t g, const uint32_t (&w)[2]) {
  constexpr int kBytes = kGroupBytes<E, kPacked>;
  if constexpr (kBytes == 8) {
    __stcs(reinterpret_cast<uint2*>(codes) + g, make_uint2(w[0], w[1]));
  } else if constexpr (kBytes == 4) {
    __stcs(reinterpret_cast<unsigned int*>(codes) + g, w[0]);
  } else {  // 6 bytes at 6 g: three 2-byte stores
    uint16_t* p = reinterpret_cast<uint16_t*>(codes) + 3 * g;
    p[0] = static_cast<uint16_t>(w[0]);
    p[1] = static_cast<uint16_t>(w[0] >> 16);
    p[2] = static_cast<uint16_t>(w[1]);
  }
}

// ---- element codes of 8 values ----
// One scale for all 8 (rowwise), rne. kHalf: bf16 source into packed e2m1 through e2m1x2_bf16_scaled.
template <mxconf_format E, bool kPacked, bool kHalf = false>
__device__ __forceinline__ void encode_block(const uint32_t (&x)[8], uint8_t scale, uint32_t (&w)[2]) {
  uint32_t c[8];
  if (scale == 0xff) {  // ocp: NaN or Inf in the block
#pragma unroll
    for (int i = 0; i < 8; ++i) c[i] = nan_scale_code(x[i], E);
    pack8<E, kPacked>(c, w);
    return;
  }
  const float r = scale_reciprocal(scale);
  if constexpr (is_fp8(E)) {
    constexpr __nv_fp8_interpretation_t kind = E == MXCONF_FORMAT_E4M3 ? __NV_E4M3 : __NV_E5M2;
#pragma unroll
    for (int i = 0; i < 8; i += 2) {
      const float2 pair = make_float2(__uint_as_float(x[i]) * r, __uint_as_float(x[i + 1]) * r);
      const uint32_t two = __nv_cvt_float2_to_fp8x2(pair, __NV_SATFINITE, kind);  // .x in the low byte
      if (i % 4 == 0) w[i / 4] = two;
      else w[i / 4] |= two << 16;
    }
  } else if constexpr (kHalf && kPacked && E == MXCONF_FORMAT_E2M1) {
    w[0] = 0, w[1] = 0;
#pragma unroll
    for (int i = 0; i < 8; i += 2)
      w[0] |= e2m1x2_bf16_scaled(__uint_as_float(x[i]) * r, __uint_as_float(x[i + 1]) * r) << (4 * i);
  } else {
#pragma unroll
    for (int i = 0; i < 8; ++i) c[i] = element_code(__uint_as_float(x[i]) * r, E);
    pack8<E, kPacked>(c, w);
  }
}
// One scale for all 8, stochastic rounding with the 8 random values rnd.
template <mxconf_format E, bool kPacked>
__device__ __forceinline__ void encode_block_sr(const uint32_t (&x)[8], uint8_t scale, const uint32_t (&rnd)[8],
                                                int k_bits, uint32_t (&w)[2]) {
  uint32_t c[8];
  const float r = scale_reciprocal(scale);
#pragma unroll
  for (int i = 0; i < 8; ++i)
    c[i] = scale == 0xff ? nan_scale_code(x[i], E) : element_code_sr(__uint_as_float(x[i]) * r, rnd[i], k_bits, E);
  pack8<E, kPacked>(c, w);
}
// A scale per value (columnwise), rne. kHalf as encode_block.
template <mxconf_format E, bool kPacked, bool kHalf = false>
__device__ __forceinline__ void encode_columns(const uint32_t (&x)[8], const uint8_t (&s)[8], const float (&r)[8],
                                               uint32_t (&w)[2]) {
  uint32_t c[8];
  if constexpr (kHalf && kPacked && E == MXCONF_FORMAT_E2M1) {
#pragma unroll
    for (int i = 0; i < 8; i += 2) {
      const uint32_t two = e2m1x2_bf16_scaled(__uint_as_float(x[i]) * r[i], __uint_as_float(x[i + 1]) * r[i + 1]);
      c[i] = two & 0xfu;
      c[i + 1] = two >> 4;
    }
  } else if constexpr (is_fp8(E)) {
    constexpr __nv_fp8_interpretation_t kind = E == MXCONF_FORMAT_E4M3 ? __NV_E4M3 : __NV_E5M2;
#pragma unroll
    for (int i = 0; i < 8; i += 2) {
      const float2 pair = make_float2(__uint_as_float(x[i]) * r[i], __uint_as_float(x[i + 1]) * r[i + 1]);
      const uint32_t two = __nv_cvt_float2_to_fp8x2(pair, __NV_SATFINITE, kind);
      c[i] = two & 0xffu;
      c[i + 1] = two >> 8;
    }
  } else {
#pragma unroll
    for (int i = 0; i < 8; ++i) c[i] = element_code(__uint_as_float(x[i]) * r[i], E);
  }
#pragma unroll
  for (int i = 0; i < 8; ++i)
    if (s[i] == 0xff) c[i] = nan_scale_code(x[i], E);
  pack8<E, kPacked>(c, w);
}

struct RowParams {
  const void* input;
  const uint32_t* random;
  uint8_t* codes;
  uint8_t* scales;
  size_t groups;          // values / 8
  size_t blocks_per_row;  // cols / k
  mxconf_scale_rule rule;
  Flavour flavour;
  bool swizzled;
  int sr_bits;
};

template <bool kFp32, mxconf_format E, int K, bool kPacked, int G, bool kSr, bool kHalf = !kFp32>
__global__ void __launch_bounds__(256) rowwise_kernel(RowParams p) {
  constexpr int kLanes = K / 8;  // threads per block of K values
  const unsigned lane = threadIdx.x & 31u;
  const size_t first =
      (static_cast<size_t>(blockIdx.x) * (blockDim.x / 32) + threadIdx.x / 32) * (32 * G) + lane;
  uint32_t x[G][8];
#pragma unroll
  for (int g = 0; g < G; ++g) {
    if (first + 32 * g < p.groups) load8<kFp32>(p.input, first + 32 * g, x[g]);
    else
#pragma unroll
      for (int i = 0; i < 8; ++i) x[g][i] = 0;
  }
#pragma unroll
  for (int g = 0; g < G; ++g) {
    const size_t i = first + 32 * g;
    // groups is a multiple of kLanes and i - lane is a multiple of 32, so the lanes of one block are all active or
    // all not: the shuffles see only lanes of the same state, and every lane of the warp takes part.
    uint32_t m = amax8(x[g], p.flavour);
#pragma unroll
    for (int o = 1; o < kLanes; o <<= 1) m = max(m, __shfl_xor_sync(0xffffffffu, m, o));
    if (i >= p.groups) continue;
    const uint8_t s = scale_code(m, p.rule, E, p.flavour);
    if (lane % kLanes == 0) {
      const size_t b = i / kLanes;
      const unsigned bpr = static_cast<unsigned>(p.blocks_per_row), bb = static_cast<unsigned>(b);
      p.scales[p.swizzled ? swizzled_offset_u32(bb / bpr, bb % bpr, bpr) : b] = s;
    }
    uint32_t w[2];
    if constexpr (kSr) {
      const uint4* rp = reinterpret_cast<const uint4*>(p.random) + 2 * i;
      const uint4 a = __ldcs(rp), b = __ldcs(rp + 1);
      const uint32_t rnd[8] = {a.x, a.y, a.z, a.w, b.x, b.y, b.z, b.w};
      encode_block_sr<E, kPacked>(x[g], s, rnd, p.sr_bits, w);
    } else {
      encode_block<E, kPacked, kHalf>(x[g], s, w);
    }
    store_group<E, kPacked>(p.codes, i, w);
  }
}

struct ColParams {
  const void* input;
  uint8_t* codes;
  uint8_t* scales;
  size_t cols, row_blocks;
  mxconf_scale_rule rule;
  Flavour flavour;
  bool swizzled;
  bool scales_aligned;  // 16-byte aligned: plain scales of a strip go out in one store
};

// Variants 2 (W = 16) and 3 (W = 8): strips of W columns, 4 lanes per strip. Needs cols % W == 0.
template <bool kFp32, mxconf_format E, int K, bool kPacked, int W>
__global__ void __launch_bounds__(256) columnwise_strip_kernel(ColParams p) {
  constexpr int kRows = K / 4;                     // rows per lane
  constexpr int kWords = kFp32 ? W : W / 2;        // 32-bit words of one row of the strip
  const unsigned lane = threadIdx.x & 31u, quarter = lane >> 3;
  const size_t strip = (static_cast<size_t>(blockIdx.x) * (blockDim.x / 32) + threadIdx.x / 32) * 8 + (lane & 7u);
  const size_t c0 = strip * W;
  const bool active = c0 < p.cols;  // the same for the 4 lanes of a strip
  for (size_t rb = blockIdx.y; rb < p.row_blocks; rb += gridDim.y) {
    const size_t row0 = rb * K + quarter * kRows;
    uint32_t v[kRows][kWords];
#pragma unroll
    for (int r = 0; r < kRows; ++r) {
      const uint4* src = reinterpret_cast<const uint4*>(static_cast<const uint32_t*>(p.input) +
                                                        ((row0 + r) * p.cols + c0) / (kFp32 ? 1 : 2));
#pragma unroll
      for (int q = 0; q < kWords / 4; ++q) {
        const uint4 a = active ? __ldcs(src + q) : make_uint4(0, 0, 0, 0);
        v[r][4 * q] = a.x, v[r][4 * q + 1] = a.y, v[r][4 * q + 2] = a.z, v[r][4 * q + 3] = a.w;
      }
    }
    auto value = [&](int r, int j) -> uint32_t {  // fp32 bits of (row r, column j) of the strip
      if constexpr (kFp32) return v[r][j];
      else return (j % 2 == 0) ? v[r][j / 2] << 16 : v[r][j / 2] & 0xffff0000u;
    };
    uint8_t s[W];
    float rcp[W];
#pragma unroll
    for (int j = 0; j < W; ++j) {
      uint32_t m;
      if (p.flavour == Flavour::nvidia) {
        float f = 0.0f;
#pragma unroll
        for (int r = 0; r < kRows; ++r) f = fmaxf(f, fabsf(__uint_as_float(value(r, j))));
        m = __float_as_uint(f);
      } else {
        m = 0;
#pragma unroll
        for (int r = 0; r < kRows; ++r) m = max(m, value(r, j) & 0x7fffffffu);
      }
      m = max(m, __shfl_xor_sync(0xffffffffu, m, 8));
      m = max(m, __shfl_xor_sync(0xffffffffu, m, 16));
      s[j] = scale_code(m, p.rule, E, p.flavour);
      rcp[j] = scale_reciprocal(s[j]);
    }
    if (!active) continue;  // no shuffles below
    if (quarter == 0) {
      if (!p.swizzled && p.scales_aligned) {
        uint32_t sw[W / 4];
#pragma unroll
        for (int q = 0; q < W / 4; ++q)
          sw[q] = s[4 * q] | (s[4 * q + 1] << 8) | (s[4 * q + 2] << 16) | (static_cast<uint32_t>(s[4 * q + 3]) << 24);
        uint8_t* at = p.scales + rb * p.cols + c0;
        if constexpr (W == 8) *reinterpret_cast<uint2*>(at) = make_uint2(sw[0], sw[1]);
        else *reinterpret_cast<uint4*>(at) = make_uint4(sw[0], sw[1], sw[2], sw[3]);
      } else {
#pragma unroll
        for (int j = 0; j < W; ++j) {
          const size_t at = p.swizzled ? swizzled_offset_u32(static_cast<unsigned>(c0 + j), static_cast<unsigned>(rb),
                                                             static_cast<unsigned>(p.row_blocks))
                                       : rb * p.cols + c0 + j;
          p.scales[at] = s[j];
        }
      }
    }
#pragma unroll
    for (int r = 0; r < kRows; ++r) {
#pragma unroll
      for (int h = 0; h < W / 8; ++h) {
        uint32_t x[8];
        uint8_t s8[8];
        float r8[8];
#pragma unroll
        for (int i = 0; i < 8; ++i) x[i] = value(r, 8 * h + i), s8[i] = s[8 * h + i], r8[i] = rcp[8 * h + i];
        uint32_t w[2];
        encode_columns<E, kPacked, !kFp32>(x, s8, r8, w);
        store_group<E, kPacked>(p.codes, ((row0 + r) * p.cols + c0) / 8 + h, w);
      }
    }
  }
}

// Variant 0 (shipped): strips of 8 columns, one lane per strip; the 4 quarters of k rows are 4 warps, whose column
// amaxes meet in shared memory. A warp's load covers 512 contiguous bytes of one row (bf16), its store 256.
template <bool kFp32, mxconf_format E, int K, bool kPacked>
__global__ void __launch_bounds__(256) columnwise_warp_rows_kernel(ColParams p) {
  constexpr int W = 8, kRows = K / 4, kWords = kFp32 ? W : W / 2;
  __shared__ uint32_t partial[4][W][64];  // [quarter][column of the strip][strip of the CTA]
  const unsigned lane = threadIdx.x & 31u, warp = threadIdx.x >> 5, quarter = warp & 3u;
  const unsigned local = (warp >> 2) * 32 + lane;
  const size_t c0 = (static_cast<size_t>(blockIdx.x) * 64 + local) * W;
  const bool active = c0 < p.cols;
  for (size_t rb = blockIdx.y; rb < p.row_blocks; rb += gridDim.y) {
    const size_t row0 = rb * K + quarter * kRows;
    uint32_t v[kRows][kWords];
#pragma unroll
    for (int r = 0; r < kRows; ++r) {
      const uint4* src = reinterpret_cast<const uint4*>(static_cast<const uint32_t*>(p.input) +
                                                        ((row0 + r) * p.cols + c0) / (kFp32 ? 1 : 2));
#pragma unroll
      for (int q = 0; q < kWords / 4; ++q) {
        const uint4 a = active ? __ldcs(src + q) : make_uint4(0, 0, 0, 0);
        v[r][4 * q] = a.x, v[r][4 * q + 1] = a.y, v[r][4 * q + 2] = a.z, v[r][4 * q + 3] = a.w;
      }
    }
    auto value = [&](int r, int j) -> uint32_t {
      if constexpr (kFp32) return v[r][j];
      else return (j % 2 == 0) ? v[r][j / 2] << 16 : v[r][j / 2] & 0xffff0000u;
    };
#pragma unroll
    for (int j = 0; j < W; ++j) {
      uint32_t m;
      if (p.flavour == Flavour::nvidia) {
        float f = 0.0f;
#pragma unroll
        for (int r = 0; r < kRows; ++r) f = fmaxf(f, fabsf(__uint_as_float(value(r, j))));
        m = __float_as_uint(f);
      } else {
        m = 0;
#pragma unroll
        for (int r = 0; r < kRows; ++r) m = max(m, value(r, j) & 0x7fffffffu);
      }
      partial[quarter][j][local] = m;
    }
    __syncthreads();
    uint8_t s[W];
    float rcp[W];
#pragma unroll
    for (int j = 0; j < W; ++j) {
      const uint32_t m = max(max(partial[0][j][local], partial[1][j][local]), max(partial[2][j][local], partial[3][j][local]));
      s[j] = scale_code(m, p.rule, E, p.flavour);
      rcp[j] = scale_reciprocal(s[j]);
    }
    __syncthreads();  // partial is rewritten by the next row block
    if (!active) continue;
    if (quarter == 0) {
      if (!p.swizzled && p.scales_aligned) {
        const uint32_t lo = s[0] | (s[1] << 8) | (s[2] << 16) | (static_cast<uint32_t>(s[3]) << 24);
        const uint32_t hi = s[4] | (s[5] << 8) | (s[6] << 16) | (static_cast<uint32_t>(s[7]) << 24);
        *reinterpret_cast<uint2*>(p.scales + rb * p.cols + c0) = make_uint2(lo, hi);
      } else {
#pragma unroll
        for (int j = 0; j < W; ++j) {
          const size_t at = p.swizzled ? swizzled_offset_u32(static_cast<unsigned>(c0 + j), static_cast<unsigned>(rb),
                                                             static_cast<unsigned>(p.row_blocks))
                                       : rb * p.cols + c0 + j;
          p.scales[at] = s[j];
        }
      }
    }
#pragma unroll
    for (int r = 0; r < kRows; ++r) {
      uint32_t x[8];
#pragma unroll
      for (int i = 0; i < 8; ++i) x[i] = value(r, i);
      uint32_t w[2];
      encode_columns<E, kPacked, !kFp32>(x, s, rcp, w);
      store_group<E, kPacked>(p.codes, ((row0 + r) * p.cols + c0) / 8, w);
    }
  }
}

// Variant 1 (and cols % 8 != 0): one thread per 4 adjacent columns and k rows.
template <bool kFp32, mxconf_format E, int K, bool kPacked>
__global__ void __launch_bounds__(256) columnwise_quad_kernel(ColParams p) {
  const size_t quads = p.cols / 4;
  const size_t q = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (q >= quads) return;  // no shuffles in this kernel
  const size_t c0 = 4 * q;
  for (size_t rb = blockIdx.y; rb < p.row_blocks; rb += gridDim.y) {
    uint32_t m[4] = {0, 0, 0, 0};
    auto load = [&](int r, uint32_t (&x)[4]) {
      const size_t e = (rb * K + r) * p.cols + c0;
      if constexpr (kFp32) {
        const uint4 a = *(static_cast<const uint4*>(p.input) + e / 4);
        x[0] = a.x, x[1] = a.y, x[2] = a.z, x[3] = a.w;
      } else {
        const uint2 a = *(static_cast<const uint2*>(p.input) + e / 4);
        widen_bf16(a.x, x[0], x[1]), widen_bf16(a.y, x[2], x[3]);
      }
    };
#pragma unroll
    for (int r = 0; r < K; ++r) {
      uint32_t x[4];
      load(r, x);
#pragma unroll
      for (int j = 0; j < 4; ++j) m[j] = max(m[j], amax_key(x[j], p.flavour));
    }
    uint8_t s[4];
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      s[j] = scale_code(m[j], p.rule, E, p.flavour);
      const size_t at = p.swizzled ? swizzled_offset_u32(static_cast<unsigned>(c0 + j), static_cast<unsigned>(rb),
                                                         static_cast<unsigned>(p.row_blocks))
                                   : rb * p.cols + c0 + j;
      p.scales[at] = s[j];
    }
#pragma unroll 4
    for (int r = 0; r < K; ++r) {  // the second read comes from L1/L2
      uint32_t x[4];
      load(r, x);
      uint32_t c[4];
#pragma unroll
      for (int j = 0; j < 4; ++j)
        c[j] = s[j] == 0xff ? nan_scale_code(x[j], E) : element_code(__uint_as_float(x[j]) * scale_reciprocal(s[j]), E);
      const size_t e = (rb * K + r) * p.cols + c0;  // a multiple of 4
      if constexpr (!kPacked) {
        *(reinterpret_cast<uint32_t*>(p.codes) + e / 4) = c[0] | (c[1] << 8) | (c[2] << 16) | (c[3] << 24);
      } else if constexpr (E == MXCONF_FORMAT_E2M1) {
        *(reinterpret_cast<uint16_t*>(p.codes) + e / 4) = static_cast<uint16_t>(c[0] | (c[1] << 4) | (c[2] << 8) | (c[3] << 12));
      } else {
        const uint32_t bits = c[0] | (c[1] << 6) | (c[2] << 12) | (c[3] << 18);
        uint8_t* at = p.codes + 3 * (e / 4);
        at[0] = static_cast<uint8_t>(bits), at[1] = static_cast<uint8_t>(bits >> 8), at[2] = static_cast<uint8_t>(bits >> 16);
      }
    }
  }
}

struct DequantParams {
  const uint8_t* codes;
  const uint8_t* scales;
  void* output;
  size_t groups;
};

template <mxconf_format E, bool kPacked>
__device__ __forceinline__ void load_group(const uint8_t* codes, size_t g, uint32_t (&c)[8]) {
  constexpr int kBytes = kGroupBytes<E, kPacked>;
  if constexpr (kBytes == 8) {
    const uint2 w = *(reinterpret_cast<const uint2*>(codes) + g);
#pragma unroll
    for (int i = 0; i < 8; ++i) c[i] = ((i < 4 ? w.x : w.y) >> (8 * (i % 4))) & 0xffu;
  } else if constexpr (kBytes == 4) {
    const uint32_t w = *(reinterpret_cast<const uint32_t*>(codes) + g);
#pragma unroll
    for (int i = 0; i < 8; ++i) c[i] = (w >> (4 * i)) & 0xfu;
  } else {
    const uint16_t* p = reinterpret_cast<const uint16_t*>(codes) + 3 * g;
    const uint32_t lo = p[0] | (static_cast<uint32_t>(p[1] & 0xffu) << 16);
    const uint32_t hi = (p[1] >> 8) | (static_cast<uint32_t>(p[2]) << 8);
#pragma unroll
    for (int i = 0; i < 4; ++i) c[i] = (lo >> (6 * i)) & 0x3fu, c[i + 4] = (hi >> (6 * i)) & 0x3fu;
  }
}

template <bool kFp32Out, mxconf_format E, int K, bool kPacked>
__global__ void __launch_bounds__(256) dequantize_kernel(DequantParams p) {
  const size_t g = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (g >= p.groups) return;
  uint32_t c[8];
  load_group<E, kPacked>(p.codes, g, c);
  const uint8_t s = p.scales[g / (K / 8)];
  if constexpr (kFp32Out) {
    uint32_t v[8];
#pragma unroll
    for (int i = 0; i < 8; ++i) v[i] = dequantized_fp32(static_cast<uint8_t>(c[i]), s, E);
    uint4* out = static_cast<uint4*>(p.output) + 2 * g;
    out[0] = make_uint4(v[0], v[1], v[2], v[3]);
    out[1] = make_uint4(v[4], v[5], v[6], v[7]);
  } else {
    uint32_t v[4];
#pragma unroll
    for (int i = 0; i < 4; ++i)
      v[i] = dequantized_bf16(static_cast<uint8_t>(c[2 * i]), s, E) |
             (static_cast<uint32_t>(dequantized_bf16(static_cast<uint8_t>(c[2 * i + 1]), s, E)) << 16);
    *(static_cast<uint4*>(p.output) + g) = make_uint4(v[0], v[1], v[2], v[3]);
  }
}

constexpr unsigned kThreads = 256;

unsigned grid_for(size_t threads) { return static_cast<unsigned>((threads + kThreads - 1) / kThreads); }

bool packed_layout(mxconf_format e, mxconf_layout layout) { return layout == MXCONF_LAYOUT_PACKED && !is_fp8(e); }

template <bool kFp32, mxconf_format E, int K, bool kPacked, int G>
void launch_rowwise(const RowParams& p, cudaStream_t stream, bool sr, bool integer_e2m1 = false) {
  const size_t threads = (p.groups + G - 1) / G;
  if constexpr (!kFp32 && E == MXCONF_FORMAT_E2M1 && kPacked && G == 4) {
    if (integer_e2m1) {
      rowwise_kernel<kFp32, E, K, kPacked, G, false, false><<<grid_for(threads), kThreads, 0, stream>>>(p);
      return;
    }
  }
  if (sr) rowwise_kernel<kFp32, E, K, kPacked, G, true><<<grid_for(threads), kThreads, 0, stream>>>(p);
  else rowwise_kernel<kFp32, E, K, kPacked, G, false><<<grid_for(threads), kThreads, 0, stream>>>(p);
}

}  // namespace

int quantize(const QuantizeJob& job) {
  const char* why = nullptr;
  if (const int status = validate(job, &why); status != MXCONF_STATUS_OK) {
    std::fprintf(stderr, "mxconf cuda_mx: quantize refused: %s\n", why);
    return status;
  }
  const size_t n = job.rows * job.cols;
  if (n == 0) return MXCONF_STATUS_OK;
  const auto stream = static_cast<cudaStream_t>(job.stream);
  const bool packed = packed_layout(job.element, job.code_layout);
  const bool swizzled = job.scale_layout == ScaleLayout::swizzled;
  const bool sr = job.rounding == MXCONF_ROUND_SR;
  if (job.direction == Direction::rowwise) {
    const RowParams p{job.input, job.random, job.codes, job.scales, n / 8, job.cols / job.block_size, job.rule,
                      job.flavour, swizzled, static_cast<int>(job.sr_bits)};
    if (n / 8 > 0xffffffffull * kThreads) return MXCONF_STATUS_INVALID_ARGUMENT;
    for_config(job.source == MXCONF_FORMAT_FP32, job.element, job.block_size, packed, [&](auto c) {
      using C = decltype(c);
      if (sr) return launch_rowwise<C::fp32, C::element, C::k, C::packed, 2>(p, stream, true);  // more registers
      switch (job.variant) {
        case 1: return launch_rowwise<C::fp32, C::element, C::k, C::packed, 1>(p, stream, false);
        case 2: return launch_rowwise<C::fp32, C::element, C::k, C::packed, 2>(p, stream, false);
        case 3: return launch_rowwise<C::fp32, C::element, C::k, C::packed, 8>(p, stream, false);
        case 4: return launch_rowwise<C::fp32, C::element, C::k, C::packed, 4>(p, stream, false, true);
        default: return launch_rowwise<C::fp32, C::element, C::k, C::packed, 4>(p, stream, false);
      }
    });
    return launched("rowwise quantize");
  }
  const ColParams p{job.input, job.codes, job.scales, job.cols, job.rows / job.block_size, job.rule, job.flavour,
                    swizzled, reinterpret_cast<std::uintptr_t>(job.scales) % 16 == 0};
  const unsigned grid_y = static_cast<unsigned>(p.row_blocks < 65535 ? p.row_blocks : 65535);
  const bool fp32 = job.source == MXCONF_FORMAT_FP32;
  const bool lane_strips = job.variant == 2 || job.variant == 3;
  const unsigned width = (job.variant == 2 && !fp32) ? 16u : 8u;
  if (job.variant == 1 || job.cols % width != 0) {
    const size_t quads = job.cols / 4;
    const unsigned threads = quads >= kThreads ? kThreads : static_cast<unsigned>((quads + 31) / 32 * 32);
    const dim3 grid(static_cast<unsigned>((quads + threads - 1) / threads), grid_y);
    for_config(fp32, job.element, job.block_size, packed, [&](auto c) {
      using C = decltype(c);
      columnwise_quad_kernel<C::fp32, C::element, C::k, C::packed><<<grid, threads, 0, stream>>>(p);
    });
    return launched("columnwise quantize");
  }
  if (!lane_strips) {
    const dim3 grid(static_cast<unsigned>((job.cols + 511) / 512), grid_y);
    for_config(fp32, job.element, job.block_size, packed, [&](auto c) {
      using C = decltype(c);
      columnwise_warp_rows_kernel<C::fp32, C::element, C::k, C::packed><<<grid, kThreads, 0, stream>>>(p);
    });
    return launched("columnwise quantize");
  }
  const size_t columns_per_cta = static_cast<size_t>(width) * 8 * (kThreads / 32);
  const dim3 grid(static_cast<unsigned>((job.cols + columns_per_cta - 1) / columns_per_cta), grid_y);
  for_config(fp32, job.element, job.block_size, packed, [&](auto c) {
    using C = decltype(c);
    if constexpr (C::fp32) {
      columnwise_strip_kernel<true, C::element, C::k, C::packed, 8><<<grid, kThreads, 0, stream>>>(p);
    } else {
      if (width == 8) columnwise_strip_kernel<false, C::element, C::k, C::packed, 8><<<grid, kThreads, 0, stream>>>(p);
      else columnwise_strip_kernel<false, C::element, C::k, C::packed, 16><<<grid, kThreads, 0, stream>>>(p);
    }
  });
  return launched("columnwise quantize");
}

int dequantize(const DequantizeJob& job) {
  const char* why = nullptr;
  if (const int status = validate(job, &why); status != MXCONF_STATUS_OK) {
    std::fprintf(stderr, "mxconf cuda_mx: dequantize refused: %s\n", why);
    return status;
  }
  const size_t n = job.rows * job.cols;
  if (n == 0) return MXCONF_STATUS_OK;
  const DequantParams p{job.codes, job.scales, job.output, n / 8};
  const bool packed = packed_layout(job.element, job.code_layout);
  const auto stream = static_cast<cudaStream_t>(job.stream);
  for_config(job.target == MXCONF_FORMAT_FP32, job.element, job.block_size, packed, [&](auto c) {
    using C = decltype(c);
    dequantize_kernel<C::fp32, C::element, C::k, C::packed><<<grid_for(p.groups), kThreads, 0, stream>>>(p);
  });
  return launched("dequantize");
}

}  // namespace mxconf::cuda_mx
