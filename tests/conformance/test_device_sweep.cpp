// The device path of the exhaustive convert checks (conformance/src/device_sweep.hpp):
//   - ChooseSweep: which path runs, on any machine (no GPU, no CUDA needed): the capability flag, the device
//     entry, the layout, MXCONF_DEVICE_SWEEP=off and the probe, and that the probe (which starts CUDA) is asked
//     only when everything else allows the device;
//   - DeviceSweep: on a GPU, the device sweep of CUDA's own conversions (libmxconf_cuda_device_kernel) gives the
//     same report as the host sweep, under policies that make it pass and fail. Skipped, saying why, where no GPU
//     (or no CUDA build) is found: CI has none; scripts/gpu-devx.sh runs it on an H200.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

#include "device_sweep.hpp"
#include "mxconf/conformance/convert_sweep.hpp"
#include "support.hpp"

namespace mxconf::conformance {
namespace {

using detail::choose_sweep;
using detail::SweepChoice;

constexpr ConvertConfiguration kE4m3{FormatId::fp32, FormatId::e4m3, Rounding::rne, Overflow::saturate};

int never_called(const mxconf_convert_args*) { return MXCONF_STATUS_INTERNAL_ERROR; }

// A kernel that only declares capabilities (choose_sweep never calls it).
struct DeclaringKernel {
  explicit DeclaringKernel(std::uint32_t flags, std::uint32_t layouts = 1u << MXCONF_LAYOUT_BYTE,
                           mxconf_format source = MXCONF_FORMAT_FP32) {
    caps[0] = mxconf_capability{MXCONF_OP_CONVERT, source, MXCONF_FORMAT_E4M3, 1u << MXCONF_ROUND_RNE,
                                1u << MXCONF_OVERFLOW_SATURATE, 0, layouts, 0, 0, flags};
    // The same conversion under rtz, never on device memory: a flag on another row does not count.
    caps[1] = caps[0];
    caps[1].rounding_mask = 1u << MXCONF_ROUND_RTZ;
    caps[1].flags = 0;
    kernel.abi_version = MXCONF_KERNEL_ABI_VERSION;
    kernel.name = "declaring";
    kernel.capabilities = caps;
    kernel.capability_count = 2;
    kernel.convert = never_called;
  }
  mxconf_capability caps[2]{};
  mxconf_kernel kernel{};
};

const mxconf_device_kernel kDevice{MXCONF_KERNEL_ABI_VERSION, 1, never_called};

struct Probe {
  std::string answer;
  mutable int calls = 0;
  std::string operator()() const {
    ++calls;
    return answer;
  }
};

SweepChoice choose(const DeclaringKernel& k, const mxconf_device_kernel* device, const Probe& probe,
                   const ConvertConfiguration& c = kE4m3) {
  return choose_sweep(k.kernel, device, c, [&probe] { return probe(); });
}

TEST(ChooseSweep, KernelWithoutTheFlagStaysOnTheHostSilently) {
  const DeclaringKernel k(0);
  const Probe probe{""};
  const SweepChoice choice = choose(k, &kDevice, probe);
  EXPECT_FALSE(choice.device);
  EXPECT_EQ(choice.note, "");  // the host sweep's report is unchanged
  EXPECT_EQ(probe.calls, 0);   // CUDA is never started for it
}

TEST(ChooseSweep, FlagOnAnotherConfigurationDoesNotCount) {
  const DeclaringKernel k(MXCONF_CAP_DEVICE_MEMORY);
  const Probe probe{""};
  const SweepChoice choice =
      choose(k, &kDevice, probe, {FormatId::fp32, FormatId::e4m3, Rounding::rtz, Overflow::saturate});
  EXPECT_FALSE(choice.device);
  EXPECT_EQ(choice.note, "");
  EXPECT_EQ(probe.calls, 0);
}

TEST(ChooseSweep, DeviceWhenDeclaredWithAnEntryAndAGpu) {
  unsetenv("MXCONF_DEVICE_SWEEP");
  const DeclaringKernel k(MXCONF_CAP_DEVICE_MEMORY);
  const Probe probe{""};
  const SweepChoice choice = choose(k, &kDevice, probe);
  EXPECT_TRUE(choice.device);
  EXPECT_EQ(probe.calls, 1);
}

TEST(ChooseSweep, NoGpuGivesTheHostWithTheProbesReason) {
  unsetenv("MXCONF_DEVICE_SWEEP");
  const DeclaringKernel k(MXCONF_CAP_DEVICE_MEMORY);
  const Probe probe{"no CUDA device: cudaGetDeviceCount found none"};
  const SweepChoice choice = choose(k, &kDevice, probe);
  EXPECT_FALSE(choice.device);
  EXPECT_EQ(choice.note, "compared on the host, not on the GPU: no CUDA device: cudaGetDeviceCount found none");
}

TEST(ChooseSweep, MissingDeviceEntryGivesTheHost) {
  const DeclaringKernel k(MXCONF_CAP_DEVICE_MEMORY);
  const Probe probe{""};
  const SweepChoice choice = choose(k, nullptr, probe);
  EXPECT_FALSE(choice.device);
  EXPECT_NE(choice.note.find("no device entry"), std::string::npos) << choice.note;
  EXPECT_EQ(probe.calls, 0);
}

TEST(ChooseSweep, PackedCodesGiveTheHost) {
  const DeclaringKernel k(MXCONF_CAP_DEVICE_MEMORY, 1u << MXCONF_LAYOUT_PACKED);
  const Probe probe{""};
  const SweepChoice choice = choose(k, &kDevice, probe);
  EXPECT_FALSE(choice.device);
  EXPECT_NE(choice.note.find("PACKED"), std::string::npos) << choice.note;
  EXPECT_EQ(probe.calls, 0);
}

TEST(ChooseSweep, EnvironmentCanKeepEverySweepOnTheHost) {
  const DeclaringKernel k(MXCONF_CAP_DEVICE_MEMORY);
  const Probe probe{""};
  setenv("MXCONF_DEVICE_SWEEP", "off", 1);
  const SweepChoice choice = choose(k, &kDevice, probe);
  unsetenv("MXCONF_DEVICE_SWEEP");
  EXPECT_FALSE(choice.device);
  EXPECT_EQ(choice.note, "compared on the host, not on the GPU: MXCONF_DEVICE_SWEEP=off");
  EXPECT_EQ(probe.calls, 0);
}

TEST(ChooseSweep, ProbeExplainsAMissingLibraryOrGpu) {
  // Whatever this machine has, the probe answers: "" only when the library loaded and found a GPU.
  const std::string why = detail::probe_device_sweep();
  if (!why.empty()) {
    EXPECT_TRUE(why.find("CUDA") != std::string::npos || why.find("libmxconf_device_sweep") != std::string::npos)
        << why;
  }
}

// ---- on a GPU ----

#ifdef MXCONF_CUDA_DEVICE_KERNEL_PATH
struct CudaDeviceKernel {
  const mxconf_kernel* kernel = nullptr;
  const mxconf_device_kernel* device = nullptr;
  std::string problem;
};

CudaDeviceKernel load_cuda_device_kernel() {
  CudaDeviceKernel k;
  // $MXCONF_CUDA_DEVICE_KERNEL where the test binary was carried to a GPU machine without its build tree.
  const char* env = std::getenv("MXCONF_CUDA_DEVICE_KERNEL");
  void* h = dlopen(env != nullptr && *env != '\0' ? env : MXCONF_CUDA_DEVICE_KERNEL_PATH, RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) {
    const char* why = dlerror();
    k.problem = why ? why : "dlopen failed";
    return k;
  }
  const auto entry = reinterpret_cast<mxconf_kernel_entry_fn>(dlsym(h, MXCONF_KERNEL_ENTRY_SYMBOL));
  const auto device = reinterpret_cast<mxconf_kernel_device_entry_fn>(dlsym(h, MXCONF_KERNEL_DEVICE_ENTRY_SYMBOL));
  if (entry == nullptr || device == nullptr) {
    k.problem = "missing entry points";
    return k;
  }
  k.kernel = entry();
  k.device = device();
  return k;
}
#endif

void expect_same_report(const CheckResult& device, const CheckResult& host) {
  EXPECT_EQ(device.status, host.status);
  EXPECT_EQ(device.cases, host.cases);
  EXPECT_EQ(device.mismatches, host.mismatches);
  EXPECT_EQ(device.mismatches_by_class, host.mismatches_by_class);
  ASSERT_EQ(device.first_mismatches.size(), host.first_mismatches.size());
  for (std::size_t i = 0; i < host.first_mismatches.size(); ++i) {
    EXPECT_EQ(device.first_mismatches[i].input, host.first_mismatches[i].input);
    EXPECT_EQ(device.first_mismatches[i].expected, host.first_mismatches[i].expected);
    EXPECT_EQ(device.first_mismatches[i].got, host.first_mismatches[i].got);
    EXPECT_EQ(device.first_mismatches[i].classes, host.first_mismatches[i].classes);
    EXPECT_EQ(device.first_mismatches[i].explanation, host.first_mismatches[i].explanation);
  }
}

TEST(DeviceSweep, SameReportAsTheHostSweepOnCudasConversions) {
  if (const std::string why = detail::probe_device_sweep(); !why.empty())
    GTEST_SKIP() << "no device sweep on this machine (" << why << "): the device path is tested on a GPU";
#ifndef MXCONF_CUDA_DEVICE_KERNEL_PATH
  GTEST_SKIP() << "this build has no libmxconf_cuda_device_kernel";
#else
  const CudaDeviceKernel k = load_cuda_device_kernel();
  ASSERT_TRUE(k.problem.empty()) << k.problem;
  // e4m3 rne non-saturating: overflow and NaN inputs give NaN codes, whose sign the policies below decide.
  const ConvertConfiguration c{FormatId::fp32, FormatId::e4m3, Rounding::rne, Overflow::non_saturating};
  const Profile nvidia = *find_profile("nvidia");
  Profile flipped = nvidia;  // the other NaN sign: the NaN inputs of one sign mismatch, unless any NaN matches
  flipped.element.nan_encoding.sign =
      nvidia.element.nan_encoding.sign == NanSign::positive ? NanSign::keep : NanSign::positive;
  Profile flipped_exact = flipped;
  flipped_exact.comparison.nan = NanMatch::exact_code;
  Profile flipped_any = flipped;
  flipped_any.comparison.nan = NanMatch::any_nan;
  std::uint64_t failing = 0;
  for (const Profile* p : std::initializer_list<const Profile*>{&nvidia, &flipped_exact, &flipped_any}) {
    RunContext context = testing::run_context("nvidia", std::max(2u, std::thread::hardware_concurrency()));
    context.profile = p;
    context.device_kernel = k.device;
    const CheckResult device = detail::sweep_convert_on_device(*k.kernel, *k.device, context, c, "device");
    ASSERT_NE(device.status, CheckStatus::kernel_error) << device.note;
    EXPECT_NE(device.note.find("compared on the GPU"), std::string::npos) << device.note;
    const CheckResult host = sweep_convert(*k.kernel, context, c, 0, 0xffff'ffff, "host");
    expect_same_report(device, host);
    failing += device.mismatches > 0;
  }
  EXPECT_GT(failing, 0u) << "no policy variant failed: the comparison of failures was not exercised";
#endif
}

}  // namespace
}  // namespace mxconf::conformance
