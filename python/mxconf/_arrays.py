"""Turning numpy arrays and torch tensors into the flat bit-pattern buffers mxconf._core takes, and back.

Layout and dtype handling only: every rounding, scale and policy decision is made in C++ (mxconf._core).
"""
from __future__ import annotations

import numpy as np

_SOURCE_DTYPES = {"fp32": np.uint32, "bf16": np.uint16, "fp16": np.uint16}


def is_torch(x) -> bool:
    return type(x).__module__.split(".")[0] == "torch"


def _bfloat16():
    try:
        import ml_dtypes
    except ImportError:  # pragma: no cover - ml_dtypes is pinned in requirements.txt
        return None
    return np.dtype(ml_dtypes.bfloat16)


def source_of_dtype(dtype: np.dtype):
    """fp32 / bf16 / fp16 for a float dtype of those formats, else None."""
    if dtype == np.float32:
        return "fp32"
    if dtype == np.float16:
        return "fp16"
    if dtype.name == "bfloat16":
        return "bf16"
    return None


class Host:
    """An input as a contiguous numpy array of bit patterns, and how to give results back (numpy, or torch on the
    input's device)."""

    def __init__(self, bits: np.ndarray, source: str, shape, torch_device=None):
        self.bits, self.source, self.shape, self.torch_device = bits, source, tuple(shape), torch_device

    def back(self, array: np.ndarray):
        """A result array shaped by the caller, as numpy or as a torch tensor on the input's device."""
        if self.torch_device is None:
            return array
        import torch

        return torch.from_numpy(np.ascontiguousarray(array)).to(self.torch_device)


def to_numpy(x, argument: str) -> tuple[np.ndarray, object]:
    """numpy view of x (copied off a device for torch tensors) and the torch device, or None."""
    if is_torch(x):
        import torch

        if not x.is_contiguous():
            raise ValueError(f"{argument}: the tensor is not contiguous (call .contiguous() first); "
                             "mxconf reads tensors as flat buffers of bit patterns")
        device = x.device
        t = x.detach()
        if t.dtype == torch.bfloat16:
            return t.view(torch.int16).cpu().numpy().view(np.uint16).view(_bfloat16() or np.uint16), device
        if t.dtype in (getattr(torch, "uint16", None), getattr(torch, "uint32", None)):
            return t.cpu().numpy(), device
        if t.dtype.itemsize == 1 and t.dtype != torch.uint8 and t.dtype != torch.int8 and t.dtype != torch.bool:
            return t.view(torch.uint8).cpu().numpy(), device  # float8 / float4 dtypes: their codes
        return t.cpu().numpy(), device
    if isinstance(x, np.ndarray):
        return x, None
    if isinstance(x, (list, tuple, int, float, np.generic)):
        return np.asarray(x), None
    raise TypeError(f"{argument}: expected a numpy array or a torch tensor, got {type(x).__name__}")


def values_to_bits(x, source, argument="x") -> Host:
    """Values (float32 / float16 / bfloat16) or bit patterns (uint32 with source='fp32', uint16 with 'bf16' or
    'fp16') as a contiguous 1-D pattern array."""
    a, device = to_numpy(x, argument)
    dtype_source = source_of_dtype(a.dtype)
    if dtype_source is not None:
        if source is not None and source != dtype_source:
            raise TypeError(f"{argument}: dtype {a.dtype} holds {dtype_source} values but source={source!r}")
        source = dtype_source
        bits = np.ascontiguousarray(a).view(_SOURCE_DTYPES[source])
    elif a.dtype in (np.uint32, np.uint16, np.int32, np.int16):
        if source is None:
            raise TypeError(f"{argument}: dtype {a.dtype} holds bit patterns: say which format with source="
                            "'fp32' (uint32), 'bf16' or 'fp16' (uint16)")
        if source not in _SOURCE_DTYPES:
            raise ValueError(f"source={source!r}: expected 'fp32', 'bf16' or 'fp16'")
        want = _SOURCE_DTYPES[source]
        if a.dtype.itemsize != np.dtype(want).itemsize:
            raise TypeError(f"{argument}: source={source!r} takes {np.dtype(want).name} bit patterns, got {a.dtype}")
        bits = np.ascontiguousarray(a).view(want)
    else:
        hint = " (a float64 input would be rounded to float32 first, a second rounding: pass float32)" \
            if a.dtype == np.float64 else ""
        raise TypeError(f"{argument}: dtype {a.dtype} is not accepted; expected float32, float16 or bfloat16 "
                        f"values, or uint32 / uint16 bit patterns with source={hint}")
    return Host(bits.reshape(-1), source, a.shape, device)


def codes_array(x, argument: str) -> tuple[np.ndarray, object]:
    """uint8 codes (or a 1-byte float8/6/4 dtype, whose bytes are the codes)."""
    a, device = to_numpy(x, argument)
    if a.dtype == np.uint8:
        return np.ascontiguousarray(a), device
    if a.dtype.itemsize == 1 and a.dtype.name.startswith(("float8", "float6", "float4")):
        return np.ascontiguousarray(a).view(np.uint8), device
    raise TypeError(f"{argument}: dtype {a.dtype} is not accepted; expected uint8 codes (or a float8 / float6 / "
                    "float4 dtype, read as its codes)")


def policy_map(policies) -> dict:
    if policies is None:
        return {}
    if not isinstance(policies, dict):
        raise TypeError(f"policies: expected a dict of policy name -> value (as `--set NAME=VALUE`), "
                        f"got {type(policies).__name__}")
    return {str(k): str(v) for k, v in policies.items()}
