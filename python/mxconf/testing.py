"""Check a Python kernel with the same checks as `mxconf run` (docs/conformance.md), through the C++ conformance
library: golden vectors, decision points, properties. The callable is wrapped as a kernel.h kernel; every check
whose capability it declares runs in this process, and the result is the C++ report, written by the C++ writers.

    import mxconf.testing as mt
    report = mt.check_convert(lambda x: x.astype(ml_dtypes.float8_e4m3fn), source="fp32", target="e4m3",
                              profile="ml_dtypes", rounding="rne", overflow="nonsat")
    assert report.passed, report
"""
from __future__ import annotations

import os
import pathlib

import numpy as np

from . import _core
from ._arrays import is_torch

# kernel.h numbering (abi/include/mxconf/kernel.h): formats and layouts as the C ABI passes them.
_FORMAT_NAMES = {1: "e4m3", 2: "e5m2", 3: "e3m2", 4: "e2m3", 5: "e2m1", 6: "int8", 7: "e8m0", 8: "fp32", 9: "bf16",
                 10: "fp16"}
_LAYOUT_PACKED = 2

_listeners = []  # the pytest plugin collects every report made during a session


def _vectors_dir() -> str:
    env = os.environ.get("MXCONF_VECTORS_DIR")
    if env:
        return env
    bundled = pathlib.Path(__file__).with_name("golden")
    return str(bundled) if bundled.is_dir() else ""


class Report:
    """A conformance report: the C++ model (mxconf::conformance::Report) and its writers."""

    def __init__(self, core_report):
        self._r = core_report

    @property
    def passed(self) -> bool:
        """Every check passed (a skipped or failing check, a kernel error, or no check at all is not a pass)."""
        return bool(self._r.checks) and all(c.status == "pass" for c in self._r.checks)

    @property
    def exit_code(self) -> int:
        """As `mxconf run`: 0 pass, 1 a conformance failure, 3 a kernel error."""
        return self._r.exit_code()

    @property
    def checks(self):
        return list(self._r.checks)

    @property
    def cases(self) -> int:
        return sum(c.cases for c in self._r.checks)

    @property
    def mismatches(self) -> int:
        return sum(c.mismatches for c in self._r.checks)

    @property
    def mismatches_by_class(self) -> dict:
        total = {}
        for c in self._r.checks:
            for k, v in c.mismatches_by_class.items():
                total[k] = total.get(k, 0) + v
        return total

    @property
    def explained_mismatches(self) -> list:
        """The first mismatches of each failing check: input, expected, got, explanation, classes."""
        return [dict(m, check=c.name) for c in self._r.checks for m in c.first_mismatches]

    @property
    def profile(self) -> str:
        return self._r.profile

    def junit(self) -> str:
        return self._r.junit()

    def json(self) -> str:
        return self._r.json()

    def markdown(self) -> str:
        return self._r.markdown()

    def write_junit(self, path):
        pathlib.Path(path).write_text(self._r.junit())

    def write_json(self, path):
        pathlib.Path(path).write_text(self._r.json())

    def write_markdown(self, path):
        pathlib.Path(path).write_text(self._r.markdown())

    def __str__(self) -> str:
        return self._r.console()

    def __repr__(self) -> str:
        return (f"<mxconf Report {self._r.kernel_name} profile={self._r.profile} checks={len(self._r.checks)} "
                f"passed={self.passed} mismatches={self.mismatches}>")


# ---- the adapter: kernel.h buffers <-> the user's function --------------------------------------------------------

def _input_values(bits: np.ndarray, fmt: str, device):
    """Source bit patterns as the values a kernel author's function takes."""
    if device is not None:
        import torch

        if fmt == "fp32":
            t = torch.from_numpy(bits.view(np.int32)).view(torch.float32)
        else:
            t = torch.from_numpy(bits.view(np.int16)).view(torch.bfloat16 if fmt == "bf16" else torch.float16)
        return t.to(device)
    if fmt == "fp32":
        return bits.view(np.float32)
    if fmt == "fp16":
        return bits.view(np.float16)
    import ml_dtypes

    return bits.view(ml_dtypes.bfloat16)


def _output_array(out, what: str, shape, device, itemsize: int) -> np.ndarray:
    """The function's result as a numpy array of `itemsize`-byte items, after checking type, device and shape."""
    if is_torch(out):
        import torch

        if device is not None and torch.device(device) != out.device and not (
                torch.device(device).type == out.device.type and torch.device(device).index is None):
            raise ValueError(f"{what}: the function returned a tensor on {out.device}, expected {device}")
        if device is None and out.device.type != "cpu":
            raise ValueError(f"{what}: the function returned a tensor on {out.device}, expected a cpu tensor "
                             "or a numpy array (pass device= to check on a device)")
        if out.dtype.itemsize != itemsize:
            raise TypeError(f"{what}: the function returned dtype {out.dtype} ({out.dtype.itemsize} bytes per "
                            f"element), expected {itemsize}-byte codes or values")
        out = out.detach().contiguous().view({1: torch.uint8, 2: torch.int16, 4: torch.int32}[itemsize])
        arr = out.cpu().numpy()
    elif isinstance(out, np.ndarray):
        arr = out
    else:
        raise TypeError(f"{what}: the function returned {type(out).__name__}, expected a numpy array or a torch "
                        "tensor")
    if arr.dtype.itemsize != itemsize or arr.dtype.kind not in "uifV" and not arr.dtype.name.startswith("float"):
        raise TypeError(f"{what}: the function returned dtype {arr.dtype}, expected {itemsize}-byte items "
                        "(uint8 codes or a float8 / float6 / float4 dtype)" if itemsize == 1 else
                        f"{what}: the function returned dtype {arr.dtype}, expected {itemsize}-byte values")
    if itemsize == 1 and arr.dtype.kind == "f" and not arr.dtype.name.startswith(("float8", "float6", "float4")):
        raise TypeError(f"{what}: the function returned dtype {arr.dtype}, expected uint8 codes")
    if tuple(arr.shape) != tuple(shape):
        raise ValueError(f"{what}: the function returned shape {tuple(arr.shape)}, expected {tuple(shape)}")
    return np.ascontiguousarray(arr)


def _make_adapter(fn, device, values_out_dtype=None):
    def adapter(operation, a):
        if operation == "convert":
            src = _FORMAT_NAMES[a["source"]]
            bits = np.frombuffer(a["input"], np.uint32 if src == "fp32" else np.uint16).copy()
            out = fn(_input_values(bits, src, device))
            codes = _output_array(out, "convert", (a["count"],), device, 1)
            if a["layout"] == _LAYOUT_PACKED:
                raise ValueError("convert: packed output is not offered")
            return codes.tobytes()
        if operation == "decode":
            codes = np.frombuffer(a["input"], np.uint8).copy()
            arg = _to_device(codes, device)
            out = fn(arg)
            values = _output_array(out, "decode", (a["count"],), device, 4)
            return values.tobytes()
        if operation == "quantize":
            src = _FORMAT_NAMES[a["source"]]
            k, blocks = a["block_size"], a["blocks"]
            bits = np.frombuffer(a["input"], np.uint32 if src == "fp32" else np.uint16).copy().reshape(blocks, k)
            result = fn(_input_values(bits, src, device))
            if not isinstance(result, (tuple, list)) or len(result) != 2:
                raise TypeError("quantize: the function must return (scales, codes)")
            scales = _output_array(_squeeze_last(result[0], blocks), "quantize scales", (blocks,), device, 1)
            width = k if a["layout"] != _LAYOUT_PACKED else _core.packed_size(_FORMAT_NAMES[a["element"]], k)
            codes = _output_array(result[1], "quantize codes", (blocks, width), device, 1)
            return scales.tobytes(), codes.tobytes()
        if operation == "dequantize":
            k, blocks = a["block_size"], a["blocks"]
            scales = np.frombuffer(a["scales"], np.uint8).copy()
            codes = np.frombuffer(a["codes"], np.uint8).copy().reshape(blocks, -1)
            out = fn(_to_device(scales, device), _to_device(codes, device))
            tgt = _FORMAT_NAMES[a["target"]]
            values = _output_array(out, "dequantize", (blocks, k), device, 4 if tgt == "fp32" else 2)
            return values.tobytes()
        raise ValueError(f"operation {operation!r} is not offered to Python kernels")

    return adapter


def _squeeze_last(scales, blocks):
    shape = tuple(scales.shape)
    if shape == (blocks, 1):
        return scales.reshape(blocks)
    return scales


def _to_device(a: np.ndarray, device):
    if device is None:
        return a
    import torch

    return torch.from_numpy(a).to(device)


def _profile(name: str) -> dict:
    for p in _core.profiles():
        if p["name"] == name:
            return p
    names = ", ".join(p["name"] for p in _core.profiles())
    raise ValueError(f"profile={name!r}: unknown profile (valid: {names})")


def _spec(fn, profile, tier, only, max_mismatches, seed):
    if not callable(fn):
        raise TypeError(f"fn: expected a callable, got {type(fn).__name__}")
    if tier not in ("fast", "exhaustive"):
        raise ValueError(f"tier={tier!r}: expected 'fast' or 'exhaustive'")
    s = _core.CheckRunSpec()
    name = getattr(fn, "__qualname__", None) or type(fn).__name__
    s.kernel_name = name
    s.kernel_path = f"python:{getattr(fn, '__module__', '?')}.{name}"
    s.profile, s.tier, s.only = profile, tier, only or ""
    s.vectors_dir = _vectors_dir()
    s.max_mismatches, s.seed = max_mismatches, seed
    return s


def _capability(operation, source, target, roundings=(), overflows=(), rules=(), layout="byte", sr_bits=0):
    c = _core.CapabilitySpec()
    c.operation, c.source, c.target = operation, source, target
    c.roundings, c.overflows, c.rules = list(roundings), list(overflows), list(rules)
    c.layout, c.sr_bits = layout, sr_bits
    return c


def _run(fn, device, caps, spec) -> Report:
    report = Report(_core.run_checks(_make_adapter(fn, device), caps, spec))
    for listener in _listeners:
        listener(report)
    return report


# ---- the checks ---------------------------------------------------------------------------------------------------

def check_convert(fn, *, source="fp32", target, profile="ocp", rounding=None, overflow=None, tier="fast",
                  device=None, only=None, max_mismatches=5, seed=1) -> Report:
    """fn(values) -> codes for `source` -> `target` under `profile` (rounding / overflow default to the
    profile's). fn takes a 1-D numpy array of float32 / bfloat16 / float16 (a torch tensor on `device` when given)
    and returns uint8 codes or a float8 / float6 / float4 array of the same shape.

    tier='exhaustive' adds every fp32 input; with device='cuda' it runs on the device (mxconf.gpu)."""
    p = _profile(profile)
    rounding = rounding or (p["scale_rounding"] if target == "e8m0" else p["element_rounding"])
    overflow = overflow or p["policies"]["overflow"]
    if tier == "exhaustive" and device is not None and str(device).startswith("cuda"):
        from . import gpu

        fast = check_convert(fn, source=source, target=target, profile=profile, rounding=rounding,
                             overflow=overflow, tier="fast", device=device, only=only,
                             max_mismatches=max_mismatches, seed=seed)
        sweep = gpu.exhaustive_convert(fn, target=target, profile=profile, rounding=rounding, overflow=overflow,
                                       device=device, max_mismatches=max_mismatches)
        report = Report(_core.merge_reports(fast._r, sweep._r))
        return report
    caps = [_capability("convert", source, target, [rounding], [overflow])]
    return _run(fn, device, caps, _spec(fn, profile, tier, only, max_mismatches, seed))


def check_decode(fn, *, fmt, profile="ocp", device=None, only=None, max_mismatches=5) -> Report:
    """fn(codes: uint8 array) -> float32 values (or their uint32 patterns) of every code of `fmt`."""
    caps = [_capability("decode", fmt, "fp32")]
    return _run(fn, device, caps, _spec(fn, profile, "fast", only, max_mismatches, 1))


def check_quantize(fn, *, elem, rule=None, profile="ocp", block=32, rounding=None, source="fp32", tier="fast",
                   device=None, packed=False, only=None, max_mismatches=5, seed=1) -> Report:
    """fn(x: (blocks, 32) float32) -> (scales: (blocks,) uint8, codes: (blocks, 32) uint8) under `profile`
    (rule, rounding default to the profile's)."""
    if block != 32:
        raise ValueError(f"block={block}: the checks quantize blocks of 32 (OCP MX k = 32)")
    p = _profile(profile)
    caps = [_capability("quantize", source, elem, [rounding or p["element_rounding"]],
                        [p["policies"]["element-overflow"]], [rule or p["policies"]["rule"]],
                        "packed" if packed else "byte")]
    return _run(fn, device, caps, _spec(fn, profile, tier, only, max_mismatches, seed))


def check_dequantize(fn, *, elem, dtype="fp32", profile="ocp", device=None, packed=False, only=None,
                     max_mismatches=5) -> Report:
    """fn(scales: (blocks,) uint8, codes: (blocks, 32) uint8) -> (blocks, 32) values of dtype (fp32, bf16, fp16)."""
    caps = [_capability("dequantize", elem, dtype, ["rne"], layout="packed" if packed else "byte")]
    return _run(fn, device, caps, _spec(fn, profile, "fast", only, max_mismatches, 1))


def identify(fn, *, kind="convert", **kwargs) -> dict:
    """Runs check_<kind> under every profile: {profile name: Report}. The matching profiles are those whose report
    passed (mxconf identify). Arguments other than `profile` go to the check."""
    if "profile" in kwargs:
        raise TypeError("identify: profile= is what identify varies; leave it out")
    check = {"convert": check_convert, "quantize": check_quantize, "decode": check_decode,
             "dequantize": check_dequantize}.get(kind)
    if check is None:
        raise ValueError(f"kind={kind!r}: expected convert, quantize, decode or dequantize")
    return {p["name"]: check(fn, profile=p["name"], **kwargs) for p in _core.profiles()}


def assert_conforms(fn, *, kind="convert", **kwargs) -> Report:
    """check_<kind>(fn, ...) that raises AssertionError with the explained report unless it passes."""
    check = {"convert": check_convert, "quantize": check_quantize, "decode": check_decode,
             "dequantize": check_dequantize}[kind]
    report = check(fn, **kwargs)
    if not report.passed:
        raise AssertionError(f"{fn!r} does not conform (profile {report.profile}):\n{report}")
    return report
