#include "abi.hpp"

namespace mxconf::conformance::detail {
namespace {

constexpr std::uint32_t bit(unsigned v) { return 1u << v; }

template <typename E>
std::uint8_t position(E e) {
  return static_cast<std::uint8_t>(e);
}

}  // namespace

// kernel.h numbers formats, roundings, overflows and scale rules from 1, in the reference's declaration order.
mxconf_format to_abi(FormatId f) { return static_cast<mxconf_format>(static_cast<int>(f) + 1); }
mxconf_rounding to_abi(Rounding r) { return static_cast<mxconf_rounding>(static_cast<int>(r) + 1); }
mxconf_overflow to_abi(Overflow o) { return static_cast<mxconf_overflow>(static_cast<int>(o) + 1); }
mxconf_scale_rule to_abi(ScaleRule r) { return static_cast<mxconf_scale_rule>(static_cast<int>(r) + 1); }

mxconf_policies abi_policies(const Profile& p) {
  const ElementPolicies& e = p.element;
  const BlockPolicies& b = p.block;
  mxconf_policies out{};
  out.overflow = position(e.overflow);
  out.directed_overflow = position(e.directed_overflow);
  out.inf_under_saturation = position(e.inf_under_saturation);
  out.nan_sign = position(e.nan_encoding.sign);
  out.nan_mantissa = position(e.nan_encoding.mantissa);
  out.nan_into_finite = position(e.nan_into_finite);
  out.int8_range = position(e.int8_range);
  out.subnormal_input = position(e.subnormal_input);
  out.negative_into_unsigned = position(e.negative_into_unsigned);
  out.zero_into_e8m0 = position(e.zero_into_e8m0);
  out.e8m0_subnormal_rounding = position(e.e8m0_subnormal_rounding);
  out.block_nan = position(b.nan);
  out.block_inf = position(b.inf);
  out.zero_amax = position(b.zero_amax);
  out.scale_overflow = position(b.scale_overflow);
  out.element_overflow = position(b.element_overflow);
  out.inf_into_finite = position(e.inf_into_finite);
  out.e8m0_overflow = position(e.e8m0_overflow);
  out.min_scale_divisor = position(b.min_scale_divisor);
  return out;
}

std::string status_name(int status) {
  switch (status) {
    case MXCONF_STATUS_OK: return "OK";
    case MXCONF_STATUS_UNSUPPORTED: return "UNSUPPORTED";
    case MXCONF_STATUS_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case MXCONF_STATUS_INTERNAL_ERROR: return "INTERNAL_ERROR";
    default: return "status " + std::to_string(status);
  }
}

std::string_view operation_name(mxconf_operation op) {
  switch (op) {
    case MXCONF_OP_CONVERT: return "convert";
    case MXCONF_OP_DECODE: return "decode";
    case MXCONF_OP_QUANTIZE: return "quantize";
    case MXCONF_OP_DEQUANTIZE: return "dequantize";
    case MXCONF_OP_DOT: return "dot";
  }
  return "unknown operation";
}

std::string describe(const CapabilityQuery& q) {
  std::string s = std::string(operation_name(q.operation)) + " " + std::string(format_spec(q.source).name) + " -> " +
                  std::string(format_spec(q.target).name);
  if (q.rule) s += ", scale rule " + std::string(to_string(*q.rule));
  if (q.rounding) s += ", rounding " + std::string(to_string(*q.rounding));
  if (q.sr_bits) s += " with " + std::to_string(*q.sr_bits) + " random bits";
  if (q.overflow) s += ", overflow " + std::string(to_string(*q.overflow));
  if (q.block_of_32) s += ", block size 32";
  return s;
}

std::variant<mxconf_layout, std::string> find_capability(const mxconf_kernel& kernel, const CapabilityQuery& q) {
  // The closest declared capability decides the message: "declares rne only" helps more than "not declared".
  std::string why = "no capability declared for " + describe(q);
  const mxconf_format source = to_abi(q.source);
  const mxconf_format target = to_abi(q.target);
  for (std::size_t i = 0; i < kernel.capability_count; ++i) {
    const mxconf_capability& c = kernel.capabilities[i];
    if (c.operation != q.operation || c.source != source || c.target != target) continue;
    if (q.rounding && !(c.rounding_mask & bit(to_abi(*q.rounding)))) {
      why = "declares " + describe(q) + " without that rounding mode";
      continue;
    }
    if (q.overflow && !(c.overflow_mask & bit(to_abi(*q.overflow)))) {
      why = "declares " + describe(q) + " without that overflow mode";
      continue;
    }
    if (q.rule && !(c.scale_rule_mask & bit(to_abi(*q.rule)))) {
      why = "declares " + describe(q) + " without that scale rule";
      continue;
    }
    if (q.sr_bits && c.sr_bits != *q.sr_bits) {
      why = "declares stochastic rounding with " + std::to_string(c.sr_bits) + " random bits, the check needs " +
            std::to_string(*q.sr_bits);
      continue;
    }
    if (q.block_of_32 && c.max_block_size != 0 && c.max_block_size < 32) {
      why = "declares a largest block size of " + std::to_string(c.max_block_size) + ", below 32";
      continue;
    }
    if (c.layout_mask & bit(MXCONF_LAYOUT_BYTE)) return MXCONF_LAYOUT_BYTE;
    if (c.layout_mask & bit(MXCONF_LAYOUT_PACKED)) return MXCONF_LAYOUT_PACKED;
    why = "declares " + describe(q) + " with no known code layout";
  }
  return why;
}

std::optional<std::string> missing(const mxconf_kernel& kernel, const CapabilityQuery& q) {
  const auto found = find_capability(kernel, q);
  if (const auto* why = std::get_if<std::string>(&found)) return *why;
  return std::nullopt;
}

mxconf_layout layout_for(const mxconf_kernel& kernel, const CapabilityQuery& q) {
  return std::get<mxconf_layout>(find_capability(kernel, q));
}

}  // namespace mxconf::conformance::detail
