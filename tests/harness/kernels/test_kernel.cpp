/* Small kernels for the harness tests, one shared library per MXCONF_TEST_MODE (tests/harness/CMakeLists.txt).
 *
 * Compiled as C++ only so the test build needs no C compiler; the code is plain C otherwise.
 *
 * Every mode decodes e8m0 correctly (so its decode checks pass and show that the other checks still run); the
 * broken modes also declare convert fp32 -> e4m3 (rne, saturate, BYTE) and misbehave there:
 *   good      decode e8m0 only
 *   wrong     decode e8m0 with one wrong answer (code 0x00 -> 0.0 instead of 2^-127): a conformance failure
 *   segv      convert dereferences NULL
 *   hang      convert never returns
 *   status    convert returns MXCONF_STATUS_INTERNAL_ERROR
 *   overrun   convert writes one code past `count`
 *   exit      convert calls exit(0)
 *   abi2      abi_version 2
 *   nosymbol  no mxconf_kernel_entry at all
 *   badcap    a capability with max_block_size 16
 *   nullname  name is NULL
 *   nullentry mxconf_kernel_entry returns NULL
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mxconf/kernel.h"

#define MODE_IS(m) (strcmp(MXCONF_TEST_MODE, m) == 0)

static int decode(const mxconf_decode_args* a) {
  if (a->source != MXCONF_FORMAT_E8M0 || a->target != MXCONF_FORMAT_FP32 || a->layout != MXCONF_LAYOUT_BYTE)
    return MXCONF_STATUS_UNSUPPORTED;
  const uint8_t* in = (const uint8_t*)a->input;
  for (size_t i = 0; i < a->count; ++i) {
    /* OCP MX v1.0 §5.4: E8M0 code c is 2^(c - 127); 0xff is NaN. 2^-127 is an fp32 subnormal. */
    uint32_t c = in[i];
    a->output[i] = c == 0xff ? 0x7fc00000u : c == 0 ? 0x00400000u : c << 23;
    if (MODE_IS("wrong") && c == 0) a->output[i] = 0;
  }
  return MXCONF_STATUS_OK;
}

static volatile int* volatile null_pointer = nullptr;

static int convert(const mxconf_convert_args* a) {
  uint8_t* out = (uint8_t*)a->output;
  if (MODE_IS("segv")) return *null_pointer;
  if (MODE_IS("hang"))
    for (;;) sleep(1);
  if (MODE_IS("status")) return MXCONF_STATUS_INTERNAL_ERROR;
  if (MODE_IS("exit")) exit(0);
  for (size_t i = 0; i < a->count; ++i) out[i] = 0;
  if (MODE_IS("overrun")) out[a->count] = 0x5a;
  return MXCONF_STATUS_OK;
}

static const mxconf_capability kDecodeOnly[] = {
    {MXCONF_OP_DECODE, MXCONF_FORMAT_E8M0, MXCONF_FORMAT_FP32, 0, 0, 0, 1u << MXCONF_LAYOUT_BYTE, 0, 0, 0},
};
static const mxconf_capability kWithConvert[] = {
    {MXCONF_OP_DECODE, MXCONF_FORMAT_E8M0, MXCONF_FORMAT_FP32, 0, 0, 0, 1u << MXCONF_LAYOUT_BYTE, 0, 0, 0},
    {MXCONF_OP_CONVERT, MXCONF_FORMAT_FP32, MXCONF_FORMAT_E4M3, 1u << MXCONF_ROUND_RNE,
     1u << MXCONF_OVERFLOW_SATURATE, 0, 1u << MXCONF_LAYOUT_BYTE, 0, 0, 0},
};
static const mxconf_capability kBadBlock[] = {
    {MXCONF_OP_DECODE, MXCONF_FORMAT_E8M0, MXCONF_FORMAT_FP32, 0, 0, 0, 1u << MXCONF_LAYOUT_BYTE, 16, 0, 0},
};

#ifndef MXCONF_TEST_NO_ENTRY
extern "C" __attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) {
  static mxconf_kernel k{};
  k.abi_version = MODE_IS("abi2") ? 2 : MXCONF_KERNEL_ABI_VERSION;
  k.name = MODE_IS("nullname") ? nullptr : "test-" MXCONF_TEST_MODE;
  k.version = "1";
  if (MODE_IS("good") || MODE_IS("wrong") || MODE_IS("abi2") || MODE_IS("nullname")) {
    k.capabilities = kDecodeOnly;
    k.capability_count = 1;
  } else if (MODE_IS("badcap")) {
    k.capabilities = kBadBlock;
    k.capability_count = 1;
  } else {
    k.capabilities = kWithConvert;
    k.capability_count = 2;
    k.convert = convert;
  }
  k.decode = decode;
  return MODE_IS("nullentry") ? nullptr : &k;
}
#else
/* Something else to export, so the library is not empty. */
extern "C" __attribute__((visibility("default"))) int mxconf_not_the_entry(void) { return 0; }
#endif
