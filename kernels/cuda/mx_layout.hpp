// Where the MX quantizers of kernels/cuda put scales: the plain row-major layout and cuBLAS's swizzled block
// scaling layout (cuBLAS docs, "1D Block Scaling Factors Layout": the scale matrix is cut into tiles of 128 rows x
// 4 columns; each tile is 512 contiguous bytes in which the scale of (r, c) sits at (r % 32) * 16 + (r / 32) * 4 + c,
// r and c taken inside the tile; tiles follow one another along a row of tiles first). The scale matrix is padded
// to a multiple of 128 rows and 4 columns; the quantizers write only the real entries (the caller zeroes the pad
// when a consumer reads it).
//
// The scale matrix of a quantization:
//   rowwise    [rows, cols / k]: scale (r, j) covers input (r, j*k .. j*k + k - 1)
//   columnwise [rows / k, cols] in the plain layout; swizzled as the matrix [cols, rows / k] (the operand seen
//              K-major, as cuBLAS reads the scales of a transposed operand).
//
// Plain C++17, usable from host code and CUDA device code; unit-tested on the CPU (tests/cuda_mx/test_mx_layout.cpp).
#pragma once

#include <cstddef>

#if defined(__CUDACC__)
#define MXCONF_LAYOUT_HD __host__ __device__
#else
#define MXCONF_LAYOUT_HD
#endif

namespace mxconf::cuda_mx {

constexpr std::size_t kTileRows = 128;
constexpr std::size_t kTileCols = 4;
constexpr std::size_t kTileBytes = kTileRows * kTileCols;

MXCONF_LAYOUT_HD constexpr std::size_t round_up(std::size_t n, std::size_t m) { return (n + m - 1) / m * m; }

// Bytes of a swizzled scale matrix of scale_rows x scale_cols (padding included).
MXCONF_LAYOUT_HD constexpr std::size_t swizzled_bytes(std::size_t scale_rows, std::size_t scale_cols) {
  return round_up(scale_rows, kTileRows) * round_up(scale_cols, kTileCols);
}

// Offset of scale (r, c) in the swizzled layout of a matrix with scale_cols columns.
MXCONF_LAYOUT_HD constexpr std::size_t swizzled_offset(std::size_t r, std::size_t c, std::size_t scale_cols) {
  const std::size_t tiles_per_row = round_up(scale_cols, kTileCols) / kTileCols;
  const std::size_t tile = (r / kTileRows) * tiles_per_row + c / kTileCols;
  const std::size_t rr = r % kTileRows;
  return tile * kTileBytes + (rr % 32) * 16 + (rr / 32) * 4 + c % kTileCols;
}

// The same in 32-bit arithmetic, for device code (64-bit division is a long instruction sequence on the GPU);
// valid while the padded scale matrix has fewer than 2^32 bytes (mx_job.cpp refuses larger swizzled jobs).
MXCONF_LAYOUT_HD constexpr unsigned swizzled_offset_u32(unsigned r, unsigned c, unsigned scale_cols) {
  const unsigned tiles_per_row = (scale_cols + 3u) / 4u;
  const unsigned rr = r % 128u;
  return ((r / 128u) * tiles_per_row + c / 4u) * 512u + (rr % 32u) * 16u + (rr / 32u) * 4u + c % 4u;
}

}  // namespace mxconf::cuda_mx
