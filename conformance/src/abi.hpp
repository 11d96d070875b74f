// The conformance side of the kernel ABI: reference enums to ABI values, the profile as mxconf_policies, status
// names, and finding the capability a check needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "mxconf/kernel.h"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/profile.hpp"

namespace mxconf::conformance::detail {

mxconf_format to_abi(FormatId f);  // e4m3 .. fp16 (the formats kernel.h names)
mxconf_rounding to_abi(Rounding r);
mxconf_overflow to_abi(Overflow o);
mxconf_scale_rule to_abi(ScaleRule r);

// The profile's policies, numbered as the reference enumerators (kernel.h: mxconf_policies). Kernels that declare
// MXCONF_CAP_POLICIES follow them; the others have their policies fixed and are checked against the profile.
mxconf_policies abi_policies(const Profile& profile);

// "OK", "UNSUPPORTED", "INVALID_ARGUMENT", "INTERNAL_ERROR", or "status 17".
std::string status_name(int status);

// What a check needs from the kernel. Unset fields are not asked for.
struct CapabilityQuery {
  mxconf_operation operation;
  FormatId source;
  FormatId target;
  std::optional<Rounding> rounding;
  std::optional<Overflow> overflow;
  std::optional<ScaleRule> rule;
  std::optional<std::uint32_t> sr_bits;  // with Rounding::sr
  bool block_of_32 = false;              // QUANTIZE / DEQUANTIZE / DOT: k = 32 must be allowed
};

// "convert fp32 -> e4m3, rounding rtz, overflow saturate".
std::string describe(const CapabilityQuery& q);

// The layout to use (BYTE where declared, else PACKED), or why the kernel cannot run the query.
std::variant<mxconf_layout, std::string> find_capability(const mxconf_kernel& kernel, const CapabilityQuery& q);

// The missing-capability text of find_capability, or empty when the kernel can run the query.
std::optional<std::string> missing(const mxconf_kernel& kernel, const CapabilityQuery& q);
mxconf_layout layout_for(const mxconf_kernel& kernel, const CapabilityQuery& q);  // q must be supported

std::string_view operation_name(mxconf_operation op);

}  // namespace mxconf::conformance::detail
