// libmxconf_device_sweep (sweep.h): input generation and the fused comparison of an exhaustive convert check, on
// the GPU. Per index: find its segment (binary search over the segments' offsets, in shared memory when they fit),
// derive the input pattern, compare the kernel's code with the segment's, and on a mismatch count it for the
// segment, flag a row end, and keep it among its tile's first `keep` in index order (one thread block walks a tile
// in windows of 256 indexes; a ballot scan orders a window's mismatches). Tiles have their mismatch counts
// written, so the host finds the first mismatches overall in the first tiles that have any.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "mxconf/device_compare/sweep.h"

namespace {

constexpr int kThreads = 256;
constexpr int kWarps = kThreads / 32;
constexpr int kMaxBlocks = 4096;
constexpr unsigned kTile = MXCONF_DS_TILE;
constexpr int kSharedSegments = 2048;  // offsets, firsts, codes and counters: 24 KiB of shared memory

struct DeviceSegment {
  std::uint32_t first, offset;
  std::int32_t code;
  std::uint32_t row_first, row_last;
};

struct DevicePlan {
  const DeviceSegment* segments;
  int count;
  int any_nan;
  const std::uint8_t* nan_codes;  // 256 flags in device memory
  unsigned keep;
  unsigned long long* segment_bad;
  unsigned* segment_ends;
  unsigned* tile_bad;
  std::uint32_t* slot_input;
  std::uint8_t* slot_got;
};

__device__ int find_segment(const std::uint32_t* offsets, int count, std::uint32_t index) {
  int lo = 0, hi = count - 1;  // the last segment whose offset <= index (the first has offset 0)
  while (lo < hi) {
    const int mid = (lo + hi + 1) / 2;
    if (offsets[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

struct SharedSegments {
  std::uint32_t offset[kSharedSegments];
  std::uint32_t first[kSharedSegments];
  std::int32_t code[kSharedSegments];
};

// Copies the segments' offsets, firsts and codes to shared memory when they fit (then returns true).
__device__ bool stage(const DevicePlan& p, SharedSegments& s) {
  if (p.count > kSharedSegments) return false;
  for (int i = threadIdx.x; i < p.count; i += blockDim.x) {
    s.offset[i] = p.segments[i].offset;
    s.first[i] = p.segments[i].first;
    s.code[i] = p.segments[i].code;
  }
  __syncthreads();
  return true;
}

__global__ void inputs_kernel(DevicePlan p, std::uint32_t base, std::uint32_t n, std::uint32_t* out) {
  __shared__ SharedSegments s;
  const bool shared = stage(p, s);
  for (std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    const std::uint32_t index = base + i;
    if (shared) {
      const int k = find_segment(s.offset, p.count, index);
      out[i] = s.first[k] + (index - s.offset[k]);
    } else {
      int lo = 0, hi = p.count - 1;
      while (lo < hi) {
        const int mid = (lo + hi + 1) / 2;
        if (p.segments[mid].offset <= index) lo = mid;
        else hi = mid - 1;
      }
      out[i] = p.segments[lo].first + (index - p.segments[lo].offset);
    }
  }
}

// One block per tile at a time. `base` is a multiple of kTile; tile numbers are global (base / kTile + t).
__global__ void compare_kernel(DevicePlan p, std::uint32_t base, std::uint32_t n, const std::uint8_t* codes) {
  __shared__ SharedSegments s;
  __shared__ unsigned bad_s[kSharedSegments];
  __shared__ std::uint8_t nan_s[256];
  __shared__ unsigned warp_bad[kWarps];
  const bool shared = stage(p, s);
  for (int i = threadIdx.x; i < kSharedSegments; i += blockDim.x) bad_s[i] = 0;
  for (int i = threadIdx.x; i < 256; i += blockDim.x) nan_s[i] = p.nan_codes != nullptr ? p.nan_codes[i] : 0;
  __syncthreads();
  const unsigned tiles = (n + kTile - 1) / kTile;
  const unsigned lane = threadIdx.x & 31u, warp = threadIdx.x >> 5;
  for (unsigned t = blockIdx.x; t < tiles; t += gridDim.x) {
    const std::size_t tile = base / kTile + t;
    unsigned kept = 0;  // the same in every thread of the block
    for (unsigned w = 0; w < kTile; w += kThreads) {
      const std::uint32_t local = t * kTile + w + threadIdx.x;
      bool bad = false;
      std::uint32_t x = 0;
      std::uint8_t got = 0;
      if (local < n) {
        const std::uint32_t index = base + local;
        int k;
        std::uint32_t offset, first;
        std::int32_t want;
        if (shared) {
          k = find_segment(s.offset, p.count, index);
          offset = s.offset[k], first = s.first[k], want = s.code[k];
        } else {
          int lo = 0, hi = p.count - 1;
          while (lo < hi) {
            const int mid = (lo + hi + 1) / 2;
            if (p.segments[mid].offset <= index) lo = mid;
            else hi = mid - 1;
          }
          k = lo;
          offset = p.segments[k].offset, first = p.segments[k].first, want = p.segments[k].code;
        }
        x = first + (index - offset);
        got = codes[local];
        bad = static_cast<std::int32_t>(got) != want && !(p.any_nan && nan_s[got] && nan_s[want & 0xff]);
        if (bad) {
          if (shared) atomicAdd(&bad_s[k], 1u);
          else atomicAdd(&p.segment_bad[k], 1ull);
          if (x == p.segments[k].row_first) atomicOr(&p.segment_ends[k], 1u);
          if (x == p.segments[k].row_last) atomicOr(&p.segment_ends[k], 2u);
        }
      }
      if (__syncthreads_or(bad)) {
        const unsigned mask = __ballot_sync(0xffffffffu, bad);
        if (lane == 0) warp_bad[warp] = __popc(mask);
        __syncthreads();
        unsigned before = __popc(mask & ((1u << lane) - 1u)), window = 0;
        for (unsigned v = 0; v < kWarps; ++v) {
          if (v < warp) before += warp_bad[v];
          window += warp_bad[v];
        }
        if (bad && kept + before < p.keep) {
          const std::size_t slot = tile * p.keep + kept + before;
          p.slot_input[slot] = x;
          p.slot_got[slot] = got;
        }
        kept += window;
        __syncthreads();  // warp_bad is reused by the next window
      }
    }
    if (threadIdx.x == 0) p.tile_bad[tile] = kept;
  }
  if (shared) {
    __syncthreads();
    for (int i = threadIdx.x; i < p.count; i += blockDim.x)
      if (bad_s[i] != 0) atomicAdd(&p.segment_bad[i], static_cast<unsigned long long>(bad_s[i]));
  }
}

int grid_for(std::size_t n) {
  const std::size_t blocks = (n + kThreads - 1) / kThreads;
  return blocks > kMaxBlocks ? kMaxBlocks : static_cast<int>(std::max<std::size_t>(blocks, 1));
}

}  // namespace

struct mxconf_ds_session {
  DevicePlan plan{};
  std::uint32_t count = 0;
  std::uint64_t total = 0;
  std::uint64_t tiles = 0;
  std::uint64_t compared = 0;
  std::string error;
  std::vector<void*> owned;

  bool fail(const char* what, cudaError_t e) {
    if (e == cudaSuccess) return false;
    error = std::string(what) + ": " + cudaGetErrorName(e) + " (" + cudaGetErrorString(e) + ")";
    return true;
  }
  template <typename T>
  bool allocate(T*& p, std::size_t n, const char* what) {
    void* raw = nullptr;
    if (fail(what, cudaMalloc(&raw, std::max<std::size_t>(n, 1) * sizeof(T)))) return false;
    owned.push_back(raw);
    p = static_cast<T*>(raw);
    return true;
  }
};

extern "C" {

__attribute__((visibility("default"))) const char* mxconf_ds_probe(void) {
  static const std::string why = [] {
    int n = 0;
    const cudaError_t e = cudaGetDeviceCount(&n);
    if (e != cudaSuccess)
      return std::string("no CUDA device: cudaGetDeviceCount: ") + cudaGetErrorName(e) + " (" + cudaGetErrorString(e) +
             ")";
    if (n == 0) return std::string("no CUDA device: cudaGetDeviceCount found none");
    return std::string();
  }();
  return why.empty() ? nullptr : why.c_str();
}

__attribute__((visibility("default"))) const char* mxconf_ds_device_name(void) {
  static const std::string name = [] {
    cudaDeviceProp prop{};
    int device = 0;
    if (mxconf_ds_probe() != nullptr || cudaGetDevice(&device) != cudaSuccess ||
        cudaGetDeviceProperties(&prop, device) != cudaSuccess)
      return std::string();
    return std::string(prop.name);
  }();
  return name.c_str();
}

__attribute__((visibility("default"))) mxconf_ds_session* mxconf_ds_open(const mxconf_ds_plan* plan, char* error,
                                                                         std::size_t error_size) {
  const auto refuse = [&](const std::string& why) -> mxconf_ds_session* {
    if (error != nullptr && error_size > 0) std::snprintf(error, error_size, "%s", why.c_str());
    return nullptr;
  };
  if (plan == nullptr || plan->segments == nullptr || plan->segment_count == 0)
    return refuse("mxconf_ds_open: no segments");
  if (plan->total == 0 || plan->total > (std::uint64_t{1} << 32))
    return refuse("mxconf_ds_open: total must be 1 .. 2^32");
  if (plan->keep > MXCONF_DS_MAX_KEEP) return refuse("mxconf_ds_open: keep exceeds MXCONF_DS_MAX_KEEP");
  if (plan->segments[0].offset != 0) return refuse("mxconf_ds_open: the first segment's offset must be 0");
  for (std::uint32_t i = 0; i < plan->segment_count; ++i) {
    const mxconf_ds_segment& g = plan->segments[i];
    const std::uint64_t end = i + 1 < plan->segment_count ? plan->segments[i + 1].offset : plan->total;
    if (end <= g.offset) return refuse("mxconf_ds_open: segment " + std::to_string(i) + " is empty or out of order");
    if (g.code < 0 || g.code > 255) return refuse("mxconf_ds_open: segment " + std::to_string(i) + " has no code");
    if (std::uint64_t{g.first} + (end - g.offset) - 1 > 0xffffffffull)
      return refuse("mxconf_ds_open: segment " + std::to_string(i) + " runs past pattern 0xffffffff");
  }
  if (const char* why = mxconf_ds_probe()) return refuse(why);
  auto* s = new mxconf_ds_session;
  s->count = plan->segment_count;
  s->total = plan->total;
  s->tiles = (plan->total + kTile - 1) / kTile;
  std::vector<DeviceSegment> segments(plan->segment_count);
  for (std::uint32_t i = 0; i < plan->segment_count; ++i) {
    const mxconf_ds_segment& g = plan->segments[i];
    segments[i] = DeviceSegment{g.first, g.offset, g.code, g.row_first, g.row_last};
  }
  DeviceSegment* segments_d = nullptr;
  std::uint8_t* nan_d = nullptr;
  DevicePlan& p = s->plan;
  const bool ok =
      s->allocate(segments_d, segments.size(), "cudaMalloc (segments)") &&
      s->allocate(nan_d, 256, "cudaMalloc (NaN codes)") &&
      s->allocate(p.segment_bad, segments.size(), "cudaMalloc (counts)") &&
      s->allocate(p.segment_ends, segments.size(), "cudaMalloc (row ends)") &&
      s->allocate(p.tile_bad, s->tiles, "cudaMalloc (tile counts)") &&
      s->allocate(p.slot_input, s->tiles * plan->keep, "cudaMalloc (kept inputs)") &&
      s->allocate(p.slot_got, s->tiles * plan->keep, "cudaMalloc (kept codes)") &&
      !s->fail("cudaMemcpy (segments)", cudaMemcpy(segments_d, segments.data(), segments.size() * sizeof(DeviceSegment),
                                                   cudaMemcpyHostToDevice)) &&
      !s->fail("cudaMemset (NaN codes)", cudaMemset(nan_d, 0, 256)) &&
      (plan->nan_codes == nullptr ||
       !s->fail("cudaMemcpy (NaN codes)", cudaMemcpy(nan_d, plan->nan_codes, 256, cudaMemcpyHostToDevice))) &&
      !s->fail("cudaMemset (counts)", cudaMemset(p.segment_bad, 0, segments.size() * sizeof(unsigned long long))) &&
      !s->fail("cudaMemset (row ends)", cudaMemset(p.segment_ends, 0, segments.size() * sizeof(unsigned))) &&
      !s->fail("cudaMemset (tile counts)", cudaMemset(p.tile_bad, 0, s->tiles * sizeof(unsigned)));
  if (!ok) {
    const std::string why = s->error;
    mxconf_ds_close(s);
    return refuse(why);
  }
  p.segments = segments_d;
  p.count = static_cast<int>(plan->segment_count);
  p.any_nan = plan->any_nan != 0;
  p.nan_codes = nan_d;
  p.keep = plan->keep;
  return s;
}

__attribute__((visibility("default"))) int mxconf_ds_inputs(mxconf_ds_session* s, std::uint64_t index,
                                                            std::uint32_t n, std::uint32_t* device_inputs) {
  if (s == nullptr) return 1;
  if (index + n > s->total || device_inputs == nullptr) {
    s->error = "mxconf_ds_inputs: indexes " + std::to_string(index) + " + " + std::to_string(n) +
               " beyond the plan's " + std::to_string(s->total);
    return 1;
  }
  if (n == 0) return 0;
  inputs_kernel<<<grid_for(n), kThreads>>>(s->plan, static_cast<std::uint32_t>(index), n, device_inputs);
  return s->fail("inputs kernel launch", cudaGetLastError()) ? 1 : 0;
}

__attribute__((visibility("default"))) int mxconf_ds_compare(mxconf_ds_session* s, std::uint64_t index,
                                                             std::uint32_t n, const std::uint8_t* device_codes) {
  if (s == nullptr) return 1;
  if (index % kTile != 0 || index + n > s->total || device_codes == nullptr) {
    s->error = "mxconf_ds_compare: indexes " + std::to_string(index) + " + " + std::to_string(n) +
               " (the start must be a multiple of " + std::to_string(kTile) + ", the end within " +
               std::to_string(s->total) + ")";
    return 1;
  }
  if (n == 0) return 0;
  compare_kernel<<<grid_for((n + kTile - 1) / kTile * kThreads), kThreads>>>(
      s->plan, static_cast<std::uint32_t>(index), n, device_codes);
  if (s->fail("compare kernel launch", cudaGetLastError())) return 1;
  s->compared += n;
  return 0;
}

__attribute__((visibility("default"))) int mxconf_ds_finish(mxconf_ds_session* s, mxconf_ds_result* r) {
  if (s == nullptr || r == nullptr) return 1;
  if (s->fail("cudaDeviceSynchronize (after the sweep)", cudaDeviceSynchronize())) return 1;
  std::vector<unsigned> tile_bad(s->tiles);
  if (s->fail("cudaMemcpy (tile counts)", cudaMemcpy(tile_bad.data(), s->plan.tile_bad, s->tiles * sizeof(unsigned),
                                                     cudaMemcpyDeviceToHost)))
    return 1;
  r->compared = s->compared;
  r->mismatches = 0;
  r->kept = 0;
  for (std::uint64_t t = 0; t < s->tiles; ++t) {
    if (tile_bad[t] == 0) continue;
    r->mismatches += tile_bad[t];
    const unsigned take = std::min<unsigned>(tile_bad[t], s->plan.keep - r->kept);
    if (take == 0) continue;
    const std::size_t slot = t * s->plan.keep;
    if (s->fail("cudaMemcpy (kept inputs)", cudaMemcpy(r->first_input + r->kept, s->plan.slot_input + slot,
                                                       take * sizeof(std::uint32_t), cudaMemcpyDeviceToHost)) ||
        s->fail("cudaMemcpy (kept codes)",
                cudaMemcpy(r->first_got + r->kept, s->plan.slot_got + slot, take, cudaMemcpyDeviceToHost)))
      return 1;
    r->kept += take;
  }
  if (r->segment_mismatches != nullptr &&
      s->fail("cudaMemcpy (counts)", cudaMemcpy(r->segment_mismatches, s->plan.segment_bad,
                                                s->count * sizeof(unsigned long long), cudaMemcpyDeviceToHost)))
    return 1;
  if (r->segment_row_ends != nullptr) {
    std::vector<unsigned> ends(s->count);
    if (s->fail("cudaMemcpy (row ends)",
                cudaMemcpy(ends.data(), s->plan.segment_ends, s->count * sizeof(unsigned), cudaMemcpyDeviceToHost)))
      return 1;
    for (std::uint32_t i = 0; i < s->count; ++i) r->segment_row_ends[i] = static_cast<std::uint8_t>(ends[i]);
  }
  return 0;
}

__attribute__((visibility("default"))) const char* mxconf_ds_error(const mxconf_ds_session* s) {
  return s == nullptr ? "no session" : s->error.c_str();
}

__attribute__((visibility("default"))) void mxconf_ds_close(mxconf_ds_session* s) {
  if (s == nullptr) return;
  for (void* p : s->owned) cudaFree(p);
  delete s;
}

__attribute__((visibility("default"))) void* mxconf_ds_alloc(std::size_t bytes) {
  void* p = nullptr;
  return cudaMalloc(&p, bytes == 0 ? 1 : bytes) == cudaSuccess ? p : nullptr;
}

__attribute__((visibility("default"))) void mxconf_ds_free(void* p) { cudaFree(p); }

}  // extern "C"
