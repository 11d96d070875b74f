#include "guarded_buffer.hpp"

#include "abi.hpp"

namespace mxconf::conformance::detail {
namespace {

// Guard bytes alternate two values so that neither a memset to 0x00 / 0xff nor a copied code is likely to match.
constexpr std::uint8_t guard_byte(std::size_t i) { return (i & 1) ? 0x5a : 0xa5; }
constexpr std::uint8_t kPoison = 0xcd;

}  // namespace

GuardedBuffer::GuardedBuffer(std::size_t bytes) { reset(bytes); }

void GuardedBuffer::reset(std::size_t bytes) {
  size_ = bytes;
  storage_.assign(bytes + kGuardBytes, kPoison);
  for (std::size_t i = 0; i < kGuardBytes; ++i) storage_[bytes + i] = guard_byte(i);
}

bool GuardedBuffer::guard_intact() const {
  for (std::size_t i = 0; i < kGuardBytes; ++i)
    if (storage_[size_ + i] != guard_byte(i)) return false;
  return true;
}

std::string call_problem(const char* operation, int status,
                         std::initializer_list<std::pair<const char*, const GuardedBuffer*>> outputs) {
  for (const auto& [name, buffer] : outputs)
    if (!buffer->guard_intact())
      return std::string(operation) + " wrote past its output (the guard bytes after `" + name + "` changed)";
  if (status != MXCONF_STATUS_OK) return std::string(operation) + " returned " + status_name(status);
  return {};
}

}  // namespace mxconf::conformance::detail
