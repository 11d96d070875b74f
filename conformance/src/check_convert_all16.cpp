// convert/<src>-<dst>-<round>-<overflow>/bf16-all | fp16-all: every pattern of a 16-bit source, in one call.
// Expected: the reference's convert under the run's profile with the configuration's rounding and overflow,
// memoised per configuration and policies (65536 reference calls, split over the run's threads).
#include <algorithm>
#include <thread>
#include <vector>

#include "abi.hpp"
#include "case_classes.hpp"
#include "check_kinds.hpp"
#include "convert_common.hpp"
#include "expected_cache.hpp"
#include "mxconf/conformance/compare.hpp"
#include "result_builder.hpp"

namespace mxconf::conformance::detail {
namespace {

constexpr std::uint16_t kNoEncoding = 0xffff;  // every destination code fits in 8 bits

std::shared_ptr<const std::vector<std::uint16_t>> expected_codes(const ConvertConfiguration& c, const Profile& profile,
                                                                 unsigned threads) {
  const EncodeOptions o = convert_options(profile, c);
  const std::string key = "all16 " + to_string(c) + " " + describe(o.policies);
  return memoised_as<std::vector<std::uint16_t>>(key, [&] {
    const FormatSpec& from = format_spec(c.source);
    const FormatSpec& to = format_spec(c.target);
    auto codes = std::make_shared<std::vector<std::uint16_t>>(std::size_t{1} << 16);
    const auto fill = [&](std::size_t begin, std::size_t end) {
      for (std::size_t p = begin; p < end; ++p) {
        const auto code = try_convert(from, p, to, o);
        // No encoding under these policies: don't-care.
        (*codes)[p] = code ? static_cast<std::uint16_t>(*code) : kNoEncoding;
      }
    };
    const std::size_t n = codes->size();
    const std::size_t parts = std::max(1u, std::min(threads, 16u));
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < parts; ++t) pool.emplace_back(fill, n * t / parts, n * (t + 1) / parts);
    fill(0, n / parts);
    for (auto& t : pool) t.join();
    return std::shared_ptr<const std::vector<std::uint16_t>>(std::move(codes));
  });
}

class ConvertAll16Check final : public Check {
 public:
  explicit ConvertAll16Check(const ConvertConfiguration& c) : c_(c) {}

  std::string name() const override {
    return "convert/" + to_string(c_) + "/" + std::string(format_spec(c_.source).name) + "-all";
  }
  std::string operation() const override { return "convert"; }
  Tier tier() const override { return Tier::fast; }
  std::optional<std::string> missing_capability(const mxconf_kernel& kernel) const override {
    return missing(kernel, query());
  }

  CheckResult run(const mxconf_kernel& kernel, const RunContext& context) const override {
    ResultBuilder builder(*this, context);
    const Profile& profile = *context.profile;
    const FormatSpec& from = format_spec(c_.source);
    const FormatSpec& to = format_spec(c_.target);
    const EncodeOptions options = convert_options(profile, c_);
    const auto expected = expected_codes(c_, profile, context.threads);
    const mxconf_policies policies = abi_policies(profile);
    // Only inputs with an encoding are sent: a kernel following the same policies may refuse a call holding the
    // others (NaN under nan-into-finite=error), which are don't-care anyway.
    std::vector<std::uint64_t> patterns;
    for (std::size_t p = 0; p < expected->size(); ++p)
      if ((*expected)[p] != kNoEncoding) patterns.push_back(p);
    const std::uint64_t dont_care = expected->size() - patterns.size();
    std::vector<std::uint64_t> got;
    const std::string problem =
        call_convert(kernel, ConvertCall{c_.source, c_.target, c_.rounding, c_.overflow, layout_for(kernel, query()),
                                         &policies},
                     patterns, {}, got);
    if (!problem.empty()) return builder.kernel_error(problem);
    std::vector<std::uint64_t> expected_in_order;
    expected_in_order.reserve(patterns.size());
    for (const std::uint64_t p : patterns) expected_in_order.push_back((*expected)[p]);
    compare_conversions(builder, from, to, patterns, expected_in_order, got, profile, options);
    note_dont_care(builder, dont_care);
    return builder.finish();
  }

 private:
  CapabilityQuery query() const {
    return CapabilityQuery{MXCONF_OP_CONVERT, c_.source, c_.target, c_.rounding, c_.overflow, {}, {}, false};
  }
  ConvertConfiguration c_;
};

}  // namespace

std::unique_ptr<const Check> make_convert_all16_check(const ConvertConfiguration& c) {
  return std::make_unique<ConvertAll16Check>(c);
}

}  // namespace mxconf::conformance::detail
