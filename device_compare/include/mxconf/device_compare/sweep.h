/* libmxconf_device_sweep: the device half of an exhaustive convert check, as a small shared library with a plain C
 * interface, so that its users need no CUDA at build time and behave as before where it or a GPU is missing:
 *   - the harness (conformance/src/device_sweep.cpp) dlopens it for `mxconf run --tier exhaustive` of a kernel
 *     with a device entry (kernel.h, ABI minor 1);
 *   - the Python package (python/mxconf/_device_sweep.py) loads it with ctypes and works on torch data_ptr()s.
 *
 * A sweep walks an "index space": the inputs to compare, listed as segments of consecutive input patterns, each
 * with the code the reference gives all of them (an interval row of the table, or the part of one inside the
 * range swept; rows with no encoding, the don't-care rows, are left out by the caller). Per chunk of indexes the
 * caller asks for the chunk's input patterns in device memory (mxconf_ds_inputs), has the kernel convert them on
 * the device, and hands the output codes over (mxconf_ds_compare). The comparison counts mismatches per segment,
 * notes whether a segment's row ends mismatched (only a row's end can be a tie), honours the profile's NaN
 * matching, and keeps the first `keep` mismatches in index order (per tile of 4096 indexes in device memory;
 * mxconf_ds_finish gathers the first tiles that have any). Work is queued on the legacy default stream, as the
 * caller's kernels are (torch's current stream unless the caller chose another).
 *
 * Every function that can fail returns 0 on success and otherwise non-zero, with the reason (the CUDA call and its
 * message) in mxconf_ds_error. */
#ifndef MXCONF_DEVICE_SWEEP_H
#define MXCONF_DEVICE_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MXCONF_DS_VERSION 1
#define MXCONF_DS_TILE 4096u   /* indexes per tile; chunks start at multiples of it */
#define MXCONF_DS_MAX_KEEP 64u /* most first mismatches kept */

typedef struct mxconf_ds_segment {
  uint32_t first;     /* its first input pattern */
  uint32_t offset;    /* index of that pattern: the lengths of the segments before it, summed */
  int32_t code;       /* the expected code, 0..255 */
  uint32_t row;       /* the interval row it lies in (the caller's numbering, for case classes) */
  uint32_t row_first; /* that row's first and last input patterns */
  uint32_t row_last;
} mxconf_ds_segment;

typedef struct mxconf_ds_plan {
  const mxconf_ds_segment* segments; /* in index order; the first has offset 0 */
  uint32_t segment_count;
  uint64_t total;                    /* indexes: the segments' lengths summed, 1 .. 2^32 */
  const uint8_t* nan_codes;          /* 256 flags: which codes of the target are NaN (NULL: none) */
  int any_nan;                       /* non-zero: a NaN code matches any expected NaN code (profile comparison) */
  uint32_t keep;                     /* first mismatches to keep, at most MXCONF_DS_MAX_KEEP */
} mxconf_ds_plan;

typedef struct mxconf_ds_result {
  uint64_t compared;                 /* indexes handed to mxconf_ds_compare */
  uint64_t mismatches;
  uint64_t* segment_mismatches;      /* caller's array of segment_count, or NULL */
  uint8_t* segment_row_ends;         /* caller's array of segment_count, or NULL: bit 0 the row's first pattern
                                        mismatched, bit 1 its last */
  uint32_t kept;                     /* first mismatches below, in index order */
  uint32_t first_input[MXCONF_DS_MAX_KEEP];
  uint8_t first_got[MXCONF_DS_MAX_KEEP];
} mxconf_ds_result;

typedef struct mxconf_ds_session mxconf_ds_session;

/* NULL when a CUDA device can be used; otherwise why not ("no CUDA device: cudaGetDeviceCount: ..."). */
const char* mxconf_ds_probe(void);
/* The device's name, for reports ("NVIDIA H200"); "" when there is none. */
const char* mxconf_ds_device_name(void);

/* Copies the plan to the device. NULL on failure, with the reason in `error`. */
mxconf_ds_session* mxconf_ds_open(const mxconf_ds_plan* plan, char* error, size_t error_size);
/* Writes the input patterns of indexes index .. index + n - 1 to `device_inputs` (n uint32_t in device memory). */
int mxconf_ds_inputs(mxconf_ds_session* s, uint64_t index, uint32_t n, uint32_t* device_inputs);
/* Compares the codes of indexes index .. index + n - 1 (n bytes in device memory; index a multiple of
 * MXCONF_DS_TILE). Queued: returns before the comparison ran. */
int mxconf_ds_compare(mxconf_ds_session* s, uint64_t index, uint32_t n, const uint8_t* device_codes);
/* Waits for the device and fills `result`. */
int mxconf_ds_finish(mxconf_ds_session* s, mxconf_ds_result* result);
const char* mxconf_ds_error(const mxconf_ds_session* s);
void mxconf_ds_close(mxconf_ds_session* s);

/* Device memory for callers without a CUDA runtime of their own (the harness). NULL on failure. */
void* mxconf_ds_alloc(size_t bytes);
void mxconf_ds_free(void* p);

#ifdef __cplusplus
}
#endif

#endif /* MXCONF_DEVICE_SWEEP_H */
