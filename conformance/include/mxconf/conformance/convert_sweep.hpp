// Conversion checks' shared pieces: a configuration (source, destination, rounding, overflow), its expected answers
// as an interval table under a profile, and the sweep that runs a range of 32-bit source patterns through a
// kernel against that table. The exhaustive tier sweeps all 2^32; tests sweep a sub-range.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mxconf/conformance/check.hpp"
#include "mxconf/vectors/interval_table.hpp"

namespace mxconf::conformance {

struct ConvertConfiguration {
  FormatId source;  // fp32, bf16, fp16
  FormatId target;  // an element format or e8m0
  Rounding rounding;
  Overflow overflow;
};

// "fp32-e4m3-rne-saturate": the middle part of the check names.
std::string to_string(const ConvertConfiguration& c);

// encode_options(profile, target) with the configuration's rounding and overflow: what the run expects.
EncodeOptions convert_options(const Profile& profile, const ConvertConfiguration& c);

// Every source pattern's expected code as maximal runs (vectors::build_interval_table), with the classes of each
// run (the tie class is left to the boundary patterns). A run with no code has no encoding under the policies
// (NaN under nan-into-finite=error, ...): don't-care. Memoised per configuration and policies.
std::shared_ptr<const std::vector<vectors::Interval>> convert_interval_table(const ConvertConfiguration& c,
                                                                             const Profile& profile);

// Runs source patterns first..last (inclusive) through kernel.convert in chunks of 2^20 on context.threads threads,
// comparing each with the table by a moving cursor (no reference call per input). Each chunk goes to the kernel in
// calls of at most 2^17 patterns, written row by row as ascending runs; a row's codes are compared with its one
// expected code 32 bytes at a time, and only the codes that differ go through codes_match and the classes, so
// the sweep runs at about the kernel's own speed. `name` names the result. Reports context.progress after each chunk
// (called from the worker threads, one call at a time). The caller has checked the kernel's capabilities.
CheckResult sweep_convert(const mxconf_kernel& kernel, const RunContext& context, const ConvertConfiguration& c,
                          std::uint64_t first, std::uint64_t last, const std::string& name,
                          Tier tier = Tier::exhaustive);

}  // namespace mxconf::conformance
