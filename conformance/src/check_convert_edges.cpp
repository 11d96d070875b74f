// convert/<fp32>-<dst>-<round>-<overflow>/fp32-edges: the decision points of the fp32 source. The interval table
// (exact, from vectors::build_interval_table) says where the answer changes under this configuration; each run's
// first and last pattern and the patterns either side of them are asked, with the fp32 specials, the decision
// points of every other mode and policy (probe_patterns.hpp: a saturating check also asks max + ulp/2 and the
// first would-be overflow) and seeded samples from inside every long run. Expected values come from the reference's
// convert on each pattern (not from the table), so a table built on a wrong assumption cannot hide a difference.
#include <algorithm>
#include <set>

#include "abi.hpp"
#include "case_classes.hpp"
#include "check_kinds.hpp"
#include "convert_common.hpp"
#include "mxconf/conformance/compare.hpp"
#include "mxconf/conformance/probe_patterns.hpp"
#include "result_builder.hpp"

namespace mxconf::conformance::detail {
namespace {

// fp32 specials: zeros, the subnormal ends, the normal ends, infinities and NaNs of both signs and payloads.
// FNV-1a of the check name over the run seed: each check draws its own interior samples, reproducibly.
std::uint64_t seed_for(std::uint64_t seed, const std::string& name) {
  std::uint64_t h = 0xcbf2'9ce4'8422'2325ull ^ seed;
  for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x0000'0100'0000'01b3ull;
  return h;
}

constexpr std::uint64_t kSpecials[] = {
    0x0000'0000, 0x8000'0000, 0x0000'0001, 0x8000'0001, 0x0040'0000, 0x8040'0000, 0x007f'ffff, 0x807f'ffff,
    0x0080'0000, 0x8080'0000, 0x3f80'0000, 0xbf80'0000, 0x7f7f'ffff, 0xff7f'ffff, 0x7f80'0000, 0xff80'0000,
    0x7f80'0001, 0xff80'0001, 0x7fa0'0000, 0x7fc0'0000, 0xffc0'0000, 0x7fff'ffff, 0xffff'ffff};

class ConvertEdgesCheck final : public Check {
 public:
  explicit ConvertEdgesCheck(const ConvertConfiguration& c) : c_(c) {}

  std::string name() const override { return "convert/" + to_string(c_) + "/fp32-edges"; }
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
    const auto table = convert_interval_table(c_, profile);

    std::set<std::uint64_t> chosen(std::begin(kSpecials), std::end(kSpecials));
    for (const std::uint64_t p : probe_patterns(from, to, *table, seed_for(context.seed, name()))) chosen.insert(p);
    // Expected first; inputs with no encoding (don't-care) are not sent: a kernel following the same policies may
    // refuse a call holding them.
    std::vector<std::uint64_t> patterns, expected;
    std::uint64_t dont_care = 0;
    for (const std::uint64_t p : chosen) {
      if (const auto code = try_convert(from, p, to, options)) {
        expected.push_back(*code);
        patterns.push_back(p);
      } else {
        ++dont_care;
      }
    }
    const mxconf_policies policies = abi_policies(profile);
    std::vector<std::uint64_t> got;
    const std::string problem =
        call_convert(kernel, ConvertCall{c_.source, c_.target, c_.rounding, c_.overflow, layout_for(kernel, query()),
                                         &policies},
                     patterns, {}, got);
    if (!problem.empty()) return builder.kernel_error(problem);
    compare_conversions(builder, from, to, patterns, expected, got, profile, options);
    builder.add_note(std::to_string(table->size()) + " intervals");
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

std::unique_ptr<const Check> make_convert_edges_check(const ConvertConfiguration& c) {
  return std::make_unique<ConvertEdgesCheck>(c);
}

}  // namespace mxconf::conformance::detail
