/* A deliberately BROKEN kernel: it treats E8M0 scale code 0 as ZERO instead of 2^-127.
 *
 * The same MXFP8 kernel as examples/broken_ties_away (convert, decode, quantize with the OCP floor scale,
 * dequantize; "ocp" profile) with correct ties-to-even rounding, but a wrong E8M0 decode (marked BUG): code 0
 * decodes to 0.0 (the classic `c << 23` decoder), so
 *   - decode of e8m0 0x00 gives 0.0 instead of 2^-127 (fp32 0x00400000),
 *   - dequantize of any block with scale 0x00 gives zeros,
 *   - quantize of a tiny block (amax < 2^-118, scale 0x00) flushes every element to zero: the kernel multiplies by
 *     the reciprocal of the decoded scale and, the scale being "zero", uses 1 instead (TransformerEngine's
 *     exp2f_rcp(0) == 1.0 before PR #2647, spec-rules §1.5).
 * `mxconf run --kernel <this> --profile ocp` must fail on exactly those cases (blocks whose scale is clamped at
 * 2^-127, and the e8m0 code 0 itself) and pass everything else. */
#include <stdint.h>

#include "mxconf/kernel.h"

/* fp32 bits times 2^-shift -> E4M3 code, saturating. shift is the block's scale exponent (0 for convert). */
static uint8_t e4m3_from_fp32(uint32_t x, int shift) {
  const uint8_t sign = (uint8_t)((x >> 24) & 0x80);
  const uint32_t exponent = (x >> 23) & 0xff, mantissa = x & 0x7fffff;
  if (exponent == 0xff) return mantissa ? (uint8_t)(sign | 0x7f) : (uint8_t)(sign | 0x7e); /* NaN; Inf -> max */
  if (exponent == 0 && mantissa == 0) return sign;

  uint32_t sig = exponent ? (mantissa | 0x800000) : mantissa; /* value = sig * 2^(e - 23) */
  int e = (exponent ? (int)exponent - 127 : -126) - shift;
  while (sig < 0x800000) { sig <<= 1; e--; }

  const int step = (e < -6 ? -6 : e) - 3;
  const int drop = 23 + step - e;
  if (drop > 25) return sign;
  uint32_t q = sig >> drop;
  const uint32_t rest = sig & ((1u << drop) - 1), half = 1u << (drop - 1);
  if (rest > half || (rest == half && (q & 1))) q++; /* round to nearest, ties to even */

  const int magnitude = e < -6 ? (int)q : ((e + 7) << 3) + (int)q - 8;
  return (uint8_t)(sign | (magnitude > 0x7e ? 0x7e : magnitude));
}

static uint32_t fp32_from_e4m3(uint8_t c) {
  const uint32_t sign = (uint32_t)(c & 0x80) << 24;
  uint32_t exponent = (c >> 3) & 0xf, mantissa = c & 0x7;
  if ((c & 0x7f) == 0x7f) return 0x7fc00000; /* NaN: fp32's canonical quiet NaN */
  if (exponent == 0) {
    if (mantissa == 0) return sign;
    int e = -6;
    while (!(mantissa & 0x8)) { mantissa <<= 1; e--; }
    return sign | (uint32_t)(e + 127) << 23 | (mantissa & 0x7) << 20;
  }
  return sign | (exponent + 120) << 23 | mantissa << 20;
}

/* E8M0 code c is 2^(c - 127); 0xff is NaN. */
static uint32_t fp32_from_e8m0(uint8_t c) {
  if (c == 0xff) return 0x7fc00000;
  return (uint32_t)c << 23; /* BUG: code 0 gives 0.0; OCP MX v1.0 §5.4.1 makes it 2^-127 (fp32 0x00400000) */
}

static float as_float(uint32_t bits) {
  union { uint32_t u; float f; } v;
  v.u = bits;
  return v.f;
}
static uint32_t as_bits(float f) {
  union { uint32_t u; float f; } v;
  v.f = f;
  return v.u;
}

static int convert(const mxconf_convert_args* a) {
  if (a->source != MXCONF_FORMAT_FP32 || a->target != MXCONF_FORMAT_E4M3 || a->rounding != MXCONF_ROUND_RNE ||
      a->overflow != MXCONF_OVERFLOW_SATURATE || a->layout != MXCONF_LAYOUT_BYTE)
    return MXCONF_STATUS_UNSUPPORTED;
  const uint32_t* in = (const uint32_t*)a->input;
  uint8_t* out = (uint8_t*)a->output;
  for (size_t i = 0; i < a->count; ++i) out[i] = e4m3_from_fp32(in[i], 0);
  return MXCONF_STATUS_OK;
}

static int decode(const mxconf_decode_args* a) {
  if ((a->source != MXCONF_FORMAT_E4M3 && a->source != MXCONF_FORMAT_E8M0) || a->target != MXCONF_FORMAT_FP32 ||
      a->layout != MXCONF_LAYOUT_BYTE)
    return MXCONF_STATUS_UNSUPPORTED;
  const uint8_t* in = (const uint8_t*)a->input;
  for (size_t i = 0; i < a->count; ++i)
    a->output[i] = a->source == MXCONF_FORMAT_E4M3 ? fp32_from_e4m3(in[i]) : fp32_from_e8m0(in[i]);
  return MXCONF_STATUS_OK;
}

/* OCP MX v1.0 §6.3: scale exponent s = floor(log2(amax)) - 8 (8 = E4M3's largest exponent), at least -127;
 * elements x * 2^-s rounded and clamped to +-448. A NaN or Inf anywhere makes the whole block NaN (scale 0xff). */
static int quantize(const mxconf_quantize_args* a) {
  if (a->source != MXCONF_FORMAT_FP32 || a->element != MXCONF_FORMAT_E4M3 || a->rule != MXCONF_SCALE_FLOOR ||
      a->rounding != MXCONF_ROUND_RNE || a->overflow != MXCONF_OVERFLOW_SATURATE || a->layout != MXCONF_LAYOUT_BYTE)
    return MXCONF_STATUS_UNSUPPORTED;
  if (a->block_size == 0) return MXCONF_STATUS_INVALID_ARGUMENT;
  const uint32_t* in = (const uint32_t*)a->input;
  uint8_t* codes = (uint8_t*)a->codes;
  const size_t k = a->block_size;
  for (size_t b = 0; b < a->blocks; ++b) {
    const uint32_t* x = in + b * k;
    uint32_t amax = 0; /* largest magnitude, as fp32 bits without the sign (they order like the values) */
    for (size_t i = 0; i < k; ++i)
      if ((x[i] & 0x7fffffff) > amax) amax = x[i] & 0x7fffffff;
    if (amax >= 0x7f800000) { /* NaN or Inf in the block */
      a->scales[b] = 0xff;
      for (size_t i = 0; i < k; ++i) codes[b * k + i] = (uint8_t)(((x[i] >> 24) & 0x80) | 0x7f);
      continue;
    }
    const int amax_exponent = (int)(amax >> 23); /* 0 for zero and fp32 subnormals: s clamps to -127 anyway */
    int s = amax_exponent - 127 - 8;
    if (amax_exponent == 0 || s < -127) s = -127;
    a->scales[b] = (uint8_t)(s + 127);
    /* Elements are x / X. The bug's consequence: X = decode(scale) is 0.0 for scale 0, and dividing by zero is
     * avoided by using X = 1, so a tiny block is not scaled up and flushes to zero. */
    const int divide_by = fp32_from_e8m0(a->scales[b]) == 0 ? 0 : s;
    for (size_t i = 0; i < k; ++i) codes[b * k + i] = e4m3_from_fp32(x[i], divide_by);
  }
  return MXCONF_STATUS_OK;
}

/* V_i = X * P_i, one fp32 multiply (exact unless it overflows or underflows, where it rounds once). */
static int dequantize(const mxconf_dequantize_args* a) {
  if (a->element != MXCONF_FORMAT_E4M3 || a->target != MXCONF_FORMAT_FP32 || a->rounding != MXCONF_ROUND_RNE ||
      a->layout != MXCONF_LAYOUT_BYTE)
    return MXCONF_STATUS_UNSUPPORTED;
  const uint8_t* codes = (const uint8_t*)a->codes;
  uint32_t* out = (uint32_t*)a->output;
  const size_t k = a->block_size;
  for (size_t b = 0; b < a->blocks; ++b) {
    const float scale = as_float(fp32_from_e8m0(a->scales[b]));
    for (size_t i = 0; i < k; ++i) {
      const uint32_t v = as_bits(scale * as_float(fp32_from_e4m3(codes[b * k + i])));
      out[b * k + i] = (v & 0x7fffffff) > 0x7f800000 ? 0x7fc00000 : v; /* any NaN -> the canonical one */
    }
  }
  return MXCONF_STATUS_OK;
}

#define BIT(v) (1u << (v))
static const mxconf_capability capabilities[] = {
    {MXCONF_OP_CONVERT, MXCONF_FORMAT_FP32, MXCONF_FORMAT_E4M3, BIT(MXCONF_ROUND_RNE), BIT(MXCONF_OVERFLOW_SATURATE),
     0, BIT(MXCONF_LAYOUT_BYTE), 0, 0, 0},
    {MXCONF_OP_DECODE, MXCONF_FORMAT_E4M3, MXCONF_FORMAT_FP32, 0, 0, 0, BIT(MXCONF_LAYOUT_BYTE), 0, 0, 0},
    {MXCONF_OP_DECODE, MXCONF_FORMAT_E8M0, MXCONF_FORMAT_FP32, 0, 0, 0, BIT(MXCONF_LAYOUT_BYTE), 0, 0, 0},
    {MXCONF_OP_QUANTIZE, MXCONF_FORMAT_FP32, MXCONF_FORMAT_E4M3, BIT(MXCONF_ROUND_RNE), BIT(MXCONF_OVERFLOW_SATURATE),
     BIT(MXCONF_SCALE_FLOOR), BIT(MXCONF_LAYOUT_BYTE), 0, 0, 0},
    {MXCONF_OP_DEQUANTIZE, MXCONF_FORMAT_E4M3, MXCONF_FORMAT_FP32, BIT(MXCONF_ROUND_RNE), 0, 0,
     BIT(MXCONF_LAYOUT_BYTE), 0, 0, 0},
};

static const mxconf_kernel kernel = {
    MXCONF_KERNEL_ABI_VERSION, "broken-e8m0-zero", "1.0 (example: e8m0 code 0 is zero)", capabilities,
    sizeof capabilities / sizeof capabilities[0], convert, decode, quantize, dequantize, NULL,
};

__attribute__((visibility("default"))) const mxconf_kernel* mxconf_kernel_entry(void) { return &kernel; }
