#include "value_source.hpp"

#include "enum_listing.hpp"
#include "input_fields.hpp"
#include "line_error.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "names.hpp"
#include "usage_error.hpp"

namespace mxconf::cli {

ValueSource ValueSource::parse(std::string_view option, std::string_view text) {
  if (text == kExactName) return ValueSource(nullptr);
  const auto id = find_format(text);
  if (!id)
    throw UsageError(std::string(option) + ": unknown source '" + std::string(text) +
                     "' (valid: " + join(format_names()) + ", " + std::string(kExactName) + ")");
  return ValueSource(&format_spec(*id));
}

std::string_view ValueSource::name() const { return is_exact() ? kExactName : format_->name; }

std::uint64_t ValueSource::read_code(std::string_view field) const {
  return parse_hex_field(field, std::string(format_->name) + " code");
}

ExactValue ValueSource::read(std::string_view field, SubnormalInput subnormal_input) const {
  if (!is_exact()) return decode_source(*format_, read_code(field), subnormal_input);
  auto value = parse_exact_value(field);
  if (!value)
    throw LineError("'" + std::string(field) +
                    "' is not an exact value (hex float 0x1.8p+3, dyadic decimal 1.5, integer, nan, inf)");
  return *value;
}

}  // namespace mxconf::cli
