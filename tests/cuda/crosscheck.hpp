// The CUDA cross-check: which CUDA host conversions are compared with the reference under the "nvidia"
// profile, and the comparison itself.
//
// Each encode row is one CUDA function with fixed mode arguments. Its reference options are
// encode_options(nvidia, destination) with only what the CUDA call's own arguments say overridden:
// __NV_SATFINITE / __NV_NOSAT -> Overflow::saturate / non_saturating; cudaRoundNearest / Zero / PosInf ->
// Rounding::rne / rtz / rup. Each decode row is one CUDA decode over every code of its format.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "cuda_host_api.hpp"
#include "mxconf/reference/codec.hpp"

namespace mxconf::cuda_xcheck {

struct EncodeRow {
  FormatId source;       // fp32, fp64, fp16, bf16: which entry point (float, double, halfraw, bfloat16raw)
  FormatId destination;  // e4m3, e5m2, e2m3, e3m2, e2m1, e8m0
  CudaSaturation saturation = CudaSaturation::satfinite;  // fp8 and e8m0 only
  CudaRounding rounding = CudaRounding::nearest;          // fp6, fp4 and e8m0 only (fp8 is always RNE)
};

struct DecodeRow {
  FormatId format;  // e4m3, e5m2, e2m3, e3m2, e2m1 (-> fp16), e8m0 (-> bf16)
};

// gtest prints parameters with these (the CUDA call rather than the bytes).
void PrintTo(const EncodeRow& row, std::ostream* out);
void PrintTo(const DecodeRow& row, std::ostream* out);

// Every row, in a fixed order.
std::vector<EncodeRow> encode_rows();
std::vector<DecodeRow> decode_rows();

// "__nv_cvt_float_to_fp8(x, __NV_SATFINITE, __NV_E4M3)" and a gtest-safe short name "float_to_fp8_E4M3_SATFINITE".
std::string function_name(const EncodeRow& row);
std::string test_name(const EncodeRow& row);
std::string function_name(const DecodeRow& row);
std::string test_name(const DecodeRow& row);

// The reference's options for a row (see the file comment).
EncodeOptions reference_options(const EncodeRow& row);
// CUDA's answer for one source pattern.
std::uint64_t cuda_encode(const EncodeRow& row, std::uint64_t bits);
// The inputs of a row: all patterns for fp16 / bf16, the boundary set for fp32 / fp64.
std::vector<std::uint64_t> row_inputs(const EncodeRow& row);

// What one row found.
struct RowResult {
  std::string function;
  std::uint64_t inputs = 0;
  std::uint64_t matches = 0;
  std::map<std::string, std::uint64_t> pinned;  // known deviation id -> inputs on which it occurred
  std::uint64_t differences = 0;                // inputs that are neither a match nor a pinned deviation
  std::vector<std::string> failures;            // unexplained differences and vanished deviations (first few)
  std::uint64_t failure_count = 0;
};

RowResult run(const EncodeRow& row, const std::vector<std::uint64_t>& inputs);
RowResult run(const DecodeRow& row);

// "__nv_cvt_float_to_fp8(...)  inputs 12345  matches 12340  pinned 5 (id: 5)".
std::string summary_line(const RowResult& r);

}  // namespace mxconf::cuda_xcheck
