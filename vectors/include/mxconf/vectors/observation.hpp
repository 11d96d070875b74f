// Observations: vector files that record what a real library returned (docs/observations.md), and their
// comparison with what a profile computes.
//
// An observation is an ordinary vector file (decode, convert, convert-intervals or quantize) with five more header
// keys: @library, @version, @device, @date, @command. It lives in observations/<library>/<version-folder>/, where
// the version folder is @version up to any '+' (torch "2.11.0+cu130" -> 2.11.0).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mxconf/reference/profile.hpp"
#include "mxconf/vectors/vector_file.hpp"

namespace mxconf::vectors {

inline constexpr std::string_view kProvenanceKeys[] = {"library", "version", "device", "date", "command"};

// True when the file claims to be an observation (any provenance key) or lives under a folder named
// "observations": such a file must pass check_observation.
bool is_observation(const VectorFile& f, const std::string& path);

// Every provenance key present and non-empty, @date as YYYY-MM-DD, and the folder agreeing with @library and
// @version (when the path has an "observations" folder). Throws VectorFileError (FILE:LINE: why).
void check_observation(const VectorFile& f, const std::string& path);

// The version folder of a version: "2.11.0+cu130" -> "2.11.0".
std::string version_folder(std::string_view version);

struct ObservationDifference {
  std::size_t line = 0;      // the observation file's line
  std::string input;         // a pattern, a range "first..last", or a block name
  std::string what;          // "code", "scale", "p7", "value"
  std::string observed;
  std::string computed;      // what the profile gives
  std::uint64_t inputs = 1;  // how many inputs this difference stands for (a range's length)
};

struct ObservationComparison {
  std::uint64_t inputs = 0;            // inputs (patterns, codes or blocks) compared
  std::uint64_t differing_inputs = 0;  // of which gave another answer
  std::uint64_t not_compared = 0;      // element codes of NaN-scale blocks under nan_scale_elements_dont_care
  std::vector<ObservationDifference> differences;  // every difference, in file order
};

// Computes every observed case under `profile` and compares codes exactly (NaN codes too: an observation says
// which NaN). Decoded values compare exactly, any NaN matching any NaN. Throws VectorFileError for an operation
// that cannot be compared.
ObservationComparison compare_observation(const VectorFile& f, const std::string& path, const Profile& profile);

}  // namespace mxconf::vectors
