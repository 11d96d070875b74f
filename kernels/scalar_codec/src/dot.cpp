// MX Dot / DotGeneral to fp32: exact integer accumulation, then one rounding (reference dot.cpp dot_to_fp32).
#include "mxconf/kernels/scalar_codec/dot.hpp"

#include <array>

#include "code_parts.hpp"

namespace mxconf::scalar_codec {
namespace {

using detail::Parts;
__extension__ typedef __int128 Int128;  // GCC/Clang: exact sums of products
__extension__ typedef unsigned __int128 UInt128;

// An element code as an integer multiple of the format's smallest step 2^unit (e5m2: 57344 = 7 * 2^29 units of
// 2^-16, below 2^32, so a product of two fits in 64 bits and a block's sum in 128).
struct ElementValue {
  std::int64_t value = 0;
  bool nan = false, inf = false;
  bool negative = false;  // the sign, also of zeros and Infs
};

constexpr std::size_t kElementFormats = 6;  // e4m3 .. int8, in FormatId order

struct ElementTables {
  std::array<std::array<ElementValue, 256>, kElementFormats> values{};
  std::array<int, kElementFormats> unit{};
  ElementTables() {
    for (std::size_t i = 0; i < kElementFormats; ++i) {
      const FormatSpec& f = kFormatTable[i];
      unit[i] = grid_min_exponent(f) - grid_bits(f);
      for (std::uint32_t code = 0; code <= code_mask(f); ++code) {
        const Parts p = detail::code_parts(f, code);
        ElementValue& v = values[i][code];
        v.negative = p.negative;
        v.nan = p.kind == Parts::Kind::nan;
        v.inf = p.kind == Parts::Kind::inf;
        if (p.kind == Parts::Kind::finite) {
          const auto magnitude = static_cast<std::int64_t>(p.sig >> (detail::kMaxPoint - (p.exp - unit[i])));
          v.value = p.negative ? -magnitude : magnitude;
        }
      }
    }
  }
};

const ElementTables& tables() {
  static const ElementTables t;
  return t;
}

// A two's complement fixed-point number of 768 bits; bit 0 weighs 2^kLowest. Block sums land at exponents
// 2^(sA + sB - 254 + uA + uB) >= 2^-286 with at most ~128 significant bits, so a few hundred bits hold any sum.
class Accumulator {
 public:
  static constexpr int kLowest = -286;
  static constexpr std::size_t kLimbs = 12;

  // Adds v * 2^exponent (exponent >= kLowest).
  void add(Int128 v, int exponent) {
    const auto offset = static_cast<unsigned>(exponent - kLowest);
    const std::size_t first = offset / 64;
    const unsigned bit = offset % 64;
    const bool negative = v < 0;
    const auto u = static_cast<UInt128>(v);
    const std::uint64_t fill = negative ? ~std::uint64_t{0} : 0;
    // v as four sign-extended limbs, shifted left by `bit`.
    std::array<std::uint64_t, 4> w{static_cast<std::uint64_t>(u), static_cast<std::uint64_t>(u >> 64), fill, fill};
    if (bit != 0) {
      for (std::size_t i = 3; i > 0; --i) w[i] = (w[i] << bit) | (w[i - 1] >> (64 - bit));
      w[0] <<= bit;
    }
    std::uint64_t carry = 0;
    for (std::size_t i = first; i < kLimbs; ++i) {
      const std::uint64_t addend = i - first < 4 ? w[i - first] : fill;
      const UInt128 sum = static_cast<UInt128>(limbs_[i]) + addend + carry;
      limbs_[i] = static_cast<std::uint64_t>(sum);
      carry = static_cast<std::uint64_t>(sum >> 64);
    }
  }

  bool is_zero() const {
    for (const auto l : limbs_)
      if (l != 0) return false;
    return true;
  }

  // The value as parts (normalised to 62 bits, a sticky bit for anything below them). Must not be zero.
  Parts parts() const {
    std::array<std::uint64_t, kLimbs> m = limbs_;
    const bool negative = (m[kLimbs - 1] >> 63) != 0;
    if (negative) {  // magnitude = -value
      std::uint64_t carry = 1;
      for (auto& l : m) {
        const UInt128 sum = static_cast<UInt128>(~l) + carry;
        l = static_cast<std::uint64_t>(sum);
        carry = static_cast<std::uint64_t>(sum >> 64);
      }
    }
    std::size_t top_limb = kLimbs - 1;
    while (m[top_limb] == 0) --top_limb;
    const int top = static_cast<int>(top_limb) * 64 + 63 - std::countl_zero(m[top_limb]);
    const int low = top - detail::kMaxPoint;  // the 62 bits [low, top]
    std::uint64_t sig = 0;
    bool sticky = false;
    if (low <= 0) {
      sig = bits(m, 0) << -low;
    } else {
      sig = bits(m, low) & ((std::uint64_t{1} << (detail::kMaxPoint + 1)) - 1);
      for (int i = 0; i < low && !sticky; i += 64) {
        const int n = low - i < 64 ? low - i : 64;
        sticky = (bits(m, i) & (n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1)) != 0;
      }
    }
    Parts p;
    p.kind = Parts::Kind::finite;
    p.negative = negative;
    p.exp = top + kLowest;
    p.sig = sig | (sticky ? 1 : 0);  // the rounding position is >= 38 bits higher: a sticky bit suffices
    p.point = detail::kMaxPoint;
    return p;
  }

 private:
  // 64 bits starting at bit `pos` (zeros beyond the top).
  static std::uint64_t bits(const std::array<std::uint64_t, kLimbs>& m, int pos) {
    const auto i = static_cast<std::size_t>(pos / 64);
    const int b = pos % 64;
    const std::uint64_t lo = m[i] >> b;
    const std::uint64_t hi = b != 0 && i + 1 < kLimbs ? m[i + 1] << (64 - b) : 0;
    return lo | hi;
  }

  std::array<std::uint64_t, kLimbs> limbs_{};
};

}  // namespace

Status dot_fp32(FormatId element_a, FormatId element_b, Rounding rounding, std::size_t k,
                std::span<const std::uint8_t> scales_a, std::span<const std::uint8_t> codes_a,
                std::span<const std::uint8_t> scales_b, std::span<const std::uint8_t> codes_b,
                std::uint32_t& result) noexcept {
  const std::size_t n = scales_a.size();
  if (!is_element_format(element_a) || !is_element_format(element_b) || rounding == Rounding::sr || k == 0 ||
      scales_b.size() != n || codes_a.size() != n * k || codes_b.size() != n * k)
    return Status::invalid_argument;
  const auto ia = static_cast<std::size_t>(element_a);
  const auto ib = static_cast<std::size_t>(element_b);
  const std::uint64_t mask_a = code_mask(kFormatTable[ia]);
  const std::uint64_t mask_b = code_mask(kFormatTable[ib]);
  for (std::size_t i = 0; i < n * k; ++i)
    if (codes_a[i] > mask_a || codes_b[i] > mask_b) return Status::invalid_argument;

  const ElementTables& t = tables();
  const auto& ta = t.values[ia];
  const auto& tb = t.values[ib];
  const int units = t.unit[ia] + t.unit[ib];
  bool nan = false, plus_inf = false, minus_inf = false;
  bool all_negative_zero = true;  // an exact zero sum is -0 only if every product is -0 (IEEE 754 §6.3)
  Accumulator acc;
  for (std::size_t j = 0; j < n; ++j) {
    // OCP MX v1.0 §6.3: a NaN scale makes the block NaN.
    if (scales_a[j] == 0xff || scales_b[j] == 0xff) nan = true;
    Int128 sum = 0;
    for (std::size_t i = j * k; i < (j + 1) * k; ++i) {
      const ElementValue& a = ta[codes_a[i]];
      const ElementValue& b = tb[codes_b[i]];
      const bool negative = a.negative != b.negative;
      if (a.nan || b.nan) {
        nan = true;
      } else if (a.inf || b.inf) {
        if ((!a.inf && a.value == 0) || (!b.inf && b.value == 0)) nan = true;  // Inf * 0
        (negative ? minus_inf : plus_inf) = true;
        all_negative_zero = false;
      } else {
        const Int128 product = static_cast<Int128>(a.value) * b.value;
        sum += product;
        if (product != 0 || !negative) all_negative_zero = false;
      }
    }
    if (sum != 0) acc.add(sum, static_cast<int>(scales_a[j]) + static_cast<int>(scales_b[j]) - 254 + units);
  }
  const ConvertPlan to_fp32 = ieee_plan(FormatId::fp32, rounding);
  if (nan || (plus_inf && minus_inf)) {
    result = to_fp32.nan[0].code;  // 0x7fc00000
  } else if (plus_inf || minus_inf) {
    result = to_fp32.inf[minus_inf].code;
  } else if (acc.is_zero()) {
    result = all_negative_zero ? 0x8000'0000u : 0;
  } else {
    result = detail::encode_parts(to_fp32, acc.parts(), 0).code;
  }
  return Status::ok;
}

}  // namespace mxconf::scalar_codec
