// Where input values come from (--from): a format's bit patterns, read as hex codes ("fp32" with 0x43e80000), or
// "exact": any text parse_exact_value takes (1.5, 0x1.dp+8, -0x1p-130, nan, inf).
#pragma once

#include <string>
#include <string_view>

#include "mxconf/reference/exact_value.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/policy.hpp"

namespace mxconf::cli {

class ValueSource {
 public:
  static constexpr std::string_view kExactName = "exact";

  // UsageError naming `option` when the text is neither "exact" nor a format name.
  static ValueSource parse(std::string_view option, std::string_view text);

  bool is_exact() const { return format_ == nullptr; }
  const FormatSpec& format() const { return *format_; }  // only when !is_exact()
  std::string_view name() const;

  // The exact value of one field after the source policy (SubnormalInput). LineError for malformed text;
  // InvalidArgument (from decode) for a code wider than the format.
  ExactValue read(std::string_view field, SubnormalInput subnormal_input) const;
  // Only for a format source: the field's code (LineError when malformed).
  std::uint64_t read_code(std::string_view field) const;

 private:
  explicit ValueSource(const FormatSpec* format) : format_(format) {}
  const FormatSpec* format_;
};

}  // namespace mxconf::cli
