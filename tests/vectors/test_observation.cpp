// Observation files (docs/observations.md): provenance keys and folders are enforced, and compare_observation
// finds exactly the cases where a profile disagrees with what a library returned. Expected values come from the
// specs (OFP8 E4M3: 448 = 0x7e, 464 ties to 448, above it overflows) and peer-behaviour.md, not from the code.
#include <gtest/gtest.h>

#include <string>

#include "mxconf/reference/profile.hpp"
#include "mxconf/vectors/observation.hpp"
#include "mxconf/vectors/vector_check.hpp"

namespace mxconf::vectors {
namespace {

std::string provenance(std::string_view library = "torch", std::string_view version = "2.11.0+cu130") {
  return "@library " + std::string(library) + "\n@version " + std::string(version) +
         "\n@device NVIDIA H200\n@date 2026-12-03\n@command python3 observe.py\n";
}

VectorFile parse(const std::string& body, const std::string& header) {
  return parse_vector_file("mxconf-vectors 1\n" + header + body, "obs.txt");
}

const std::string kConvert =
    "@operation convert\n@from fp32\n@to e4m3\n@rounding rne\n@columns input code classes\n"
    "0x43e00000 0x7e -\n"   // 448: the largest finite
    "0x43e80000 0x7e -\n"   // 464: a tie, to even (448)
    "0x43e80001 0x7f -\n";  // just above: NaN without saturation, 448 with

TEST(Observation, VersionFolderDropsTheLocalPart) {
  EXPECT_EQ(version_folder("2.11.0+cu130"), "2.11.0");
  EXPECT_EQ(version_folder("0.7.0"), "0.7.0");
}

TEST(Observation, EveryProvenanceKeyIsRequired) {
  for (const auto key : kProvenanceKeys) {
    std::string header = provenance();
    const auto at = header.find("@" + std::string(key) + " ");
    header.erase(at, header.find('\n', at) - at + 1);
    const VectorFile f = parse(kConvert, header);
    try {
      check_vector_file(f, "observations/torch/2.11.0/obs.txt");
      ADD_FAILURE() << "accepted without @" << key;
    } catch (const VectorFileError& e) {
      EXPECT_NE(std::string(e.what()).find(":1: observation header has no @" + std::string(key)), std::string::npos)
          << e.what();
    }
  }
}

TEST(Observation, TheFolderMustMatchLibraryAndVersion) {
  const VectorFile f = parse(kConvert, provenance());
  EXPECT_NO_THROW(check_vector_file(f, "repo/observations/torch/2.11.0/obs.txt"));
  EXPECT_THROW(check_vector_file(f, "repo/observations/triton/2.11.0/obs.txt"), VectorFileError);
  EXPECT_THROW(check_vector_file(f, "repo/observations/torch/2.10.0/obs.txt"), VectorFileError);
  EXPECT_THROW(check_vector_file(f, "repo/observations/obs.txt"), VectorFileError);
  // Outside an observations folder a file without provenance keys is an ordinary vector file.
  EXPECT_NO_THROW(check_vector_file(parse(kConvert, ""), "vectors/golden/x.txt"));
  EXPECT_THROW(check_vector_file(parse(kConvert, ""), "observations/torch/2.11.0/x.txt"), VectorFileError);
}

TEST(Observation, ComparesPointsCodeForCode) {
  const VectorFile f = parse(kConvert, provenance());
  const auto same = compare_observation(f, "obs.txt", *find_profile("ml_dtypes"));  // non-saturating
  EXPECT_EQ(same.inputs, 3u);
  EXPECT_EQ(same.differing_inputs, 0u);
  const auto saturating = compare_observation(f, "obs.txt", *find_profile("nvidia"));
  ASSERT_EQ(saturating.differing_inputs, 1u);
  EXPECT_EQ(saturating.differences[0].input, "0x43e80001");
  EXPECT_EQ(saturating.differences[0].observed, "0x7f");
  EXPECT_EQ(saturating.differences[0].computed, "0x7e");
  EXPECT_EQ(saturating.differences[0].line, 14u);  // magic, 5 provenance and 5 header lines, then rows
}

TEST(Observation, ComparesDecodedValuesExactly) {
  const std::string body =
      "@operation decode\n@format e4m3\n@columns code value classes\n0x7e 0x1.cp+8 -\n0x7f nan -\n0x01 0x1p-8 -\n";
  const auto r = compare_observation(parse(body, provenance()), "obs.txt", *find_profile("ocp"));
  EXPECT_EQ(r.inputs, 3u);
  ASSERT_EQ(r.differing_inputs, 1u);  // the smallest e4m3 subnormal is 2^-9, not 2^-8
  EXPECT_EQ(r.differences[0].input, "0x1");
}

TEST(Observation, ComparesBlocksScaleAndElements) {
  // 32 ones under the floor rule into e4m3: scale 2^(0 - 8) = code 0x77, every element 1 / 2^-8 = 256 = 0x78.
  std::string values, codes;
  for (int i = 0; i < 32; ++i) values += " 0x3f800000", codes += " 0x78";
  std::string columns = "@columns name classes";
  for (int i = 0; i < 32; ++i) columns += " v" + std::to_string(i);
  columns += " scale";
  for (int i = 0; i < 32; ++i) columns += " p" + std::to_string(i);
  const std::string head = "@operation quantize\n@from fp32\n@element e4m3\n@rounding rne\n@block 32\n" + columns + "\n";
  const auto good = compare_observation(parse(head + "ones -" + values + " 0x77" + codes + "\n", provenance("torchao",
                                                "0.18.0")), "obs.txt", *find_profile("torchao-floor"));
  EXPECT_EQ(good.inputs, 1u);
  EXPECT_EQ(good.differing_inputs, 0u);
  const auto bad = compare_observation(parse(head + "ones -" + values + " 0x76" + codes + "\n", provenance("torchao",
                                               "0.18.0")), "obs.txt", *find_profile("torchao-floor"));
  ASSERT_EQ(bad.differing_inputs, 1u);
  EXPECT_EQ(bad.differences[0].what, "scale");
}

}  // namespace
}  // namespace mxconf::vectors
