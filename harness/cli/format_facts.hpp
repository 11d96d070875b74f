// The facts `mxconf formats` shows for one format row, as text: everything is derived by the reference
// (format.hpp helpers, decode, encode); this file only words it.
#pragma once

#include <string>

#include "mxconf/reference/format.hpp"

namespace mxconf::cli {

struct FormatFacts {
  std::string name, alias, bits, encoding, exponent_bits, mantissa_bits, bias, is_signed, subnormals, specials;
  std::string max_finite;     // "0x7e = 0x1.cp+8"
  std::string min_normal;     // "0x8 = 0x1p-6", "-" where the format has no normal binade (int8)
  std::string min_subnormal;  // "0x1 = 0x1p-9", "-" without subnormals
  std::string nan_codes;      // "0x7f, 0xff", "0x7d-0x7f, 0xfd-0xff", "none"
  std::string inf_codes;      // "0x7c, 0xfc", "none"
  std::string source;
};

FormatFacts describe_format(const FormatSpec& format);

}  // namespace mxconf::cli
