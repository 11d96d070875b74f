#include "convert_common.hpp"

#include "abi.hpp"
#include "case_classes.hpp"
#include "layout.hpp"
#include "mxconf/conformance/compare.hpp"
#include "mxconf/conformance/explain.hpp"
#include "mxconf/reference/hexfloat.hpp"

namespace mxconf::conformance::detail {

std::string call_convert(const mxconf_kernel& kernel, const ConvertCall& call, std::span<const std::uint64_t> patterns,
                         std::span<const std::uint32_t> random, std::vector<std::uint64_t>& codes) {
  if (kernel.convert == nullptr) return "declares convert but its convert function is NULL";
  const int width = format_spec(call.target).bits;
  // Aligned storage for the inputs: copy into uint32_t / uint16_t vectors.
  std::vector<std::uint32_t> in32;
  std::vector<std::uint16_t> in16;
  const void* input = nullptr;
  if (call.source == FormatId::fp32) {
    in32.assign(patterns.begin(), patterns.end());
    input = in32.data();
  } else {
    in16.reserve(patterns.size());
    for (const auto p : patterns) in16.push_back(static_cast<std::uint16_t>(p));
    input = in16.data();
  }
  GuardedBuffer out(code_bytes(patterns.size(), width, call.layout));
  mxconf_convert_args args{};
  args.struct_size = sizeof(args);
  args.source = to_abi(call.source);
  args.target = to_abi(call.target);
  args.rounding = to_abi(call.rounding);
  args.overflow = to_abi(call.overflow);
  args.layout = call.layout;
  args.input = input;
  args.random = call.rounding == Rounding::sr ? random.data() : nullptr;
  args.output = out.bytes();
  args.count = patterns.size();
  args.policies = call.policies;
  const int status = kernel.convert(&args);
  std::string problem = call_problem("convert", status, {{"output", &out}});
  if (!problem.empty()) return problem;
  codes = unpack_codes(out.bytes(), patterns.size(), width, call.layout);
  return {};
}

std::string pattern_text(const FormatSpec& from, std::uint64_t pattern) {
  const int digits = (from.bits + 3) / 4;
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, pattern >>= 4)
    out[static_cast<std::size_t>(i)] = "0123456789abcdef"[pattern & 0xf];
  return "0x" + out;
}

Mismatch convert_mismatch(const FormatSpec& from, std::uint64_t pattern, const FormatSpec& to, std::uint64_t expected,
                          std::uint64_t got, const Profile& profile, const EncodeOptions& options,
                          vectors::CaseClasses classes) {
  Mismatch m;
  m.input = std::string(from.name) + " " + pattern_text(from, pattern);
  m.expected = to_hex_code(expected);
  m.got = to_hex_code(got);
  ExplainLines lines = explain_conversion(from, pattern, to, profile, options).lines;
  lines.emplace_back("got", got <= code_mask(to) ? to_hex_code(got) + " = " + value_text(decode(to, got))
                                                 : to_hex_code(got) + " (wider than " + std::string(to.name) + ")");
  m.explanation = explain_text(lines);
  m.classes = classes;
  return m;
}

void compare_conversions(ResultBuilder& builder, const FormatSpec& from, const FormatSpec& to,
                         std::span<const std::uint64_t> patterns, std::span<const std::uint64_t> expected,
                         std::span<const std::uint64_t> got, const Profile& profile, const EncodeOptions& options) {
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    const std::uint64_t p = patterns[i];
    builder.add_cases(1);
    if (codes_match(to, expected[i], got[i], profile.comparison.nan)) continue;
    const auto classes =
        conversion_classes(from, decode(from, p), decode_source(from, p, options.policies.subnormal_input), to, options);
    if (builder.count_mismatch(classes))
      builder.record(convert_mismatch(from, p, to, expected[i], got[i], profile, options, classes));
  }
}

void note_dont_care(ResultBuilder& builder, std::uint64_t count) {
  if (count > 0)
    builder.add_note(std::to_string(count) + " inputs have no encoding under the profile's policies " +
                     "(don't-care, not compared)");
}

}  // namespace mxconf::conformance::detail
