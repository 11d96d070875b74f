// Output buffers with guard bytes: every buffer a check hands to a kernel has 64 bytes after it filled with a
// pattern; a changed guard byte means the kernel wrote past its output (CheckStatus::kernel_error).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mxconf::conformance::detail {

inline constexpr std::size_t kGuardBytes = 64;

class GuardedBuffer {
 public:
  // `bytes` of output, filled with a poison pattern (a kernel that writes nothing gives wrong answers, not
  // stale right ones), then the guard.
  explicit GuardedBuffer(std::size_t bytes = 0);
  void reset(std::size_t bytes);

  std::uint8_t* bytes() { return storage_.data(); }
  const std::uint8_t* bytes() const { return storage_.data(); }
  template <typename T>
  T* as() {
    return reinterpret_cast<T*>(storage_.data());
  }
  template <typename T>
  T at(std::size_t i) const {  // element i of a T array (no alignment assumption)
    T v{};
    const std::uint8_t* p = storage_.data() + i * sizeof(T);
    std::uint8_t* q = reinterpret_cast<std::uint8_t*>(&v);
    for (std::size_t k = 0; k < sizeof(T); ++k) q[k] = p[k];
    return v;
  }
  std::size_t size() const { return size_; }
  bool guard_intact() const;

 private:
  std::size_t size_ = 0;
  std::vector<std::uint8_t> storage_;  // size_ + kGuardBytes; 8-byte aligned by std::allocator
};

// The kernel_error note for a call, or empty when the status is OK and every guard is intact:
// "convert returned INTERNAL_ERROR", "convert wrote past its output (guard bytes after `scales` changed)".
std::string call_problem(const char* operation, int status,
                         std::initializer_list<std::pair<const char*, const GuardedBuffer*>> outputs);

}  // namespace mxconf::conformance::detail
