// Uses the installed mxconf: the reference (one encode), kernel.h and the harness (load the installed scalar codec
// kernel and run one conformance check against the installed golden vectors).
#include <cstdio>

#include "mxconf/harness/kernel_loader.hpp"
#include "mxconf/harness/runner.hpp"
#include "mxconf/kernel.h"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/profile.hpp"

int main() {
  using namespace mxconf;
  const Profile& ocp = *find_profile("ocp");
  const auto code = convert(format_spec(FormatId::fp32), 0x43e80000, format_spec(FormatId::e4m3),
                            encode_options(ocp, format_spec(FormatId::e4m3)));
  std::printf("464 -> 0x%02llx\n", static_cast<unsigned long long>(code));

  const harness::LoadedKernel kernel = harness::load_kernel(SCALAR_CODEC);
  harness::RunOptions options;
  options.only = "decode/e4m3";
  options.isolation = false;
  options.vectors_dir = VECTORS_DIR;
  const auto report = harness::run_conformance(*kernel.kernel, SCALAR_CODEC, ocp, conformance::Tier::fast, options);
  std::printf("%s: %zu check(s), exit %d\n", kernel.kernel->name, report.checks.size(), report.exit_code());
  return report.checks.size() == 1 && report.exit_code() == 0 && MXCONF_KERNEL_ABI_VERSION == 1 ? 0 : 1;
}
