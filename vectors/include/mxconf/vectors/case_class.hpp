// Case classes: why a vector is in the catalogue. Every row carries its classes so a report can say which classes
// a kernel fails ("3 failures, all tie").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mxconf::vectors {

enum class CaseClass : std::uint8_t {
  nan,            // NaN input or output
  inf,            // Inf input or output
  zero,           // zero input or result
  saturation,     // clamped to the largest finite value
  overflow,       // a finite input that became Inf or NaN
  tie,            // exactly halfway between two neighbours
  denormal_in,    // the source value is subnormal
  denormal_out,   // the result is subnormal
  scale_clamp,    // the shared exponent was clamped at 2^-127 or 2^127
  scale_nan,      // the block scale is NaN
  random,         // a seeded random case
};
inline constexpr int kCaseClassCount = 11;

std::string_view to_string(CaseClass c);
std::optional<CaseClass> parse_case_class(std::string_view name);

// A set of classes, written "tie,denormal-out" or "-" when empty.
class CaseClasses {
 public:
  CaseClasses() = default;
  CaseClasses& add(CaseClass c) {
    bits_ |= 1u << static_cast<unsigned>(c);
    return *this;
  }
  bool has(CaseClass c) const { return (bits_ >> static_cast<unsigned>(c)) & 1u; }
  bool empty() const { return bits_ == 0; }
  CaseClasses& operator|=(CaseClasses other) {
    bits_ |= other.bits_;
    return *this;
  }
  bool operator==(const CaseClasses&) const = default;
  std::string to_string() const;
  // Empty when a name is unknown.
  static std::optional<CaseClasses> parse(std::string_view text);

 private:
  std::uint32_t bits_ = 0;
};

}  // namespace mxconf::vectors
