// load_kernel / validate_kernel: every refusal names the file and the symbol or field, and says why.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "mxconf/harness/kernel_loader.hpp"

namespace mxconf::harness {
namespace {

// The message load_kernel throws for `path`, or "" when it loads.
std::string load_error(const std::string& path) {
  try {
    load_kernel(path);
  } catch (const KernelLoadError& e) {
    return e.what();
  }
  return "";
}

TEST(KernelLoader, LoadsAGoodKernel) {
  const LoadedKernel k = load_kernel(MXCONF_TEST_KERNEL_GOOD);
  ASSERT_NE(k.kernel, nullptr);
  EXPECT_STREQ(k.kernel->name, "test-good");
  EXPECT_EQ(k.kernel->abi_version, static_cast<std::uint32_t>(MXCONF_KERNEL_ABI_VERSION));
  EXPECT_EQ(k.path, MXCONF_TEST_KERNEL_GOOD);
  // A copy keeps the library loaded.
  const LoadedKernel copy = k;
  EXPECT_STREQ(copy.kernel->name, "test-good");
}

TEST(KernelLoader, KernelWithoutADeviceEntryHasNone) {
  EXPECT_EQ(load_kernel(MXCONF_TEST_KERNEL_GOOD).device, nullptr);  // ABI minor 0 kernels load as before
}

// The device entry (ABI minor 1): each malformed answer is refused, naming the symbol.
int device_convert(const mxconf_convert_args*) { return MXCONF_STATUS_OK; }

std::string device_error(const mxconf_device_kernel* d) {
  try {
    validate_device_kernel(d, "k");
  } catch (const KernelLoadError& e) {
    return e.what();
  }
  return "";
}

TEST(KernelLoader, ValidatesTheDeviceEntry) {
  EXPECT_EQ(device_error(nullptr), "k: mxconf_kernel_device_entry() returned NULL");
  const mxconf_device_kernel good{MXCONF_KERNEL_ABI_VERSION, 1, device_convert};
  EXPECT_EQ(device_error(&good), "");
  const mxconf_device_kernel other_abi{MXCONF_KERNEL_ABI_VERSION + 1, 1, device_convert};
  EXPECT_NE(device_error(&other_abi).find("ABI version"), std::string::npos);
  const mxconf_device_kernel minor0{MXCONF_KERNEL_ABI_VERSION, 0, device_convert};
  EXPECT_NE(device_error(&minor0).find("abi_minor 0"), std::string::npos);
  const mxconf_device_kernel no_convert{MXCONF_KERNEL_ABI_VERSION, 1, nullptr};
  EXPECT_EQ(device_error(&no_convert), "k: mxconf_kernel_device_entry(): convert is NULL");
}

TEST(KernelLoader, MissingFileNamesThePath) {
  EXPECT_EQ(load_error("/nonexistent/libk.so"), "/nonexistent/libk.so: no such file");
}

TEST(KernelLoader, NotASharedLibrarySaysDlopen) {
  const std::string path = testing::TempDir() + "not_a_library.so";
  std::ofstream(path) << "plain text\n";
  const std::string why = load_error(path);
  EXPECT_EQ(why.rfind(path + ": cannot load (dlopen: ", 0), 0u) << why;
}

TEST(KernelLoader, MissingSymbolNamesFileAndSymbol) {
  const std::string path = MXCONF_TEST_KERNEL_NOSYMBOL;
  const std::string why = load_error(path);
  EXPECT_EQ(why.rfind(path + ": no symbol 'mxconf_kernel_entry' (dlsym: ", 0), 0u) << why;
}

TEST(KernelLoader, WrongAbiVersion) {
  const std::string path = MXCONF_TEST_KERNEL_ABI2;
  EXPECT_EQ(load_error(path), path + ": ABI version 2, this mxconf speaks 1");
}

TEST(KernelLoader, BadCapabilityNamesTheField) {
  const std::string path = MXCONF_TEST_KERNEL_BADCAP;
  EXPECT_EQ(load_error(path), path + ": capabilities[0].max_block_size is 16: must be 0 (any) or at least 32 "
                                     "(every MX kernel supports k = 32)");
}

TEST(KernelLoader, NullNameAndNullEntry) {
  const std::string null_name = MXCONF_TEST_KERNEL_NULLNAME;
  EXPECT_EQ(load_error(null_name), null_name + ": mxconf_kernel.name is NULL (a kernel must name itself)");
  const std::string null_entry = MXCONF_TEST_KERNEL_NULLENTRY;
  EXPECT_EQ(load_error(null_entry), null_entry + ": mxconf_kernel_entry() returned NULL");
}

// validate_kernel on in-process kernels: each malformed field is named.
class ValidateKernel : public testing::Test {
 protected:
  static int decode(const mxconf_decode_args*) { return MXCONF_STATUS_OK; }
  std::string error() {
    kernel_.capabilities = &capability_;
    try {
      validate_kernel(&kernel_, "k");
    } catch (const KernelLoadError& e) {
      return e.what();
    }
    return "";
  }
  mxconf_capability capability_{MXCONF_OP_DECODE, MXCONF_FORMAT_E4M3, MXCONF_FORMAT_FP32, 0, 0, 0,
                                1u << MXCONF_LAYOUT_BYTE, 0, 0, 0};
  mxconf_kernel kernel_{MXCONF_KERNEL_ABI_VERSION, "k", "1", nullptr, 1, nullptr, decode, nullptr, nullptr, nullptr};
};

TEST_F(ValidateKernel, AcceptsAWellFormedTable) { EXPECT_EQ(error(), ""); }

TEST_F(ValidateKernel, UnknownOperation) {
  capability_.operation = static_cast<mxconf_operation>(7);
  EXPECT_EQ(error(), "k: capabilities[0].operation is 7, not a known mxconf_operation (1..5)");
}

TEST_F(ValidateKernel, UnknownFormat) {
  capability_.source = static_cast<mxconf_format>(0);
  EXPECT_EQ(error(), "k: capabilities[0].source is 0, not a known mxconf_format (1..10)");
  capability_.source = MXCONF_FORMAT_E4M3;
  capability_.target = static_cast<mxconf_format>(11);
  EXPECT_EQ(error(), "k: capabilities[0].target is 11, not a known mxconf_format (1..10)");
}

TEST_F(ValidateKernel, UnknownMaskBits) {
  capability_.rounding_mask = 1u;  // bit 0 is no rounding mode
  EXPECT_EQ(error(), "k: capabilities[0].rounding_mask 0x1 sets bits of no mxconf_rounding value (known: 0x7e)");
  capability_.rounding_mask = 0;
  capability_.layout_mask = 1u << 3;
  EXPECT_EQ(error(), "k: capabilities[0].layout_mask 0x8 sets bits of no mxconf_layout value (known: 0x6)");
  capability_.layout_mask = 1u << MXCONF_LAYOUT_BYTE;
  capability_.flags = 0x10;
  EXPECT_EQ(error(), "k: capabilities[0].flags 0x10 sets unknown MXCONF_CAP_* bits");
}

TEST_F(ValidateKernel, DeclaredOperationWithoutFunction) {
  capability_.operation = MXCONF_OP_QUANTIZE;
  EXPECT_EQ(error(), "k: capabilities[0] declares operation quantize but the kernel's quantize function pointer is NULL");
}

TEST_F(ValidateKernel, BlockSizeBelow32) {
  capability_.max_block_size = 31;
  EXPECT_NE(error().find("max_block_size is 31"), std::string::npos);
  capability_.max_block_size = 32;
  EXPECT_EQ(error(), "");
}

TEST_F(ValidateKernel, NullCapabilitiesWithACount) {
  kernel_.capability_count = 1;
  try {
    kernel_.capabilities = nullptr;
    validate_kernel(&kernel_, "k");
    FAIL() << "accepted";
  } catch (const KernelLoadError& e) {
    EXPECT_STREQ(e.what(), "k: mxconf_kernel.capabilities is NULL but capability_count is 1");
  }
}

}  // namespace
}  // namespace mxconf::harness
