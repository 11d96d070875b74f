// The reference's table of torch.log2 ceil thresholds (reference/src/torch_log2f_thresholds.hpp, rule rceil-log2f)
// is the measurement file, entry for entry: observations/torch/2.11.0/log2f-ceil-thresholds.dat, written on an H200
// by observations/scripts/observe_log2f.py. A table edited by hand, or a re-measurement not carried into the
// table, fails here.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "../../reference/src/torch_log2f_thresholds.hpp"

namespace {

// The fp32 pattern of 2^k (k = -150: 0, below every positive value).
std::uint32_t power_of_two_pattern(int k) {
  if (k < -149) return 0;
  if (k < -126) return std::uint32_t{1} << (k + 149);
  return static_cast<std::uint32_t>(k + 127) << 23;
}

TEST(TorchLog2fTable, EqualsTheMeasurement) {
  const std::string path = std::string(MXCONF_SOURCE_DIR) + "/observations/torch/2.11.0/log2f-ceil-thresholds.dat";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot open " << path;
  std::map<std::string, std::string> keys;
  int rows = 0;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '@') {
      const auto space = line.find(' ');
      keys[line.substr(1, space - 1)] = space == std::string::npos ? "" : line.substr(space + 1);
      continue;
    }
    std::istringstream row(line);
    int k = 0;
    std::string threshold, first_above;
    std::uint32_t below = 0;
    ASSERT_TRUE(row >> k >> threshold >> first_above >> below) << path << ":" << lineno << ": malformed row";
    SCOPED_TRACE(path + ":" + std::to_string(lineno));
    ASSERT_EQ(k, mxconf::detail::kTorchLog2fFirstK + rows);
    const auto t = static_cast<std::uint32_t>(std::stoul(threshold, nullptr, 16));
    EXPECT_EQ(static_cast<std::uint32_t>(std::stoul(first_above, nullptr, 16)), power_of_two_pattern(k) + 1);
    EXPECT_EQ(t, power_of_two_pattern(k) + 1 + below);
    EXPECT_EQ(mxconf::detail::kTorchLog2fCeilThreshold.at(static_cast<std::size_t>(rows)), t);
    ++rows;
  }
  EXPECT_EQ(rows, static_cast<int>(mxconf::detail::kTorchLog2fCeilThreshold.size()));
  EXPECT_EQ(keys["library"], "torch");
  EXPECT_EQ(keys["version"], "2.11.0+cu130");
  // The measured function is a threshold function in every interval (what the table assumes).
  EXPECT_EQ(keys["anomalies"], "0");
  EXPECT_EQ(keys["non-prefix-intervals"], "0");
  EXPECT_EQ(keys["torch-compile"], "identical");
}

}  // namespace
