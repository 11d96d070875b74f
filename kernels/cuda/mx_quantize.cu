// The MX quantizer and dequantizer kernels of kernels/cuda (the interface and layouts: mx_quantize.hpp; the
// per-block arithmetic: mx_block.hpp). Built for sm_90; fp8 elements use PTX cvt.rn.satfinite.{e4m3,e5m2}x2.f32.
//
// Rowwise: one thread per 8 consecutive values (one 16-byte load of bf16, two of fp32), k / 8 threads per block;
// the amax is a max over the fp32 bit patterns of |x| (mx_block.hpp amax_key), reduced with warp shuffles.
// Columnwise: one thread per 4 adjacent columns and k rows: the 4 amaxes of its k x 4 strip, then the codes. A bf16
// strip stays in registers; an fp32 strip is read twice (the second time from L1/L2).
#include <cuda_runtime.h>

#include <cstdio>

#include "mx_block.hpp"
#include "mx_layout.hpp"
#include "mx_quantize.hpp"

namespace mxconf::cuda_mx {
namespace {

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
template <bool S, typename F>
void for_element(mxconf_format e, uint32_t k, bool packed, F&& f) {
  switch (e) {
    case MXCONF_FORMAT_E4M3: return for_k<S, MXCONF_FORMAT_E4M3, false>(k, f);
    case MXCONF_FORMAT_E5M2: return for_k<S, MXCONF_FORMAT_E5M2, false>(k, f);
    case MXCONF_FORMAT_E3M2: return for_k<S, MXCONF_FORMAT_E3M2, false>(k, f);
    case MXCONF_FORMAT_E2M3: return for_k<S, MXCONF_FORMAT_E2M3, false>(k, f);
    default:
      if (packed) return for_k<S, MXCONF_FORMAT_E2M1, true>(k, f);
      return for_k<S, MXCONF_FORMAT_E2M1, false>(k, f);
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
template <bool kFp32>
__device__ __forceinline__ void load8(const void* in, size_t g, uint32_t (&x)[8]) {
  if constexpr (kFp32) {
    const uint4* p = static_cast<const uint4*>(in) + 2 * g;
    const uint4 a = __ldcs(p), b = __ldcs(p + 1);
    x[0] = a.x, x[1] = a.y, x[2] = a.z, x[3] = a.w, x[4] = b.x, x[5] = b.y, x[6] = b.z, x[7] = b.w;
  } else {
    const uint4 a = __ldcs(static_cast<const uint4*>(in) + g);
    const uint32_t w[4] = {a.x, a.y, a.z, a.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) x[2 * i] = w[i] << 16, x[2 * i + 1] = w[i] & 0xffff0000u;  // little-endian pairs
  }
}
// 4 values starting at element index e (a multiple of 4).
template <bool kFp32>
__device__ __forceinline__ void load4(const void* in, size_t e, uint32_t (&x)[4]) {
  if constexpr (kFp32) {
    const uint4 a = *(static_cast<const uint4*>(in) + e / 4);
    x[0] = a.x, x[1] = a.y, x[2] = a.z, x[3] = a.w;
  } else {
    const uint2 a = *(static_cast<const uint2*>(in) + e / 4);
    x[0] = a.x << 16, x[1] = a.x & 0xffff0000u, x[2] = a.y << 16, x[3] = a.y & 0xffff0000u;
  }
}

// ---- element codes of N values under one scale, packed into 32-bit words (byte i of the run at bits 8i, or for
// packed e2m1 nibble i at bits 4i) ----
template <mxconf_format E, bool kPacked, int N>
__device__ __forceinline__ void encode(const uint32_t (&x)[N], uint8_t scale, uint32_t (&w)[kPacked ? (N + 7) / 8 : N / 4]) {
  constexpr int kWords = kPacked ? (N + 7) / 8 : N / 4;
#pragma unroll
  for (int i = 0; i < kWords; ++i) w[i] = 0;
  if (scale == 0xff) {  // ocp: NaN or Inf in the block
#pragma unroll
    for (int i = 0; i < N; ++i) {
      const uint32_t c = nan_scale_code(x[i], E);
      if constexpr (kPacked) w[i / 8] |= c << (4 * (i % 8));
      else w[i / 4] |= c << (8 * (i % 4));
    }
    return;
  }
  const float r = scale_reciprocal(scale);
  if constexpr (E == MXCONF_FORMAT_E4M3 || E == MXCONF_FORMAT_E5M2) {
    constexpr __nv_fp8_interpretation_t kind = E == MXCONF_FORMAT_E4M3 ? __NV_E4M3 : __NV_E5M2;
#pragma unroll
    for (int i = 0; i < N; i += 2) {
      const float2 pair = make_float2(bits_to_float(x[i]) * r, bits_to_float(x[i + 1]) * r);
      const uint32_t two = __nv_cvt_float2_to_fp8x2(pair, __NV_SATFINITE, kind);  // .x in the low byte
      w[i / 4] |= two << (8 * (i % 4));
    }
  } else {
#pragma unroll
    for (int i = 0; i < N; ++i) {
      const uint32_t c = element_code(bits_to_float(x[i]) * r, E);
      if constexpr (kPacked) w[i / 8] |= c << (4 * (i % 8));
      else w[i / 4] |= c << (8 * (i % 4));
    }
  }
}

struct RowParams {
  const void* input;
  uint8_t* codes;
  uint8_t* scales;
  size_t groups;          // values / 8
  size_t blocks_per_row;  // cols / k
  mxconf_scale_rule rule;
  Flavour flavour;
  bool swizzled;
};

template <bool kFp32, mxconf_format E, int K, bool kPacked>
__global__ void __launch_bounds__(256) rowwise_kernel(RowParams p) {
  constexpr int kLanes = K / 8;  // threads per block of K values
  const size_t g = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  // groups is a multiple of kLanes, so the lanes of one block are all active or all not: the shuffles below see
  // only lanes of the same state, and every lane of the warp takes part.
  const bool active = g < p.groups;
  uint32_t x[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  if (active) load8<kFp32>(p.input, g, x);
  uint32_t m = 0;
#pragma unroll
  for (int i = 0; i < 8; ++i) m = max(m, amax_key(x[i], p.flavour));
#pragma unroll
  for (int o = 1; o < kLanes; o <<= 1) m = max(m, __shfl_xor_sync(0xffffffffu, m, o));
  if (!active) return;
  const uint8_t s = scale_code(m, p.rule, E, p.flavour);
  const size_t b = g / kLanes;
  if (g % kLanes == 0) {
    const unsigned bpr = static_cast<unsigned>(p.blocks_per_row), bb = static_cast<unsigned>(b);
    const size_t at = p.swizzled ? swizzled_offset_u32(bb / bpr, bb % bpr, bpr) : b;
    p.scales[at] = s;
  }
  if constexpr (kPacked) {
    uint32_t w[1];
    encode<E, true, 8>(x, s, w);
    __stcs(reinterpret_cast<unsigned int*>(p.codes) + g, w[0]);
  } else {
    uint32_t w[2];
    encode<E, false, 8>(x, s, w);
    __stcs(reinterpret_cast<uint2*>(p.codes) + g, make_uint2(w[0], w[1]));
  }
}

struct ColParams {
  const void* input;
  uint8_t* codes;
  uint8_t* scales;
  size_t cols, quads, row_blocks;
  mxconf_scale_rule rule;
  Flavour flavour;
  bool swizzled;
};

template <bool kFp32, mxconf_format E, int K, bool kPacked>
__global__ void __launch_bounds__(256) columnwise_kernel(ColParams p) {
  const size_t q = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (q >= p.quads) return;  // no shuffles in this kernel
  const size_t c0 = 4 * q;
  for (size_t rb = blockIdx.y; rb < p.row_blocks; rb += gridDim.y) {
    uint32_t m[4] = {0, 0, 0, 0};
    // bf16: the k x 4 strip stays in registers (2 per row); fp32 (4 per row) is read again in the second loop.
    constexpr int kKept = kFp32 ? 1 : K;
    uint2 kept[kKept];
#pragma unroll
    for (int r = 0; r < K; ++r) {
      uint32_t x[4];
      if constexpr (kFp32) {
        load4<kFp32>(p.input, (rb * K + r) * p.cols + c0, x);
      } else {
        kept[r] = __ldcs(static_cast<const uint2*>(p.input) + ((rb * K + r) * p.cols + c0) / 4);
        x[0] = kept[r].x << 16, x[1] = kept[r].x & 0xffff0000u, x[2] = kept[r].y << 16, x[3] = kept[r].y & 0xffff0000u;
      }
#pragma unroll
      for (int j = 0; j < 4; ++j) m[j] = max(m[j], amax_key(x[j], p.flavour));
    }
    uint8_t s[4];
    float reciprocal[4];
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      s[j] = scale_code(m[j], p.rule, E, p.flavour);
      reciprocal[j] = scale_reciprocal(s[j]);
      const size_t at = p.swizzled ? swizzled_offset_u32(static_cast<unsigned>(c0 + j), static_cast<unsigned>(rb),
                                                         static_cast<unsigned>(p.row_blocks))
                                   : rb * p.cols + c0 + j;
      p.scales[at] = s[j];
    }
#pragma unroll
    for (int r = 0; r < K; ++r) {
      uint32_t x[4];
      const size_t e = (rb * K + r) * p.cols + c0;
      if constexpr (kFp32) {
        load4<kFp32>(p.input, e, x);
      } else {
        x[0] = kept[r].x << 16, x[1] = kept[r].x & 0xffff0000u, x[2] = kept[r].y << 16, x[3] = kept[r].y & 0xffff0000u;
      }
      uint32_t word = 0;
#pragma unroll
      for (int j = 0; j < 4; ++j) {  // one scale per column
        const uint32_t one[1] = {x[j]};
        uint32_t w[1];
        if constexpr (kPacked) {
          encode<E, true, 1>(one, s[j], w);
          word |= w[0] << (4 * j);
        } else {
          // encode<..., N=1> has no whole word for bytes: convert directly.
          if (s[j] == 0xff) word |= static_cast<uint32_t>(nan_scale_code(x[j], E)) << (8 * j);
          else word |= static_cast<uint32_t>(element_code(bits_to_float(x[j]) * reciprocal[j], E)) << (8 * j);
        }
      }
      if constexpr (kPacked) *(reinterpret_cast<uint16_t*>(p.codes) + e / 4) = static_cast<uint16_t>(word);
      else *(reinterpret_cast<uint32_t*>(p.codes) + e / 4) = word;
    }
  }
}

struct DequantParams {
  const uint8_t* codes;
  const uint8_t* scales;
  void* output;
  size_t groups;
};

template <bool kFp32Out, mxconf_format E, int K, bool kPacked>
__global__ void __launch_bounds__(256) dequantize_kernel(DequantParams p) {
  const size_t g = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (g >= p.groups) return;
  uint8_t c[8];
  if constexpr (kPacked) {
    const uint32_t w = *(reinterpret_cast<const uint32_t*>(p.codes) + g);
#pragma unroll
    for (int i = 0; i < 8; ++i) c[i] = static_cast<uint8_t>((w >> (4 * i)) & 0xfu);
  } else {
    const uint2 w = *(reinterpret_cast<const uint2*>(p.codes) + g);
#pragma unroll
    for (int i = 0; i < 8; ++i) c[i] = static_cast<uint8_t>(((i < 4 ? w.x : w.y) >> (8 * (i % 4))) & 0xffu);
  }
  const uint8_t s = p.scales[g / (K / 8)];
  if constexpr (kFp32Out) {
    uint32_t v[8];
#pragma unroll
    for (int i = 0; i < 8; ++i) v[i] = dequantized_fp32(c[i], s, E);
    uint4* out = static_cast<uint4*>(p.output) + 2 * g;
    out[0] = make_uint4(v[0], v[1], v[2], v[3]);
    out[1] = make_uint4(v[4], v[5], v[6], v[7]);
  } else {
    uint32_t v[4];
#pragma unroll
    for (int i = 0; i < 4; ++i)
      v[i] = dequantized_bf16(c[2 * i], s, E) | (static_cast<uint32_t>(dequantized_bf16(c[2 * i + 1], s, E)) << 16);
    *(static_cast<uint4*>(p.output) + g) = make_uint4(v[0], v[1], v[2], v[3]);
  }
}

constexpr unsigned kThreads = 256;

unsigned grid_1d(size_t threads) { return static_cast<unsigned>((threads + kThreads - 1) / kThreads); }

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
  const bool packed = job.element == MXCONF_FORMAT_E2M1 && job.code_layout == MXCONF_LAYOUT_PACKED;
  const bool swizzled = job.scale_layout == ScaleLayout::swizzled;
  if (job.direction == Direction::rowwise) {
    const RowParams p{job.input, job.codes, job.scales, n / 8, job.cols / job.block_size, job.rule, job.flavour,
                      swizzled};
    if (n / 8 > 0xffffffffull * kThreads) return MXCONF_STATUS_INVALID_ARGUMENT;
    for_config(job.source == MXCONF_FORMAT_FP32, job.element, job.block_size, packed, [&](auto c) {
      using C = decltype(c);
      rowwise_kernel<C::fp32, C::element, C::k, C::packed><<<grid_1d(p.groups), kThreads, 0, stream>>>(p);
    });
    return launched("rowwise quantize");
  }
  const ColParams p{job.input, job.codes, job.scales, job.cols, job.cols / 4, job.rows / job.block_size,
                    job.rule, job.flavour, swizzled};
  const unsigned threads = p.quads >= kThreads ? kThreads : static_cast<unsigned>((p.quads + 31) / 32 * 32);
  const dim3 grid(static_cast<unsigned>((p.quads + threads - 1) / threads),
                  static_cast<unsigned>(p.row_blocks < 65535 ? p.row_blocks : 65535));
  for_config(job.source == MXCONF_FORMAT_FP32, job.element, job.block_size, packed, [&](auto c) {
    using C = decltype(c);
    columnwise_kernel<C::fp32, C::element, C::k, C::packed><<<grid, threads, 0, stream>>>(p);
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
  const bool packed = job.element == MXCONF_FORMAT_E2M1 && job.code_layout == MXCONF_LAYOUT_PACKED;
  const auto stream = static_cast<cudaStream_t>(job.stream);
  for_config(job.target == MXCONF_FORMAT_FP32, job.element, job.block_size, packed, [&](auto c) {
    using C = decltype(c);
    dequantize_kernel<C::fp32, C::element, C::k, C::packed><<<grid_1d(p.groups), kThreads, 0, stream>>>(p);
  });
  return launched("dequantize");
}

}  // namespace mxconf::cuda_mx
