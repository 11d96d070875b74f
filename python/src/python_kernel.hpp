// A Python callable as an mxconf kernel (kernel.h), so mxconf.testing runs exactly the checks of `mxconf run`.
//
// The C ABI has no user-data pointer, so one callable is active at a time (a process-wide slot; runs are
// serialised by the GIL: run_python_checks holds a lock while it runs). Each kernel.h call re-acquires the GIL and
// calls the Python `adapter(operation, arguments)` with the harness's input buffers as bytes; the adapter calls
// the user's function, checks what it returned (dtype, shape, device) and returns the output buffer as bytes. An
// exception in the adapter or the user's function becomes MXCONF_STATUS_INTERNAL_ERROR (a kernel_error result)
// and its text is appended to that check's note: a crashing kernel is reported, not hidden.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nanobind/nanobind.h>

#include "mxconf/conformance/result.hpp"

namespace mxconf::python {

// One capability, in the names of the CLI ("convert", "fp32", "e4m3", ["rne"], ["saturate"], [], "byte").
struct CapabilitySpec {
  std::string operation;  // convert, decode, quantize, dequantize
  std::string source, target;
  std::vector<std::string> roundings, overflows, rules;
  std::string layout = "byte";  // byte or packed
  std::uint32_t sr_bits = 0;
};

struct CheckRunSpec {
  std::string kernel_name;     // for reports: the callable's qualified name
  std::string kernel_path;     // "python:module.function"
  std::string profile = "ocp";
  std::string tier = "fast";   // fast, exhaustive
  std::string only;            // as mxconf run --only (glob or substring); empty: all
  std::string vectors_dir;     // golden vectors
  std::size_t max_mismatches = 5;
  std::uint64_t seed = 1;
};

// Runs every check of the tier that the capabilities make applicable (checks the kernel cannot run are left out of
// the report: a Python kernel declares one conversion at a time). Throws std::invalid_argument when none applies
// (a run of zero checks must not pass) or a name is unknown.
conformance::Report run_python_checks(nanobind::callable adapter, const std::vector<CapabilitySpec>& capabilities,
                                      const CheckRunSpec& spec);

}  // namespace mxconf::python
