// convert/<fp32>-<dst>-<round>-<overflow>/fp32-all: every one of the 2^32 fp32 patterns through kernel.convert,
// compared with the configuration's interval table (convert_sweep.hpp). Exhaustive tier only.
#include "abi.hpp"
#include "check_kinds.hpp"

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
    return sweep_convert(kernel, context, c_, 0, 0xffff'ffff, name(), Tier::exhaustive);
  }

 private:
  ConvertConfiguration c_;
};

}  // namespace

std::unique_ptr<const Check> make_convert_exhaustive_check(const ConvertConfiguration& c) {
  return std::make_unique<ConvertExhaustiveCheck>(c);
}

}  // namespace mxconf::conformance::detail
