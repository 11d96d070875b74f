#include "mxconf/conformance/convert_sweep.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <thread>

#include "abi.hpp"
#include "case_classes.hpp"
#include "convert_common.hpp"
#include "expected_cache.hpp"
#include "guarded_buffer.hpp"
#include "layout.hpp"
#include "mxconf/conformance/compare.hpp"
#include "mxconf/reference/error.hpp"
#include "result_builder.hpp"

namespace mxconf::conformance {
namespace {

using detail::GuardedBuffer;

constexpr std::uint64_t kChunk = std::uint64_t{1} << 20;

// Where the source's classes change: +0, subnormals, normals, Inf, NaN, and the same below the sign bit. Runs never
// cross these, so each run's source class is uniform (as vectors/src/generate_intervals.cpp splits them).
std::vector<std::uint64_t> source_segments(const FormatSpec& s) {
  const std::uint64_t min_normal = std::uint64_t{1} << s.mantissa_bits;
  const std::uint64_t inf = ((std::uint64_t{1} << s.exponent_bits) - 1) << s.mantissa_bits;
  std::vector<std::uint64_t> starts;
  for (const std::uint64_t sign : {std::uint64_t{0}, sign_mask(s)})
    for (const std::uint64_t p : {std::uint64_t{0}, std::uint64_t{1}, min_normal, inf, inf + 1}) starts.push_back(sign | p);
  return starts;
}

vectors::CaseClasses pattern_classes(const FormatSpec& from, std::uint64_t p, const FormatSpec& to,
                                     const EncodeOptions& o, bool with_tie) {
  return detail::conversion_classes(from, decode(from, p), decode_source(from, p, o.policies.subnormal_input), to, o,
                                    with_tie);
}

// One chunk's findings: counts and its first few mismatches (pattern, got), in pattern order.
struct ChunkFindings {
  std::uint64_t cases = 0, mismatches = 0, dont_care = 0;
  std::array<std::uint64_t, vectors::kCaseClassCount> by_class{};
  std::vector<std::pair<std::uint64_t, std::uint64_t>> first;
  std::vector<vectors::CaseClasses> first_classes;
};

}  // namespace

std::string to_string(const ConvertConfiguration& c) {
  return std::string(format_spec(c.source).name) + "-" + std::string(format_spec(c.target).name) + "-" +
         std::string(to_string(c.rounding)) + "-" + std::string(to_string(c.overflow));
}

EncodeOptions convert_options(const Profile& profile, const ConvertConfiguration& c) {
  EncodeOptions o = encode_options(profile, format_spec(c.target));
  o.rounding = c.rounding;
  o.policies.overflow = c.overflow;
  return o;
}

std::shared_ptr<const std::vector<vectors::Interval>> convert_interval_table(const ConvertConfiguration& c,
                                                                             const Profile& profile) {
  const EncodeOptions o = convert_options(profile, c);
  const std::string key = "intervals " + to_string(c) + " " + describe(o.policies);
  return detail::memoised_as<std::vector<vectors::Interval>>(key, [&] {
    const FormatSpec& from = format_spec(c.source);
    const FormatSpec& to = format_spec(c.target);
    // Empty where the policies give no encoding (a refusal): don't-care.
    const vectors::StepFunction f = [&](std::uint64_t pattern) { return try_convert(from, pattern, to, o); };
    auto table = std::make_shared<std::vector<vectors::Interval>>(
        vectors::build_interval_table(from.bits, source_segments(from), f));
    // A run's classes from its two ends, ties left out (only a boundary pattern can be a tie).
    for (auto& row : *table) {
      row.classes = pattern_classes(from, row.first, to, o, false);
      row.classes |= pattern_classes(from, row.last, to, o, false);
    }
    return std::shared_ptr<const std::vector<vectors::Interval>>(std::move(table));
  });
}

CheckResult sweep_convert(const mxconf_kernel& kernel, const RunContext& context, const ConvertConfiguration& c,
                          std::uint64_t first, std::uint64_t last, const std::string& name, Tier tier) {
  detail::ResultBuilder builder(name, "convert", tier, context);
  const Profile& profile = *context.profile;
  const FormatSpec& from = format_spec(c.source);
  const FormatSpec& to = format_spec(c.target);
  const EncodeOptions options = convert_options(profile, c);
  const auto table = convert_interval_table(c, profile);
  const mxconf_policies policies = detail::abi_policies(profile);
  const detail::CapabilityQuery query{MXCONF_OP_CONVERT, c.source, c.target, c.rounding, c.overflow, {}, {}, false};
  const mxconf_layout layout = detail::layout_for(kernel, query);
  const int width = to.bits;
  const NanMatch nan = profile.comparison.nan;
  const std::size_t keep = context.max_reported_mismatches;
  if (kernel.convert == nullptr) return builder.kernel_error("declares convert but its convert function is NULL");

  const std::uint64_t chunks = (last - first) / kChunk + 1;
  std::vector<ChunkFindings> findings(chunks);
  std::atomic<std::uint64_t> next{0};
  std::uint64_t done = 0;  // chunks finished, under `mutex`
  std::atomic<bool> stop{false};
  std::mutex mutex;  // guards `problem` and progress calls
  std::string problem;

  const auto work = [&] {
    std::vector<std::uint32_t> in32;
    std::vector<std::uint16_t> in16;
    GuardedBuffer out;
    while (!stop) {
      const std::uint64_t k = next++;
      if (k >= chunks) break;
      const std::uint64_t begin = first + k * kChunk;
      const std::uint64_t end = std::min(last, begin + kChunk - 1);
      ChunkFindings& f = findings[k];
      // The rows over this chunk, from the one holding `begin`. Patterns of a run with no code (don't-care) are not
      // sent: a kernel following the same policies may refuse the whole call for them.
      const auto first_row = std::upper_bound(table->begin(), table->end(), begin,
                                              [](std::uint64_t p, const vectors::Interval& r) { return p < r.first; }) - 1;
      in32.clear();
      in16.clear();
      for (auto row = first_row; row != table->end() && row->first <= end; ++row) {
        const std::uint64_t lo = std::max(begin, row->first), hi = std::min(end, row->last);
        if (!row->code) {
          f.dont_care += hi - lo + 1;
          continue;
        }
        for (std::uint64_t p = lo; p <= hi; ++p) {
          if (c.source == FormatId::fp32)
            in32.push_back(static_cast<std::uint32_t>(p));
          else
            in16.push_back(static_cast<std::uint16_t>(p));
        }
      }
      const std::size_t n = c.source == FormatId::fp32 ? in32.size() : in16.size();
      if (n > 0) {
        out.reset(detail::code_bytes(n, width, layout));
        mxconf_convert_args args{};
        args.struct_size = sizeof(args);
        args.source = detail::to_abi(c.source);
        args.target = detail::to_abi(c.target);
        args.rounding = detail::to_abi(c.rounding);
        args.overflow = detail::to_abi(c.overflow);
        args.layout = layout;
        args.input = c.source == FormatId::fp32 ? static_cast<const void*>(in32.data()) : in16.data();
        args.output = out.bytes();
        args.count = n;
        args.policies = &policies;
        const int status = kernel.convert(&args);
        std::string why = detail::call_problem("convert", status, {{"output", &out}});
        if (!why.empty()) {
          std::lock_guard lock(mutex);
          if (problem.empty())
            problem = why + " (inputs " + detail::pattern_text(from, begin) + ".." + detail::pattern_text(from, end) + ")";
          stop = true;
          break;
        }
        const std::vector<std::uint64_t> got = detail::unpack_codes(out.bytes(), n, width, layout);
        // The moving cursor: the same rows in the same order, the i-th sent pattern against its row's code.
        std::size_t i = 0;
        for (auto row = first_row; row != table->end() && row->first <= end; ++row) {
          if (!row->code) continue;
          const std::uint64_t lo = std::max(begin, row->first), hi = std::min(end, row->last);
          for (std::uint64_t p = lo; p <= hi; ++p, ++i) {
            ++f.cases;
            if (codes_match(to, *row->code, got[i], nan)) continue;
            ++f.mismatches;
            // Only a run's first or last pattern can be a tie: ask the reference there.
            vectors::CaseClasses classes = row->classes;
            if (p == row->first || p == row->last) classes |= pattern_classes(from, p, to, options, true);
            detail::count_classes(classes, f.by_class);
            if (f.first.size() < keep) {
              f.first.emplace_back(p, got[i]);
              f.first_classes.push_back(classes);
            }
          }
        }
      }
      if (context.progress) {
        std::lock_guard lock(mutex);  // counted under the lock, so the fractions reported only grow
        context.progress(static_cast<double>(++done) / static_cast<double>(chunks));
      }
    }
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(context.threads, static_cast<unsigned>(std::min<std::uint64_t>(chunks, 1024))));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (!problem.empty()) return builder.kernel_error(problem);

  std::uint64_t dont_care = 0;
  for (const ChunkFindings& f : findings) {
    builder.merge_counts(f.cases, f.mismatches, f.by_class);
    dont_care += f.dont_care;
    // Chunks are in pattern order, and each kept its first mismatches: the first overall are among them.
    for (std::size_t i = 0; i < f.first.size() && builder.room(); ++i) {
      const auto [p, g] = f.first[i];
      builder.record(detail::convert_mismatch(from, p, to, *vectors::lookup(*table, p).code, g, profile, options,
                                              f.first_classes[i]));
    }
  }
  if (dont_care > 0)
    builder.add_note(std::to_string(dont_care) + " inputs have no encoding under the profile's policies (" +
                     "don't-care, not compared)");
  return builder.finish();
}

}  // namespace mxconf::conformance
