"""mxconf: the bit-exact OCP Microscaling (MX) reference on numpy arrays and torch tensors.

The same names, profiles and policies as the `mxconf` command line (docs/cli.md, docs/policies.md). Every answer
comes from the C++ library (mxconf._core): conversions through the Highway SIMD codec (the scalar codec where the
SIMD codec does not cover the configuration), which the test suite checks bit for bit against the exact reference
and the CLI. docs/python.md is the guide.

    >>> import numpy as np, mxconf
    >>> mxconf.convert(np.array([464.0, 464.00003], np.float32), to="e4m3", overflow="nonsat")
    array([126, 127], dtype=uint8)
"""
from __future__ import annotations

import numpy as np

from . import _core
from ._arrays import codes_array, is_torch, policy_map, to_numpy, values_to_bits

__version__ = "0.1.0"
__all__ = ["convert", "decode", "scale", "quantize", "dequantize", "dot", "explain", "profiles", "policies",
           "fast_path", "pack", "unpack"]

_ELEMENTS = ("e4m3", "e5m2", "e3m2", "e2m3", "e2m1", "int8")


def fast_path() -> str:
    """The codec behind convert(), decode(), quantize() and dequantize(): "simd-codec (AVX3)" (the Highway SIMD codec
    and the instruction set it picked here), which hands what it does not cover (stochastic rounding, the tosa and
    fp4-three-quarters scale rules, newer policy values) to the scalar codec. python/src/arrays.cpp."""
    return _core.fast_path()


def convert(x, *, to, source=None, rounding=None, overflow=None, profile="ocp", policies=None, sr_bits=0,
            random=None):
    """Element (or E8M0) codes of x, as `mxconf encode --from SOURCE --to TO`.

    x: float32 / float16 / bfloat16 values, or uint32 (source='fp32') / uint16 ('bf16', 'fp16') bit patterns; any
    shape. rounding, overflow: as --round, --overflow (default: the profile's). policies: {name: value} as --set.
    rounding='sr' needs sr_bits and `random` (one integer < 2**sr_bits per element). Returns uint8 codes of x's
    shape (a torch tensor on x's device for a tensor input)."""
    host = values_to_bits(x, source)
    n = host.bits.size
    out = np.empty(n, np.uint8)
    rnd = None
    if random is not None:
        r, _ = to_numpy(random, "random")
        rnd = np.ascontiguousarray(r, dtype=np.uint32).reshape(-1)
    elif rounding == "sr":
        raise ValueError("rounding='sr' needs random= (one random integer per element, < 2**sr_bits)")
    in32 = host.bits if host.source == "fp32" else None
    in16 = host.bits if host.source != "fp32" else None
    _core.convert(host.source, in32, in16, to, rounding, overflow, profile, policy_map(policies), int(sr_bits), rnd,
                  out)
    return host.back(out.reshape(host.shape))


def decode(codes, *, fmt, packed=False, count=None):
    """float32 values of element or E8M0 codes (exact; NaN codes give NaN). packed=True reads FP4 / FP6 packed
    codes (kernel.h MXCONF_LAYOUT_PACKED) along the last axis; count= the number of codes per row when packed."""
    c, device = codes_array(codes, "codes")
    if packed:
        c = unpack(c, fmt=fmt, count=count)
    flat = np.ascontiguousarray(c).reshape(-1)
    out = np.empty(flat.size, np.uint32)
    _core.decode(fmt, flat, out)
    result = out.view(np.float32).reshape(c.shape)
    return _back(result, device)


def scale(amax, *, elem, rule=None, profile="ocp", policies=None, source=None):
    """The E8M0 scale code of a block whose largest magnitude is amax (`mxconf scale --from fp32`): one per
    element of amax (float32 values, or uint32 patterns with source='fp32')."""
    host = values_to_bits(amax, source, "amax")
    if host.source != "fp32":
        host = values_to_bits(np.asarray(_values_f32(host)), None, "amax")
    out = np.empty(host.bits.size, np.uint8)
    _core.scale(host.bits, elem, rule, profile, policy_map(policies), out)
    return host.back(out.reshape(host.shape))


def quantize(x, *, elem, rule=None, block=32, axis=-1, rounding=None, profile="ocp", policies=None, source=None,
             packed=False, sr_bits=0, random=None):
    """MX quantization (OCP MX v1.0 §6.3) of x in blocks of `block` along `axis`, as `mxconf quantize`.

    Returns (scales, codes), both uint8: codes has x's shape (packed=True: FP4 two per byte, FP6 four per three
    bytes along `axis`), scales has x's shape with `axis` shortened to x.shape[axis] // block. axis=-1 gives
    rowwise scales of a matrix, axis=0 columnwise. x: float32 or bfloat16 values (or patterns with source=)."""
    host = values_to_bits(x, source)
    if host.source == "fp16":
        raise TypeError("x: float16 is not offered for quantize (float32, bfloat16)")
    shape = host.shape
    if len(shape) == 0:
        raise ValueError("x: a scalar has no blocks; pass an array whose axis length is a multiple of block")
    ax = _axis(axis, len(shape))
    if shape[ax] % block != 0 or block <= 0:
        raise ValueError(f"block={block} does not divide x.shape[{axis}] = {shape[ax]}")
    moved = np.moveaxis(host.bits.reshape(shape), ax, -1)
    moved_shape = moved.shape
    flat = np.ascontiguousarray(moved).reshape(-1)
    rnd = None
    if random is not None:
        r, _ = to_numpy(random, "random")
        if r.shape != shape:
            raise ValueError(f"random: shape {r.shape}, expected x's shape {shape}")
        rnd = np.ascontiguousarray(np.moveaxis(np.asarray(r, np.uint32), ax, -1)).reshape(-1)
    scales = np.empty(flat.size // block, np.uint8)
    codes = np.empty(flat.size, np.uint8)
    in32 = flat if host.source == "fp32" else None
    in16 = flat if host.source != "fp32" else None
    _core.quantize(host.source, in32, in16, block, elem, rule, rounding, profile, policy_map(policies),
                   int(sr_bits), rnd, scales, codes)
    codes = codes.reshape(moved_shape)
    if packed:
        codes = pack(codes, fmt=elem)
    scales = scales.reshape(moved_shape[:-1] + (moved_shape[-1] // block,))
    return host.back(np.moveaxis(scales, -1, ax)), host.back(np.moveaxis(codes, -1, ax))


def dequantize(scales, codes, *, elem, block=32, axis=-1, dtype="float32", packed=False, rounding="rne"):
    """X * P_i rounded once into dtype ('float32', 'float16', 'bfloat16'), as the reference's dequantize_block_to.
    scales and codes as quantize() returns them (same block, axis, packed)."""
    s, device = codes_array(scales, "scales")
    c, _ = codes_array(codes, "codes")
    target = {"float32": "fp32", "float16": "fp16", "bfloat16": "bf16", "fp32": "fp32", "fp16": "fp16",
              "bf16": "bf16"}.get(np.dtype(dtype).name if not isinstance(dtype, str) else dtype)
    if target is None:
        raise TypeError(f"dtype={dtype!r}: expected float32, float16 or bfloat16")
    ax = _axis(axis, c.ndim)
    cm = np.moveaxis(c, ax, -1)
    if packed:
        cm = unpack(cm, fmt=elem, count=np.moveaxis(s, ax, -1).shape[-1] * block)
    sm = np.ascontiguousarray(np.moveaxis(s, ax, -1))
    if cm.shape[:-1] != sm.shape[:-1] or cm.shape[-1] != sm.shape[-1] * block:
        raise ValueError(f"scales shape {s.shape} and codes shape {c.shape} do not match block={block} "
                         f"along axis={axis}")
    out = np.empty(cm.size, np.uint32)
    _core.dequantize(elem, sm.reshape(-1), np.ascontiguousarray(cm).reshape(-1), block, target, rounding, out)
    values = _bits_to_dtype(out, target).reshape(cm.shape)
    return _back(np.moveaxis(values, -1, ax), device)


def dot(scales_a, codes_a, scales_b, codes_b, *, elem, elem_b=None, block=32, rounding="rne"):
    """MX Dot / DotGeneral (OCP MX v1.0 §6.1-6.2), exact and rounded once to float32: one result per row.
    codes_*: (..., n) uint8 with n a multiple of block; scales_*: (..., n // block)."""
    sa, device = codes_array(scales_a, "scales_a")
    ca, _ = codes_array(codes_a, "codes_a")
    sb, _ = codes_array(scales_b, "scales_b")
    cb, _ = codes_array(codes_b, "codes_b")
    if ca.shape != cb.shape or sa.shape != sb.shape:
        raise ValueError(f"a and b differ in shape: codes {ca.shape} vs {cb.shape}, scales {sa.shape} vs {sb.shape}")
    if ca.ndim == 0 or ca.shape[-1] % block or sa.shape != ca.shape[:-1] + (ca.shape[-1] // block,):
        raise ValueError(f"codes shape {ca.shape} and scales shape {sa.shape} do not match block={block}")
    pairs = ca.shape[-1] // block
    rows = int(np.prod(ca.shape[:-1], dtype=np.int64))
    out = np.empty(rows, np.uint32)
    _core.dot(elem, elem_b or elem, rounding, block, pairs, *(np.ascontiguousarray(v).reshape(-1)
                                                               for v in (sa, ca, sb, cb)), out)
    return _back(out.view(np.float32).reshape(ca.shape[:-1]), device)


def explain(value, *, to, source="fp32", rounding=None, overflow=None, profile="ocp", policies=None, sr_bits=0,
            random=0) -> str:
    """The text of `mxconf explain --from SOURCE --to TO VALUE`: the exact input, both neighbours, the distances,
    the rule that decided, the result and the clause. value: a bit pattern (int or hex text), a float32 scalar, or
    with source='exact' any exact value text ('464', '0x1.dp+8', 'nan')."""
    if isinstance(value, (np.floating, float)) and source != "exact":
        host = values_to_bits(np.asarray([value], np.float32) if isinstance(value, float) else np.asarray([value]),
                              None, "value")
        source, value = host.source, hex(int(host.bits[0]))
    elif isinstance(value, (int, np.integer)):
        value = hex(int(value))
    text, error = _core.explain(source, str(value), to, rounding, overflow, profile, policy_map(policies),
                                int(sr_bits), int(random))
    return text


def profiles() -> list:
    """Every profile (as `mxconf profiles`): name, summary, sources, roundings and every policy value."""
    return _core.profiles()


def policies() -> list:
    """Every policy a `policies=` dict may set (as `--set`): name, scope, summary, valid values."""
    return _core.policies()


def pack(codes, *, fmt):
    """FP4 / FP6 codes packed along the last axis (kernel.h MXCONF_LAYOUT_PACKED); 8-bit formats unchanged."""
    c, device = codes_array(codes, "codes")
    n = c.shape[-1] if c.ndim else 1
    size = _core.packed_size(fmt, n)
    if _core.format_bits(fmt) == 6 and n % 4 or _core.format_bits(fmt) == 4 and n % 2:
        raise ValueError(f"codes: {n} {fmt} codes per row do not fill whole bytes when packed")
    rows = np.ascontiguousarray(c).reshape(-1, n)
    out = np.empty((rows.shape[0], size), np.uint8)
    for i in range(rows.shape[0]):
        _core.pack(fmt, rows[i], out[i])
    return _back(out.reshape(c.shape[:-1] + (size,)), device)


def unpack(packed, *, fmt, count=None):
    """The inverse of pack(): `count` codes per row (default: as many as the bytes hold)."""
    p, device = codes_array(packed, "packed")
    bits = _core.format_bits(fmt)
    m = p.shape[-1]
    n = count if count is not None else m * 8 // bits
    if _core.packed_size(fmt, n) != m:
        raise ValueError(f"packed: {m} bytes per row do not hold {n} {fmt} codes")
    rows = np.ascontiguousarray(p).reshape(-1, m)
    out = np.empty((rows.shape[0], n), np.uint8)
    for i in range(rows.shape[0]):
        _core.unpack(fmt, rows[i], out[i])
    return _back(out.reshape(p.shape[:-1] + (n,)), device)


def _axis(axis, ndim):
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis={axis} is out of range for an array of {ndim} dimensions")
    return axis % ndim


def _back(array, device):
    if device is None:
        return array
    import torch

    a = np.ascontiguousarray(array)
    if a.dtype.name == "bfloat16":  # torch does not read ml_dtypes' bfloat16: hand over the bits
        return torch.from_numpy(a.view(np.int16)).view(torch.bfloat16).to(device)
    return torch.from_numpy(a).to(device)


def _values_f32(host):
    """bf16 / fp16 patterns widened to float32 values (exact)."""
    return _bits_to_dtype(host.bits.astype(np.uint32), host.source).astype(np.float32)


def _bits_to_dtype(bits, target):
    if target == "fp32":
        return bits.astype(np.uint32).view(np.float32)
    if target == "fp16":
        return bits.astype(np.uint16).view(np.float16)
    import ml_dtypes

    return bits.astype(np.uint16).view(ml_dtypes.bfloat16)
