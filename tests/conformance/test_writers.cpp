// The report writers: well-formed output whatever the text holds (escaping), the counts and fields CI reads.
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "mxconf/conformance/report_writers.hpp"
#include "support.hpp"
#include "test_double.hpp"

namespace mxconf::conformance {
namespace {

using vectors::CaseClass;

// A report with one check of each status and text that needs escaping in every format.
Report sample_report() {
  Report r;
  r.tool_version = "mxconf 0.1.0";
  r.kernel_name = "k<&>\"'|";
  r.kernel_version = "1.0 (sm_90)";
  r.kernel_path = "/tmp/lib k.so";
  r.profile = "ocp";
  r.tier = "fast";
  r.seed = 7;
  CheckResult pass{"decode/e4m3", "decode", "fast", CheckStatus::pass, 256, 0, {}, {}, "", std::nullopt, 0.001};
  CheckResult fail{"convert/fp32-e4m3-rne-saturate/fp32-edges", "convert", "fast", CheckStatus::fail, 1000, 2, {},
                   {}, "262 intervals", std::nullopt, 0.25};
  fail.mismatches_by_class[static_cast<std::size_t>(CaseClass::tie)] = 2;
  Mismatch m{"fp32 0x41880000", "0x50", "0x51", "input: fp32 0x41880000 = 0x1.1p+4 (17)\nrule: tie-to-even\n"
             "clause: IEEE 754-2019 §4.3.1 <a & b> \"q\" | pipe\x01\n", vectors::CaseClasses{}.add(CaseClass::tie)};
  fail.first_mismatches = {m, m};
  CheckResult skip{"dot/e4m3", "dot", "fast", CheckStatus::skipped, 0, 0, {}, {}, "no capability declared for dot e4m3 -> fp32", std::nullopt, 0};
  CheckResult error{"quantize/e4m3-floor/vectors", "quantize", "fast", CheckStatus::kernel_error, 0, 0, {}, {},
                    "quantize wrote past its output (the guard bytes after `codes` changed)", std::nullopt, 0.01};
  CheckResult dot{"dot/e5m2", "dot", "fast", CheckStatus::pass, 32, 0, {}, {}, "bound", true, 0.002};
  r.checks = {pass, fail, skip, error, dot};
  return r;
}

// A minimal XML well-formedness check: tags nest and close, attributes are quoted, '&' starts a known entity and
// '<' appears only in markup. Returns the element names in document order.
std::vector<std::string> xml_elements(const std::string& xml, std::string& error) {
  std::vector<std::string> stack, seen;
  std::size_t i = 0;
  if (xml.rfind("<?xml", 0) == 0) i = xml.find("?>") + 2;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      const std::size_t end = xml.find(';', i);
      const std::string entity = xml.substr(i, end - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" && entity != "&apos;") {
        error = "bad entity at " + std::to_string(i);
        return {};
      }
      i = end + 1;
      continue;
    }
    if (xml[i] == '>') {
      error = "stray '>' at " + std::to_string(i);
      return {};
    }
    if (xml[i] != '<') {
      if (static_cast<unsigned char>(xml[i]) < 0x20 && xml[i] != '\n' && xml[i] != '\t' && xml[i] != '\r') {
        error = "control character at " + std::to_string(i);
        return {};
      }
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    bool quoted = false;
    while (end < xml.size() && (quoted || xml[end] != '>')) {
      if (xml[end] == '"') quoted = !quoted;
      if (quoted && (xml[end] == '<' || xml[end] == '&')) {
        if (xml[end] == '<') {
          error = "'<' in an attribute at " + std::to_string(end);
          return {};
        }
      }
      ++end;
    }
    const std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.empty()) {
      error = "empty tag";
      return {};
    }
    if (tag[0] == '/') {
      if (stack.empty() || stack.back() != tag.substr(1)) {
        error = "mismatched </" + tag.substr(1) + ">";
        return {};
      }
      stack.pop_back();
    } else {
      const std::string name = tag.substr(0, tag.find_first_of(" />"));
      seen.push_back(name);
      if (tag.back() != '/') stack.push_back(name);
    }
    i = end + 1;
  }
  if (!stack.empty()) error = "unclosed <" + stack.back() + ">";
  return seen;
}

std::size_t count(const std::vector<std::string>& v, const std::string& x) {
  return static_cast<std::size_t>(std::count(v.begin(), v.end(), x));
}
std::size_t count(const std::string& s, const std::string& x) {
  std::size_t n = 0;
  for (std::size_t i = s.find(x); i != std::string::npos; i = s.find(x, i + 1)) ++n;
  return n;
}

TEST(Writers, JunitIsWellFormedWithOneTestcasePerCheck) {
  std::ostringstream out;
  write_junit(sample_report(), out);
  std::string error;
  const auto elements = xml_elements(out.str(), error);
  ASSERT_TRUE(error.empty()) << error << "\n" << out.str();
  EXPECT_EQ(count(elements, "testsuites"), 1u);
  EXPECT_EQ(count(elements, "testcase"), 5u);
  EXPECT_EQ(count(elements, "skipped"), 1u);
  EXPECT_EQ(count(elements, "failure"), 1u);
  EXPECT_EQ(count(elements, "error"), 1u);
  EXPECT_NE(out.str().find("tests=\"5\" failures=\"1\" errors=\"1\" skipped=\"1\""), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("k&lt;&amp;&gt;&quot;&apos;|"), std::string::npos);
  EXPECT_NE(out.str().find("<property name=\"seed\" value=\"7\"/>"), std::string::npos);
}

// Brackets balance outside strings, strings close, escapes are valid.
bool json_well_formed(const std::string& s, std::string& error) {
  std::vector<char> stack;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (static_cast<unsigned char>(c) < 0x20) {
        error = "raw control character in a string at " + std::to_string(i);
        return false;
      }
      if (c == '\\') {
        const char e = s[++i];
        if (std::string("\"\\/bfnrtu").find(e) == std::string::npos) {
          error = "bad escape at " + std::to_string(i);
          return false;
        }
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{' || c == '[') stack.push_back(c);
    if (c == '}' || c == ']') {
      if (stack.empty() || stack.back() != (c == '}' ? '{' : '[')) {
        error = "unbalanced at " + std::to_string(i);
        return false;
      }
      stack.pop_back();
    }
  }
  if (in_string || !stack.empty()) error = "unterminated";
  return error.empty();
}

TEST(Writers, JsonBalancesAndHasTheFields) {
  std::ostringstream out;
  write_json(sample_report(), out);
  const std::string s = out.str();
  std::string error;
  ASSERT_TRUE(json_well_formed(s, error)) << error << "\n" << s;
  for (const char* field : {"\"tool_version\": \"mxconf 0.1.0\"", "\"kernel\": {\"name\": \"k<&>\\\"'|\"",
                            "\"profile\": \"ocp\"", "\"tier\": \"fast\"", "\"seed\": 7", "\"exit_code\": 3",
                            "\"mismatches_by_class\": {\"tie\": 2}", "\"status\": \"kernel-error\"",
                            "\"exactly_rounded\": true", "\"classes\": [\"tie\"]", "\\u0001", "\"first_mismatches\""})
    EXPECT_NE(s.find(field), std::string::npos) << field << "\n" << s;
  EXPECT_EQ(count(s, "\"name\": \""), 6u);  // the kernel and five checks
}

TEST(Writers, MarkdownSummaryTableHasARowPerOperationAndATotal) {
  std::ostringstream out;
  write_markdown(sample_report(), out);
  const std::string s = out.str();
  std::istringstream lines(s);
  std::string line;
  std::vector<std::string> table_rows;
  while (std::getline(lines, line))
    if (line.rfind("| ", 0) == 0) table_rows.push_back(line);
  // Summary: header + 4 operations (decode, convert, dot, quantize) + total; failing: header + 2 checks.
  EXPECT_EQ(table_rows.size(), 1u + 4u + 1u + 1u + 2u) << s;
  EXPECT_EQ(count(s, "\n|---"), 2u);
  EXPECT_NE(s.find("| **total** | 5 | 2 | 1 | 1 | 1 | 1288 | 2 |"), std::string::npos) << s;
  EXPECT_NE(s.find("## mxconf conformance: KERNEL ERROR"), std::string::npos);
  EXPECT_NE(s.find("k<&>\"'\\|"), std::string::npos) << s;  // the pipe escaped in text
  EXPECT_EQ(count(s, "```text"), 1u);
  EXPECT_NE(s.find("fp32 0x41880000: expected 0x50, got 0x51 [tie]"), std::string::npos);
}

TEST(Writers, ConsoleHasALinePerCheckThenFailuresAndClasses) {
  std::ostringstream out;
  write_console(sample_report(), out);
  const std::string s = out.str();
  EXPECT_NE(s.find("\nPASS  decode/e4m3"), std::string::npos) << s;
  EXPECT_NE(s.find("\nFAIL  convert/fp32-e4m3-rne-saturate/fp32-edges  1000 cases, 2 mismatches  0.25 s\n"),
            std::string::npos) << s;
  EXPECT_NE(s.find("\nSKIP  dot/e4m3  (no capability declared for dot e4m3 -> fp32)\n"), std::string::npos) << s;
  EXPECT_NE(s.find("\nERROR quantize/e4m3-floor/vectors"), std::string::npos) << s;
  EXPECT_NE(s.find("5 checks: 2 passed, 1 failed, 1 kernel errors, 1 skipped (not passed)"), std::string::npos) << s;
  EXPECT_NE(s.find("  1. fp32 0x41880000: expected 0x50, got 0x51 [tie]\n       input: fp32 0x41880000"),
            std::string::npos) << s;
  EXPECT_NE(s.find("Mismatches by case class: tie 2"), std::string::npos) << s;
  // The summary block comes last and ends with the verdict (issue 9).
  EXPECT_NE(s.find("\nSummary by operation (passed/ran, skipped):\n"), std::string::npos) << s;
  EXPECT_NE(s.find("\nVerdict: KERNEL ERROR: "), std::string::npos) << s;
  EXPECT_EQ(s.back(), '\n');
  // Without --verbose, the skipped checks collapse into one line per reason.
  std::ostringstream brief;
  write_console(sample_report(), brief, {.verbose = false});
  EXPECT_EQ(brief.str().find("\nSKIP  dot/e4m3"), std::string::npos) << brief.str();
  EXPECT_NE(brief.str().find("\nSKIP  1 check (dot 1): no capability declared"), std::string::npos) << brief.str();
}

// A real run's report (a broken double's explanations, with non-ASCII clause text) stays well formed.
TEST(Writers, RealRunIsWellFormedInEveryFormat) {
  const testing::TestDouble broken(testing::with_fault(testing::Fault::ties_away));
  Report report;
  report.tool_version = "mxconf test";
  report.kernel_name = broken.kernel().name;
  report.profile = "ocp";
  report.tier = "fast";
  report.checks = testing::run_checks(broken.kernel(), testing::run_context(), [](const std::string& n) {
    return n == "convert/fp32-e4m3-rne-saturate/fp32-edges" || n == "quantize/e2m1-floor/properties" ||
           n == "decode/e4m3";
  });
  std::ostringstream junit, json, markdown, console;
  write_junit(report, junit);
  write_json(report, json);
  write_markdown(report, markdown);
  write_console(report, console);
  std::string error;
  xml_elements(junit.str(), error);
  EXPECT_TRUE(error.empty()) << error;
  EXPECT_TRUE(json_well_formed(json.str(), error)) << error;
  EXPECT_EQ(report.exit_code(), 1);
  EXPECT_NE(console.str().find("Mismatches by case class: "), std::string::npos);
}

}  // namespace
}  // namespace mxconf::conformance
