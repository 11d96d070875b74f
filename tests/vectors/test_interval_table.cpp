// Interval tables: construction on synthetic step functions, and the committed golden tables checked against the
// reference (sorted, gap-free, all 2^32 patterns covered; thousands of random inputs looked up and recomputed).
#include <gtest/gtest.h>

#include <filesystem>

#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/profile.hpp"
#include "mxconf/reference/block.hpp"
#include "mxconf/vectors/interval_table.hpp"
#include "mxconf/vectors/random_source.hpp"
#include "mxconf/vectors/vector_check.hpp"

namespace mxconf::vectors {
namespace {

const std::filesystem::path kGolden = std::filesystem::path(MXCONF_SOURCE_DIR) / "vectors" / "golden";

TEST(IntervalTable, FindsEveryStepOfASyntheticFunction) {
  // floor(p / 1000) clamped at 50 over 16-bit patterns, plus a forced segment start at 0x8000.
  const StepFunction f = [](std::uint64_t p) -> std::optional<std::uint64_t> { return std::min<std::uint64_t>(p / 1000, 50); };
  const std::uint64_t starts[] = {0x8000};
  const auto table = build_interval_table(16, starts, f);
  EXPECT_FALSE(first_coverage_error(table, 16));
  for (std::uint64_t p = 0; p <= 0xffff; ++p) {
    const Interval& row = lookup(table, p);
    ASSERT_LE(row.first, p);
    ASSERT_GE(row.last, p);
    ASSERT_EQ(row.code, f(p)) << p;
  }
  // 33 runs below 0x8000 (0..32 thousands: 32767 / 1000 = 32), 32767/1000..50 above (32 .. 50: 19 runs).
  EXPECT_EQ(table.size(), 33u + 19u);
}

TEST(IntervalTable, RejectsAFunctionThatIsNotAStep) {
  const StepFunction f = [](std::uint64_t p) -> std::optional<std::uint64_t> { return p % 3 == 0 ? 1 : 2; };
  EXPECT_THROW(build_interval_table(8, {}, f), std::logic_error);
}

TEST(IntervalTable, CoverageErrors) {
  std::vector<Interval> t = {{0, 9, 1, {}}, {10, 255, 2, {}}};
  EXPECT_FALSE(first_coverage_error(t, 8));
  t[1].first = 11;
  EXPECT_EQ(first_coverage_error(t, 8), 1u);
  t[1].first = 10;
  t[1].last = 254;
  EXPECT_EQ(first_coverage_error(t, 8), 1u);
}

// Every committed interval table: well formed, and 4,096 seeded random patterns (plus each row's endpoints for
// every 7th row) agree with the reference computed directly.
TEST(GoldenIntervalTables, CoverAllPatternsAndAgreeWithTheReference) {
  ASSERT_TRUE(std::filesystem::exists(kGolden)) << kGolden << " is missing: run `mxconf gen`";
  std::size_t tables = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kGolden)) {
    const auto path = entry.path().string();
    if (!entry.is_regular_file() || entry.path().filename() == "MANIFEST.txt") continue;
    const VectorFile file = read_vector_file(entry.path());
    const auto operation = file.find("operation");
    if (operation != "convert-intervals" && operation != "scale-intervals") continue;
    SCOPED_TRACE(path);
    ASSERT_NO_THROW(check_vector_file(file, path));
    const auto table = intervals_of(file, path);
    const Profile& profile = *find_profile(*file.find("profile"));
    std::function<std::uint64_t(std::uint64_t)> reference;
    const FormatSpec& from = format_spec(*find_format(*file.find("from")));
    if (operation == "convert-intervals") {
      const FormatSpec& to = format_spec(*find_format(*file.find("to")));
      EncodeOptions o = encode_options(profile, to);
      o.rounding = *parse_rounding(*file.find("rounding"));
      const auto policies = parse_element_policies(*file.find("policies"));
      ASSERT_TRUE(policies) << "unreadable @policies";
      o.policies = *policies;
      reference = [&from, &to, o](std::uint64_t p) -> std::uint64_t {
        try {
          return convert(from, p, to, o);
        } catch (const std::exception&) {
          return ~std::uint64_t{0};
        }
      };
    } else {
      const FormatSpec& element = format_spec(*find_format(*file.find("element")));
      QuantizeOptions q = quantize_options(profile);
      q.block.rule = *parse_scale_rule(*file.find("rule"));
      reference = [&from, &element, q](std::uint64_t p) -> std::uint64_t {
        const ExactValue v = decode(from, p);
        return block_scale(std::span(&v, 1), element, q.block);
      };
    }
    auto expect_row = [&](std::uint64_t p) {
      const Interval& row = lookup(table, p);
      const std::uint64_t want = reference(p);
      const std::uint64_t got = row.code ? *row.code : ~std::uint64_t{0};
      ASSERT_EQ(got, want) << "pattern " << std::hex << p;
    };
    RandomSource random(0xc0ffee);
    for (int i = 0; i < 4096; ++i) expect_row(random.next() & code_mask(from));
    for (std::size_t i = 0; i < table.size(); i += 7) {
      expect_row(table[i].first);
      expect_row(table[i].last);
    }
    ++tables;
  }
  EXPECT_GT(tables, 100u);
}

}  // namespace
}  // namespace mxconf::vectors
