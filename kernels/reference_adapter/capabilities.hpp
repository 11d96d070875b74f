// What the reference adapter declares: every operation the ABI has, every format, rounding, overflow, scale rule
// and layout the reference implements, any block size, all under MXCONF_CAP_POLICIES.
#pragma once

#include <span>

#include "mxconf/kernel.h"

namespace mxconf::reference_adapter {

std::span<const mxconf_capability> capabilities();

}  // namespace mxconf::reference_adapter
