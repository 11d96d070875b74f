#include "writer_support.hpp"

#include <cmath>
#include <cstdio>

namespace mxconf::conformance::detail {

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
          out += '?';
        else
          out += c;
    }
  }
  return out;
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string markdown_cell(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string seconds_text(double seconds, int decimals) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  // Integer arithmetic keeps the text independent of the C locale's decimal point.
  std::uint64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const auto units = static_cast<std::uint64_t>(std::llround(seconds * static_cast<double>(scale)));
  std::string fraction = std::to_string(units % scale);
  fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
  return std::to_string(units / scale) + (decimals > 0 ? "." + fraction : "");
}

void Tally::add(const CheckResult& c) {
  ++checks;
  switch (c.status) {
    case CheckStatus::pass: ++passed; break;
    case CheckStatus::fail: ++failed; break;
    case CheckStatus::skipped: ++skipped; break;
    case CheckStatus::kernel_error: ++errors; break;
  }
  cases += c.cases;
  mismatches += c.mismatches;
  seconds += c.seconds;
}

std::string class_counts_text(const std::array<std::uint64_t, vectors::kCaseClassCount>& by_class) {
  std::string out;
  for (int c = 0; c < vectors::kCaseClassCount; ++c) {
    const auto n = by_class[static_cast<std::size_t>(c)];
    if (n == 0) continue;
    out += (out.empty() ? "" : ", ") + std::string(vectors::to_string(static_cast<vectors::CaseClass>(c))) + " " +
           std::to_string(n);
  }
  return out;
}

}  // namespace mxconf::conformance::detail
