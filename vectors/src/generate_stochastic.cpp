// Stochastic rounding vectors (spec-rules §5.3): inputs with explicit random values r.
#include <algorithm>
#include <vector>

#include "header.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/vectors/case_class.hpp"
#include "mxconf/vectors/random_source.hpp"

namespace mxconf::vectors {
namespace {

// The fp32 pattern of an exact value known to be representable in fp32.
std::uint64_t fp32_pattern(const ExactValue& v) {
  return encode(v, format_spec(FormatId::fp32), ieee_encode_options(Rounding::rne));
}

std::uint64_t next_up(std::uint64_t fp32) { return fp32 + 1; }    // positive finite patterns
std::uint64_t next_down(std::uint64_t fp32) { return fp32 - 1; }

}  // namespace

VectorFile make_stochastic_vectors(FormatId to_id, int bits, const Profile& profile) {
  const FormatSpec& fp32 = format_spec(FormatId::fp32);
  const FormatSpec& to = format_spec(to_id);
  EncodeOptions options = encode_options(profile, to);
  options.rounding = Rounding::sr;
  options.stochastic.bits = bits;

  VectorFile file = detail::start_file("convert");
  file.set("from", "fp32");
  file.set("to", std::string(to.name));
  file.set("rounding", "sr");
  file.set("sr-bits", std::to_string(bits));
  file.set("profile", std::string(profile.name));
  file.set("policies", describe(options.policies));
  file.set("clause",
           "stochastic rounding: r added to the top K discarded bits, carry rounds up (PTX cvt.rs; spec-rules §5.3)");
  file.set("columns", "input random code classes");

  auto add = [&](std::uint64_t input, std::uint64_t r, CaseClasses classes) {
    options.stochastic.random = r;
    const std::uint64_t code = convert(fp32, input, to, options);
    const ExactValue out = decode(to, code);
    if (out.is_zero()) classes.add(CaseClass::zero);
    if (out.is_nan()) classes.add(CaseClass::nan);
    file.rows.push_back(Row{0, {detail::hex_fixed(input, 32), detail::hex(r), detail::hex(code), classes.to_string()}});
  };

  // Midpoints between neighbouring positive codes (and one fp32 ulp either side): the inputs whose rounding
  // direction is a coin toss.
  std::vector<std::uint64_t> midpoints;
  for (std::uint64_t c = 0; c < max_finite_code(to); ++c) {
    const ExactValue mid = mxconf::add(decode(to, c), decode(to, c + 1));
    midpoints.push_back(fp32_pattern(mid.scaled_by_power_of_two(-1)));
  }
  const std::uint64_t all_r = std::uint64_t{1} << bits;
  const bool enumerate = bits <= 12;
  RandomSource random(0x5eed'0000 + static_cast<std::uint64_t>(bits));
  // A spread of midpoints (first subnormal gap, the normal range, the top) gets every r when that is small.
  const std::size_t n = midpoints.size();
  const std::vector<std::size_t> full = {0, 1, n / 2, n - 2, n - 1};
  for (std::size_t i = 0; i < n; ++i) {
    const bool every_r = enumerate && std::find(full.begin(), full.end(), i) != full.end();
    const bool subnormal_gap = to.encoding == Encoding::binary_float &&
                               i + 1 < (std::size_t{1} << to.mantissa_bits);
    CaseClasses tie;
    tie.add(CaseClass::tie);
    if (subnormal_gap) tie.add(CaseClass::denormal_out);
    for (const std::uint64_t input : {next_down(midpoints[i]), midpoints[i], next_up(midpoints[i])}) {
      const CaseClasses classes = input == midpoints[i] ? tie : (subnormal_gap ? CaseClasses{}.add(CaseClass::denormal_out) : CaseClasses{});
      if (every_r) {
        for (std::uint64_t r = 0; r < all_r; ++r) add(input, r, classes);
      } else {
        for (const std::uint64_t r : {std::uint64_t{0}, all_r / 2 - 1, all_r / 2, all_r - 1, random.below(all_r)})
          add(input, r, classes);
      }
    }
  }
  // Beyond max (satfinite), negatives, zero, NaN, and seeded random inputs over the whole range.
  const std::uint64_t max_pattern = fp32_pattern(decode(to, max_finite_code(to)));
  for (const std::uint64_t r : {std::uint64_t{0}, all_r - 1}) {
    add(next_up(max_pattern), r, CaseClasses{}.add(CaseClass::saturation));
    add(0x7f7f'ffff, r, CaseClasses{}.add(CaseClass::saturation));
    add(0x8000'0000, r, CaseClasses{}.add(CaseClass::zero));
    add(0x7fc0'0000, r, CaseClasses{}.add(CaseClass::nan));
    add(0x0000'0001, r, CaseClasses{}.add(CaseClass::denormal_in));
  }
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t input = (random.next() & 0x8000'0000) | (midpoints[random.below(n)] + random.below(5) - 2);
    add(input, random.below(all_r), CaseClasses{}.add(CaseClass::random));
  }
  file.set("cases", std::to_string(file.rows.size()));
  return file;
}

}  // namespace mxconf::vectors
