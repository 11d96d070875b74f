// The kernel ABI's C enums and policy bytes as the reference's C++ enums, with range checks.
//
// kernel.h numbers mxconf_format, mxconf_rounding and mxconf_scale_rule from 1 in the order of the reference's
// FormatId, Rounding and ScaleRule declarations, and mxconf_policies holds each policy as its enumerator's
// position in policy.hpp / block.hpp / scale_rule.hpp (from 0). A value out of range is an invalid argument.
#pragma once

#include <cstdint>
#include <optional>

#include "mxconf/kernel.h"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/policy.hpp"
#include "mxconf/reference/rounding.hpp"
#include "mxconf/reference/scale_rule.hpp"

namespace mxconf::reference_adapter {

// ABI format, rounding, overflow and scale-rule values; empty when out of range.
std::optional<FormatId> to_format(mxconf_format f);
std::optional<Rounding> to_rounding(mxconf_rounding r);
std::optional<Overflow> to_overflow(mxconf_overflow o);
std::optional<ScaleRule> to_scale_rule(mxconf_scale_rule r);

// The ABI value of a reference enum (the inverse of the functions above).
constexpr mxconf_format to_abi(FormatId f) { return static_cast<mxconf_format>(static_cast<int>(f) + 1); }
constexpr mxconf_rounding to_abi(Rounding r) { return static_cast<mxconf_rounding>(static_cast<int>(r) + 1); }

// The element policies of `p` (p.overflow included; convert replaces it by its `overflow` argument); empty when
// any field is out of range.
std::optional<ElementPolicies> element_policies(const mxconf_policies& p);
// The block policies of `p` with the call's rule and element-step overflow; empty when any field is out of range.
std::optional<BlockPolicies> block_policies(const mxconf_policies& p, ScaleRule rule, Overflow element_overflow);

}  // namespace mxconf::reference_adapter
