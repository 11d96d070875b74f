#include "mxconf/conformance/convert_sweep.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <stdexcept>
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

// One kernel call: at most kBatch patterns (512 KiB of fp32 patterns, 128 KiB of codes), so a worker's inputs and
// outputs stay in its core's L2 cache from the fill through the kernel to the comparison, while a kernel with a cost
// per call (a host ABI kernel copying to a GPU) still gets only 2^15 calls per 2^32 sweep. Measured on a 2-core
// EPYC (1 MiB L2 per core), SIMD kernel: 2^16 to 2^20 patterns per call differ by about 10% of the sweep's CPU.
constexpr std::size_t kBatch = std::size_t{1} << 17;

// A stretch of one interval row inside a batch: patterns first .. first + count - 1, sent at batch[offset ...].
struct Segment {
  const vectors::Interval* row;
  std::uint64_t first;
  std::size_t count;
  std::size_t offset;
};

// out[i] = first + i. A counter of the pattern's own width, so the compiler vectorises it as an induction (a 64-bit
// index narrowed per element costs shuffles); cloned for AVX2 where the CPU has it (the library is built for the
// x86-64 baseline).
template <typename T>
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void fill_ascending(T* __restrict out, std::size_t n, T first) {
  T v = first;
  for (std::size_t i = 0; i < n; ++i, ++v) out[i] = v;
}

// The first j in [from, n) with codes[j] != expected, or n. 32 bytes (four 8-byte words) at a time: a whole
// row's codes equal its one expected code unless the kernel is wrong there, so this is the comparison's inner loop.
std::size_t equal_prefix(const std::uint8_t* codes, std::size_t from, std::size_t n, std::uint64_t expected) {
  if (expected > 0xff) return from < n ? from : n;  // no byte equals it
  const std::uint64_t splat = expected * 0x0101'0101'0101'0101ull;
  std::size_t j = from;
  for (; j + 32 <= n; j += 32) {
    std::uint64_t w[4];
    std::memcpy(w, codes + j, sizeof w);
    if (((w[0] ^ splat) | (w[1] ^ splat) | (w[2] ^ splat) | (w[3] ^ splat)) != 0) break;
  }
  while (j < n && codes[j] == expected) ++j;
  return j;
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
  if (width > 8) throw std::logic_error("sweep_convert: a destination wider than one byte per code");

  const std::uint64_t chunks = (last - first) / kChunk + 1;
  std::vector<ChunkFindings> findings(chunks);
  std::atomic<std::uint64_t> next{0};
  std::uint64_t done = 0;  // chunks finished, under `mutex`
  std::atomic<bool> stop{false};
  std::mutex mutex;  // guards `problem` and progress calls
  std::string problem;

  mxconf_convert_args args{};
  args.struct_size = sizeof(args);
  args.source = detail::to_abi(c.source);
  args.target = detail::to_abi(c.target);
  args.rounding = detail::to_abi(c.rounding);
  args.overflow = detail::to_abi(c.overflow);
  args.layout = layout;
  args.policies = &policies;

  const auto work = [&] {
    // Everything a worker needs, allocated once: the patterns sent, the codes read back, the rows they belong to.
    const bool fp32 = c.source == FormatId::fp32;
    std::vector<std::uint32_t> in32(fp32 ? kBatch : 0);
    std::vector<std::uint16_t> in16(fp32 ? 0 : kBatch);
    std::vector<std::uint8_t> unpacked(layout == MXCONF_LAYOUT_PACKED ? kBatch : 0);
    std::vector<Segment> segments;
    segments.reserve(64);
    GuardedBuffer out(detail::code_bytes(kBatch, width, layout));
    mxconf_convert_args call = args;

    while (!stop) {
      const std::uint64_t k = next++;
      if (k >= chunks) break;
      const std::uint64_t begin = first + k * kChunk;
      const std::uint64_t end = std::min(last, begin + kChunk - 1);
      ChunkFindings& f = findings[k];

      // Sends the batch (patterns of the segments so far), then compares each segment's codes with its row's.
      const auto flush = [&](std::size_t n) -> bool {
        if (n == 0) return true;
        out.reset(detail::code_bytes(n, width, layout));
        call.input = fp32 ? static_cast<const void*>(in32.data()) : in16.data();
        call.output = out.bytes();
        call.count = n;
        const int status = kernel.convert(&call);
        const std::string why = detail::call_problem("convert", status, {{"output", &out}});
        if (!why.empty()) {
          std::lock_guard lock(mutex);
          if (problem.empty())
            problem = why + " (inputs " + detail::pattern_text(from, begin) + ".." + detail::pattern_text(from, end) + ")";
          stop = true;
          return false;
        }
        const std::uint8_t* got = out.bytes();
        if (!unpacked.empty()) {
          detail::unpack_codes(out.bytes(), n, width, layout, unpacked.data());
          got = unpacked.data();
        }
        for (const Segment& s : segments) {
          const vectors::Interval& row = *s.row;
          f.cases += s.count;
          const std::uint64_t expected = *row.code;
          const std::uint8_t* g = got + s.offset;
          // Equal bytes are skipped at memory speed; only the elements that differ go through codes_match (a
          // different NaN code can still match under NanMatch::any_nan) and the classes.
          for (std::size_t j = equal_prefix(g, 0, s.count, expected); j < s.count;
               j = equal_prefix(g, j + 1, s.count, expected)) {
            if (codes_match(to, expected, g[j], nan)) continue;
            const std::uint64_t p = s.first + j;
            ++f.mismatches;
            // Only a run's first or last pattern can be a tie: ask the reference there.
            vectors::CaseClasses classes = row.classes;
            if (p == row.first || p == row.last) classes |= pattern_classes(from, p, to, options, true);
            detail::count_classes(classes, f.by_class);
            if (f.first.size() < keep) {
              f.first.emplace_back(p, g[j]);
              f.first_classes.push_back(classes);
            }
          }
        }
        segments.clear();
        return true;
      };

      // The rows over this chunk, from the one holding `begin`, cut into batches of at most kBatch patterns (each
      // row's patterns written as one ascending run). Patterns of a run with no code (don't-care) are not sent: a
      // kernel following the same policies may refuse the whole call for them.
      const auto first_row = std::upper_bound(table->begin(), table->end(), begin,
                                              [](std::uint64_t p, const vectors::Interval& r) { return p < r.first; }) - 1;
      std::size_t filled = 0;
      bool ok = true;
      for (auto row = first_row; ok && row != table->end() && row->first <= end; ++row) {
        const std::uint64_t lo = std::max(begin, row->first), hi = std::min(end, row->last);
        if (!row->code) {
          f.dont_care += hi - lo + 1;
          continue;
        }
        for (std::uint64_t p = lo; ok && p <= hi;) {
          const std::size_t m = static_cast<std::size_t>(std::min<std::uint64_t>(hi - p + 1, kBatch - filled));
          if (fp32)
            fill_ascending(in32.data() + filled, m, static_cast<std::uint32_t>(p));
          else
            fill_ascending(in16.data() + filled, m, static_cast<std::uint16_t>(p));
          segments.push_back(Segment{&*row, p, m, filled});
          filled += m;
          p += m;
          if (filled == kBatch) {
            ok = flush(filled);
            filled = 0;
          }
        }
      }
      if (ok) ok = flush(filled);
      if (!ok) break;
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
