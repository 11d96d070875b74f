#include "expected_cache.hpp"

#include <map>
#include <mutex>

namespace mxconf::conformance::detail {
namespace {

// 16-bit sources take 128 KiB per configuration: 512 entries bound the cache near 64 MiB.
constexpr std::size_t kMaxEntries = 512;

std::mutex& cache_mutex() {
  static std::mutex m;
  return m;
}
std::map<std::string, std::shared_ptr<const void>>& cache() {
  static std::map<std::string, std::shared_ptr<const void>> c;
  return c;
}

}  // namespace

std::shared_ptr<const void> memoised(const std::string& key, const std::function<std::shared_ptr<const void>()>& make) {
  {
    std::lock_guard lock(cache_mutex());
    const auto it = cache().find(key);
    if (it != cache().end()) return it->second;
  }
  auto value = make();  // two threads may both make it; the results are equal
  std::lock_guard lock(cache_mutex());
  if (cache().size() >= kMaxEntries) cache().clear();
  return cache().emplace(key, std::move(value)).first->second;
}

}  // namespace mxconf::conformance::detail
