#include "mxconf/conformance/result.hpp"

namespace mxconf::conformance {

std::string_view to_string(CheckStatus s) {
  switch (s) {
    case CheckStatus::pass: return "pass";
    case CheckStatus::fail: return "fail";
    case CheckStatus::skipped: return "skipped";
    case CheckStatus::kernel_error: return "kernel-error";
  }
  return "unknown";
}

int Report::exit_code() const {
  bool failed = false;
  for (const auto& c : checks) {
    if (c.status == CheckStatus::kernel_error) return 3;  // a kernel error outranks any failure
    failed = failed || c.status == CheckStatus::fail;
  }
  return failed ? 1 : 0;
}

}  // namespace mxconf::conformance
