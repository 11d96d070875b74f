#include "mxconf/harness/verify.hpp"

#include <optional>

#include "mxconf/conformance/compare.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "mxconf/vectors/interval_table.hpp"
#include "mxconf/vectors/vector_check.hpp"

namespace mxconf::harness {
namespace {

using vectors::CaseClasses;
using vectors::VectorFile;
using vectors::VectorFileError;

struct OutputLine {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

std::vector<OutputLine> split_lines(std::string_view text) {
  std::vector<OutputLine> lines;
  std::size_t number = 0, start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    OutputLine out{number, {}};
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      const std::size_t begin = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
      if (i > begin) out.fields.emplace_back(line.substr(begin, i - begin));
    }
    if (out.fields.empty() || out.fields.front().front() == '#') continue;
    lines.push_back(std::move(out));
  }
  return lines;
}

const FormatSpec& format_of(const VectorFile& f, std::string_view key, const std::string& path) {
  const auto name = f.require(key, path);
  const auto id = find_format(name);
  if (!id) throw VectorFileError(path, 1, "@" + std::string(key) + " names unknown format '" + std::string(name) + "'");
  return format_spec(*id);
}

std::size_t count_of(const VectorFile& f, std::string_view key, const std::string& path) {
  const auto text = f.require(key, path);
  std::size_t n = 0;
  for (const char c : text) n = n * 10 + static_cast<std::size_t>(c - '0');
  return n;
}

std::uint64_t hex(const std::string& text) { return parse_hex_code(text).value_or(0); }

// One output field and what it must be.
struct Field {
  std::string label;
  const FormatSpec* format = nullptr;
  std::optional<std::uint64_t> code;  // empty: don't care
  NanMatch nan = NanMatch::any_nan;
  std::string note;
};

struct Expected {
  std::size_t vectors_line = 0;
  std::string input;
  CaseClasses classes;
  std::vector<Field> fields;
  bool compare = true;  // false: the file has no answer for this case ("-")
};

class Verifier {
 public:
  explicit Verifier(VerifyResult& result) : result_(result) {}

  void problem(std::size_t line, std::string why) { result_.problems.push_back({line, std::move(why)}); }

  // Compares one outputs line with its expectation.
  void compare(const OutputLine& out, const Expected& e) {
    if (out.fields.size() != e.fields.size()) {
      problem(out.line, "expected " + std::to_string(e.fields.size()) + (e.fields.size() == 1 ? " field" : " fields") +
                            " (" + labels(e) + "), found " + std::to_string(out.fields.size()));
      return;
    }
    std::vector<std::uint64_t> got(e.fields.size());
    for (std::size_t i = 0; i < e.fields.size(); ++i) {
      const auto v = parse_hex_code(out.fields[i]);
      if (!v) {
        problem(out.line, e.fields[i].label + " '" + out.fields[i] + "' is not a hex code");
        return;
      }
      if (*v > code_mask(*e.fields[i].format)) {
        problem(out.line, e.fields[i].label + " " + out.fields[i] + " does not fit " +
                              std::string(e.fields[i].format->name) + " (" +
                              std::to_string(e.fields[i].format->bits) + " bits)");
        return;
      }
      got[i] = *v;
    }
    if (!e.compare) {
      ++result_.not_compared;
      return;
    }
    ++result_.cases;
    for (int c = 0; c < vectors::kCaseClassCount; ++c)
      if (e.classes.has(static_cast<vectors::CaseClass>(c))) ++result_.cases_by_class[static_cast<std::size_t>(c)];
    bool mismatched = false;
    for (std::size_t i = 0; i < e.fields.size(); ++i) {
      const Field& f = e.fields[i];
      if (!f.code || conformance::codes_match(*f.format, *f.code, got[i], f.nan)) continue;
      mismatched = true;
      std::string expected = to_hex_code(*f.code);
      if (f.nan == NanMatch::any_nan && is_nan_code(*f.format, *f.code)) expected += " (any NaN)";
      result_.mismatches.push_back(VerifyMismatch{out.line, e.vectors_line, e.input, f.label, expected,
                                                  to_hex_code(got[i]), f.note, e.classes});
    }
    if (mismatched) {
      ++result_.mismatched_cases;
      for (int c = 0; c < vectors::kCaseClassCount; ++c)
        if (e.classes.has(static_cast<vectors::CaseClass>(c)))
          ++result_.mismatches_by_class[static_cast<std::size_t>(c)];
    }
  }

  // Point files: the n-th outputs line answers the n-th row.
  void compare_rows(const std::vector<OutputLine>& lines, const std::vector<Expected>& rows) {
    if (lines.size() != rows.size())
      problem(0, "has " + std::to_string(lines.size()) + " output lines, the vector file has " +
                     std::to_string(rows.size()) + " rows (one output line per row, in order)");
    for (std::size_t i = 0; i < std::min(lines.size(), rows.size()); ++i) compare(lines[i], rows[i]);
  }

 private:
  static std::string labels(const Expected& e) {
    if (e.fields.size() > 3) return e.fields.front().label + " .. " + e.fields.back().label;
    std::string s;
    for (const auto& f : e.fields) s += (s.empty() ? "" : " ") + f.label;
    return s;
  }

  VerifyResult& result_;
};

}  // namespace

const Profile& verify_profile(const VectorFile& file, const Profile* profile) {
  if (!profile) {
    if (const auto named = file.find("profile")) profile = find_profile(*named);
    if (!profile) profile = find_profile("ocp");
  }
  return *profile;
}

VerifyResult verify_outputs(const VectorFile& file, const std::string& path, std::string_view outputs_text,
                            const Profile* chosen) {
  VerifyResult result;
  result.operation = std::string(file.require("operation", path));
  const Profile* profile = &verify_profile(file, chosen);
  result.profile = std::string(profile->name);
  const NanMatch nan = profile->comparison.nan;
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  Verifier verifier(result);
  const auto lines = split_lines(outputs_text);
  const std::string& op = result.operation;

  if (op == "convert-intervals" || op == "scale-intervals") {
    const FormatSpec& from = format_of(file, "from", path);
    const FormatSpec& to = format_of(file, "to", path);
    const auto table = vectors::intervals_of(file, path);
    for (const OutputLine& out : lines) {
      if (out.fields.size() != 2) {
        verifier.problem(out.line, "expected 2 fields (pattern code), found " + std::to_string(out.fields.size()));
        continue;
      }
      const auto pattern = parse_hex_code(out.fields[0]);
      if (!pattern || *pattern > code_mask(from)) {
        verifier.problem(out.line, "pattern '" + out.fields[0] + "' is not a " + std::string(from.name) + " bit pattern");
        continue;
      }
      const auto& interval = vectors::lookup(table, *pattern);
      const auto index = static_cast<std::size_t>(&interval - table.data());
      Expected e;
      e.vectors_line = file.rows[index].line;
      e.input = std::string(from.name) + " " + to_hex_code(*pattern);
      // intervals_of keeps the codes only; the classes are the row's fourth field.
      e.classes = CaseClasses::parse(file.rows[index].fields[3]).value_or(CaseClasses{});
      e.compare = interval.code.has_value();
      e.fields = {Field{"code", &to, interval.code, nan, {}}};
      OutputLine code_only{out.line, {out.fields[1]}};
      verifier.compare(code_only, e);
    }
    return result;
  }

  std::vector<Expected> rows;
  rows.reserve(file.rows.size());
  if (op == "convert") {
    const FormatSpec& from = format_of(file, "from", path);
    const FormatSpec& to = format_of(file, "to", path);
    const bool sr = file.require("rounding", path) == "sr";
    for (const auto& row : file.rows) {
      Expected e;
      e.vectors_line = row.line;
      e.input = std::string(from.name) + " " + row.fields[0] + (sr ? " random " + row.fields[1] : "");
      e.classes = CaseClasses::parse(row.fields[sr ? 3 : 2]).value_or(CaseClasses{});
      e.fields = {Field{"code", &to, hex(row.fields[sr ? 2 : 1]), nan, {}}};
      rows.push_back(std::move(e));
    }
  } else if (op == "decode") {
    const FormatSpec& format = format_of(file, "format", path);
    for (const auto& row : file.rows) {
      Expected e;
      e.vectors_line = row.line;
      e.input = std::string(format.name) + " " + row.fields[0];
      e.classes = CaseClasses::parse(row.fields[2]).value_or(CaseClasses{});
      // Every decoded value of every format fits fp32 exactly; the file names no NaN code, so any NaN matches.
      const auto value = parse_exact_value(row.fields[1]);
      const std::uint64_t code = encode(*value, fp32, ieee_encode_options(Rounding::rne));
      e.fields = {Field{"fp32", &fp32, code, profile->comparison.decoded_nan, {}}};
      rows.push_back(std::move(e));
    }
  } else if (op == "quantize") {
    const FormatSpec& element = format_of(file, "element", path);
    const FormatSpec& e8m0 = format_spec(FormatId::e8m0);
    const std::size_t k = count_of(file, "block", path);
    const bool sr = file.require("rounding", path) == "sr";
    const std::size_t scale_at = 2 + k + (sr ? k : 0);
    for (const auto& row : file.rows) {
      Expected e;
      e.vectors_line = row.line;
      e.input = "block '" + row.fields[0] + "'";
      e.classes = CaseClasses::parse(row.fields[1]).value_or(CaseClasses{});
      const std::uint64_t scale = hex(row.fields[scale_at]);
      e.fields.push_back(Field{"scale", &e8m0, scale, nan, {}});
      // OCP MX §6.3: a NaN scale makes every element NaN whatever its code.
      const bool dont_care = is_nan_code(e8m0, scale) && profile->comparison.nan_scale_elements_dont_care;
      for (std::size_t j = 0; j < k; ++j) {
        Field f{"element " + std::to_string(j), &element, std::nullopt, nan, {}};
        if (!dont_care) f.code = hex(row.fields[scale_at + 1 + j]);
        e.fields.push_back(std::move(f));
      }
      rows.push_back(std::move(e));
    }
  } else if (op == "dot") {
    for (const auto& row : file.rows) {
      const std::size_t n = row.fields.size();
      Expected e;
      e.vectors_line = row.line;
      e.input = "dot '" + row.fields[0] + "'";
      e.classes = CaseClasses::parse(row.fields[1]).value_or(CaseClasses{});
      e.fields = {Field{"fp32", &fp32, hex(row.fields[n - 1]), profile->comparison.decoded_nan,
                        "the exact result is " + row.fields[n - 2] + "; expected is its correct (rne) rounding"}};
      rows.push_back(std::move(e));
    }
  } else {
    throw VectorFileError(path, 1, "@operation " + op + " has no cases to verify (expected convert-intervals, "
                                   "scale-intervals, convert, decode, quantize or dot)");
  }
  verifier.compare_rows(lines, rows);
  return result;
}

}  // namespace mxconf::harness
