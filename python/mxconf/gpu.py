"""Exhaustive conversion checks with the comparison where the data is: every fp32 input generated on the device in
chunks, the kernel called on each chunk, and its codes compared on the device with the reference's interval table
(the golden convert/*-intervals rows: a few hundred (first, last, code) rows cover all 2^32 patterns). No 16 GiB
host transfer; only the counts and the first mismatched patterns come back, to be explained by the C++ reference.

    report = mxconf.gpu.exhaustive_convert(lambda x: x.to(torch.float8_e4m3fn), target="e4m3", profile="ml_dtypes",
                                           rounding="rne", overflow="nonsat", device="cuda")

The same sweep runs on the host with numpy (device=None): the CPU figure, and what the CI tests run on a slice.

On a CUDA device the inputs are generated and the codes compared by one fused kernel of libmxconf_device_sweep
(device_compare/sweep.h, through ctypes: mxconf._device_sweep) when that library loads and finds the GPU; otherwise
with plain torch ops, as before. `fused=None` picks the first that works, `fused=True` insists (and raises saying
why not), `fused=False` keeps the torch ops. The report's `sweep_path` says which ran ("fused", "torch-ops",
"numpy") and `sweep_path_note` why the fused kernel did not.

Mismatch counts per case class come from the interval table's rows (a row's classes are those of its inputs, as
the golden files list them). A tie is a single pattern at a row's end and is not a row class of its own, so a
mismatch on a tie is counted under its row's other classes here; the explained first mismatches are exact.
"""
from __future__ import annotations

import time

import numpy as np

from . import _core, _device_sweep
from ._arrays import is_torch

FP32_PATTERNS = 1 << 32


class _Table:
    """The reference's answer for every input pattern, as sorted row starts, codes (-1: no encoding, not compared)
    and each row's case classes; and which target codes are NaN (for profiles that match any NaN)."""

    def __init__(self, source, target, profile, rounding, overflow):
        rows = _core.convert_intervals(source, target, profile, rounding, overflow)
        self.firsts = np.array([r[0] for r in rows], np.int64)
        self.codes = np.array([r[2] for r in rows], np.int16)
        self.classes = [r[3] for r in rows]
        bits = _core.format_bits(target)
        values = np.empty(1 << bits, np.uint32)
        _core.decode(target, np.arange(1 << bits, dtype=np.uint8), values)
        self.is_nan = np.isnan(values.view(np.float32))
        prof = next(p for p in _core.profiles() if p["name"] == profile)
        self.any_nan = prof["nan_match"] == "any-nan"


def _check_name(target, rounding, overflow, where):
    return f"convert/fp32-{target}-{rounding}-{overflow}/fp32-all-{where}"


def exhaustive_convert(fn, *, target, profile="ocp", rounding=None, overflow=None, device="cuda",
                       chunk=1 << 26, first=0, count=FP32_PATTERNS, max_mismatches=5, source="fp32", fused=None):
    """Every fp32 pattern in [first, first + count) through fn, compared on `device` (a torch device; None: numpy on
    the host). Returns an mxconf.testing.Report with one check (the C++ model and writers) whose `seconds` is the
    time of the sweep, table building excluded. `fused`: see the module's docstring."""
    from .testing import Report, _profile

    if source != "fp32":
        raise ValueError(f"source={source!r}: the device sweep covers fp32 inputs (bf16 / fp16 are in the fast tier)")
    p = _profile(profile)
    rounding = rounding or (p["scale_rounding"] if target == "e8m0" else p["element_rounding"])
    overflow = overflow or p["policies"]["overflow"]
    table = _Table(source, target, profile, rounding, overflow)
    name = getattr(fn, "__qualname__", None) or type(fn).__name__
    where = "host" if device is None else "device"
    path, path_note = _choose_path(device, fused, chunk)

    cases = mismatches = 0
    by_row = np.zeros(len(table.firsts), np.int64)
    found = []
    note = ""
    if path == "fused":
        session = _device_sweep.Session(_device_sweep.load()[0], table, first, count, max_mismatches)
        start = time.perf_counter()
        try:
            cases, mismatches, rows_hit, found = _run_fused(session, fn, device, chunk)
            for row, m in rows_hit.items():
                by_row[row] += m
        except Exception as e:  # a kernel that raises or returns the wrong thing is reported, not hidden
            note = f"the kernel failed on the sweep: {type(e).__name__}: {e}"
        finally:
            session.close()
        seconds = time.perf_counter() - start
    else:
        sweep = _TorchSweep(table, device) if device is not None else _NumpySweep(table)
        start = time.perf_counter()
        try:
            for s in range(first, first + count, chunk):
                n = min(chunk, first + count - s)
                c, m, rows_hit, firsts = sweep.run_chunk(fn, s, n, max_mismatches - len(found))
                cases += c
                mismatches += m
                if m:
                    by_row += rows_hit
                    found += firsts
            sweep.synchronize()
        except Exception as e:  # a kernel that raises or returns the wrong thing is reported, not hidden
            note = f"the kernel failed on the sweep: {type(e).__name__}: {e}"
        seconds = time.perf_counter() - start

    by_class = {}
    for row in np.nonzero(by_row)[0]:
        for cls in table.classes[row].split(","):
            if cls and cls != "-":
                by_class[cls] = by_class.get(cls, 0) + int(by_row[row])
    first_rows = [(pat, int(table.codes[np.searchsorted(table.firsts, pat, side="right") - 1]), got,
                   table.classes[np.searchsorted(table.firsts, pat, side="right") - 1]) for pat, got in found]
    core = _core.sweep_report(name, f"python:{getattr(fn, '__module__', '?')}.{name}",
                              _check_name(target, rounding, overflow, where), source, target, rounding, overflow,
                              profile, cases, mismatches, by_class, first_rows, note, seconds)
    if cases == 0 and not note:
        raise ValueError("the sweep compared zero cases (count=0, or every input is don't-care): not a pass")
    report = Report(core)
    report.sweep_path, report.sweep_path_note = path, path_note
    return report


def fused_available():
    """(True, "") when the fused device comparison can run here, else (False, why not)."""
    lib, why = _device_sweep.load()
    return lib is not None, why


def _choose_path(device, fused, chunk):
    """("fused" | "torch-ops" | "numpy", why the fused kernel is not used ("" when it is, or was not asked for))."""
    if device is None:
        if fused:
            raise ValueError("fused=True needs a CUDA device (device=None sweeps on the host with numpy)")
        return "numpy", ""
    if fused is False:
        return "torch-ops", "fused=False"
    why = ""
    if chunk % _device_sweep.TILE or chunk >= 1 << 32:
        why = f"chunk={chunk} is not a multiple of {_device_sweep.TILE} below 2^32"
    else:
        import torch

        d = torch.device(device)
        if d.type != "cuda":
            why = f"device {d} is not a CUDA device"
        elif d.index is not None and d.index != torch.cuda.current_device():
            why = f"device {d} is not the current CUDA device ({torch.cuda.current_device()})"
        else:
            why = _device_sweep.load()[1]
    if why and fused:
        raise RuntimeError(f"fused=True: the fused device comparison cannot run: {why}")
    return ("torch-ops", why) if why else ("fused", "")


def _run_fused(session, fn, device, chunk):
    """Inputs generated and codes compared by libmxconf_device_sweep; fn called per chunk on a float32 view."""
    import torch

    dev = torch.device(device)
    if session.total == 0:
        return 0, 0, {}, []
    buf = torch.empty(min(chunk, session.total), dtype=torch.int32, device=dev)
    side_stream = torch.cuda.current_stream(dev) != torch.cuda.default_stream(dev)
    for index in range(0, session.total, chunk):
        n = min(chunk, session.total - index)
        session.inputs(index, n, buf.data_ptr())  # queued on the default stream, as torch's work is
        if side_stream:
            torch.cuda.default_stream(dev).synchronize()
        x = buf[:n].view(torch.float32)
        got = _codes(fn(x), n, dev)
        if not got.is_contiguous():
            got = got.contiguous()
        if side_stream:  # fn's work on another stream must finish before the default stream reads its codes
            torch.cuda.current_stream(dev).synchronize()
        session.compare(index, n, got.data_ptr())
    return session.finish()


class _NumpySweep:
    def __init__(self, table):
        self.t = table

    def run_chunk(self, fn, s, n, room):
        t = self.t
        p = np.arange(s, s + n, dtype=np.int64)
        x = p.astype(np.uint32).view(np.float32)
        got = _codes(fn(x), n, None)
        idx = np.searchsorted(t.firsts, p, side="right") - 1
        exp = t.codes[idx]
        care = exp >= 0
        ok = (exp == got) | ~care
        if t.any_nan:
            ok |= t.is_nan[got] & t.is_nan[np.maximum(exp, 0)]
        bad = ~ok
        m = int(bad.sum())
        rows = np.bincount(idx[bad], minlength=len(t.firsts)) if m else None
        firsts = [(int(q), int(g)) for q, g in zip(p[bad][:max(room, 0)], got[bad][:max(room, 0)])] if m else []
        return int(care.sum()), m, rows, firsts

    def synchronize(self):
        pass


class _TorchSweep:
    def __init__(self, table, device):
        import torch

        self.torch, self.device, self.t = torch, torch.device(device), table
        self.firsts = torch.from_numpy(table.firsts).to(self.device)
        self.codes = torch.from_numpy(table.codes.astype(np.int64)).to(self.device)
        self.is_nan = torch.from_numpy(table.is_nan).to(self.device)

    def run_chunk(self, fn, s, n, room):
        torch = self.torch
        p = torch.arange(s, s + n, dtype=torch.int64, device=self.device)
        signed = torch.where(p >= (1 << 31), p - (1 << 32), p).to(torch.int32)
        x = signed.view(torch.float32)
        got = _codes(fn(x), n, self.device).to(torch.int64)
        idx = torch.searchsorted(self.firsts, p, right=True) - 1
        exp = self.codes[idx]
        care = exp >= 0
        ok = (exp == got) | ~care
        if self.t.any_nan:
            ok |= self.is_nan[got] & self.is_nan[exp.clamp(min=0)]
        bad = ~ok
        m = int(bad.sum())  # one small transfer per chunk
        if not m:
            return int(care.sum()), 0, None, []
        rows = torch.bincount(idx[bad], minlength=len(self.t.firsts)).cpu().numpy()
        pats = p[bad][:max(room, 0)].cpu().tolist()
        gots = got[bad][:max(room, 0)].cpu().tolist()
        return int(care.sum()), m, rows, list(zip(pats, gots))

    def synchronize(self):
        if self.device.type == "cuda":
            self.torch.cuda.synchronize(self.device)


def _codes(out, n, device):
    """The kernel's result as n uint8 codes (numpy, or a tensor on `device`), after checking what it returned."""
    if is_torch(out):
        import torch

        if device is None or out.device != device and not (out.device.type == device.type and device.index is None):
            raise ValueError(f"the function returned a tensor on {out.device}, expected "
                             f"{device if device is not None else 'a numpy array'}")
        if out.dtype.itemsize != 1 or out.dtype in (torch.bool, torch.int8):
            raise TypeError(f"the function returned dtype {out.dtype}, expected uint8 codes or a float8 dtype")
        out = out.reshape(-1) if out.is_contiguous() else out.contiguous().reshape(-1)
        if out.numel() != n:
            raise ValueError(f"the function returned {out.numel()} codes, expected {n}")
        return out.view(torch.uint8)
    a = np.asarray(out)
    if a.dtype.itemsize != 1 or a.dtype.kind in "bi":
        raise TypeError(f"the function returned dtype {a.dtype}, expected uint8 codes or a float8 dtype")
    if a.size != n:
        raise ValueError(f"the function returned {a.size} codes, expected {n}")
    if device is not None:
        raise ValueError(f"the function returned a numpy array, expected a tensor on {device}")
    return np.ascontiguousarray(a).reshape(-1).view(np.uint8)
