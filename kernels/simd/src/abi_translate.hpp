// The kernel ABI's C values (abi/include/mxconf/kernel.h) as the reference enums the SIMD codec takes. The
// one place the two numberings meet: when the shared ABI translator beside kernel.h exists, this file is replaced
// by it (kernel_entry.cpp calls only the functions below). nullopt: a value the ABI does not define.
#pragma once

#include <optional>

#include "mxconf/kernel.h"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/format.hpp"
#include "mxconf/reference/policy.hpp"
#include "mxconf/reference/rounding.hpp"
#include "mxconf/reference/scale_rule.hpp"

namespace mxconf::simd_codec::abi {

std::optional<FormatId> format(mxconf_format f);
std::optional<Rounding> rounding(mxconf_rounding r);
std::optional<Overflow> overflow(mxconf_overflow o);
std::optional<ScaleRule> scale_rule(mxconf_scale_rule r);
// mxconf_policies' element fields (numbered in declaration order, kernel.h); nullopt for NULL or a value out of range.
std::optional<ElementPolicies> element_policies(const mxconf_policies* p);
// The block fields, with the call's `rule` and element `overflow`.
std::optional<BlockPolicies> block_policies(const mxconf_policies* p, ScaleRule rule, Overflow element_overflow);

}  // namespace mxconf::simd_codec::abi
