"""The blocks of 32 fp32 values that the torchao observation feeds to to_mx (docs/observations.md).

Deterministic (random.Random with fixed seeds, integer arithmetic on bit patterns), pure standard library, so the
same blocks come out on any machine. Three sources:
  - every distinct non-sr input block of vectors/golden/blocks/*/<element>-*.txt;
  - special blocks: ±Inf, NaN, Inf with NaN, tiny blocks whose scale is clamped to code 0x00, all-zero;
  - threshold blocks: the amax at and beside (±1, ±2 ulp) 2^k and M * 2^k * (1 + j/8) for every k whose value is a
    finite fp32 (M = the element format's largest finite value), with three elements on grid midpoints; and
    midpoint blocks: every other element on a midpoint of the element grid (at the floor rule's scale).
"""
import glob
import math
import os
import random
import struct
from fractions import Fraction

# name: (exponent bits, mantissa bits, bias, largest finite value, Inf/NaN use the top exponent (IEEE-like))
ELEMENTS = {
    "e4m3": (4, 3, 7, Fraction(448), False),
    "e5m2": (5, 2, 15, Fraction(57344), True),
    "e2m3": (2, 3, 1, Fraction(15, 2), False),
    "e3m2": (3, 2, 3, Fraction(28), False),
    "e2m1": (2, 1, 1, Fraction(6), False),
}
BLOCK = 32
FP32_INF = 0x7F800000


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def bits_value(bits):
    """Exact value of a finite fp32 pattern as a Fraction."""
    e = (bits >> 23) & 0xFF
    m = bits & 0x7FFFFF
    mag = Fraction(m, 1 << 149) if e == 0 else Fraction((1 << 23) | m) * Fraction(2) ** (e - 150)
    return -mag if bits >> 31 else mag


def exact_f32(value):
    """fp32 pattern of a Fraction that fp32 represents exactly (None if it does not)."""
    if value == 0:
        return 0
    sign = 0x80000000 if value < 0 else 0
    v = abs(value)
    if v >= Fraction(2) ** 128:
        return None
    b = f32_bits(float(v))  # float(Fraction) rounds correctly; exactness is checked below
    return sign | b if bits_value(b) == v else None


import functools


@functools.lru_cache(maxsize=None)
def grid(element):
    """Positive finite values of the element format, ascending."""
    ebits, mbits, bias, top, _ = ELEMENTS[element]
    out = set()
    for e in range(1 << ebits):
        for m in range(1 << mbits):
            v = Fraction(m, 1 << mbits) * Fraction(2) ** (1 - bias) if e == 0 else \
                (1 + Fraction(m, 1 << mbits)) * Fraction(2) ** (e - bias)
            if v <= top:
                out.add(v)
    return tuple(sorted(out))


@functools.lru_cache(maxsize=None)
def midpoints(element):
    g = (Fraction(0),) + grid(element)
    return tuple((a + b) / 2 for a, b in zip(g, g[1:]))


def emax(element):
    return math.floor(math.log2(ELEMENTS[element][3]))


def golden_blocks(root, element):
    """Distinct input blocks of the golden quantize files for this element format (any profile, any rule)."""
    seen, out = set(), []
    for path in sorted(glob.glob(os.path.join(root, "vectors", "golden", "blocks", "*", f"{element}-*.txt"))):
        header, rows = {}, []
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("@"):
                    k, _, v = line[1:].rstrip("\n").partition(" ")
                    header[k] = v
                elif line.strip() and not line.startswith(("#", "mxconf-vectors")):
                    rows.append(line.split())
        if header.get("rounding") == "sr" or header.get("block") != str(BLOCK):
            continue
        for r in rows:
            values = tuple(int(x, 16) for x in r[2:2 + BLOCK])
            if values not in seen:
                seen.add(values)
                out.append((f"golden:{r[0]}", list(values)))
    return out


def _midpoints_at(element, scale_exp, limit, rng, count):
    """`count` fp32 patterns on midpoints between neighbouring grid values, times 2^scale_exp, magnitude <= limit."""
    mids = midpoints(element)
    out = []
    for _ in range(count * 4):
        if len(out) == count:
            break
        v = rng.choice(mids) * Fraction(2) ** scale_exp
        if v <= limit:
            b = exact_f32(v)
            if b is not None and b < FP32_INF:
                out.append(b | (0x80000000 if rng.random() < 0.5 else 0))
    return out


def _block_with_amax(element, amax_bits, rng, midpoints, fill):
    """amax at a random position (random sign), `midpoints` midpoint elements, `fill` random values below amax,
    the rest +0."""
    amax = bits_value(amax_bits)
    scale_exp = max(-127, math.floor(math.log2(amax)) - emax(element)) if amax > 0 else -127
    values = _midpoints_at(element, scale_exp, amax, rng, midpoints)
    for _ in range(fill):
        values.append(f32_bits(float(amax) * rng.uniform(-1, 1)) if amax > 0 else 0)  # |x| <= amax
    values += [0] * (BLOCK - 1 - len(values))
    rng.shuffle(values)
    values.insert(rng.randrange(BLOCK), amax_bits | (0x80000000 if rng.random() < 0.5 else 0))
    return values


def special_blocks(element):
    rng = random.Random(f"special-{element}")
    top = float(ELEMENTS[element][3])
    base = [f32_bits(top * rng.uniform(-1, 1)) for _ in range(BLOCK)]
    out = []
    for name, v in (("pos-inf", FP32_INF), ("neg-inf", 0xFF800000), ("nan", 0x7FC00000), ("neg-nan", 0xFFC00000),
                    ("nan-payload", 0x7F800001)):
        for pos in (0, 17):
            b = list(base)
            b[pos] = v
            out.append((f"{name}@{pos}", b))
    b = list(base)
    b[3], b[20] = FP32_INF, 0x7FC00000
    out.append(("inf-and-nan", b))
    out.append(("all-pos-inf", [FP32_INF] * BLOCK))
    b = list(base)
    b[5], b[6] = FP32_INF, 0xFF800000
    out.append(("pos-and-neg-inf", b))
    out.append(("all-zero", [0] * BLOCK))
    out.append(("all-neg-zero", [0x80000000] * BLOCK))
    # tiny blocks: the floor scale is below 2^-127, so every rule clamps the scale to code 0x00 (2^-127); the
    # elements are midpoints and grid values at 2^-127 and at a few binades around it.
    for shift in (0, -1, -3, 1, 2, -20):
        rng_t = random.Random(f"tiny-{element}-{shift}")
        g = grid(element)
        mids = _midpoints_at(element, -127 + shift, Fraction(2) ** -100, rng_t, 16)
        on = [exact_f32(rng_t.choice(g) * Fraction(2) ** (-127 + shift)) for _ in range(16)]
        vals = [m for m in mids] + [b for b in on if b is not None]
        vals = (vals + [1] * BLOCK)[:BLOCK]  # pad with the smallest subnormal
        out.append((f"tiny:2^{-127 + shift}", vals))
    return out


def threshold_targets(element, mode):
    """(name, amax pattern, ulp offsets) where `mode`'s scale changes or could be computed wrongly:
    FLOOR and CEIL: 2^k; EVEN: 2^k and the amax whose mantissa rounding (to the element's mantissa bits) carries
    into the next binade, 2^k * (2 - 2^-(m+1)); RCEIL: M * 2^k (every k) and M * 2^k * (1 + j/8) for j = 1..7 (every
    eighth k, staggered by j, so each j sees every part of the range)."""
    _, mbits, _, top, _ = ELEMENTS[element]
    out = []
    for k in range(-160, 130):
        two_k = exact_f32(Fraction(2) ** k)
        if mode in ("floor", "ceil") and two_k is not None:
            out.append((f"2^{k}", two_k, (-2, -1, 0, 1, 2)))
        if mode == "even":
            if two_k is not None:
                out.append((f"2^{k}", two_k, (-1, 0, 1)))
            carry = exact_f32(Fraction(2) ** k * (2 - Fraction(1, 2 ** (mbits + 1))))
            if carry is not None:
                out.append((f"carry2^{k}", carry, (-1, 0, 1)))
        if mode == "rceil":
            t = exact_f32(top * Fraction(2) ** k)
            if t is not None:
                out.append((f"M*2^{k}", t, (-2, -1, 0, 1, 2)))
            for j in range(1, 8):
                t = exact_f32(top * Fraction(2) ** k * (1 + Fraction(j, 8)))
                if t is not None and (k - j) % 8 == 0:
                    out.append((f"M*2^{k}*(1+{j}/8)", t, (0, 1)))
    return [(n, t, d) for n, t, d in out if 0 < t < FP32_INF]


def threshold_blocks(element, mode):
    """Blocks whose amax sits at and beside each threshold; sparse (three midpoints, the rest +0) to keep the
    files small."""
    out = []
    for name, t, offsets in threshold_targets(element, mode):
        for d in offsets:
            b = t + d
            if 0 < b < FP32_INF:
                rng = random.Random(f"{element}-{name}{d:+d}")
                out.append((f"{name}{d:+d}", _block_with_amax(element, b, rng, 3, 0)))
    return out


def midpoint_blocks(element, count=48):
    """Full blocks of grid midpoints (every element but the amax) across the scale range."""
    rng = random.Random(f"midpoints-{element}")
    out = []
    for i in range(count):
        k = rng.randrange(-135, 128)
        amax = exact_f32(ELEMENTS[element][3] * Fraction(2) ** k)
        if amax is None or amax >= FP32_INF:
            continue
        out.append((f"midpoints:{i}", _block_with_amax(element, amax, rng, BLOCK - 1, 0)))
    return out


MODES = ("floor", "ceil", "even", "rceil")


def all_blocks(root, element, mode):
    """Every block fed to to_mx for this element format and scale mode."""
    blocks = golden_blocks(root, element) + special_blocks(element) + threshold_blocks(element, mode) + \
        midpoint_blocks(element)
    for name, values in blocks:
        assert len(values) == BLOCK and all(0 <= v <= 0xFFFFFFFF for v in values), name
    return blocks


if __name__ == "__main__":
    import sys
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    for e in ELEMENTS:
        print(e, *(f"{m} {len(all_blocks(root, e, m))}" for m in MODES))
