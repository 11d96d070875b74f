// CPU tests of the MX quantizers' index math and job checks (kernels/cuda/mx_layout.hpp, mx_job.cpp). Expected
// offsets are worked out by hand from cuBLAS's description of the 1D block scaling layout (a 128 x 4 tile of
// scales stored as 32 rows of 16 bytes: scale (r, c) of the tile at byte (r % 32) * 16 + (r / 32) * 4 + c), not
// from the code.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>

#include "mx_layout.hpp"
#include "mx_quantize.hpp"

namespace mxconf::cuda_mx {
namespace {

TEST(CudaMxLayout, SwizzledOffsetsInsideOneTile) {
  EXPECT_EQ(swizzled_offset(0, 0, 4), 0u);
  EXPECT_EQ(swizzled_offset(0, 3, 4), 3u);
  EXPECT_EQ(swizzled_offset(1, 0, 4), 16u);    // next row of 32: the next 16-byte line
  EXPECT_EQ(swizzled_offset(31, 2, 4), 498u);  // 31 * 16 + 2
  EXPECT_EQ(swizzled_offset(32, 0, 4), 4u);    // rows 32..63 fill bytes 4..7 of each line
  EXPECT_EQ(swizzled_offset(64, 1, 4), 9u);
  EXPECT_EQ(swizzled_offset(96, 3, 4), 15u);
  EXPECT_EQ(swizzled_offset(127, 3, 4), 511u);  // last byte of the tile
}

TEST(CudaMxLayout, TilesFollowAlongARowOfTilesFirst) {
  // 8 scale columns = 2 tiles per row of tiles.
  EXPECT_EQ(swizzled_offset(0, 4, 8), 512u);
  EXPECT_EQ(swizzled_offset(0, 7, 8), 515u);
  EXPECT_EQ(swizzled_offset(128, 0, 8), 1024u);
  EXPECT_EQ(swizzled_offset(129, 5, 8), 1024u + 512u + 16u + 1u);
  // 5 columns pad to 8: the same offsets.
  EXPECT_EQ(swizzled_offset(128, 0, 5), 1024u);
  EXPECT_EQ(swizzled_offset(0, 4, 5), 512u);
}

TEST(CudaMxLayout, PaddedSizes) {
  EXPECT_EQ(swizzled_bytes(1, 1), 512u);
  EXPECT_EQ(swizzled_bytes(128, 4), 512u);
  EXPECT_EQ(swizzled_bytes(129, 4), 1024u);
  EXPECT_EQ(swizzled_bytes(130, 5), 256u * 8u);
  EXPECT_EQ(swizzled_bytes(16384, 8192 / 32), 16384u * 256u);
}

// Every scale of a (padded) matrix gets its own byte, inside the buffer.
TEST(CudaMxLayout, SwizzledIsABijectionOntoThePaddedBuffer) {
  for (const auto& [rows, cols] : {std::pair<std::size_t, std::size_t>{130, 5}, {256, 8}, {1, 1}, {384, 12}}) {
    std::set<std::size_t> seen;
    const std::size_t pr = round_up(rows, 128), pc = round_up(cols, 4);
    for (std::size_t r = 0; r < pr; ++r)
      for (std::size_t c = 0; c < pc; ++c) {
        const std::size_t o = swizzled_offset(r, c, cols);
        ASSERT_LT(o, swizzled_bytes(rows, cols)) << rows << "x" << cols << " (" << r << ", " << c << ")";
        ASSERT_TRUE(seen.insert(o).second) << rows << "x" << cols << " (" << r << ", " << c << ")";
      }
    EXPECT_EQ(seen.size(), swizzled_bytes(rows, cols));
  }
}

TEST(CudaMxLayout, The32BitFormAgrees) {
  for (unsigned cols : {1u, 4u, 5u, 256u, 512u})
    for (unsigned r : {0u, 1u, 31u, 32u, 127u, 128u, 1000u, 16383u})
      for (unsigned c = 0; c < cols; c += (cols > 8 ? 7 : 1))
        EXPECT_EQ(swizzled_offset_u32(r, c, cols), swizzled_offset(r, c, cols)) << r << ", " << c << " of " << cols;
}

alignas(16) const std::uint8_t kBuffer[64] = {};

QuantizeJob job(std::size_t rows, std::size_t cols) {
  QuantizeJob j;
  j.rows = rows;
  j.cols = cols;
  j.input = kBuffer;
  j.codes = const_cast<std::uint8_t*>(kBuffer);  // never written: validate only
  j.scales = const_cast<std::uint8_t*>(kBuffer);
  return j;
}

TEST(CudaMxJob, ShapesThatAreNotMultiplesOfTheBlockAreInvalid) {
  EXPECT_EQ(validate(job(4, 64), nullptr), MXCONF_STATUS_OK);
  EXPECT_EQ(validate(job(4, 48), nullptr), MXCONF_STATUS_INVALID_ARGUMENT);
  QuantizeJob j = job(4, 48);
  j.block_size = 16;
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_OK);
  j = job(48, 64);
  j.direction = Direction::columnwise;
  const char* why = nullptr;
  EXPECT_EQ(validate(j, &why), MXCONF_STATUS_INVALID_ARGUMENT);
  EXPECT_STREQ(why, "columnwise: rows is not a multiple of the block size");
  j.rows = 64;
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_OK);
  j.cols = 66;  // columnwise threads take 4 columns
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_INVALID_ARGUMENT);
}

TEST(CudaMxJob, UndeclaredChoicesAreUnsupported) {
  QuantizeJob j = job(1, 64);
  j.block_size = 64;
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_UNSUPPORTED);
  j = job(1, 64);
  j.code_layout = static_cast<mxconf_layout>(3);
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_UNSUPPORTED);
  j = job(1, 64);
  j.rounding = MXCONF_ROUND_RTZ;
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_UNSUPPORTED);
  j = job(64, 64);
  j.rounding = MXCONF_ROUND_SR;
  j.random = reinterpret_cast<const uint32_t*>(kBuffer);
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_OK);
  j.sr_bits = 32;
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_UNSUPPORTED);
  j.sr_bits = 8;
  j.direction = Direction::columnwise;
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_UNSUPPORTED);
  j = job(1, 64);
  j.rule = MXCONF_SCALE_EVEN;
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_UNSUPPORTED);
  j = job(1, 64);
  j.source = MXCONF_FORMAT_FP16;
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_UNSUPPORTED);
}

TEST(CudaMxJob, NullAndMisalignedPointersAreInvalid) {
  QuantizeJob j = job(1, 32);
  j.codes = nullptr;
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_INVALID_ARGUMENT);
  j = job(1, 32);
  j.input = kBuffer + 1;
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_INVALID_ARGUMENT);
  j = job(1, 32);
  j.rounding = MXCONF_ROUND_SR;  // no random values
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_INVALID_ARGUMENT);
  j.random = reinterpret_cast<const uint32_t*>(kBuffer + 4);
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_INVALID_ARGUMENT);
  j = job(0, 32);  // nothing to do: no pointer needed
  j.input = nullptr;
  EXPECT_EQ(validate(j, nullptr), MXCONF_STATUS_OK);
}

TEST(CudaMxJob, OutputSizes) {
  QuantizeJob j = job(16384, 8192);
  EXPECT_EQ(code_bytes(j), 16384u * 8192u);
  EXPECT_EQ(scale_bytes(j), 16384u * 256u);
  j.element = MXCONF_FORMAT_E2M1;
  j.code_layout = MXCONF_LAYOUT_PACKED;
  EXPECT_EQ(code_bytes(j), 16384u * 8192u / 2);
  j.element = MXCONF_FORMAT_E2M3;  // four codes in three bytes (kernel.h)
  EXPECT_EQ(code_bytes(j), 16384u * 8192u / 4 * 3);
  j.element = MXCONF_FORMAT_E4M3;  // PACKED is BYTE for 8-bit codes
  EXPECT_EQ(code_bytes(j), 16384u * 8192u);
  j = job(64, 20);
  j.direction = Direction::columnwise;
  EXPECT_EQ(scale_bytes(j), 2u * 20u);
  j.scale_layout = ScaleLayout::swizzled;  // viewed as [20, 2]: one 128 x 4 tile
  EXPECT_EQ(scale_bytes(j), 512u);
}

}  // namespace
}  // namespace mxconf::cuda_mx
