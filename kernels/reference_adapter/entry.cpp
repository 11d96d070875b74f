// The reference adapter's entry point: the exact reference behind the kernel ABI, following any policy bundle
// (MXCONF_CAP_POLICIES). The harness's self-check: every check run against it must pass.
#include "capabilities.hpp"
#include "mxconf/kernel.h"
#include "operations.hpp"

#ifndef MXCONF_VERSION
#define MXCONF_VERSION "unknown"
#endif

namespace {

const mxconf_kernel& kernel() {
  static const mxconf_kernel k{
      MXCONF_KERNEL_ABI_VERSION,
      "reference",
      "mxconf " MXCONF_VERSION " exact reference (Boost.Multiprecision)",
      mxconf::reference_adapter::capabilities().data(),
      mxconf::reference_adapter::capabilities().size(),
      mxconf::reference_adapter::convert,
      mxconf::reference_adapter::decode,
      mxconf::reference_adapter::quantize,
      mxconf::reference_adapter::dequantize,
      mxconf::reference_adapter::dot,
  };
  return k;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) { return &kernel(); }
