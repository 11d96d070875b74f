#include "crosscheck.hpp"

#include <array>
#include <sstream>
#include <stdexcept>

#include "crosscheck_inputs.hpp"
#include "known_deviations.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "mxconf/reference/profile.hpp"

namespace mxconf::cuda_xcheck {
namespace {

constexpr std::size_t kMaxReportedFailures = 20;

// ---- Names. ----

std::string_view entry_point(FormatId source) {
  switch (source) {
    case FormatId::fp32: return "float";
    case FormatId::fp64: return "double";
    case FormatId::fp16: return "halfraw";
    case FormatId::bf16: return "bfloat16raw";
    default: throw std::invalid_argument("no CUDA entry point for this source");
  }
}
std::string_view destination_kind(FormatId d) {
  switch (d) {
    case FormatId::e4m3: case FormatId::e5m2: return "fp8";
    case FormatId::e2m3: case FormatId::e3m2: return "fp6";
    case FormatId::e2m1: return "fp4";
    default: return "e8m0";
  }
}
std::string_view interpretation(FormatId d) {
  switch (d) {
    case FormatId::e4m3: return "__NV_E4M3";
    case FormatId::e5m2: return "__NV_E5M2";
    case FormatId::e2m3: return "__NV_E2M3";
    case FormatId::e3m2: return "__NV_E3M2";
    default: return "__NV_E2M1";
  }
}
std::string_view cuda_name(CudaSaturation s) { return s == CudaSaturation::satfinite ? "__NV_SATFINITE" : "__NV_NOSAT"; }
std::string_view cuda_name(CudaRounding r) {
  switch (r) {
    case CudaRounding::nearest: return "cudaRoundNearest";
    case CudaRounding::zero: return "cudaRoundZero";
    case CudaRounding::pos_inf: return "cudaRoundPosInf";
  }
  return "?";
}
std::string short_name(std::string_view cuda) {  // "__NV_SATFINITE" -> "SATFINITE", "cudaRoundZero" -> "RoundZero"
  for (std::string_view prefix : {"__NV_", "cuda"})
    if (cuda.starts_with(prefix)) return std::string(cuda.substr(prefix.size()));
  return std::string(cuda);
}

std::string hex(std::uint64_t v) { return to_hex_code(v); }

// ---- Reference side. ----

const Profile& nvidia() {
  static const Profile* p = find_profile("nvidia");
  if (!p) throw std::logic_error("the reference has no \"nvidia\" profile");
  return *p;
}

Rounding to_reference(CudaRounding r) {
  switch (r) {
    case CudaRounding::nearest: return Rounding::rne;
    case CudaRounding::zero: return Rounding::rtz;
    case CudaRounding::pos_inf: return Rounding::rup;
  }
  return Rounding::rne;
}
Overflow to_reference(CudaSaturation s) {
  return s == CudaSaturation::satfinite ? Overflow::saturate : Overflow::non_saturating;
}

// ---- Comparison bookkeeping. ----

struct Tally {
  RowResult result;
  void fail(std::string message) {
    ++result.failure_count;
    if (result.failures.size() < kMaxReportedFailures) result.failures.push_back(std::move(message));
  }
};

// The known deviation that explains CUDA's answer for this input, if any: the row is in its scope, the input in
// its class, and the pinned CUDA output differs from the reference's.
const KnownDeviation* deviation_for(const EncodeRow& row, std::uint64_t bits, std::uint64_t reference) {
  for (const KnownDeviation& d : known_deviations()) {
    if (!d.applies_to(row)) continue;
    const auto pinned = d.cuda_output(row, bits);
    if (pinned && *pinned != reference) return &d;
  }
  return nullptr;
}

std::string describe_input(const EncodeRow& row, std::uint64_t bits) {
  const FormatSpec& s = format_spec(row.source);
  return "input " + hex(bits) + " (" + to_hex_float(decode(s, bits)) + ")";
}

void compare_one(const EncodeRow& row, const EncodeOptions& options, std::uint64_t bits, Tally& t) {
  const FormatSpec& from = format_spec(row.source);
  const FormatSpec& to = format_spec(row.destination);
  std::uint64_t reference = 0;
  try {
    reference = convert(from, bits, to, options);
  } catch (const std::exception& e) {
    ++t.result.differences;
    t.fail(describe_input(row, bits) + ": the reference threw: " + e.what());
    return;
  }
  const std::uint64_t cuda = cuda_encode(row, bits);
  const KnownDeviation* d = deviation_for(row, bits, reference);
  const std::uint64_t expected = d ? *d->cuda_output(row, bits) : reference;
  if (cuda == expected) {
    if (d) ++t.result.pinned[std::string(d->id)];
    else ++t.result.matches;
    return;
  }
  ++t.result.differences;
  std::string what = describe_input(row, bits) + ": CUDA " + hex(cuda) + ", reference " + hex(reference);
  if (d) what += ", pinned deviation '" + std::string(d->id) + "' expected CUDA " + hex(expected) + " (changed?)";
  else what += " (not a known CUDA deviation)";
  t.fail(std::move(what));
}

// A deviation that applies to the row but never occurred has gone away: fail so the table gets updated.
void check_deviations_occurred(const EncodeRow& row, Tally& t) {
  for (const KnownDeviation& d : known_deviations())
    if (d.applies_to(row) && !t.result.pinned.contains(std::string(d.id)))
      t.fail("pinned deviation '" + std::string(d.id) + "' no longer occurs on this row: update known_deviations.cpp"
             " and docs/cuda-crosscheck.md");
}

// ---- Decode side. ----

std::uint64_t cuda_decode(const DecodeRow& row, std::uint8_t code) {
  switch (row.format) {
    case FormatId::e4m3: case FormatId::e5m2: return fp8_to_halfraw(code, row.format);
    case FormatId::e2m3: case FormatId::e3m2: return fp6_to_halfraw(code, row.format);
    case FormatId::e2m1: return fp4_to_halfraw(code);
    default: return e8m0_to_bf16raw(code);
  }
}
FormatId decode_target(const DecodeRow& row) { return row.format == FormatId::e8m0 ? FormatId::bf16 : FormatId::fp16; }

// The reference's decode rounded into fp16 / bf16 (exact: every value fits); NaN as CUDA's documented canonical NaN.
std::uint64_t reference_decode(const DecodeRow& row, std::uint8_t code, Tally& t) {
  const ExactValue v = decode(format_spec(row.format), code);
  const FormatId target = decode_target(row);
  if (v.is_nan()) return target == FormatId::bf16 ? canonical_nan_bf16() : canonical_nan_fp16();
  const RoundingTrace trace = round_to_format(v, format_spec(target), ieee_encode_options(Rounding::rne));
  const bool exact = trace.rule == RoundingRule::exact || trace.rule == RoundingRule::zero_input ||
                     trace.rule == RoundingRule::inf_input;
  if (!exact)
    t.fail("code " + hex(code) + ": " + to_hex_float(v) + " is not exact in " +
           std::string(format_spec(target).name) + " (rule " + std::string(to_string(trace.rule)) + ")");
  return trace.code;
}

}  // namespace

std::vector<EncodeRow> encode_rows() {
  using F = FormatId;
  const std::array sources{F::fp32, F::fp64, F::fp16, F::bf16};
  const std::array saturations{CudaSaturation::satfinite, CudaSaturation::nosat};
  std::vector<EncodeRow> rows;
  for (F s : sources)  // cuda_fp8.h: fp8 takes a saturation mode and always rounds to nearest even
    for (F d : {F::e4m3, F::e5m2})
      for (CudaSaturation sat : saturations) rows.push_back({s, d, sat, CudaRounding::nearest});
  for (F s : sources)  // cuda_fp6.h / cuda_fp4.h: always saturating; cudaRoundNearest or cudaRoundZero
    for (F d : {F::e2m3, F::e3m2, F::e2m1})
      for (CudaRounding r : {CudaRounding::nearest, CudaRounding::zero})
        rows.push_back({s, d, CudaSaturation::satfinite, r});
  for (F s : {F::fp32, F::fp64, F::bf16})  // cuda_fp8.h e8m0: cudaRoundZero or cudaRoundPosInf
    for (CudaSaturation sat : saturations)
      for (CudaRounding r : {CudaRounding::zero, CudaRounding::pos_inf}) rows.push_back({s, F::e8m0, sat, r});
  return rows;
}

std::vector<DecodeRow> decode_rows() {
  using F = FormatId;
  return {{F::e4m3}, {F::e5m2}, {F::e2m3}, {F::e3m2}, {F::e2m1}, {F::e8m0}};
}

std::string function_name(const EncodeRow& row) {
  const std::string_view kind = destination_kind(row.destination);
  std::string name = "__nv_cvt_" + std::string(entry_point(row.source)) + "_to_" + std::string(kind) + "(x, ";
  if (kind == "fp8") return name + std::string(cuda_name(row.saturation)) + ", " + std::string(interpretation(row.destination)) + ")";
  if (kind == "e8m0") return name + std::string(cuda_name(row.saturation)) + ", " + std::string(cuda_name(row.rounding)) + ")";
  return name + std::string(interpretation(row.destination)) + ", " + std::string(cuda_name(row.rounding)) + ")";
}

std::string test_name(const EncodeRow& row) {
  const std::string_view kind = destination_kind(row.destination);
  std::string name(entry_point(row.source));
  auto append = [&name](std::string_view part) {  // (append, not '+': GCC 12 -Wrestrict false positive)
    name.append("_").append(part);
  };
  name.append("_to");
  append(kind);
  if (kind != "e8m0") append(short_name(interpretation(row.destination)));
  if (kind == "fp8" || kind == "e8m0") append(short_name(cuda_name(row.saturation)));
  if (kind != "fp8") append(short_name(cuda_name(row.rounding)));
  return name;
}

std::string function_name(const DecodeRow& row) {
  if (row.format == FormatId::e8m0) return "__nv_cvt_e8m0_to_bf16raw(x)";
  return "__nv_cvt_" + std::string(destination_kind(row.format)) + "_to_halfraw(x, " +
         std::string(interpretation(row.format)) + ")";
}

std::string test_name(const DecodeRow& row) {
  if (row.format == FormatId::e8m0) return "e8m0_to_bf16raw";
  return std::string(destination_kind(row.format)) + "_to_halfraw_" + short_name(interpretation(row.format));
}

void PrintTo(const EncodeRow& row, std::ostream* out) { *out << function_name(row); }
void PrintTo(const DecodeRow& row, std::ostream* out) { *out << function_name(row); }

EncodeOptions reference_options(const EncodeRow& row) {
  EncodeOptions o = encode_options(nvidia(), format_spec(row.destination));
  const std::string_view kind = destination_kind(row.destination);
  if (kind == "fp8" || kind == "e8m0") o.policies.overflow = to_reference(row.saturation);
  if (kind != "fp8") o.rounding = to_reference(row.rounding);
  return o;
}

std::uint64_t cuda_encode(const EncodeRow& row, std::uint64_t bits) {
  const std::string_view kind = destination_kind(row.destination);
  if (kind == "fp8") return to_fp8(row.source, bits, row.saturation, row.destination);
  if (kind == "fp6") return to_fp6(row.source, bits, row.destination, row.rounding);
  if (kind == "fp4") return to_fp4(row.source, bits, row.rounding);
  return to_e8m0(row.source, bits, row.saturation, row.rounding);
}

std::vector<std::uint64_t> row_inputs(const EncodeRow& row) {
  const FormatSpec& s = format_spec(row.source);
  if (s.bits == 16) return all_patterns(s);
  return boundary_inputs(s, format_spec(row.destination));
}

RowResult run(const EncodeRow& row, const std::vector<std::uint64_t>& inputs) {
  Tally t;
  t.result.function = function_name(row);
  const EncodeOptions options = reference_options(row);
  for (std::uint64_t bits : inputs) compare_one(row, options, bits, t);
  t.result.inputs = inputs.size();
  check_deviations_occurred(row, t);
  return t.result;
}

RowResult run(const DecodeRow& row) {
  Tally t;
  t.result.function = function_name(row);
  const FormatSpec& f = format_spec(row.format);
  for (std::uint64_t code = 0; code < code_count(f); ++code) {
    const auto c = static_cast<std::uint8_t>(code);
    const std::uint64_t expected = reference_decode(row, c, t);
    const std::uint64_t cuda = cuda_decode(row, c);
    if (cuda == expected) {
      ++t.result.matches;
      continue;
    }
    ++t.result.differences;
    t.fail("code " + hex(code) + ": CUDA " + hex(cuda) + ", reference " + hex(expected));
  }
  t.result.inputs = code_count(f);
  return t.result;
}

std::string summary_line(const RowResult& r) {
  std::uint64_t pinned = 0;
  std::string detail;
  for (const auto& [id, n] : r.pinned) {
    pinned += n;
    detail += (detail.empty() ? "" : ", ") + id + ": " + std::to_string(n);
  }
  std::ostringstream out;
  out << r.function << "  inputs " << r.inputs << "  matches " << r.matches << "  pinned " << pinned;
  if (!detail.empty()) out << " (" << detail << ")";
  if (r.failure_count) out << "  FAILURES " << r.failure_count;
  return out.str();
}

}  // namespace mxconf::cuda_xcheck
