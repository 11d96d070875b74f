#include "layout.hpp"

namespace mxconf::conformance::detail {
namespace {

bool packed(int width, mxconf_layout layout) { return layout == MXCONF_LAYOUT_PACKED && width < 8; }

}  // namespace

std::size_t code_bytes(std::size_t count, int width, mxconf_layout layout) {
  if (!packed(width, layout)) return count;
  return (count * static_cast<std::size_t>(width) + 7) / 8;
}

void pack_codes(std::span<const std::uint64_t> codes, int width, mxconf_layout layout, std::uint8_t* out) {
  if (!packed(width, layout)) {
    for (std::size_t i = 0; i < codes.size(); ++i) out[i] = static_cast<std::uint8_t>(codes[i]);
    return;
  }
  const std::size_t n = code_bytes(codes.size(), width, layout);
  for (std::size_t i = 0; i < n; ++i) out[i] = 0;
  const std::uint64_t mask = (std::uint64_t{1} << width) - 1;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const std::size_t bit = i * static_cast<std::size_t>(width);
    const unsigned shift = static_cast<unsigned>(bit % 8);
    const std::uint64_t window = (codes[i] & mask) << shift;  // at most 6 + 7 bits: spans two bytes at most
    out[bit / 8] = static_cast<std::uint8_t>(out[bit / 8] | (window & 0xff));
    if (shift + static_cast<unsigned>(width) > 8) out[bit / 8 + 1] = static_cast<std::uint8_t>(out[bit / 8 + 1] | (window >> 8));
  }
}

std::vector<std::uint64_t> unpack_codes(const std::uint8_t* in, std::size_t count, int width, mxconf_layout layout) {
  std::vector<std::uint64_t> out(count);
  if (!packed(width, layout)) {
    for (std::size_t i = 0; i < count; ++i) out[i] = in[i];
    return out;
  }
  const std::uint64_t mask = (std::uint64_t{1} << width) - 1;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t bit = i * static_cast<std::size_t>(width);
    const unsigned shift = static_cast<unsigned>(bit % 8);
    std::uint64_t window = in[bit / 8];
    if (shift + static_cast<unsigned>(width) > 8) window |= static_cast<std::uint64_t>(in[bit / 8 + 1]) << 8;
    out[i] = (window >> shift) & mask;
  }
  return out;
}

void unpack_codes(const std::uint8_t* in, std::size_t count, int width, mxconf_layout layout, std::uint8_t* out) {
  if (!packed(width, layout)) {
    for (std::size_t i = 0; i < count; ++i) out[i] = in[i];
    return;
  }
  const unsigned mask = (1u << width) - 1;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t bit = i * static_cast<std::size_t>(width);
    const unsigned shift = static_cast<unsigned>(bit % 8);
    unsigned window = in[bit / 8];
    if (shift + static_cast<unsigned>(width) > 8) window |= static_cast<unsigned>(in[bit / 8 + 1]) << 8;
    out[i] = static_cast<std::uint8_t>((window >> shift) & mask);
  }
}

}  // namespace mxconf::conformance::detail
