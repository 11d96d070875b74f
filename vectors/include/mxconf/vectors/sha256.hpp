// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits: the manifest's file hashes.
#pragma once

#include <string>
#include <string_view>

namespace mxconf::vectors {

std::string sha256_hex(std::string_view bytes);

}  // namespace mxconf::vectors
