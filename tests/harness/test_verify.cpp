// `mxconf verify`'s comparison (harness/verify.hpp): outputs files against golden vector files, NaN-aware under
// the profile's comparison policies, with mismatches and malformed lines named by line.
#include <gtest/gtest.h>

#include <functional>

#include "mxconf/harness/verify.hpp"
#include "mxconf/vectors/vector_check.hpp"

namespace mxconf::harness {
namespace {

const std::string kGolden = std::string(MXCONF_SOURCE_DIR) + "/vectors/golden/";

vectors::VectorFile golden(const std::string& relative) {
  auto file = vectors::read_vector_file(kGolden + relative);
  vectors::check_vector_file(file, relative);
  return file;
}

// One outputs line per row, made by `line` (the expected outputs, unless the test changes them).
std::string outputs_of(const vectors::VectorFile& file, const std::function<std::string(const vectors::Row&)>& line) {
  std::string text;
  for (const auto& row : file.rows) text += line(row) + "\n";
  return text;
}

VerifyResult verify(const vectors::VectorFile& file, const std::string& outputs, const char* profile = nullptr) {
  return verify_outputs(file, "v.txt", outputs, profile ? find_profile(profile) : nullptr);
}

TEST(Verify, DecodeFileFromText) {
  const auto file = vectors::parse_vector_file(
      "mxconf-vectors 1\n@operation decode\n@format e8m0\n@columns code value classes\n"
      "0x00 0x1p-127 scale-clamp\n0x7f 0x1p+0 -\n0xff nan nan\n",
      "v.txt");
  vectors::check_vector_file(file, "v.txt");
  auto r = verify(file, "0x00400000\n# a comment, skipped\n\n0x3f800000\n0xffc00001\n");  // any NaN matches
  EXPECT_EQ(r.operation, "decode");
  EXPECT_EQ(r.cases, 3u);
  EXPECT_EQ(r.mismatched_cases, 0u);
  EXPECT_TRUE(r.problems.empty());

  r = verify(file, "0x0\n0x3f800000\n0x7fc00000\n");
  EXPECT_EQ(r.mismatched_cases, 1u);
  ASSERT_EQ(r.mismatches.size(), 1u);
  EXPECT_EQ(r.mismatches[0].outputs_line, 1u);
  EXPECT_EQ(r.mismatches[0].vectors_line, 5u);
  EXPECT_EQ(r.mismatches[0].input, "e8m0 0x00");
  EXPECT_EQ(r.mismatches[0].expected, "0x400000");
  EXPECT_EQ(r.mismatches[0].got, "0x0");
  EXPECT_EQ(r.mismatches_by_class[static_cast<std::size_t>(vectors::CaseClass::scale_clamp)], 1u);
  EXPECT_EQ(r.cases_by_class[static_cast<std::size_t>(vectors::CaseClass::nan)], 1u);
}

TEST(Verify, IntervalFileTakesChosenPatterns) {
  const auto file = golden("convert/ocp/fp32-e4m3-rne-saturate.txt");
  // 1.0 -> 0x38; 464.00003 -> saturates to 448 (0x7e); +NaN -> 0x7f.
  auto r = verify(file, "0x3f800000 0x38\n0x43e80001 0x7e\n0x7fc00000 0x7f\n");
  EXPECT_EQ(r.cases, 3u);
  EXPECT_EQ(r.mismatched_cases, 0u);
  EXPECT_EQ(r.profile, "ocp");  // the file's @profile

  r = verify(file, "0x3f800000 0x38\n0x43e80001 0x7f\n");
  ASSERT_EQ(r.mismatches.size(), 1u);
  EXPECT_EQ(r.mismatches[0].outputs_line, 2u);
  EXPECT_EQ(r.mismatches[0].input, "fp32 0x43e80001");
  EXPECT_EQ(r.mismatches[0].expected, "0x7e");
  EXPECT_TRUE(r.mismatches[0].classes.has(vectors::CaseClass::saturation));
}

TEST(Verify, NanMatchingFollowsTheProfile) {
  const auto file = golden("convert/ocp/fp32-e4m3-rne-saturate.txt");
  const std::string other_nan = "0x7fc00000 0xff\n";  // e4m3 has two NaN codes: 0x7f and 0xff
  EXPECT_EQ(verify(file, other_nan).mismatched_cases, 1u);                   // ocp: the exact code
  EXPECT_EQ(verify(file, other_nan, "torchao-floor").mismatched_cases, 0u);  // any NaN
  EXPECT_EQ(verify(file, other_nan, "torchao-floor").profile, "torchao-floor");
}

TEST(Verify, QuantizeFileOneLinePerRowWithNanScaleDontCare) {
  const auto file = golden("blocks/ocp/e4m3-floor.txt");
  const std::size_t k = 32, scale_at = 2 + k;
  const auto expected = [&](const vectors::Row& row) {
    std::string line;
    for (std::size_t i = scale_at; i < row.fields.size(); ++i) line += row.fields[i] + " ";
    return line;
  };
  auto r = verify(file, outputs_of(file, expected));
  EXPECT_EQ(r.cases, file.rows.size());
  EXPECT_EQ(r.mismatched_cases, 0u);

  // Elements of a NaN-scale block are don't-care; elsewhere one wrong element is a mismatch.
  r = verify(file, outputs_of(file, [&](const vectors::Row& row) {
               if (row.fields[0] != "one-nan" && row.fields[0] != "element-max") return expected(row);
               std::string changed = row.fields[scale_at] + " 0x00";  // element 0 changed
               for (std::size_t i = scale_at + 2; i < row.fields.size(); ++i) changed += " " + row.fields[i];
               return changed;
             }));
  EXPECT_EQ(r.mismatched_cases, 1u);
  ASSERT_EQ(r.mismatches.size(), 1u);
  EXPECT_EQ(r.mismatches[0].input, "block 'element-max'");
  EXPECT_EQ(r.mismatches[0].field, "element 0");
}

TEST(Verify, DotAndStochasticFiles) {
  const auto dot = golden("dot/e2m1.txt");
  EXPECT_EQ(verify(dot, outputs_of(dot, [](const vectors::Row& row) { return row.fields.back(); })).mismatched_cases,
            0u);
  const auto bad = verify(dot, outputs_of(dot, [](const vectors::Row& row) {
                            return row.fields[0] == "random-0" ? std::string("0x0") : row.fields.back();
                          }));
  ASSERT_EQ(bad.mismatches.size(), 1u);
  EXPECT_NE(bad.mismatches[0].note.find("the exact result is "), std::string::npos);

  const auto sr = golden("stochastic/e2m1-k8.txt");  // columns: input random code classes
  EXPECT_EQ(verify(sr, outputs_of(sr, [](const vectors::Row& row) { return row.fields[2]; })).mismatched_cases, 0u);
}

TEST(Verify, MalformedOutputsAreProblems) {
  const auto file = golden("decode/e2m1.txt");  // 16 rows
  auto good = outputs_of(file, [](const vectors::Row&) { return std::string("0x0"); });
  EXPECT_TRUE(verify(file, good).problems.empty());

  auto r = verify(file, "0x0\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].outputs_line, 0u);
  EXPECT_EQ(r.problems[0].why, "has 1 output lines, the vector file has 16 rows (one output line per row, in order)");

  r = verify(file, "0x0 0x1\nzz\n0x1ffffffff\n" + good.substr(12));
  ASSERT_GE(r.problems.size(), 3u);
  EXPECT_EQ(r.problems[0].outputs_line, 1u);
  EXPECT_EQ(r.problems[0].why, "expected 1 field (fp32), found 2");
  EXPECT_EQ(r.problems[1].why, "fp32 'zz' is not a hex code");
  EXPECT_EQ(r.problems[2].why, "fp32 0x1ffffffff does not fit fp32 (32 bits)");

  const auto intervals = golden("convert/ocp/fp32-e4m3-rne-saturate.txt");
  r = verify(intervals, "0x3f800000\n0x1ffffffff 0x0\n");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].why, "expected 2 fields (pattern code), found 1");
  EXPECT_EQ(r.problems[1].why, "pattern '0x1ffffffff' is not a fp32 bit pattern");
}

TEST(Verify, ManifestIsRefused) {
  const auto manifest = vectors::read_vector_file(kGolden + "MANIFEST.txt");
  EXPECT_THROW(verify(manifest, ""), vectors::VectorFileError);
}

}  // namespace
}  // namespace mxconf::harness
