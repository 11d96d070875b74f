// convert/<fp32>-<dst>-<round>-<overflow>/fp32-all: every one of the 2^32 fp32 patterns through kernel.convert,
// compared with the configuration's interval table (convert_sweep.hpp). Exhaustive tier only. On the GPU instead
// when the kernel serves the configuration on device memory and a GPU is found (device_sweep.hpp).
#include "abi.hpp"
#include "check_kinds.hpp"
#include "device_sweep.hpp"

namespace mxconf::conformance::detail {
namespace {

class ConvertExhaustiveCheck final : public Check {
 public:
  explicit ConvertExhaustiveCheck(const ConvertConfiguration& c) : c_(c) {}

  std::string name() const override { return "convert/" + to_string(c_) + "/fp32-all"; }
  std::string operation() const override { return "convert"; }
  Tier tier() const override { return Tier::exhaustive; }
  std::optional<std::string> missing_capability(const mxconf_kernel& kernel) const override {
    return missing(kernel,
                   CapabilityQuery{MXCONF_OP_CONVERT, c_.source, c_.target, c_.rounding, c_.overflow, {}, {}, false});
  }
  CheckResult run(const mxconf_kernel& kernel, const RunContext& context) const override {
    const SweepChoice choice = choose_sweep(kernel, context.device_kernel, c_, probe_device_sweep);
    if (choice.device) return sweep_convert_on_device(kernel, *context.device_kernel, context, c_, name());
    CheckResult result = sweep_convert(kernel, context, c_, 0, 0xffff'ffff, name(), Tier::exhaustive);
    if (!choice.note.empty()) result.note += (result.note.empty() ? "" : "; ") + choice.note;
    return result;
  }

 private:
  ConvertConfiguration c_;
};

}  // namespace

std::unique_ptr<const Check> make_convert_exhaustive_check(const ConvertConfiguration& c) {
  return std::make_unique<ConvertExhaustiveCheck>(c);
}

}  // namespace mxconf::conformance::detail
