// The interval-file reader of the device-side sweeps (device_compare/interval_file.cpp), on the CPU: a golden file
// reads whole; malformed files are refused with the file and line.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

#include "mxconf/device_compare/interval_compare.hpp"

namespace mxconf::device_compare {
namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& path) {
  try {
    read_interval_file(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(DeviceCompareIntervalFile, ReadsAGoldenTable) {
  const auto rows = read_interval_file(std::string(MXCONF_SOURCE_DIR) +
                                       "/vectors/golden/convert/nvidia/fp32-e4m3-rne-saturate.txt");
  ASSERT_EQ(rows.size(), 262u);  // the file's @cases line
  EXPECT_EQ(rows.front().first, 0u);
  EXPECT_EQ(rows.back().last, 0xffffffffu);
  // from 0x3b400000 = 1.5 * 2^-9, the tie between codes 0x1 and 0x2 (to the even code), up to 0x3ba00000: 0x2
  EXPECT_EQ(rows[4].first, 0x3b400000u);
  EXPECT_EQ(rows[4].code, 0x2);
}

TEST(DeviceCompareIntervalFile, NoEncodingIsMinusOne) {
  const auto rows =
      read_interval_file(write_temp("dc_dash.txt", "@x y\n0x0 0x7fffffff 0x1 -\n0x80000000 0xffffffff - nan\n"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].code, 1);
  EXPECT_EQ(rows[1].code, -1);
}

TEST(DeviceCompareIntervalFile, RefusesGapsOverlapsAndShortTables) {
  EXPECT_NE(error_of(write_temp("dc_gap.txt", "0x0 0x10 0x1 -\n0x12 0xffffffff 0x2 -\n")).find("dc_gap.txt:2: rows"),
            std::string::npos);
  EXPECT_NE(error_of(write_temp("dc_overlap.txt", "0x0 0x10 0x1 -\n0x10 0xffffffff 0x2 -\n")).find(":2: rows must"),
            std::string::npos);
  EXPECT_NE(error_of(write_temp("dc_short.txt", "0x0 0x10 0x1 -\n")).find("do not reach 0xffffffff"),
            std::string::npos);
  EXPECT_NE(error_of(write_temp("dc_empty.txt", "")).find("do not reach"), std::string::npos);
}

TEST(DeviceCompareIntervalFile, RefusesMalformedFields) {
  EXPECT_NE(error_of(write_temp("dc_hex.txt", "0x0 0xzz 0x1 -\n")).find("dc_hex.txt:1: '0xzz' is not a 32-bit hex"),
            std::string::npos);
  EXPECT_NE(error_of(write_temp("dc_wide.txt", "0x0 0x1ffffffff 0x1 -\n")).find("is not a 32-bit hex"),
            std::string::npos);
  EXPECT_NE(error_of(write_temp("dc_code.txt", "0x0 0xffffffff 0x100 -\n")).find("does not fit a byte"),
            std::string::npos);
  EXPECT_NE(error_of(write_temp("dc_fields.txt", "0x0 0xffffffff\n")).find("expected 'first last code classes'"),
            std::string::npos);
  EXPECT_NE(error_of("/nonexistent/mxconf.txt").find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace mxconf::device_compare
