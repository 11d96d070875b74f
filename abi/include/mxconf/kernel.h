/* The mxconf kernel ABI: how a kernel in a shared library (or linked in-process) offers itself to the harness.
 *
 * A kernel exports one C symbol, MXCONF_KERNEL_ENTRY_SYMBOL, returning a pointer to a static mxconf_kernel: its
 * ABI version, its name, its capabilities (which operations, formats, rounding modes, overflow modes, scale rules,
 * block sizes and storage layouts it implements) and a function pointer per operation. The harness calls only
 * what the capabilities declare; everything else is reported as skipped, never as passed.
 *
 * Only rounding and overflow are call arguments. The other choices (NaN encodings, NaN into FP4, MXINT8 -128,
 * block NaN / Inf handling, ...) are properties of the kernel: `mxconf run --profile P` checks them against a
 * profile, and `mxconf identify` finds the profiles the kernel matches. A kernel that can follow any policy (the
 * reference adapter, the scalar codec) sets MXCONF_CAP_POLICIES and reads `policies` from the arguments.
 *
 * Plain C99, no mxconf headers needed: docs/plug-a-kernel.md walks through a kernel from an empty folder.
 */
#ifndef MXCONF_KERNEL_H
#define MXCONF_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change; the harness refuses (exit 3) a kernel built against another version. */
#define MXCONF_KERNEL_ABI_VERSION 1
/* Compatible additions within version 1 (new flags, new optional entry points; nothing renumbered, no field
 * moved). 1: device memory (MXCONF_CAP_DEVICE_MEMORY, mxconf_kernel_device_entry), at the end of this file. */
#define MXCONF_KERNEL_ABI_MINOR 1
#define MXCONF_KERNEL_ENTRY_SYMBOL "mxconf_kernel_entry"

typedef enum mxconf_format {
  MXCONF_FORMAT_E4M3 = 1, /* OCP OFP8 E4M3 ("fn"): NaN S.1111.111, max 448 */
  MXCONF_FORMAT_E5M2 = 2, /* OCP OFP8 E5M2: IEEE-like, Inf and NaN */
  MXCONF_FORMAT_E3M2 = 3, /* OCP MX FP6 E3M2, max 28 */
  MXCONF_FORMAT_E2M3 = 4, /* OCP MX FP6 E2M3, max 7.5 */
  MXCONF_FORMAT_E2M1 = 5, /* OCP MX FP4 E2M1, max 6 */
  MXCONF_FORMAT_INT8 = 6, /* OCP MXINT8: two's complement q, value q / 64 */
  MXCONF_FORMAT_E8M0 = 7, /* OCP MX E8M0 scale: 2^(c - 127), 0xff NaN */
  MXCONF_FORMAT_FP32 = 8,
  MXCONF_FORMAT_BF16 = 9,
  MXCONF_FORMAT_FP16 = 10
} mxconf_format;

typedef enum mxconf_rounding {
  MXCONF_ROUND_RNE = 1, /* to nearest, ties to even */
  MXCONF_ROUND_RTZ = 2, /* toward zero */
  MXCONF_ROUND_RUP = 3, /* toward +Inf */
  MXCONF_ROUND_RDN = 4, /* toward -Inf */
  MXCONF_ROUND_RNA = 5, /* to nearest, ties away from zero */
  MXCONF_ROUND_SR = 6   /* stochastic with explicit random bits (see mxconf_convert_args.random) */
} mxconf_rounding;

typedef enum mxconf_overflow {
  MXCONF_OVERFLOW_SATURATE = 1,      /* +-max finite (PTX .satfinite) */
  MXCONF_OVERFLOW_NON_SATURATING = 2 /* Inf if the format has it, else NaN, else +-max */
} mxconf_overflow;

typedef enum mxconf_scale_rule {
  MXCONF_SCALE_FLOOR = 1,
  MXCONF_SCALE_CEIL = 2,
  MXCONF_SCALE_EVEN = 3,
  MXCONF_SCALE_RCEIL = 4,
  MXCONF_SCALE_RCEIL_FP32 = 5,
  MXCONF_SCALE_TOSA = 6,
  MXCONF_SCALE_TOSA_2023 = 7,
  MXCONF_SCALE_FP4_THREE_QUARTERS = 8,
  MXCONF_SCALE_RCEIL_LOG2F = 9 /* ceil(log2f(fl32(amax * fl32(1/max)))): torchao RCEIL on sm_90 */
} mxconf_scale_rule;

/* How element codes lie in memory. */
typedef enum mxconf_layout {
  MXCONF_LAYOUT_BYTE = 1,  /* one code per byte, in the low bits, high bits zero */
  MXCONF_LAYOUT_PACKED = 2 /* FP4: two per byte, element 2j in the low nibble; FP6: four per three bytes,
                              little-endian bit order (element j in bits 6j..6j+5 of the 24-bit group);
                              8-bit formats: as BYTE */
} mxconf_layout;

typedef enum mxconf_operation {
  MXCONF_OP_CONVERT = 1,    /* src values (fp32/bf16/fp16 bit patterns) -> element or e8m0 codes */
  MXCONF_OP_DECODE = 2,     /* element or e8m0 codes -> fp32 bit patterns */
  MXCONF_OP_QUANTIZE = 3,   /* src values -> per block one e8m0 scale and k element codes */
  MXCONF_OP_DEQUANTIZE = 4, /* scales and codes -> dst (fp32/bf16/fp16) bit patterns */
  MXCONF_OP_DOT = 5         /* block pairs -> one fp32 bit pattern per dot */
} mxconf_operation;

typedef enum mxconf_status {
  MXCONF_STATUS_OK = 0,
  MXCONF_STATUS_UNSUPPORTED = 1,      /* the arguments ask for something the kernel does not do */
  MXCONF_STATUS_INVALID_ARGUMENT = 2,
  MXCONF_STATUS_INTERNAL_ERROR = 3    /* e.g. a CUDA error; reported as a kernel failure (exit 3) */
} mxconf_status;

/* Policy values, numbered as the enumerators of reference/include/mxconf/reference/policy.hpp, block.hpp and
 * scale_rule.hpp (in declaration order, starting at 0). Read only by kernels that declare MXCONF_CAP_POLICIES.
 * New values and new fields are only ever appended (never renumbered), so a kernel built against an older header
 * reads the fields it knows; a value it does not know is one it must refuse (MXCONF_STATUS_UNSUPPORTED or
 * INVALID_ARGUMENT). */
typedef struct mxconf_policies {
  uint8_t overflow, directed_overflow, inf_under_saturation, nan_sign, nan_mantissa, nan_into_finite, int8_range,
      subnormal_input, negative_into_unsigned, zero_into_e8m0, e8m0_subnormal_rounding;
  uint8_t block_nan, block_inf, zero_amax, scale_overflow, element_overflow;
  /* appended with issue 8: element inf_into_finite, e8m0_overflow; block min_scale_divisor */
  uint8_t inf_into_finite, e8m0_overflow, min_scale_divisor;
} mxconf_policies;

/* Capability flags. */
#define MXCONF_CAP_POLICIES 0x1u /* follows mxconf_policies (otherwise its policies are fixed) */
#define MXCONF_CAP_DEVICE_MEMORY 0x2u /* ABI minor 1, CONVERT: also served on device memory by the device entry */

/* One thing a kernel can do. Masks have bit (1u << enum value) set for each supported value. */
typedef struct mxconf_capability {
  mxconf_operation operation;
  mxconf_format source;     /* CONVERT/QUANTIZE: input format; DECODE/DEQUANTIZE/DOT: element format */
  mxconf_format target;     /* CONVERT: destination; QUANTIZE: element; DECODE/DEQUANTIZE/DOT: output format */
  uint32_t rounding_mask;   /* CONVERT, QUANTIZE (element step), DEQUANTIZE, DOT (output rounding) */
  uint32_t overflow_mask;   /* CONVERT, QUANTIZE (element step) */
  uint32_t scale_rule_mask; /* QUANTIZE */
  uint32_t layout_mask;     /* element code layouts (QUANTIZE, DEQUANTIZE, DOT, and CONVERT/DECODE codes) */
  uint32_t max_block_size;  /* QUANTIZE/DEQUANTIZE/DOT: largest k supported, 0 = any; must support 32 */
  uint32_t sr_bits;         /* CONVERT/QUANTIZE with MXCONF_ROUND_SR: random bits used per element (8: NVIDIA) */
  uint32_t flags;           /* MXCONF_CAP_* */
} mxconf_capability;

/* Arguments of each operation; `struct_size` lets the ABI grow without breaking old kernels. Arrays are host
 * memory owned by the harness; a kernel must not write past `count` outputs (the harness checks guard bytes). */
typedef struct mxconf_convert_args {
  uint32_t struct_size;
  mxconf_format source, target;
  mxconf_rounding rounding;
  mxconf_overflow overflow;
  mxconf_layout layout;             /* of the output codes */
  const void* input;                /* count values: uint32_t (fp32) or uint16_t (bf16, fp16) */
  const uint32_t* random;           /* MXCONF_ROUND_SR: count random values of sr_bits bits; else NULL */
  void* output;                     /* count codes in `layout` */
  size_t count;
  const mxconf_policies* policies;  /* non-NULL; honoured only under MXCONF_CAP_POLICIES */
} mxconf_convert_args;

typedef struct mxconf_decode_args {
  uint32_t struct_size;
  mxconf_format source;             /* element or e8m0 */
  mxconf_format target;             /* fp32 (the only one the harness asks for today) */
  mxconf_layout layout;
  const void* input;
  uint32_t* output;                 /* count fp32 bit patterns */
  size_t count;
} mxconf_decode_args;

typedef struct mxconf_quantize_args {
  uint32_t struct_size;
  mxconf_format source;             /* fp32, bf16 */
  mxconf_format element;
  mxconf_scale_rule rule;
  mxconf_rounding rounding;
  mxconf_overflow overflow;         /* element step; saturate in every MX quantizer */
  mxconf_layout layout;
  uint32_t block_size;              /* k */
  const void* input;                /* blocks * k values, rowwise */
  const uint32_t* random;           /* MXCONF_ROUND_SR: blocks * k random values; else NULL */
  uint8_t* scales;                  /* blocks e8m0 codes */
  void* codes;                      /* blocks * k codes in `layout` */
  size_t blocks;
  const mxconf_policies* policies;
} mxconf_quantize_args;

typedef struct mxconf_dequantize_args {
  uint32_t struct_size;
  mxconf_format element;
  mxconf_format target;             /* fp32, bf16, fp16 */
  mxconf_rounding rounding;         /* rne unless the capability says more */
  mxconf_layout layout;
  uint32_t block_size;
  const uint8_t* scales;
  const void* codes;
  void* output;                     /* blocks * k values */
  size_t blocks;
} mxconf_dequantize_args;

typedef struct mxconf_dot_args {
  uint32_t struct_size;
  mxconf_format element;            /* both operands */
  mxconf_rounding rounding;         /* of the fp32 result */
  mxconf_layout layout;
  uint32_t block_size;              /* k */
  uint32_t pairs;                   /* n block pairs per dot (DotGeneral); 1 = Dot */
  const uint8_t* scales_a;          /* count * pairs */
  const void* codes_a;              /* count * pairs * k */
  const uint8_t* scales_b;
  const void* codes_b;
  uint32_t* output;                 /* count fp32 bit patterns */
  size_t count;
} mxconf_dot_args;

typedef struct mxconf_kernel {
  uint32_t abi_version;             /* MXCONF_KERNEL_ABI_VERSION */
  const char* name;                 /* short, for reports: "scalar-codec" */
  const char* version;              /* free text: "1.2.0 (CUDA 13.0, sm_90)" */
  const mxconf_capability* capabilities;
  size_t capability_count;
  /* NULL where the kernel declares no capability of that operation. Each returns an mxconf_status. */
  int (*convert)(const mxconf_convert_args* args);
  int (*decode)(const mxconf_decode_args* args);
  int (*quantize)(const mxconf_quantize_args* args);
  int (*dequantize)(const mxconf_dequantize_args* args);
  int (*dot)(const mxconf_dot_args* args);
} mxconf_kernel;

typedef const mxconf_kernel* (*mxconf_kernel_entry_fn)(void);

/* ---- ABI minor 1: device memory. A CUDA kernel may also export MXCONF_KERNEL_DEVICE_ENTRY_SYMBOL; a harness that
 * finds it (and a capability with MXCONF_CAP_DEVICE_MEMORY) can keep the inputs and outputs of a large sweep on
 * the GPU: it generates the inputs there and compares the outputs there (device_compare/), so nothing but the
 * mismatches crosses to the host. Kernels without the symbol keep working unchanged. ---- */
#define MXCONF_KERNEL_DEVICE_ENTRY_SYMBOL "mxconf_kernel_device_entry"

typedef struct mxconf_device_kernel {
  uint32_t abi_version; /* MXCONF_KERNEL_ABI_VERSION */
  uint32_t abi_minor;   /* MXCONF_KERNEL_ABI_MINOR the kernel was built with (>= 1) */
  /* As mxconf_kernel.convert, but input, random and output are device memory of the current CUDA device. Called
   * only for capabilities with MXCONF_CAP_DEVICE_MEMORY; returns once the outputs are written. */
  int (*convert)(const mxconf_convert_args* args);
} mxconf_device_kernel;

typedef const mxconf_device_kernel* (*mxconf_kernel_device_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* MXCONF_KERNEL_H */
