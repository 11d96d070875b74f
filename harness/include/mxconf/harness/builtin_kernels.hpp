// The kernels built in this tree, by name, for `mxconf run --builtin NAME` and a bare `mxconf run` (every
// built-in against its own profile). Their library paths are fixed at build time (harness/CMakeLists.txt); a
// kernel whose target was not built (no CUDA toolkit) has an empty path.
#pragma once

#include <span>
#include <string_view>

namespace mxconf::harness {

struct BuiltinKernel {
  std::string_view name;     // "reference", "scalar-codec", "cuda-host"
  std::string_view summary;  // one line
  std::string_view profile;  // the profile it is meant to conform to
  std::string_view path;     // the shared library; empty when not built
};

std::span<const BuiltinKernel> builtin_kernels();
const BuiltinKernel* find_builtin(std::string_view name);

}  // namespace mxconf::harness
