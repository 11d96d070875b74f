#include "value_source.hpp"

#include <bit>
#include <charconv>

#include "input_quote.hpp"

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

namespace {

// For a decimal with no exact binary value: the fp64 it rounds to (what Python's str() printed), as a pattern and
// a hex float, so the user can say what they mean. Only a hint: nothing is computed from it.
std::string decimal_hint(std::string_view field) {
  double d = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), d);
  if (ec != std::errc() || end != field.data() + field.size()) return "";
  const auto bits = std::bit_cast<std::uint64_t>(d);
  return "; as fp64 it rounds to " + to_hex_code(bits) + " = " + to_hex_float(decode(format_spec(FormatId::fp64), bits)) +
         " (give that pattern with --from fp64, or the hex float with --from exact; Python: float.hex(x))";
}

std::string not_exact(std::string_view field) {
  return quote_input(field) +
         " is not an exact value (hex float 0x1.8p+3, decimal with a finite binary expansion 1.5, integer, nan, inf)" +
         decimal_hint(field);
}

}  // namespace

std::uint64_t ValueSource::read_code(std::string_view field) const {
  if (has_hex_prefix(field) || field.empty()) return parse_hex_field(field, std::string(format_->name) + " code");
  // A bare number means the value it says (issue 9): 448 is 448, accepted when the format holds it exactly.
  const auto value = parse_exact_value(field);
  if (!value)
    throw LineError(not_exact(field) + "; a bit pattern is hex with 0x (for example 0x43e00000)");
  const std::uint64_t code = encode(*value, *format_, ieee_encode_options(Rounding::rtz));
  if (!decode(*format_, code).identical(*value) && !(value->is_nan() && decode(*format_, code).is_nan()))
    throw LineError(quote_input(field) + " is not a value of " + std::string(format_->name) +
                    " (nearest toward zero: " + to_hex_code(code) + "); give the bit pattern with 0x, or the value " +
                    "with --from exact");
  return code;
}

ExactValue ValueSource::read(std::string_view field, SubnormalInput subnormal_input) const {
  if (!is_exact()) return decode_source(*format_, read_code(field), subnormal_input);
  auto value = parse_exact_value(field);
  if (!value) throw LineError(not_exact(field));
  return *value;
}

}  // namespace mxconf::cli
