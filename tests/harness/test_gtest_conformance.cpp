// The GoogleTest adapter on a kernel linked into this binary: one line gives one test per fast-tier check. The
// kernel decodes e8m0 only (OCP MX v1.0 §5.4), correctly, so its decode checks pass and the rest are skipped.
#include "mxconf/harness/gtest_conformance.hpp"

namespace {

int decode_e8m0(const mxconf_decode_args* a) {
  if (a->source != MXCONF_FORMAT_E8M0 || a->target != MXCONF_FORMAT_FP32 || a->layout != MXCONF_LAYOUT_BYTE)
    return MXCONF_STATUS_UNSUPPORTED;
  const auto* in = static_cast<const std::uint8_t*>(a->input);
  for (std::size_t i = 0; i < a->count; ++i) {
    const std::uint32_t c = in[i];
    a->output[i] = c == 0xff ? 0x7fc00000u : c == 0 ? 0x0040'0000u /* 2^-127, an fp32 subnormal */ : c << 23;
  }
  return MXCONF_STATUS_OK;
}

const mxconf_capability kCapabilities[] = {
    {MXCONF_OP_DECODE, MXCONF_FORMAT_E8M0, MXCONF_FORMAT_FP32, 0, 0, 0, 1u << MXCONF_LAYOUT_BYTE, 0, 0, 0},
};
const mxconf_kernel kE8m0Decoder{MXCONF_KERNEL_ABI_VERSION, "e8m0-decoder", "1", kCapabilities, 1,
                                 nullptr, decode_e8m0, nullptr, nullptr, nullptr};

const mxconf_kernel* entry() { return &kE8m0Decoder; }

}  // namespace

// The one line a user writes: a kernel pointer ...
MXCONF_CONFORMANCE_TESTS(E8m0Decoder, &kE8m0Decoder, "ocp");
// ... or the entry function, under another profile, for the decode checks only.
MXCONF_CONFORMANCE_TESTS_ONLY(E8m0DecoderByEntry, entry, "nvidia", "decode/*");

TEST(GtestAdapter, OneTestPerFastCheckWithValidNames) {
  const auto params = mxconf::harness::gtest_adapter::fast_check_params();
  ASSERT_FALSE(params.empty());
  std::set<std::string> names;
  for (const auto& p : params) {
    EXPECT_TRUE(names.insert(p.test_name).second) << p.test_name;
    for (const char c : p.test_name) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '_') << p.test_name;
  }
  EXPECT_EQ(params.size(), mxconf::harness::gtest_adapter::fast_checks().size());
  const auto decode = mxconf::harness::gtest_adapter::fast_check_params("decode/*");
  ASSERT_FALSE(decode.empty());
  EXPECT_LT(decode.size(), params.size());
  for (const auto& p : decode) EXPECT_EQ(p.check.rfind("decode/", 0), 0u) << p.check;
}
