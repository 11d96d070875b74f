#include "header.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/vectors/case_class.hpp"

namespace mxconf::vectors {

VectorFile make_decode_table(FormatId id) {
  const FormatSpec& f = format_spec(id);
  VectorFile file = detail::start_file("decode");
  file.set("format", std::string(f.name));
  file.set("clause", std::string(f.source));
  file.set("columns", "code value classes");
  for (std::uint64_t code = 0; code <= code_mask(f); ++code) {
    const ExactValue v = decode(f, code);
    CaseClasses classes;
    if (v.is_nan()) classes.add(CaseClass::nan);
    if (v.is_inf()) classes.add(CaseClass::inf);
    if (v.is_zero()) classes.add(CaseClass::zero);
    if (v.is_finite() && !v.is_zero() && f.encoding == Encoding::binary_float && f.has_subnormals &&
        v.floor_log2() < min_normal_exponent(f))
      classes.add(CaseClass::denormal_out);
    file.rows.push_back(Row{0, {detail::hex_fixed(code, f.bits), to_hex_float(v), classes.to_string()}});
  }
  file.set("cases", std::to_string(file.rows.size()));
  return file;
}

}  // namespace mxconf::vectors
