// Expected answers memoised across checks and runs in one process (several kernels, several doubles in tests, the
// edges and exhaustive parts of one configuration): keyed by everything that decides them.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace mxconf::conformance::detail {

// The cached object for `key`, made by `make` (outside the lock) on first use. At most a few hundred entries are
// kept; past that the cache starts afresh.
std::shared_ptr<const void> memoised(const std::string& key, const std::function<std::shared_ptr<const void>()>& make);

template <typename T>
std::shared_ptr<const T> memoised_as(const std::string& key, const std::function<std::shared_ptr<const T>()>& make) {
  return std::static_pointer_cast<const T>(memoised(key, [&]() -> std::shared_ptr<const void> { return make(); }));
}

}  // namespace mxconf::conformance::detail
