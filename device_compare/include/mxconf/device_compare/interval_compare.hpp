// Exhaustive checks on the GPU: all 2^32 fp32 inputs of a conversion are generated in device memory, converted by
// the kernel under test on the device, and compared on the device with an interval table (mxconf-vectors
// "convert-intervals" files from the exact reference: vectors/golden/convert/<profile>/fp32-*.txt). Nothing but
// the mismatch count and the first mismatches crosses to the host.
//
// C++17 host interface (no CUDA header needed); the library (interval_compare.cu) needs the CUDA runtime.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mxconf::device_compare {

struct IntervalRow {
  std::uint32_t first = 0;
  std::uint32_t last = 0;  // inclusive
  std::int32_t code = -1;  // -1: no encoding under the file's policies ("-"): any output is a mismatch
};

// Reads the rows of an interval file (the lines after the @/# header: "first last code classes"). Throws
// std::runtime_error naming the file and line on anything malformed, or when the rows do not cover 0 .. 2^32 - 1
// in order without gaps.
std::vector<IntervalRow> read_interval_file(const std::string& path);

// The conversion under test: n fp32 bit patterns at `input` to n one-byte codes at `output`, both device memory,
// launched on `stream` (a cudaStream_t). Returns 0 when launched.
using DeviceConvert = int (*)(const std::uint32_t* input, std::uint8_t* output, std::size_t n, void* stream,
                              void* context);

struct Mismatch {
  std::uint32_t input;
  std::uint8_t got;
  std::int32_t expected;
};

struct Report {
  std::uint64_t compared = 0;
  std::uint64_t mismatches = 0;
  std::vector<Mismatch> first;  // at most 16, in no particular order
  double seconds = 0;           // generation, conversion and comparison of all inputs (CUDA events)
  std::string error;            // a CUDA error or a refused launch; empty when the sweep ran
};

// Runs the sweep in chunks of `chunk` inputs (a power of two dividing 2^32).
Report compare_all_fp32(const std::vector<IntervalRow>& table, DeviceConvert convert, void* context,
                        std::size_t chunk = std::size_t{1} << 28);

}  // namespace mxconf::device_compare
