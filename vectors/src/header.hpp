// Shared header fields of generated files.
#pragma once

#include <string>

#include "mxconf/reference/hexfloat.hpp"
#include "mxconf/reference/profile.hpp"
#include "mxconf/vectors/generators.hpp"

namespace mxconf::vectors::detail {

inline VectorFile start_file(std::string_view operation) {
  VectorFile f;
  f.set("operation", std::string(operation));
  f.set("generator", std::string(kGeneratorVersion));
  return f;
}

inline std::string hex(std::uint64_t code) { return to_hex_code(code); }

// Hex with a fixed number of digits (the width of `format`), so interval tables line up: 0x3a800000.
inline std::string hex_fixed(std::uint64_t code, int bits) {
  const int digits = (bits + 3) / 4;
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, code >>= 4) out[static_cast<std::size_t>(i)] = "0123456789abcdef"[code & 0xf];
  return "0x" + out;
}

}  // namespace mxconf::vectors::detail
