#include "python_kernel.hpp"

#include <cstring>
#include <mutex>
#include <stdexcept>

#include "mxconf/conformance/check.hpp"
#include "mxconf/harness/isolation.hpp"
#include "mxconf/harness/kernel_loader.hpp"
#include "mxconf/harness/runner.hpp"
#include "mxconf/kernel.h"
#include "options.hpp"

namespace nb = nanobind;

namespace mxconf::python {
namespace {

// The active callable (see the header: the ABI has no user-data pointer).
struct ActiveKernel {
  nb::callable adapter;
  std::string error;  // the last exception's text, cleared before each check
};
ActiveKernel* g_active = nullptr;
std::mutex g_run_mutex;

std::size_t source_bytes(mxconf_format f) { return f == MXCONF_FORMAT_FP32 ? 4 : 2; }

std::size_t code_bytes(mxconf_format element, mxconf_layout layout, std::size_t count) {
  if (layout != MXCONF_LAYOUT_PACKED) return count;
  if (element == MXCONF_FORMAT_E2M1) return (count + 1) / 2;
  if (element == MXCONF_FORMAT_E3M2 || element == MXCONF_FORMAT_E2M3) return (count * 6 + 7) / 8;
  return count;
}

nb::bytes bytes_of(const void* p, std::size_t n) { return nb::bytes(static_cast<const char*>(p), n); }

// Copies the adapter's bytes into `out`; a wrong length is the kernel's error (the adapter checks shapes first, so
// this is a second line).
void copy_out(const nb::handle& result, void* out, std::size_t n, const char* what) {
  if (!nb::isinstance<nb::bytes>(result)) throw std::runtime_error(std::string(what) + ": adapter did not return bytes");
  const auto b = nb::borrow<nb::bytes>(result);
  if (b.size() != n)
    throw std::runtime_error(std::string(what) + ": " + std::to_string(b.size()) + " bytes, expected " +
                             std::to_string(n));
  std::memcpy(out, b.c_str(), n);
}

template <typename F>
int guarded(F&& f) {
  nb::gil_scoped_acquire gil;
  if (g_active == nullptr) return MXCONF_STATUS_INTERNAL_ERROR;
  try {
    f(*g_active);
    return MXCONF_STATUS_OK;
  } catch (nb::python_error& e) {
    g_active->error = e.what();
  } catch (const std::exception& e) {
    g_active->error = e.what();
  }
  return MXCONF_STATUS_INTERNAL_ERROR;
}

int convert_entry(const mxconf_convert_args* a) {
  return guarded([&](ActiveKernel& k) {
    nb::dict d;
    d["source"] = static_cast<int>(a->source);
    d["target"] = static_cast<int>(a->target);
    d["rounding"] = static_cast<int>(a->rounding);
    d["overflow"] = static_cast<int>(a->overflow);
    d["layout"] = static_cast<int>(a->layout);
    d["count"] = a->count;
    d["input"] = bytes_of(a->input, a->count * source_bytes(a->source));
    d["random"] = a->random ? nb::object(bytes_of(a->random, a->count * 4)) : nb::none();
    copy_out(k.adapter("convert", d), a->output, code_bytes(a->target, a->layout, a->count), "convert");
  });
}

int decode_entry(const mxconf_decode_args* a) {
  return guarded([&](ActiveKernel& k) {
    nb::dict d;
    d["source"] = static_cast<int>(a->source);
    d["target"] = static_cast<int>(a->target);
    d["layout"] = static_cast<int>(a->layout);
    d["count"] = a->count;
    d["input"] = bytes_of(a->input, code_bytes(a->source, a->layout, a->count));
    copy_out(k.adapter("decode", d), a->output, a->count * 4, "decode");
  });
}

int quantize_entry(const mxconf_quantize_args* a) {
  return guarded([&](ActiveKernel& k) {
    const std::size_t n = a->blocks * a->block_size;
    nb::dict d;
    d["source"] = static_cast<int>(a->source);
    d["element"] = static_cast<int>(a->element);
    d["rule"] = static_cast<int>(a->rule);
    d["rounding"] = static_cast<int>(a->rounding);
    d["overflow"] = static_cast<int>(a->overflow);
    d["layout"] = static_cast<int>(a->layout);
    d["block_size"] = a->block_size;
    d["blocks"] = a->blocks;
    d["input"] = bytes_of(a->input, n * source_bytes(a->source));
    d["random"] = a->random ? nb::object(bytes_of(a->random, n * 4)) : nb::none();
    const nb::object r = k.adapter("quantize", d);
    if (!nb::isinstance<nb::tuple>(r) || nb::len(r) != 2)
      throw std::runtime_error("quantize: adapter did not return (scales, codes)");
    const nb::object scales = r[0], codes = r[1];
    copy_out(scales, a->scales, a->blocks, "quantize scales");
    copy_out(codes, a->codes, code_bytes(a->element, a->layout, n), "quantize codes");
  });
}

int dequantize_entry(const mxconf_dequantize_args* a) {
  return guarded([&](ActiveKernel& k) {
    const std::size_t n = a->blocks * a->block_size;
    nb::dict d;
    d["element"] = static_cast<int>(a->element);
    d["target"] = static_cast<int>(a->target);
    d["rounding"] = static_cast<int>(a->rounding);
    d["layout"] = static_cast<int>(a->layout);
    d["block_size"] = a->block_size;
    d["blocks"] = a->blocks;
    d["scales"] = bytes_of(a->scales, a->blocks);
    d["codes"] = bytes_of(a->codes, code_bytes(a->element, a->layout, n));
    copy_out(k.adapter("dequantize", d), a->output, n * source_bytes(a->target), "dequantize");
  });
}

mxconf_format abi_format(const std::string& argument, const std::string& name) {
  switch (require_format(argument, name)) {
    case FormatId::e4m3: return MXCONF_FORMAT_E4M3;
    case FormatId::e5m2: return MXCONF_FORMAT_E5M2;
    case FormatId::e3m2: return MXCONF_FORMAT_E3M2;
    case FormatId::e2m3: return MXCONF_FORMAT_E2M3;
    case FormatId::e2m1: return MXCONF_FORMAT_E2M1;
    case FormatId::int8: return MXCONF_FORMAT_INT8;
    case FormatId::e8m0: return MXCONF_FORMAT_E8M0;
    case FormatId::fp32: return MXCONF_FORMAT_FP32;
    case FormatId::bf16: return MXCONF_FORMAT_BF16;
    case FormatId::fp16: return MXCONF_FORMAT_FP16;
    default: throw std::invalid_argument(argument + "=: format '" + name + "' has no kernel.h value");
  }
}

// kernel.h numbers the enums from 1 in the reference's order (rounding, overflow, scale rule).
std::uint32_t rounding_mask(const std::vector<std::string>& names) {
  std::uint32_t m = 0;
  for (const auto& n : names) m |= 1u << (static_cast<unsigned>(require_rounding("rounding", n)) + 1);
  return m;
}
std::uint32_t overflow_mask(const std::vector<std::string>& names) {
  std::uint32_t m = 0;
  for (const auto& n : names) {
    const auto o = parse_overflow(n);
    if (!o) throw std::invalid_argument("overflow=: unknown value '" + n + "' (valid: saturate, nonsat)");
    m |= 1u << (static_cast<unsigned>(*o) + 1);
  }
  return m;
}
std::uint32_t rule_mask(const std::vector<std::string>& names) {
  std::uint32_t m = 0;
  for (const auto& n : names) {
    const auto r = parse_scale_rule(n);
    if (!r) throw std::invalid_argument("rule=: unknown scale rule '" + n + "'");
    m |= 1u << (static_cast<unsigned>(*r) + 1);
  }
  return m;
}

mxconf_capability to_capability(const CapabilitySpec& s) {
  mxconf_capability c{};
  if (s.operation == "convert") c.operation = MXCONF_OP_CONVERT;
  else if (s.operation == "decode") c.operation = MXCONF_OP_DECODE;
  else if (s.operation == "quantize") c.operation = MXCONF_OP_QUANTIZE;
  else if (s.operation == "dequantize") c.operation = MXCONF_OP_DEQUANTIZE;
  else throw std::invalid_argument("operation '" + s.operation + "' (valid: convert, decode, quantize, dequantize)");
  c.source = abi_format("source", s.source);
  c.target = abi_format("target", s.target);
  c.rounding_mask = rounding_mask(s.roundings);
  c.overflow_mask = overflow_mask(s.overflows);
  c.scale_rule_mask = rule_mask(s.rules);
  if (s.layout == "byte") c.layout_mask = 1u << MXCONF_LAYOUT_BYTE;
  else if (s.layout == "packed") c.layout_mask = 1u << MXCONF_LAYOUT_PACKED;
  else throw std::invalid_argument("layout=: '" + s.layout + "' (valid: byte, packed)");
  c.max_block_size = 32;
  c.sr_bits = s.sr_bits;
  return c;
}

}  // namespace

conformance::Report run_python_checks(nb::callable adapter, const std::vector<CapabilitySpec>& capabilities,
                                      const CheckRunSpec& spec) {
  const Profile& profile = require_profile(spec.profile);
  const auto tier = harness::parse_tier(spec.tier);
  if (!tier) throw std::invalid_argument("tier=: '" + spec.tier + "' (valid: fast, exhaustive)");
  std::vector<mxconf_capability> caps;
  for (const auto& s : capabilities) caps.push_back(to_capability(s));

  mxconf_kernel kernel{};
  kernel.abi_version = MXCONF_KERNEL_ABI_VERSION;
  kernel.name = spec.kernel_name.c_str();
  kernel.version = "python";
  kernel.capabilities = caps.data();
  kernel.capability_count = caps.size();
  kernel.convert = convert_entry;
  kernel.decode = decode_entry;
  kernel.quantize = quantize_entry;
  kernel.dequantize = dequantize_entry;
  harness::validate_kernel(&kernel, spec.kernel_path);

  conformance::Report report;
  report.tool_version = harness::tool_version();
  report.kernel_name = spec.kernel_name;
  report.kernel_version = kernel.version;
  report.kernel_path = spec.kernel_path;
  report.profile = std::string(profile.name);
  report.tier = spec.tier;
  report.seed = spec.seed;

  conformance::RunContext context;
  context.profile = &profile;
  context.tier = *tier;
  context.vectors_dir =
      spec.vectors_dir.empty() ? harness::default_vectors_dir() : std::filesystem::path(spec.vectors_dir);
  context.threads = 1;  // one Python thread calls the function (the GIL would serialise more anyway)
  context.max_reported_mismatches = spec.max_mismatches;
  context.seed = spec.seed;

  ActiveKernel active{adapter, {}};
  {
    nb::gil_scoped_release release;
    std::lock_guard lock(g_run_mutex);
    g_active = &active;
    try {
      for (const auto& check : conformance::make_checks(*tier)) {
        if (!harness::check_name_matches(spec.only, check->name())) continue;
        if (check->missing_capability(kernel)) continue;
        {
          nb::gil_scoped_acquire gil;
          active.error.clear();
        }
        conformance::CheckResult result = harness::run_in_process(*check, kernel, context);
        nb::gil_scoped_acquire gil;
        if (result.status == conformance::CheckStatus::kernel_error && !active.error.empty())
          result.note += (result.note.empty() ? "" : "; ") + std::string("Python: ") + active.error;
        report.checks.push_back(std::move(result));
      }
    } catch (...) {
      g_active = nullptr;
      throw;
    }
    g_active = nullptr;
  }
  if (report.checks.empty())
    throw std::invalid_argument("no check of tier '" + spec.tier + "' applies to " + spec.kernel_name +
                                (spec.only.empty() ? "" : " matching only='" + spec.only + "'") +
                                ": nothing would be compared (a run of zero checks is an error, not a pass)");
  return report;
}

}  // namespace mxconf::python
