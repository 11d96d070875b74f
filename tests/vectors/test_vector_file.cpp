// The vector file reader: well-formed files parse; malformed ones are rejected with file, line and reason.
#include <gtest/gtest.h>

#include <string>

#include "mxconf/vectors/vector_check.hpp"
#include "mxconf/vectors/vector_file.hpp"

namespace mxconf::vectors {
namespace {

constexpr const char* kGood =
    "mxconf-vectors 1\n"
    "# comment\n"
    "@operation convert-intervals\n"
    "@from fp16\n"
    "@to e2m1\n"
    "@rounding rne\n"
    "@columns first last code classes\n"
    "0x0000 0x7bff 0x0 zero\n"
    "0x7c00 0xffff - nan\n";

TEST(VectorFile, ParsesHeaderAndRows) {
  const VectorFile f = parse_vector_file(kGood, "good.txt");
  EXPECT_EQ(f.find("from"), "fp16");
  ASSERT_EQ(f.rows.size(), 2u);
  EXPECT_EQ(f.rows[0].line, 8u);
  EXPECT_EQ(f.rows[1].fields[2], "-");
  EXPECT_NO_THROW(check_vector_file(f, "good.txt"));
}

TEST(VectorFile, FormatThenParseIsIdentity) {
  const VectorFile f = parse_vector_file(kGood, "good.txt");
  const std::string text = format_vector_file(f);
  const VectorFile g = parse_vector_file(text, "again.txt");
  EXPECT_EQ(format_vector_file(g), text);
}

struct BadFile {
  const char* name;
  std::string text;
  std::size_t line;        // where the error must point
  const char* message;     // a part of the message
};

std::string good_with(const std::string& from, const std::string& to) {
  std::string s = kGood;
  s.replace(s.find(from), from.size(), to);
  return s;
}

class VectorFileRejects : public ::testing::TestWithParam<BadFile> {};

TEST_P(VectorFileRejects, NamesFileLineAndReason) {
  const BadFile& bad = GetParam();
  try {
    check_vector_file(parse_vector_file(bad.text, "bad.txt"), "bad.txt");
    FAIL() << bad.name << ": accepted";
  } catch (const VectorFileError& e) {
    EXPECT_EQ(e.file(), "bad.txt") << bad.name;
    EXPECT_EQ(e.line(), bad.line) << bad.name << ": " << e.what();
    EXPECT_NE(std::string(e.what()).find(bad.message), std::string::npos) << bad.name << ": " << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("bad.txt:" + std::to_string(bad.line) + ": ", 0), 0u) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, VectorFileRejects,
    ::testing::Values(
        BadFile{"no magic", "@operation decode\n", 1, "first line"},
        BadFile{"empty", "", 1, "empty file"},
        BadFile{"wrong field count", good_with("0x0000 0x7bff 0x0 zero", "0x0000 0x7bff 0x0"), 8, "expected 4 fields"},
        BadFile{"bad hex", good_with("0x7bff", "0x7bzz"), 8, "not a hex number"},
        BadFile{"code too wide", good_with("0x7bff 0x0", "0x7bff 0x10"), 8, "wider than its format"},
        BadFile{"gap", good_with("0x7c00 0xffff", "0x7c01 0xffff"), 9, "gap"},
        BadFile{"overlap", good_with("0x7c00 0xffff", "0x7b00 0xffff"), 9, "overlaps"},
        BadFile{"reversed", good_with("0x0000 0x7bff", "0x7bff 0x0000"), 8, "ends before it starts"},
        BadFile{"short coverage", good_with("0x7c00 0xffff", "0x7c00 0xfffe"), 9, "do not reach"},
        BadFile{"not from zero", good_with("0x0000 0x7bff", "0x0001 0x7bff"), 8, "start at pattern 0"},
        BadFile{"unknown class", good_with(" zero\n", " zeroo\n"), 8, "unknown case class"},
        BadFile{"unknown format", good_with("@to e2m1", "@to e2m2"), 1, "unknown format"},
        BadFile{"unknown rounding", good_with("@rounding rne", "@rounding nearest"), 1, "unknown mode"},
        BadFile{"missing key", good_with("@from fp16\n", ""), 1, "no @from"},
        BadFile{"duplicate key", good_with("@to e2m1\n", "@to e2m1\n@to e2m1\n"), 6, "duplicate"},
        BadFile{"header after rows", std::string(kGood) + "@late x\n", 10, "after the first data row"},
        BadFile{"unknown operation", good_with("convert-intervals", "transmogrify"), 1, "unknown @operation"},
        BadFile{"row before columns", "mxconf-vectors 1\n@operation decode\n0x0 0x0p+0 -\n", 3, "before the @columns"},
        BadFile{"nul byte", std::string("mxconf-vectors 1\n@columns a\nx\0y\n", 30), 3, "NUL"}),
    [](const ::testing::TestParamInfo<BadFile>& param_info) {
      std::string n = param_info.param.name;
      for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return n;
    });

}  // namespace
}  // namespace mxconf::vectors
