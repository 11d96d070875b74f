// Every code of every format decodes to the reference's value (3); PACKED layouts round-trip. (The codec reads
// the reference's constexpr kFormatTable itself, so there is no second table to compare.)
#include <random>

#include "test_scalar_codec_support.hpp"

namespace {

using namespace sctest;

// (3) Every code of every element format and e8m0 decodes to encode(decode(code), fp32, ieee rne).
TEST(ScalarCodecDecode, EveryCodeOfEveryFormat) {
  const auto options = mxconf::ieee_encode_options(Rounding::rne);
  for (const FormatId id : kDestinations) {
    const auto& f = mxconf::format_spec(id);
    for (std::uint32_t code = 0; code <= mxconf::code_mask(f); ++code) {
      const auto want = mxconf::encode(mxconf::decode(f, code), mxconf::format_spec(FormatId::fp32), options);
      const auto got = sc::decode_fp32(id, code);
      ASSERT_TRUE(got.has_value()) << f.name << " " << hex(code);
      EXPECT_EQ(*got, want) << f.name << " code " << hex(code);
    }
    EXPECT_FALSE(sc::decode_fp32(id, static_cast<std::uint32_t>(mxconf::code_mask(f)) + 1).has_value()) << f.name;
  }
  EXPECT_EQ(*sc::decode_fp32(FormatId::e8m0, 0), 0x0040'0000u);  // 2^-127 is an fp32 subnormal (spec-rules §1.5)
  EXPECT_EQ(*sc::decode_fp32(FormatId::e8m0, 0xff), 0x7fc0'0000u);
  EXPECT_EQ(*sc::decode_fp32(FormatId::int8, 0x80), 0xc000'0000u);  // -2.0
}

TEST(ScalarCodecDecode, BatchMatchesScalarAndRejectsWideCodes) {
  std::vector<std::uint8_t> codes(256);
  for (std::size_t i = 0; i < codes.size(); ++i) codes[i] = static_cast<std::uint8_t>(i);
  std::vector<std::uint32_t> out(256);
  EXPECT_EQ(sc::decode_fp32(FormatId::e4m3, codes, out), sc::Status::ok);
  for (std::size_t i = 0; i < codes.size(); ++i) EXPECT_EQ(out[i], *sc::decode_fp32(FormatId::e4m3, codes[i]));
  EXPECT_EQ(sc::decode_fp32(FormatId::e2m1, codes, out), sc::Status::invalid_argument);
}

TEST(ScalarCodecPacking, RoundTripsEveryCountAndFormat) {
  std::mt19937 rng(5);
  for (const FormatId id : kDestinations) {
    const auto mask = static_cast<std::uint32_t>(mxconf::code_mask(mxconf::format_spec(id)));
    for (std::size_t count = 0; count <= 37; ++count) {
      std::vector<std::uint8_t> codes(count);
      for (auto& c : codes) c = static_cast<std::uint8_t>(rng() & mask);
      std::vector<std::uint8_t> packed(sc::packed_size(id, count) + 2, 0xa5);  // 2 guard bytes
      sc::pack_codes(id, codes, std::span(packed).first(sc::packed_size(id, count)));
      EXPECT_EQ(packed[packed.size() - 1], 0xa5);
      EXPECT_EQ(packed[packed.size() - 2], 0xa5);
      std::vector<std::uint8_t> back(count);
      sc::unpack_codes(id, packed, back);
      EXPECT_EQ(back, codes) << mxconf::format_spec(id).name << " count " << count;
    }
  }
}

TEST(ScalarCodecPacking, LayoutIsTheAbiOne) {
  // FP4: element 2j in the low nibble. FP6: element j in bits 6j..6j+5 of the little-endian 24-bit group.
  const std::vector<std::uint8_t> fp4{0x1, 0x2, 0x3};
  std::vector<std::uint8_t> p4(2);
  sc::pack_codes(FormatId::e2m1, fp4, p4);
  EXPECT_EQ(p4, (std::vector<std::uint8_t>{0x21, 0x03}));
  const std::vector<std::uint8_t> fp6{0x01, 0x02, 0x03, 0x3f};
  std::vector<std::uint8_t> p6(3);
  sc::pack_codes(FormatId::e3m2, fp6, p6);
  const std::uint32_t group = 0x01u | (0x02u << 6) | (0x03u << 12) | (0x3fu << 18);
  EXPECT_EQ(p6, (std::vector<std::uint8_t>{static_cast<std::uint8_t>(group), static_cast<std::uint8_t>(group >> 8),
                                           static_cast<std::uint8_t>(group >> 16)}));
  EXPECT_EQ(sc::packed_size(FormatId::e2m3, 5), 4u);
  EXPECT_EQ(sc::packed_size(FormatId::e4m3, 5), 5u);
}

}  // namespace
