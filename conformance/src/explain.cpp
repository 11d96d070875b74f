#include "mxconf/conformance/explain.hpp"

#include <algorithm>
#include <ostream>
#include <sstream>

#include "mxconf/reference/error.hpp"
#include "mxconf/reference/hexfloat.hpp"

namespace mxconf::conformance {
namespace {

// 2^512 and 2^-512 already take over 150 decimal digits; refusing before building the integer keeps inputs like
// 0x1p+100000 cheap.
constexpr std::int64_t kMaxBinaryExponent = 512;

std::string neighbour_text(const std::optional<ExactValue>& value, const std::optional<std::uint64_t>& code) {
  if (!value) return "none (NaN, Inf or zero input)";
  const std::string code_text = code ? to_hex_code(*code) : std::string("beyond max finite (no code)");
  return code_text + " = " + value_text(*value);
}

std::string distance_text(const ExactValue& x, const std::optional<ExactValue>& neighbour) {
  if (!neighbour || !x.is_finite()) return "-";
  return value_text(add(x, neighbour->negated()).abs());
}

ExplainLines policy_lines(const Profile& profile, const EncodeOptions& options) {
  std::string rounding(to_string(options.rounding));
  if (options.rounding == Rounding::sr)
    rounding += " (sr-bits " + std::to_string(options.stochastic.bits) + ", random " +
                to_hex_code(options.stochastic.random) + ")";
  // describe() is the reference's canonical policy text (the same names `mxconf explain --set` takes).
  return ExplainLines{{"profile", std::string(profile.name) + ": " + std::string(profile.summary)},
                      {"rounding", rounding},
                      {"policies", describe(options.policies)}};
}

}  // namespace

std::optional<std::string> short_decimal(const ExactValue& value, std::size_t max_length) {
  if (!value.is_finite()) return std::nullopt;
  const std::string sign = value.negative() ? "-" : "";
  if (value.is_zero()) return sign + "0";
  const std::int64_t exponent = value.exponent();
  if (exponent > kMaxBinaryExponent || exponent < -kMaxBinaryExponent) return std::nullopt;
  std::string text;
  if (exponent >= 0) {
    text = BigInt(value.significand() << static_cast<unsigned>(exponent)).str();
  } else {
    // m * 2^-k = (m * 5^k) / 10^k: the digits of m * 5^k with the point k places from the right.
    const auto places = static_cast<std::size_t>(-exponent);
    BigInt five_power = 1;
    for (std::size_t i = 0; i < places; ++i) five_power *= 5;
    std::string digits = BigInt(value.significand() * five_power).str();
    if (digits.size() <= places) digits.insert(0, places - digits.size() + 1, '0');
    text = digits.substr(0, digits.size() - places) + "." + digits.substr(digits.size() - places);
  }
  text = sign + text;
  if (text.size() > max_length) return std::nullopt;
  return text;
}

std::string value_text(const ExactValue& v) {
  const auto decimal = short_decimal(v);
  return decimal ? to_hex_float(v) + " (" + *decimal + ")" : to_hex_float(v);
}

Explanation explain_conversion(const ExplainInput& in, const FormatSpec& to, const Profile& profile,
                               const EncodeOptions& options) {
  Explanation e;
  e.lines.emplace_back("input", in.description + " = " + value_text(in.raw));
  if (!in.raw.identical(in.input)) e.lines.emplace_back("after subnormal-input", value_text(in.input));
  e.lines.emplace_back("destination", std::string(to.name) + " (" + std::string(to.alias) + ")");
  const RoundingTrace trace = try_round_to_format(in.input, to, options);
  if (trace.refused()) {
    e.error = trace.refusal;
    e.lines.emplace_back("result", "error: " + trace.refusal);
  } else {
    e.lines.emplace_back("below", neighbour_text(trace.below, trace.below_code));
    e.lines.emplace_back("above", neighbour_text(trace.above, trace.above_code));
    e.lines.emplace_back("distance to below", distance_text(in.input, trace.below));
    e.lines.emplace_back("distance to above", distance_text(in.input, trace.above));
    e.lines.emplace_back("rule", std::string(to_string(trace.rule)));
    e.lines.emplace_back("result", to_hex_code(trace.code) + " = " + value_text(decode(to, trace.code)));
    e.lines.emplace_back("clause", std::string(trace.clause));
  }
  const ExplainLines in_force = policy_lines(profile, options);
  e.lines.insert(e.lines.end(), in_force.begin(), in_force.end());
  return e;
}

Explanation explain_conversion(const FormatSpec& from, std::uint64_t pattern, const FormatSpec& to,
                               const Profile& profile, const EncodeOptions& options) {
  const ExplainInput in{decode(from, pattern), decode_source(from, pattern, options.policies.subnormal_input),
                        std::string(from.name) + " " + to_hex_code(pattern)};
  return explain_conversion(in, to, profile, options);
}

void write_explain_lines(std::ostream& out, const ExplainLines& lines) {
  std::size_t width = 0;
  for (const auto& [key, value] : lines) width = std::max(width, key.size());
  for (const auto& [key, value] : lines) out << key << ':' << std::string(width - key.size() + 1, ' ') << value << '\n';
}

std::string explain_text(const ExplainLines& lines) {
  std::ostringstream out;
  write_explain_lines(out, lines);
  return out.str();
}

}  // namespace mxconf::conformance
