// Loading a kernel: dlopen a shared library, call its MXCONF_KERNEL_ENTRY_SYMBOL, and check what it returns
// against the ABI (abi/include/mxconf/kernel.h) before any of its functions is called.
//
// Every refusal is a KernelLoadError whose message names the file, the symbol or field, and why:
//   ./libk.so: no symbol 'mxconf_kernel_entry' (dlsym: ./libk.so: undefined symbol: mxconf_kernel_entry)
//   ./libk.so: ABI version 2, this mxconf speaks 1
// The CLI maps it to exit code 3 (the kernel broke the ABI), like a crash.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "mxconf/kernel.h"

namespace mxconf::harness {

class KernelLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A loaded kernel. The library stays loaded while any copy lives (the mxconf_kernel lives inside it).
struct LoadedKernel {
  std::filesystem::path path;
  const mxconf_kernel* kernel = nullptr;
  // Its device entry (MXCONF_KERNEL_DEVICE_ENTRY_SYMBOL, ABI minor 1) when it exports one, else null.
  const mxconf_device_kernel* device = nullptr;
  std::shared_ptr<void> library;  // the dlopen handle; dlclose'd with the last copy
};

// dlopen(path, RTLD_NOW | RTLD_LOCAL), dlsym(MXCONF_KERNEL_ENTRY_SYMBOL), call it, validate_kernel; then the optional
// MXCONF_KERNEL_DEVICE_ENTRY_SYMBOL, called and checked by validate_device_kernel when present.
// A path without '/' is taken relative to the current folder (never searched for on LD_LIBRARY_PATH).
LoadedKernel load_kernel(const std::filesystem::path& path);

// The checks load_kernel makes on an mxconf_kernel, for kernels linked in-process too (gtest_conformance.hpp):
// non-null; abi_version == MXCONF_KERNEL_ABI_VERSION; name non-null; capabilities non-null when
// capability_count > 0; each capability names a known operation, known formats, masks with only known bits,
// layout_mask non-zero, max_block_size 0 or >= 32, only known flags; and a function pointer for each operation
// a capability declares. `where` starts each message ("./libk.so").
void validate_kernel(const mxconf_kernel* kernel, const std::string& where);

// The checks on a device entry's answer: non-null, abi_version == MXCONF_KERNEL_ABI_VERSION, abi_minor >= 1 and a
// convert function (the only operation of minor 1).
void validate_device_kernel(const mxconf_device_kernel* device, const std::string& where);

}  // namespace mxconf::harness
