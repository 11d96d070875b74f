// Pieces shared by the convert checks: the kernel call for one batch and the explained mismatch.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "guarded_buffer.hpp"
#include "mxconf/conformance/convert_sweep.hpp"
#include "mxconf/conformance/result.hpp"
#include "result_builder.hpp"

namespace mxconf::conformance::detail {

struct ConvertCall {
  FormatId source, target;
  Rounding rounding;
  Overflow overflow;
  mxconf_layout layout;
  const mxconf_policies* policies;
};

// Runs kernel.convert on `patterns` (with `random` under SR). Returns the kernel_error note, or empty and the codes.
std::string call_convert(const mxconf_kernel& kernel, const ConvertCall& call, std::span<const std::uint64_t> patterns,
                         std::span<const std::uint32_t> random, std::vector<std::uint64_t>& codes);

// A mismatched conversion of `pattern`, explained as `mxconf explain` does.
Mismatch convert_mismatch(const FormatSpec& from, std::uint64_t pattern, const FormatSpec& to, std::uint64_t expected,
                          std::uint64_t got, const Profile& profile, const EncodeOptions& options,
                          vectors::CaseClasses classes);

// Counts a case per pattern and records each code of `got` that does not match `expected` (all three in the same
// order), explained and classed.
void compare_conversions(ResultBuilder& builder, const FormatSpec& from, const FormatSpec& to,
                         std::span<const std::uint64_t> patterns, std::span<const std::uint64_t> expected,
                         std::span<const std::uint64_t> got, const Profile& profile, const EncodeOptions& options);

// The note for inputs the profile's policies give no encoding: not sent, not compared.
void note_dont_care(ResultBuilder& builder, std::uint64_t count);

// Fixed-width hex of a source pattern ("0x43e80001"): patterns line up in reports.
std::string pattern_text(const FormatSpec& from, std::uint64_t pattern);

}  // namespace mxconf::conformance::detail
