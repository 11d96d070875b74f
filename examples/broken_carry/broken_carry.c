/* A deliberately BROKEN kernel, in two builds: fp32 -> FP8 E4M3 (round to nearest even, SATURATING) and E4M3 ->
 * fp32, like examples/good_kernel, with a rounding-carry bug that only shows INSIDE one long interval of the step
 * function (the saturating interval 432 .. max fp32 has one code, 0x7e, and its ends are right):
 *   libmxconf_example_broken_carry_nan      the clamp looks at the value BEFORE rounding (x >= 480), so the
 *                                           carry of 464 < x < 480 lands on 0x7f, E4M3's NaN (OFP8 §4: 448)
 *   libmxconf_example_broken_carry_wrap     the clamp catches the NaN code but not a carry out of the top
 *                                           binade: 496 <= x < 512 becomes 0x80 (-0) (OFP8 §4: 448)
 * Before issue 9 both passed the fast tier (only interval ends were asked) and `identify` called them ocp. */
#include <stdint.h>

#include "mxconf/kernel.h"

/* fp32 bits -> E4M3 code (S.EEEE.MMM, bias 7, max 448 = 0x7e, NaN = S.1111.111). */
static uint8_t e4m3_from_fp32(uint32_t x) {
  const uint8_t sign = (uint8_t)((x >> 24) & 0x80);
  const uint32_t exponent = (x >> 23) & 0xff, mantissa = x & 0x7fffff;
  if (exponent == 0xff) return mantissa ? (uint8_t)(sign | 0x7f)  /* NaN keeps its sign (profile "ocp") */
                                        : (uint8_t)(sign | 0x7e); /* Inf saturates to +-448 */
  if (exponent == 0 && mantissa == 0) return sign;                 /* +-0 */

  /* The value is sig * 2^(e - 23) with sig in [2^23, 2^24): normalise fp32 subnormals first. */
  uint32_t sig = exponent ? (mantissa | 0x800000) : mantissa;
  int e = exponent ? (int)exponent - 127 : -126;
  while (sig < 0x800000) { sig <<= 1; e--; }

  /* E4M3 keeps 3 fraction bits; below its smallest normal exponent (-6) the step stays 2^-9 (subnormals). */
  const int step = (e < -6 ? -6 : e) - 3;  /* the result is q * 2^step */
  const int drop = 23 + step - e;          /* low bits of sig that do not fit: at least 20 */
  if (drop > 25) return sign;              /* below half the smallest subnormal: rounds to zero */
  uint32_t q = sig >> drop;
  const uint32_t rest = sig & ((1u << drop) - 1), half = 1u << (drop - 1);
#ifdef MXCONF_EXAMPLE_WRAP
  if (e > 8) return (uint8_t)(sign | 0x7e); /* x >= 512: clamp */
#else
  if (e > 8 || (e == 8 && q >= 15)) return (uint8_t)(sign | 0x7e); /* BUG: x >= 480 clamps, before rounding */
#endif
  if (rest > half || (rest == half && (q & 1))) q++;  /* round to nearest, ties to even */

  int magnitude = e < -6 ? (int)q : ((e + 7) << 3) + (int)q - 8;
#ifdef MXCONF_EXAMPLE_WRAP
  if (magnitude == 0x7f) magnitude = 0x7e;           /* the NaN code clamps to 448 ... */
  return (uint8_t)((sign + magnitude) & 0xff);        /* BUG: ... but q = 16 at e = 8 carries into the sign bit */
#else
  return (uint8_t)(sign | magnitude);                 /* BUG: 464 < x < 480 rounded up to 0x7f, the NaN code */
#endif
}

/* E4M3 code -> fp32 bits (exact: every E4M3 value is an fp32 value). */
static uint32_t fp32_from_e4m3(uint8_t c) {
  const uint32_t sign = (uint32_t)(c & 0x80) << 24;
  uint32_t exponent = (c >> 3) & 0xf, mantissa = c & 0x7;
  if ((c & 0x7f) == 0x7f) return 0x7fc00000;  /* NaN: fp32's canonical quiet NaN (the harness compares it) */
  if (exponent == 0) {                                /* zero or subnormal: mantissa * 2^-9 */
    if (mantissa == 0) return sign;
    int e = -6;
    while (!(mantissa & 0x8)) { mantissa <<= 1; e--; }
    return sign | (uint32_t)(e + 127) << 23 | (mantissa & 0x7) << 20;
  }
  return sign | (exponent + 120) << 23 | mantissa << 20;  /* rebias 7 -> 127 */
}

/* Each operation checks that it is asked for what it declared, then works on `count` values. */
static int convert(const mxconf_convert_args* a) {
  if (a->source != MXCONF_FORMAT_FP32 || a->target != MXCONF_FORMAT_E4M3 || a->rounding != MXCONF_ROUND_RNE ||
      a->overflow != MXCONF_OVERFLOW_SATURATE || a->layout != MXCONF_LAYOUT_BYTE)
    return MXCONF_STATUS_UNSUPPORTED;
  const uint32_t* in = (const uint32_t*)a->input;
  uint8_t* out = (uint8_t*)a->output;
  for (size_t i = 0; i < a->count; ++i) out[i] = e4m3_from_fp32(in[i]);
  return MXCONF_STATUS_OK;
}

static int decode(const mxconf_decode_args* a) {
  if (a->source != MXCONF_FORMAT_E4M3 || a->target != MXCONF_FORMAT_FP32 || a->layout != MXCONF_LAYOUT_BYTE)
    return MXCONF_STATUS_UNSUPPORTED;
  const uint8_t* in = (const uint8_t*)a->input;
  for (size_t i = 0; i < a->count; ++i) a->output[i] = fp32_from_e4m3(in[i]);
  return MXCONF_STATUS_OK;
}

/* What the kernel can do. Masks have bit (1u << value) set for each supported enum value. */
static const mxconf_capability capabilities[] = {
    {MXCONF_OP_CONVERT, MXCONF_FORMAT_FP32, MXCONF_FORMAT_E4M3, 1u << MXCONF_ROUND_RNE,
     1u << MXCONF_OVERFLOW_SATURATE, 0, 1u << MXCONF_LAYOUT_BYTE, 0, 0, 0},
    {MXCONF_OP_DECODE, MXCONF_FORMAT_E4M3, MXCONF_FORMAT_FP32, 0, 0, 0, 1u << MXCONF_LAYOUT_BYTE, 0, 0, 0},
};

#ifdef MXCONF_EXAMPLE_WRAP
#define KERNEL_NAME "broken-carry-wrap"
#else
#define KERNEL_NAME "broken-carry-nan"
#endif

static const mxconf_kernel kernel = {
    MXCONF_KERNEL_ABI_VERSION, KERNEL_NAME, "1.0 (example)", capabilities,
    sizeof capabilities / sizeof capabilities[0],
    convert, decode, NULL, NULL, NULL, /* no quantize, dequantize or dot */
};

/* The one exported symbol. */
__attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) { return &kernel; }
