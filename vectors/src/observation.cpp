#include "mxconf/vectors/observation.hpp"

#include <algorithm>
#include <filesystem>

#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "mxconf/vectors/generators.hpp"
#include "mxconf/vectors/vector_check.hpp"

namespace mxconf::vectors {
namespace {

// The folders after the last "observations" folder of a path: {library, version-folder, file} when laid out as
// docs/observations.md says; empty when the path has no "observations" folder.
std::vector<std::string> parts_after_observations(const std::string& path) {
  std::vector<std::string> parts;
  for (const auto& p : std::filesystem::path(path).lexically_normal()) parts.push_back(p.string());
  const auto it = std::find(parts.rbegin(), parts.rend(), "observations");
  if (it == parts.rend()) return {};
  return {it.base(), parts.end()};
}

bool is_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  return true;
}

const FormatSpec& format_key(const VectorFile& f, std::string_view key, const std::string& path) {
  const auto id = find_format(f.require(key, path));
  if (!id) throw VectorFileError(path, 1, "@" + std::string(key) + " names an unknown format");
  return format_spec(*id);
}

std::string code_text(const std::optional<std::uint64_t>& c) { return c ? to_hex_code(*c) : "-"; }

std::string range_text(const FormatSpec& from, std::uint64_t first, std::uint64_t last) {
  const int digits = (from.bits + 3) / 4;
  auto fixed = [&](std::uint64_t v) {
    std::string s = to_hex_code(v).substr(2);
    return "0x" + std::string(static_cast<std::size_t>(std::max(0, digits - static_cast<int>(s.size()))), '0') + s;
  };
  return first == last ? fixed(first) : fixed(first) + ".." + fixed(last);
}

void compare_intervals(const VectorFile& f, const std::string& path, const Profile& profile,
                       ObservationComparison& out) {
  const FormatSpec& from = format_key(f, "from", path);
  const FormatSpec& to = format_key(f, "to", path);
  const std::vector<Interval> observed = intervals_of(f, path);
  const EncodeOptions options = encode_options(profile, to);
  const std::vector<Interval> computed = intervals_of(
      make_convert_intervals(from.id, to.id, profile, options.rounding, options.policies.overflow), path);
  // Both tables cover every pattern: walk them together, comparing on each piece where both are constant.
  std::size_t i = 0, j = 0;
  std::uint64_t pos = 0;
  while (i < observed.size() && j < computed.size()) {
    const std::uint64_t end = std::min(observed[i].last, computed[j].last);
    const std::uint64_t n = end - pos + 1;
    out.inputs += n;
    if (observed[i].code != computed[j].code) {
      out.differing_inputs += n;
      out.differences.push_back({f.rows[i].line, range_text(from, pos, end), "code", code_text(observed[i].code),
                                 code_text(computed[j].code), n});
    }
    pos = end + 1;
    if (observed[i].last == end) ++i;
    if (computed[j].last == end) ++j;
  }
}

void compare_points(const VectorFile& f, const std::string& path, const Profile& profile,
                    ObservationComparison& out) {
  const FormatSpec& from = format_key(f, "from", path);
  const FormatSpec& to = format_key(f, "to", path);
  if (f.require("rounding", path) == "sr")
    throw VectorFileError(path, 1, "a stochastic-rounding observation cannot be compared (no random values)");
  const EncodeOptions options = encode_options(profile, to);
  for (const Row& row : f.rows) {
    const std::uint64_t input = *parse_hex_code(row.fields[0]);
    const std::optional<std::uint64_t> observed =
        row.fields[1] == "-" ? std::nullopt : parse_hex_code(row.fields[1]);
    // Empty where the profile gives this input no encoding (for example nan-into-finite=error).
    const auto computed = try_convert(from, input, to, options);
    ++out.inputs;
    if (observed != computed) {
      ++out.differing_inputs;
      out.differences.push_back({row.line, range_text(from, input, input), "code", code_text(observed),
                                 code_text(computed)});
    }
  }
}

void compare_decode(const VectorFile& f, const std::string& path, ObservationComparison& out) {
  const FormatSpec& format = format_key(f, "format", path);
  for (const Row& row : f.rows) {
    const std::uint64_t code = *parse_hex_code(row.fields[0]);
    const auto observed = parse_exact_value(row.fields[1]);
    const ExactValue computed = decode(format, code);
    ++out.inputs;
    const bool same = observed && ((observed->is_nan() && computed.is_nan()) || observed->identical(computed));
    if (!same) {
      ++out.differing_inputs;
      out.differences.push_back({row.line, to_hex_code(code), "value", row.fields[1], to_hex_float(computed)});
    }
  }
}

void compare_blocks(const VectorFile& f, const std::string& path, const Profile& profile,
                    ObservationComparison& out) {
  const FormatSpec& element = format_key(f, "element", path);
  const FormatSpec& from = f.find("from") ? format_key(f, "from", path) : format_spec(FormatId::fp32);
  if (f.require("rounding", path) == "sr")
    throw VectorFileError(path, 1, "a stochastic-rounding observation cannot be compared");
  const QuantizeOptions options = quantize_options(profile);
  for (const Row& row : f.rows) {
    const std::size_t k = (row.fields.size() - 3) / 2;
    std::vector<ExactValue> values;
    for (std::size_t i = 0; i < k; ++i) values.push_back(decode(from, *parse_hex_code(row.fields[2 + i])));
    const QuantizedBlock computed = quantize_block(values, element, options);
    const std::uint64_t scale = *parse_hex_code(row.fields[2 + k]);
    ++out.inputs;
    bool differs = false;
    if (scale != computed.scale) {
      differs = true;
      out.differences.push_back({row.line, row.fields[0], "scale", to_hex_code(scale), to_hex_code(computed.scale)});
    }
    if (scale == 0xff && computed.scale == 0xff && profile.comparison.nan_scale_elements_dont_care) {
      out.not_compared += k;
    } else {
      for (std::size_t i = 0; i < k; ++i) {
        const std::uint64_t code = *parse_hex_code(row.fields[3 + k + i]);
        if (code == computed.codes[i]) continue;
        differs = true;
        out.differences.push_back({row.line, row.fields[0], "p" + std::to_string(i), to_hex_code(code),
                                   to_hex_code(computed.codes[i])});
      }
    }
    if (differs) ++out.differing_inputs;
  }
}

}  // namespace

bool is_observation(const VectorFile& f, const std::string& path) {
  for (const auto key : kProvenanceKeys)
    if (f.find(key)) return true;
  return !parts_after_observations(path).empty();
}

std::string version_folder(std::string_view version) { return std::string(version.substr(0, version.find('+'))); }

void check_observation(const VectorFile& f, const std::string& path) {
  for (const auto key : kProvenanceKeys) {
    const auto v = f.find(key);
    if (!v) throw VectorFileError(path, 1, "observation header has no @" + std::string(key) + " (docs/observations.md)");
    if (v->find_first_not_of(" \t") == std::string_view::npos)
      throw VectorFileError(path, 1, "observation header's @" + std::string(key) + " is empty");
  }
  if (!is_date(*f.find("date")))
    throw VectorFileError(path, 1, "@date '" + std::string(*f.find("date")) + "' is not YYYY-MM-DD");
  const auto parts = parts_after_observations(path);
  if (parts.empty()) return;  // a copy elsewhere: the keys alone say what it is
  if (parts.size() != 3)
    throw VectorFileError(path, 1, "an observation lives in observations/<library>/<version>/FILE");
  const std::string library(*f.find("library"));
  if (parts[0] != library)
    throw VectorFileError(path, 1, "@library " + library + " does not match its folder observations/" + parts[0]);
  const std::string folder = version_folder(*f.find("version"));
  if (parts[1] != folder)
    throw VectorFileError(path, 1, "@version " + std::string(*f.find("version")) + " belongs in observations/" +
                                       library + "/" + folder + ", not " + parts[1]);
}

ObservationComparison compare_observation(const VectorFile& f, const std::string& path, const Profile& profile) {
  ObservationComparison out;
  const auto operation = f.require("operation", path);
  if (operation == "convert-intervals") {
    compare_intervals(f, path, profile, out);
  } else if (operation == "convert") {
    compare_points(f, path, profile, out);
  } else if (operation == "decode") {
    compare_decode(f, path, out);
  } else if (operation == "quantize") {
    compare_blocks(f, path, profile, out);
  } else {
    throw VectorFileError(path, 1, "@operation " + std::string(operation) + " is not an observable operation");
  }
  return out;
}

}  // namespace mxconf::vectors
