"""ctypes access to libmxconf_device_sweep (device_compare/sweep.h): input generation and the fused comparison of
an exhaustive sweep on the GPU, on torch tensors' data_ptr()s. mxconf.gpu uses it when it loads and finds a GPU,
and otherwise compares with torch ops (or numpy on the host) as before.

Where the library is looked for: $MXCONF_DEVICE_SWEEP_LIBRARY, then beside this file (a build with CUDA can copy
build/device_compare/libmxconf_device_sweep.so there; docs/python.md).
"""
from __future__ import annotations

import ctypes
import os

import numpy as np

TILE = 4096
MAX_KEEP = 64


class Segment(ctypes.Structure):
    _fields_ = [("first", ctypes.c_uint32), ("offset", ctypes.c_uint32), ("code", ctypes.c_int32),
                ("row", ctypes.c_uint32), ("row_first", ctypes.c_uint32), ("row_last", ctypes.c_uint32)]


class Plan(ctypes.Structure):
    _fields_ = [("segments", ctypes.POINTER(Segment)), ("segment_count", ctypes.c_uint32),
                ("total", ctypes.c_uint64), ("nan_codes", ctypes.POINTER(ctypes.c_uint8)),
                ("any_nan", ctypes.c_int), ("keep", ctypes.c_uint32)]


class Result(ctypes.Structure):
    _fields_ = [("compared", ctypes.c_uint64), ("mismatches", ctypes.c_uint64),
                ("segment_mismatches", ctypes.POINTER(ctypes.c_uint64)),
                ("segment_row_ends", ctypes.POINTER(ctypes.c_uint8)), ("kept", ctypes.c_uint32),
                ("first_input", ctypes.c_uint32 * MAX_KEEP), ("first_got", ctypes.c_uint8 * MAX_KEEP)]


_library = None
_problem = None


def candidates():
    env = os.environ.get("MXCONF_DEVICE_SWEEP_LIBRARY")
    if env:
        return [env]
    return [os.path.join(os.path.dirname(os.path.abspath(__file__)), "libmxconf_device_sweep.so")]


def load():
    """(library, "") when libmxconf_device_sweep loads and finds a GPU, else (None, why not)."""
    global _library, _problem
    if _library is not None or _problem is not None:
        return _library, _problem or ""
    tried = []
    for path in candidates():
        if not os.path.exists(path):
            tried.append(f"{path} (missing)")
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path} ({e})")
            continue
        lib.mxconf_ds_probe.restype = ctypes.c_char_p
        lib.mxconf_ds_device_name.restype = ctypes.c_char_p
        lib.mxconf_ds_open.restype = ctypes.c_void_p
        lib.mxconf_ds_open.argtypes = [ctypes.POINTER(Plan), ctypes.c_char_p, ctypes.c_size_t]
        lib.mxconf_ds_inputs.argtypes = [ctypes.c_void_p, ctypes.c_uint64, ctypes.c_uint32, ctypes.c_void_p]
        lib.mxconf_ds_compare.argtypes = [ctypes.c_void_p, ctypes.c_uint64, ctypes.c_uint32, ctypes.c_void_p]
        lib.mxconf_ds_finish.argtypes = [ctypes.c_void_p, ctypes.POINTER(Result)]
        lib.mxconf_ds_error.restype = ctypes.c_char_p
        lib.mxconf_ds_error.argtypes = [ctypes.c_void_p]
        lib.mxconf_ds_close.argtypes = [ctypes.c_void_p]
        why = lib.mxconf_ds_probe()
        if why:
            _problem = why.decode()
            return None, _problem
        _library = lib
        return lib, ""
    _problem = "libmxconf_device_sweep not found: " + ", ".join(tried)
    return None, _problem


def plan_segments(firsts, codes, first, count):
    """The index space of a sweep over patterns [first, first + count): the table's rows clipped to the range,
    don't-care rows (code -1) left out. Returns (segment firsts, offsets, codes, rows, row firsts, row lasts, total,
    don't-care count) as numpy arrays and ints; the rows are indexes into the table."""
    firsts = np.asarray(firsts, np.int64)
    lasts = np.append(firsts[1:] - 1, (1 << 32) - 1)
    lo, hi = first, first + count - 1
    r0 = int(np.searchsorted(firsts, lo, side="right") - 1)
    r1 = int(np.searchsorted(firsts, hi, side="right") - 1)
    rows = np.arange(r0, r1 + 1)
    seg_first = np.maximum(firsts[rows], lo)
    seg_last = np.minimum(lasts[rows], hi)
    length = seg_last - seg_first + 1
    code = np.asarray(codes, np.int64)[rows]
    care = code >= 0
    dont_care = int(length[~care].sum())
    rows, seg_first, length, code = rows[care], seg_first[care], length[care], code[care]
    offsets = np.concatenate([[0], np.cumsum(length)[:-1]]).astype(np.int64)
    return seg_first, offsets, code, rows, firsts[rows], lasts[rows], int(length.sum()), dont_care


class Session:
    """One fused sweep: open with the plan, then inputs()/compare() per chunk, then finish()."""

    def __init__(self, lib, table, first, count, keep):
        self.lib = lib
        (seg_first, offsets, code, self.rows, row_first, row_last, self.total,
         self.dont_care) = plan_segments(table.firsts, table.codes, first, count)
        n = len(self.rows)
        self.segments = (Segment * max(n, 1))()
        for i in range(n):
            self.segments[i] = Segment(int(seg_first[i]), int(offsets[i]), int(code[i]), int(self.rows[i]),
                                       int(row_first[i]), int(row_last[i]))
        nan = np.zeros(256, np.uint8)
        nan[:len(table.is_nan)] = table.is_nan
        self.nan = (ctypes.c_uint8 * 256)(*nan.tolist())
        self.handle = None
        if self.total == 0:
            return
        plan = Plan(ctypes.cast(self.segments, ctypes.POINTER(Segment)), n, self.total,
                    ctypes.cast(self.nan, ctypes.POINTER(ctypes.c_uint8)), 1 if table.any_nan else 0,
                    max(0, min(keep, MAX_KEEP)))
        error = ctypes.create_string_buffer(512)
        self.handle = lib.mxconf_ds_open(ctypes.byref(plan), error, 512)
        if not self.handle:
            raise RuntimeError("device sweep: " + error.value.decode())

    def _check(self, status):
        if status != 0:
            raise RuntimeError("device sweep: " + self.lib.mxconf_ds_error(self.handle).decode())

    def inputs(self, index, n, device_ptr):
        self._check(self.lib.mxconf_ds_inputs(self.handle, index, n, device_ptr))

    def compare(self, index, n, device_ptr):
        self._check(self.lib.mxconf_ds_compare(self.handle, index, n, device_ptr))

    def finish(self):
        """(compared, mismatches, per-row mismatch counts as {row: count}, [(pattern, got), ...])."""
        counts = (ctypes.c_uint64 * max(len(self.rows), 1))()
        r = Result()
        r.segment_mismatches = ctypes.cast(counts, ctypes.POINTER(ctypes.c_uint64))
        self._check(self.lib.mxconf_ds_finish(self.handle, ctypes.byref(r)))
        by_row = {int(self.rows[i]): int(counts[i]) for i in range(len(self.rows)) if counts[i]}
        first = [(int(r.first_input[i]), int(r.first_got[i])) for i in range(r.kept)]
        return int(r.compared), int(r.mismatches), by_row, first

    def close(self):
        if self.handle:
            self.lib.mxconf_ds_close(self.handle)
            self.handle = None
