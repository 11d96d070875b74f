"""Hypothesis strategies for MX formats, aimed at the reference's decision points.

    from mxconf.hypothesis import codes, values, blocks

    @given(values("fp32", near="e4m3"))
    def test_my_cast(x): ...

values(near=...) draws mostly from the boundaries of the reference's interval table for the conversion (where the
answer changes: ties, the +-1 ulp around them, the overflow threshold, the subnormal edges, zero), each +-2
patterns, and sometimes any pattern. blocks() does the same for the shared scale: the amax patterns where the
scale rule's answer changes. Draws shrink toward the smallest-magnitude decision point and toward +0 elements, so a
failure is reported as a minimal case.
"""
from __future__ import annotations

import functools

import numpy as np
from hypothesis import strategies as st

from . import _core

_SOURCE_BITS = {"fp32": 32, "bf16": 16, "fp16": 16}
_VIEW = {"fp32": (np.uint32, np.float32), "fp16": (np.uint16, np.float16)}


def codes(fmt: str):
    """Any code of fmt (e4m3 ... e8m0), as an int; shrinks toward 0."""
    return st.integers(0, (1 << _core.format_bits(fmt)) - 1)


@functools.lru_cache(maxsize=None)
def _boundaries(source, near, profile, rounding, overflow):
    rows = _core.convert_intervals(source, near, profile, rounding, overflow)
    points = set()
    for first, last, _code, _classes in rows:
        points.update((first, last))
    sign = 1 << (_SOURCE_BITS[source] - 1)
    # Smallest magnitude first, positive before negative: what Hypothesis shrinks toward.
    return tuple(sorted(points, key=lambda p: (p & (sign - 1), p & sign)))


@functools.lru_cache(maxsize=None)
def _scale_boundaries(elem, rule, profile):
    points = set()
    for first, last in _core.scale_intervals(elem, rule, profile):
        points.update((first & 0x7FFFFFFF, last & 0x7FFFFFFF))
    return tuple(sorted(points))


def _profile(profile):
    for p in _core.profiles():
        if p["name"] == profile:
            return p
    raise ValueError(f"profile={profile!r}: unknown profile")


def _as_value(source, bits):
    if source == "bf16":
        import ml_dtypes

        return np.array([bits], np.uint16).view(ml_dtypes.bfloat16)[0]
    u, f = _VIEW[source]
    return np.array([bits], u).view(f)[0]


def patterns(source="fp32", *, near=None, profile="ocp", rounding=None, overflow=None):
    """Bit patterns of `source` (ints). With near=FORMAT: concentrated on the decision points of source -> FORMAT
    under the profile (rounding / overflow default to the profile's)."""
    width = _SOURCE_BITS[source]
    anything = st.integers(0, (1 << width) - 1)
    if near is None:
        return anything
    p = _profile(profile)
    rounding = rounding or (p["scale_rounding"] if near == "e8m0" else p["element_rounding"])
    overflow = overflow or p["policies"]["overflow"]
    points = _boundaries(source, near, profile, rounding, overflow)
    mask = (1 << width) - 1
    nearby = st.tuples(st.sampled_from(points), st.integers(-2, 2)).map(lambda t: (t[0] + t[1]) & mask)
    return st.one_of(nearby, anything)


def values(source="fp32", *, near=None, profile="ocp", rounding=None, overflow=None):
    """Scalars of `source` (np.float32 / np.float16 / ml_dtypes.bfloat16), as patterns() draws them."""
    return patterns(source, near=near, profile=profile, rounding=rounding, overflow=overflow).map(
        lambda b: _as_value(source, b))


def blocks(elem, rule=None, *, profile="ocp", block=32):
    """float32 blocks (np.ndarray of `block` values) whose amax sits on (+-2 patterns of) a point where the scale
    rule's answer changes; the other elements are any magnitudes not above it. Shrinks toward one amax element at
    position 0 and +0 elsewhere."""
    p = _profile(profile)
    rule = rule or p["policies"]["rule"]
    points = _scale_boundaries(elem, rule, profile)
    amax = st.tuples(st.sampled_from(points), st.integers(-2, 2)).map(
        lambda t: min(max(t[0] + t[1], 0), 0x7F7FFFFF))

    @st.composite
    def build(draw):
        a = draw(amax)
        where = draw(st.integers(0, block - 1))
        others = draw(st.lists(st.integers(0, a), min_size=block, max_size=block))
        signs = draw(st.lists(st.booleans(), min_size=block, max_size=block))
        bits = np.array([(o | (0x80000000 if s else 0)) for o, s in zip(others, signs)], np.uint32)
        bits[where] = a | (0x80000000 if signs[where] else 0)
        return bits.view(np.float32)

    return build()
