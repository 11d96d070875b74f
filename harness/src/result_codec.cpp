#include "mxconf/harness/result_codec.hpp"

#include <charconv>
#include <optional>
#include <vector>

namespace mxconf::harness {
namespace {

using conformance::CheckResult;
using conformance::CheckStatus;
using conformance::Mismatch;

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr CheckStatus kStatuses[] = {CheckStatus::pass, CheckStatus::fail, CheckStatus::skipped,
                                     CheckStatus::kernel_error};

std::string status_word(CheckStatus s) {
  switch (s) {
    case CheckStatus::pass: return "pass";
    case CheckStatus::fail: return "fail";
    case CheckStatus::skipped: return "skipped";
    case CheckStatus::kernel_error: return "kernel-error";
  }
  return "?";
}

std::string seconds_text(double s) {
  char buffer[64];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, s);
  return std::string(buffer, r.ptr);
}

class Reader {
 public:
  explicit Reader(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
      const auto end = text.find('\n', start);
      if (end == std::string_view::npos) {
        lines_.push_back(text.substr(start));
        break;
      }
      lines_.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }

  [[noreturn]] void fail(const std::string& why) const {
    throw ResultParseError("check result line " + std::to_string(next_) + ": " + why);
  }

  bool at(std::string_view key) const {
    if (next_ >= lines_.size()) return false;
    const auto line = lines_[next_];
    return line == key || (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ' ');
  }

  // The value of the next line, which must start with `key`.
  std::string take(std::string_view key) {
    if (next_ >= lines_.size()) {
      ++next_;
      fail("ends before '" + std::string(key) + "'");
    }
    if (!at(key)) {
      ++next_;
      fail("expected '" + std::string(key) + "', found '" + std::string(lines_[next_ - 1].substr(0, 40)) + "'");
    }
    const auto line = lines_[next_++];
    return unescape(line.size() > key.size() ? line.substr(key.size() + 1) : std::string_view{});
  }

  std::uint64_t number(std::string_view key) { return to_u64(take(key), key); }

  std::uint64_t to_u64(std::string_view text, std::string_view key) const {
    std::uint64_t v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size())
      fail(std::string(key) + ": '" + std::string(text) + "' is not a count");
    return v;
  }

  bool done() const { return next_ >= lines_.size() || (next_ + 1 == lines_.size() && lines_[next_].empty()); }

 private:
  std::string unescape(std::string_view s) const {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\\') {
        out += s[i];
        continue;
      }
      if (++i == s.size()) fail("a value ends with a lone backslash");
      switch (s[i]) {
        case '\\': out += '\\'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        default: fail(std::string("unknown escape \\") + s[i]);
      }
    }
    return out;
  }

  std::vector<std::string_view> lines_;
  std::size_t next_ = 0;
};

}  // namespace

std::string serialize_result(const CheckResult& r) {
  std::string out(kResultMagic);
  out += '\n';
  const auto field = [&out](std::string_view key, std::string_view value) {
    out += key;
    out += ' ';
    out += escape(value);
    out += '\n';
  };
  field("name", r.name);
  field("operation", r.operation);
  field("tier", r.tier);
  field("status", status_word(r.status));
  field("cases", std::to_string(r.cases));
  field("mismatches", std::to_string(r.mismatches));
  std::string by_class;
  for (const auto n : r.mismatches_by_class) by_class += (by_class.empty() ? "" : " ") + std::to_string(n);
  field("by-class", by_class);
  field("note", r.note);
  field("exactly-rounded", !r.exactly_rounded ? "-" : *r.exactly_rounded ? "1" : "0");
  field("seconds", seconds_text(r.seconds));
  for (const Mismatch& m : r.first_mismatches) {
    out += "mismatch\n";
    field("input", m.input);
    field("expected", m.expected);
    field("got", m.got);
    field("explanation", m.explanation);
    field("classes", m.classes.to_string());
  }
  out += "end\n";
  return out;
}

CheckResult parse_result(std::string_view text) {
  Reader in(text);
  if (!in.at(kResultMagic)) in.fail("not a check result (expected '" + std::string(kResultMagic) + "')");
  in.take(kResultMagic);
  CheckResult r;
  r.name = in.take("name");
  r.operation = in.take("operation");
  r.tier = in.take("tier");
  const std::string status = in.take("status");
  std::optional<CheckStatus> parsed;
  for (const auto s : kStatuses)
    if (status == status_word(s)) parsed = s;
  if (!parsed) in.fail("unknown status '" + status + "'");
  r.status = *parsed;
  r.cases = in.number("cases");
  r.mismatches = in.number("mismatches");
  const std::string by_class = in.take("by-class");
  std::size_t i = 0, start = 0;
  while (start <= by_class.size()) {
    auto end = by_class.find(' ', start);
    if (end == std::string::npos) end = by_class.size();
    if (i >= r.mismatches_by_class.size()) in.fail("by-class has more than " + std::to_string(i) + " counts");
    r.mismatches_by_class[i++] = in.to_u64(std::string_view(by_class).substr(start, end - start), "by-class");
    start = end + 1;
  }
  if (i != r.mismatches_by_class.size())
    in.fail("by-class has " + std::to_string(i) + " counts, expected " + std::to_string(r.mismatches_by_class.size()));
  r.note = in.take("note");
  const std::string exact = in.take("exactly-rounded");
  if (exact == "1") r.exactly_rounded = true;
  else if (exact == "0") r.exactly_rounded = false;
  else if (exact != "-") in.fail("exactly-rounded is '" + exact + "' (expected -, 0 or 1)");
  const std::string seconds = in.take("seconds");
  const auto sr = std::from_chars(seconds.data(), seconds.data() + seconds.size(), r.seconds);
  if (seconds.empty() || sr.ec != std::errc() || sr.ptr != seconds.data() + seconds.size())
    in.fail("seconds '" + seconds + "' is not a number");
  while (in.at("mismatch")) {
    in.take("mismatch");
    Mismatch m;
    m.input = in.take("input");
    m.expected = in.take("expected");
    m.got = in.take("got");
    m.explanation = in.take("explanation");
    const std::string classes = in.take("classes");
    const auto parsed_classes = vectors::CaseClasses::parse(classes);
    if (!parsed_classes) in.fail("unknown case class in '" + classes + "'");
    m.classes = *parsed_classes;
    r.first_mismatches.push_back(std::move(m));
  }
  in.take("end");
  if (!in.done()) in.fail("text after 'end'");
  return r;
}

}  // namespace mxconf::harness
