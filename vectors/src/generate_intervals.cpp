// Interval tables for conversions from fp32 / bf16 / fp16 and for amax -> E8M0 scale codes.
#include <array>
#include <vector>

#include "header.hpp"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/vectors/interval_table.hpp"

namespace mxconf::vectors {
namespace {

// Where the source's classes change: +0, subnormals, normals, Inf, NaN, and the same below the sign bit. Runs
// never cross these, so each row's source class is uniform.
std::vector<std::uint64_t> source_segments(const FormatSpec& s) {
  const std::uint64_t min_normal = std::uint64_t{1} << s.mantissa_bits;
  const std::uint64_t inf = ((std::uint64_t{1} << s.exponent_bits) - 1) << s.mantissa_bits;
  std::vector<std::uint64_t> starts;
  for (const std::uint64_t sign : {std::uint64_t{0}, sign_mask(s)})
    for (const std::uint64_t p : {std::uint64_t{0}, std::uint64_t{1}, min_normal, inf, inf + 1}) starts.push_back(sign | p);
  return starts;
}

bool is_subnormal(const FormatSpec& f, const ExactValue& v) {
  return v.is_finite() && !v.is_zero() && f.encoding == Encoding::binary_float && f.has_subnormals &&
         v.floor_log2() < min_normal_exponent(f);
}

// The classes of one interval: from the source class of its first pattern and from its output.
CaseClasses classify(const FormatSpec& from, const FormatSpec& to, const EncodeOptions& options, const Interval& row) {
  CaseClasses c;
  const ExactValue first = decode(from, row.first);
  const ExactValue last = decode(from, row.last);
  if (first.is_nan()) c.add(CaseClass::nan);
  if (first.is_inf()) c.add(CaseClass::inf);
  if (first.is_zero()) c.add(CaseClass::zero);
  if (is_subnormal(from, first)) c.add(CaseClass::denormal_in);
  if (!row.code) return c;
  const ExactValue out = decode(to, *row.code);
  if (out.is_nan()) c.add(CaseClass::nan);
  if (out.is_inf()) c.add(CaseClass::inf);
  if (out.is_zero()) c.add(CaseClass::zero);
  if (is_subnormal(to, out)) c.add(CaseClass::denormal_out);
  if (first.is_finite() && !out.is_finite()) c.add(CaseClass::overflow);
  // Saturation: the reference's own trace says the result was clamped (the run's last input is its largest).
  if (out.is_finite() && !last.is_nan()) {
    const RoundingRule rule = round_to_format(decode_source(from, row.last, options.policies.subnormal_input), to,
                                              options).rule;
    if (rule == RoundingRule::overflow_saturate || rule == RoundingRule::overflow_directed_to_max)
      c.add(CaseClass::saturation);
  }
  return c;
}

void append_rows(VectorFile& file, const FormatSpec& from, const FormatSpec& to, const EncodeOptions& options,
                 std::vector<Interval>& table) {
  for (auto& row : table) {
    row.classes = classify(from, to, options, row);
    file.rows.push_back(Row{0,
                            {detail::hex_fixed(row.first, from.bits), detail::hex_fixed(row.last, from.bits),
                             row.code ? detail::hex(*row.code) : "-", row.classes.to_string()}});
  }
  file.set("cases", std::to_string(file.rows.size()));
}

}  // namespace

VectorFile make_convert_intervals(FormatId from_id, FormatId to_id, const Profile& profile, Rounding rounding,
                                  Overflow overflow) {
  const FormatSpec& from = format_spec(from_id);
  const FormatSpec& to = format_spec(to_id);
  EncodeOptions options = encode_options(profile, to);
  options.rounding = rounding;
  options.policies.overflow = overflow;

  VectorFile file = detail::start_file("convert-intervals");
  file.set("from", std::string(from.name));
  file.set("to", std::string(to.name));
  file.set("rounding", std::string(to_string(rounding)));
  file.set("profile", std::string(profile.name));
  file.set("policies", describe(options.policies));
  file.set("clause", "OFP8 rev 1.0 §4 conversions; OCP MX v1.0 §5.3 element formats; IEEE 754-2019 §4.3");
  file.set("columns", "first last code classes");

  // "-": the policies give this input no encoding (for example NaN into e2m1 under nan-into-finite=error).
  const StepFunction f = [&](std::uint64_t pattern) { return try_convert(from, pattern, to, options); };
  auto table = build_interval_table(from.bits, source_segments(from), f);
  append_rows(file, from, to, options, table);
  return file;
}

VectorFile make_scale_intervals(FormatId element_id, ScaleRule rule, const Profile& profile) {
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  const FormatSpec& element = format_spec(element_id);
  QuantizeOptions options = quantize_options(profile);
  options.block.rule = rule;

  VectorFile file = detail::start_file("scale-intervals");
  file.set("from", "fp32");
  file.set("to", "e8m0");
  file.set("element", std::string(element.name));
  file.set("rule", std::string(to_string(rule)));
  file.set("profile", std::string(profile.name));
  file.set("block-policies", describe(options.block));
  file.set("clause", "OCP MX v1.0 §6.3 shared exponent; spec-rules §4 scale rules");
  file.set("columns", "first last code classes");

  // The scale of a one-element block holding the amax: quantize_block's own scale logic, specials included.
  const StepFunction f = [&](std::uint64_t pattern) -> std::optional<std::uint64_t> {
    const ExactValue amax = decode(fp32, pattern);
    return block_scale(std::span(&amax, 1), element, options.block);
  };
  auto table = build_interval_table(32, source_segments(fp32), f);
  for (auto& row : table) {
    CaseClasses c;
    const ExactValue first = decode(fp32, row.first);
    if (first.is_nan()) c.add(CaseClass::nan);
    if (first.is_inf()) c.add(CaseClass::inf);
    if (first.is_zero()) c.add(CaseClass::zero);
    if (is_subnormal(fp32, first)) c.add(CaseClass::denormal_in);
    if (*row.code == 0xff) c.add(CaseClass::scale_nan);
    if ((*row.code == 0x00 || *row.code == 0xfe) && first.is_finite() && !first.is_zero())
      c.add(CaseClass::scale_clamp);
    file.rows.push_back(Row{0,
                            {detail::hex_fixed(row.first, 32), detail::hex_fixed(row.last, 32),
                             detail::hex(*row.code), c.to_string()}});
  }
  file.set("cases", std::to_string(file.rows.size()));
  return file;
}

}  // namespace mxconf::vectors
