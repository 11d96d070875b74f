// The exhaustive convert check on the GPU (docs/architecture.md, "The device path"): for a kernel with a device
// entry (kernel.h, ABI minor 1) whose capability for the configuration carries MXCONF_CAP_DEVICE_MEMORY, the inputs
// are generated in device memory, converted there by the device entry, and compared there with the interval table
// by libmxconf_device_sweep (device_compare/sweep.h), which is loaded at run time: this library needs no CUDA, and
// where the library or a GPU is missing the host sweep (convert_sweep.cpp) runs as before, with a note saying why.
#pragma once

#include <functional>
#include <string>

#include "mxconf/conformance/convert_sweep.hpp"

namespace mxconf::conformance::detail {

// Which sweep runs, and the note that says so ("" where the kernel never asked for the device: the host sweep's
// report is then exactly what it was before the device path existed).
struct SweepChoice {
  bool device = false;
  std::string note;
};

// Everything that decides the path except the probe of the library and the GPU, which is called last and only when
// everything else allows the device (it initialises CUDA). `probe` returns "" when a GPU can be used, else why not.
// The environment variable MXCONF_DEVICE_SWEEP=off keeps every sweep on the host.
SweepChoice choose_sweep(const mxconf_kernel& kernel, const mxconf_device_kernel* device,
                         const ConvertConfiguration& c, const std::function<std::string()>& probe);

// "" when libmxconf_device_sweep loads and finds a GPU; else why not. Looked for at $MXCONF_DEVICE_SWEEP_LIBRARY,
// beside the running executable, then where this build put it.
std::string probe_device_sweep();

// The whole 2^32 sweep on the device: the same counts, classes, first mismatches (explained on the host) and
// don't-care note as sweep_convert, plus a note naming the GPU and the time. The caller chose it (choose_sweep).
CheckResult sweep_convert_on_device(const mxconf_kernel& kernel, const mxconf_device_kernel& device,
                                    const RunContext& context, const ConvertConfiguration& c,
                                    const std::string& name);

}  // namespace mxconf::conformance::detail
