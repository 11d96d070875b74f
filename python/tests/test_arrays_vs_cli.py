"""The array functions agree with the mxconf CLI (the exact reference) on random and edge inputs, and the fast
path is bit-identical to the reference element by element."""
import numpy as np
import pytest

import mxconf
from mxconf import _core

TARGETS = ["e4m3", "e5m2", "e3m2", "e2m3", "e2m1", "int8", "e8m0"]
ELEMENTS = ["e4m3", "e5m2", "e3m2", "e2m3", "e2m1", "int8"]
RULES = ["floor", "ceil", "even", "rceil", "rceil-fp32", "tosa", "tosa-2023", "fp4-three-quarters"]


def hexes(a):
    return "".join(f"0x{int(v):x}\n" for v in a)


def parse_codes(text):
    return [None if t == "error" else int(t, 16) for t in text.split()]


def edge_patterns(target, profile="ocp", rounding="rne", overflow="saturate"):
    """The reference's decision points for fp32 -> target (interval boundaries) and their neighbours, plus the
    specials: what the CLI is asked about, beside random patterns."""
    pts = set()
    for first, last, _, _ in _core.convert_intervals("fp32", target, profile, rounding, overflow):
        for p in (first - 1, first, first + 1, last - 1, last, last + 1):
            pts.add(p & 0xFFFFFFFF)
    rng = np.random.default_rng(hash(target) & 0xFFFF)
    pts.update(int(v) for v in rng.integers(0, 1 << 32, 3000, dtype=np.uint64))
    return np.array(sorted(pts), np.uint32)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("profile,rounding,overflow", [
    ("ocp", None, None), ("ocp", "rtz", "saturate"), ("ocp", "rna", "nonsat"), ("nvidia", None, None),
    ("ml_dtypes", None, None), ("ocp", "rup", "nonsat"), ("ocp", "rdn", "saturate")])
def test_convert_agrees_with_cli(cli, target, profile, rounding, overflow):
    bits = edge_patterns(target)
    args = ["encode", "--from", "fp32", "--to", target, "--profile", profile]
    if rounding:
        args += ["--round", rounding]
    if overflow:
        args += ["--overflow", overflow]
    expected = parse_codes(cli(*args, stdin=hexes(bits), check=False).stdout)
    assert len(expected) == len(bits)
    ok = np.array([e is not None for e in expected])
    if not ok.all():  # the policies refuse some inputs (NaN into e2m1 under nan-into-finite=error): so must we
        with pytest.raises(ValueError, match="x\\["):
            mxconf.convert(bits, source="fp32", to=target, profile=profile, rounding=rounding, overflow=overflow)
    got = mxconf.convert(bits[ok], source="fp32", to=target, profile=profile, rounding=rounding, overflow=overflow)
    want = np.array([e for e in expected if e is not None], np.uint8)
    assert np.array_equal(got, want), np.nonzero(got != want)[0][:5]
    # The same values as float32 give the same codes as their patterns.
    assert np.array_equal(mxconf.convert(bits[ok].view(np.float32), to=target, profile=profile, rounding=rounding,
                                         overflow=overflow), want)


@pytest.mark.parametrize("source", ["bf16", "fp16"])
@pytest.mark.parametrize("target", ["e4m3", "e2m1", "e8m0"])
def test_convert_16bit_sources_agree_with_cli(cli, source, target):
    bits = np.arange(0, 1 << 16, 7, dtype=np.uint16)
    expected = parse_codes(cli("encode", "--from", source, "--to", target, "--profile", "nvidia",
                               stdin=hexes(bits)).stdout)
    assert np.array_equal(mxconf.convert(bits, source=source, to=target, profile="nvidia"),
                          np.array(expected, np.uint8))


def test_convert_policies_and_sr_agree_with_cli(cli):
    bits = edge_patterns("e4m3")[:2000]
    rng = np.random.default_rng(5)
    random = rng.integers(0, 256, bits.size, dtype=np.uint32)
    stdin = "".join(f"0x{int(b):x} 0x{int(r):x}\n" for b, r in zip(bits, random))
    expected = parse_codes(cli("encode", "--from", "fp32", "--to", "e4m3", "--round", "sr", "--sr-bits", "8",
                               "--set", "nan-sign=keep", "--set", "inf-under-saturation=keep-special",
                               stdin=stdin).stdout)
    got = mxconf.convert(bits, source="fp32", to="e4m3", rounding="sr", sr_bits=8, random=random,
                         policies={"nan-sign": "keep", "inf-under-saturation": "keep-special"})
    assert np.array_equal(got, np.array(expected, np.uint8))


@pytest.mark.parametrize("fmt", TARGETS)
def test_decode_agrees_with_cli(cli, fmt):
    n = 1 << _core.format_bits(fmt)
    codes = np.arange(n, dtype=np.uint8) if n <= 256 else None
    lines = cli("decode", "--format", fmt, stdin=hexes(codes)).stdout.split()
    want = np.array([float.fromhex(t) if "nan" not in t else np.nan for t in lines], np.float64).astype(np.float32)
    got = mxconf.decode(codes, fmt=fmt)
    assert np.array_equal(got, want, equal_nan=True)


@pytest.mark.parametrize("elem", ELEMENTS)
@pytest.mark.parametrize("rule", RULES)
def test_scale_agrees_with_cli(cli, elem, rule):
    pts = set()
    for first, last in _core.scale_intervals(elem, rule, "ocp"):
        pts.update(p & 0xFFFFFFFF for p in (first - 1, first, last, last + 1))
    amax = np.array(sorted(pts), np.uint32)
    expected = parse_codes(cli("scale", "--from", "fp32", "--elem", elem, "--rule", rule, stdin=hexes(amax)).stdout)
    assert np.array_equal(mxconf.scale(amax, source="fp32", elem=elem, rule=rule), np.array(expected, np.uint8))


def random_blocks(rng, n):
    """Blocks with magnitudes spread over many binades, some specials and some all-zero blocks."""
    mant = rng.integers(0, 1 << 23, (n, 32), dtype=np.uint32)
    exp = rng.integers(100, 150, (n, 1), dtype=np.uint32) + rng.integers(0, 12, (n, 32), dtype=np.uint32)
    sign = rng.integers(0, 2, (n, 32), dtype=np.uint32) << 31
    bits = sign | (exp << 23) | mant
    bits[0] = 0
    bits[1, 3] = 0x7FC00000
    bits[2, 5] = 0x7F800000
    bits[3, :] = 0x43E80000  # 464: the E4M3 tie at the top
    bits[4, 7] = 0x00000001
    return bits


@pytest.mark.parametrize("elem", ELEMENTS)
@pytest.mark.parametrize("rule,profile", [("floor", "ocp"), ("rceil", "nvidia"), ("even", "ocp"),
                                          ("tosa", "ocp"), ("fp4-three-quarters", "ocp")])
def test_quantize_agrees_with_cli(cli, elem, rule, profile):
    bits = random_blocks(np.random.default_rng(7), 40)
    stdin = "".join(" ".join(f"0x{int(v):x}" for v in row) + "\n" for row in bits)
    rows = [parse_codes(line) for line in cli("quantize", "--elem", elem, "--rule", rule, "--profile", profile,
                                              stdin=stdin).stdout.splitlines()]
    scales, codes = mxconf.quantize(bits, source="fp32", elem=elem, rule=rule, profile=profile)
    assert np.array_equal(scales, np.array([r[0] for r in rows], np.uint8).reshape(40, 1))
    want = np.array([r[1:] for r in rows], np.uint8)
    nan_scale = scales[:, 0] == 0xFF  # element codes are don't-care under a NaN scale (docs/cli.md)
    assert np.array_equal(codes[~nan_scale], want[~nan_scale])


def test_quantize_columnwise_and_packed():
    x = random_blocks(np.random.default_rng(3), 8).view(np.float32)[:, :32].copy()
    x[~np.isfinite(x)] = 1.0
    m = x.reshape(8, 32)
    rs, rc = mxconf.quantize(m.T.copy(), elem="e2m1", axis=0)  # columnwise of the transpose = rowwise of m
    s, c = mxconf.quantize(m, elem="e2m1")
    assert np.array_equal(rs.T, s) and np.array_equal(rc.T, c)
    ps, pc = mxconf.quantize(m, elem="e2m1", packed=True)
    assert pc.shape == (8, 16) and np.array_equal(ps, s)
    assert np.array_equal(pc[:, 0], c[:, 0] | (c[:, 1] << 4))  # element 2j in the low nibble (kernel.h)
    assert np.array_equal(mxconf.unpack(pc, fmt="e2m1"), c)
    s6, c6 = mxconf.quantize(m, elem="e3m2", packed=True)
    assert c6.shape == (8, 24)
    back = mxconf.dequantize(s6, c6, elem="e3m2", packed=True)
    assert np.array_equal(back, mxconf.dequantize(*mxconf.quantize(m, elem="e3m2"), elem="e3m2"))


@pytest.mark.parametrize("elem", ELEMENTS)
def test_dequantize_is_scale_times_element(elem):
    """Independent derivation: X * P_i is exact in float64 (a decoded element times a power of two), and one
    rounding to float32 gives the fp32 result."""
    rng = np.random.default_rng(11)
    scales = rng.integers(90, 170, (16, 1), dtype=np.uint8)
    scales[0, 0] = 0xFF
    codes = rng.integers(0, 1 << _core.format_bits(elem), (16, 32), dtype=np.uint8)
    got = mxconf.dequantize(scales, codes, elem=elem)
    p = mxconf.decode(codes, fmt=elem).astype(np.float64)
    x = np.ldexp(1.0, scales.astype(np.int64) - 127)
    with np.errstate(over="ignore"):  # beyond float32: Inf, as IEEE rounding gives
        want = (p * x).astype(np.float32)
    want[0] = np.nan
    assert np.array_equal(got, want, equal_nan=True)


@pytest.mark.parametrize("elem", ELEMENTS)
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_dequantize_to_16_bits_is_scale_times_element_rounded_once(elem, dtype):
    """Independent derivation: X * P_i is exact in float32 for these scales (a few significant bits, a normal
    exponent), and numpy's float32 -> float16 and ml_dtypes' float32 -> bfloat16 round once to nearest even,
    overflowing to Inf as IEEE says."""
    ml_dtypes = pytest.importorskip("ml_dtypes")
    rng = np.random.default_rng(12)
    scales = rng.integers(100, 150, (64, 1), dtype=np.uint8)
    codes = rng.integers(0, 1 << _core.format_bits(elem), (64, 32), dtype=np.uint8)
    got = mxconf.dequantize(scales, codes, elem=elem, dtype=dtype)
    p = mxconf.decode(codes, fmt=elem)
    x = np.ldexp(np.float32(1.0), scales.astype(np.int32) - 127).astype(np.float32)
    exact = p * x
    assert np.array_equal(exact.astype(np.float64), p.astype(np.float64) * x.astype(np.float64), equal_nan=True)
    with np.errstate(over="ignore"):
        want = exact.astype(np.float16 if dtype == "float16" else ml_dtypes.bfloat16)
    assert np.array_equal(np.asarray(got).view(np.uint16), want.view(np.uint16)), elem


@pytest.mark.parametrize("elem", ["e4m3", "e2m1", "int8"])
def test_dot_is_the_reference(elem):
    rng = np.random.default_rng(13)
    s = rng.integers(110, 140, (20, 4), dtype=np.uint8)
    t = rng.integers(110, 140, (20, 4), dtype=np.uint8)
    ca = rng.integers(0, 1 << _core.format_bits(elem), (20, 128), dtype=np.uint8)
    cb = rng.integers(0, 1 << _core.format_bits(elem), (20, 128), dtype=np.uint8)
    got = mxconf.dot(s, ca, t, cb, elem=elem)
    want = np.empty(20, np.uint32)
    _core.reference_dot(elem, elem, "rne", 32, 4, s.reshape(-1), ca.reshape(-1), t.reshape(-1), cb.reshape(-1), want)
    assert np.array_equal(got.view(np.uint32), want)
    # One pair of blocks, small values: the sum is exact in float64, so float64 then one rounding agrees.
    a1 = mxconf.decode(ca[:, :32], fmt=elem).astype(np.float64) * np.ldexp(1.0, s[:, :1].astype(int) - 127)
    b1 = mxconf.decode(cb[:, :32], fmt=elem).astype(np.float64) * np.ldexp(1.0, t[:, :1].astype(int) - 127)
    if np.isfinite(a1).all() and np.isfinite(b1).all() and elem != "e4m3":
        one = mxconf.dot(s[:, :1], ca[:, :32], t[:, :1], cb[:, :32], elem=elem)
        assert np.array_equal(one, (a1 * b1).sum(axis=1).astype(np.float32))


@pytest.mark.parametrize("args", [
    ("fp32", "0x43e80001", "e4m3", None, "nonsat", "ocp"),
    ("fp32", "0x43e80000", "e4m3", None, None, "ocp"),
    ("exact", "957", "e2m1", "rna", None, "nvidia"),
    ("fp32", "0x7fc00000", "e2m1", None, None, "ml_dtypes"),
])
def test_explain_is_the_cli_text(cli, args):
    source, value, to, rounding, overflow, profile = args
    cmd = ["explain", "--from", source, "--to", to, "--profile", profile, value]
    if rounding:
        cmd += ["--round", rounding]
    if overflow:
        cmd += ["--overflow", overflow]
    want = cli(*cmd, check=False).stdout
    assert want and mxconf.explain(value, source=source, to=to, rounding=rounding, overflow=overflow,
                                   profile=profile) == want


def test_explain_takes_a_float32():
    assert mxconf.explain(np.float32(464.0), to="e4m3") == mxconf.explain(0x43E80000, to="e4m3")


def test_profiles_and_policies_are_the_clis(cli):
    listing = cli("profiles").stdout
    names = [p["name"] for p in mxconf.profiles()]
    assert "ocp" in names and "nvidia" in names
    for name in names:
        assert name in listing
    for policy in mxconf.policies():
        assert policy["values"] and policy["name"] in listing


def test_fast_path_is_bit_identical_to_the_reference():
    """Every bf16 pattern (widened to fp32) and random fp32 patterns, every destination, two profiles."""
    bits = np.concatenate([np.arange(1 << 16, dtype=np.uint32) << 16,
                           np.random.default_rng(17).integers(0, 1 << 32, 20000, dtype=np.uint64).astype(np.uint32)])
    for profile in ("ocp", "ml_dtypes"):
        for target in TARGETS:
            try:
                fast = mxconf.convert(bits, source="fp32", to=target, profile=profile)
            except ValueError:
                continue  # a refused NaN; covered by test_convert_agrees_with_cli
            ref = np.empty(bits.size, np.uint8)
            _core.reference_convert("fp32", bits, target, None, None, profile, {}, 0, None, ref)
            assert np.array_equal(fast, ref), (profile, target)


# Profiles whose element policies differ (NaN, Inf, int8 range, e8m0 zero / negatives / rounding, and the newer
# inf-into-finite / e8m0-overflow values, which the SIMD codec does not read and must hand to the scalar codec).
SWEEP_PROFILES = ["ocp", "nvidia", "ml_dtypes", "torch", "tosa", "microxcaling", "ml_dtypes-0.6"]
SWEEP_POLICIES = [{}, {"nan-into-finite": "signed-max"}, {"subnormal-input": "flush"}, {"int8-range": "full"},
                  {"inf-into-finite": "error"}, {"e8m0-overflow": "before-rounding"}, {"inf-under-saturation": "keep-special"},
                  {"negative-into-unsigned": "magnitude"}, {"zero-into-e8m0": "nan"}, {"nan-sign": "negative"},
                  {"negative-into-unsigned": "smallest"}, {"e8m0-subnormal-rounding": "up-above-smallest"},
                  {"nan-mantissa": "quiet-bit", "directed-overflow": "non-finite"}]


def _reference(source, bits, target, rounding, overflow, profile, policies):
    """The exact reference element by element, None where the policies refuse the input."""
    whole = np.empty(bits.size, np.uint8)
    try:
        _core.reference_convert(source, bits, target, rounding, overflow, profile, policies, 0, None, whole)
        return [int(c) for c in whole]
    except ValueError:
        pass  # some input is refused: find which, one by one
    out = np.empty(1, np.uint8)
    codes = []
    for b in bits:
        try:
            _core.reference_convert(source, np.array([b], np.uint32), target, rounding, overflow, profile, policies, 0,
                                    None, out)
            codes.append(int(out[0]))
        except ValueError:
            codes.append(None)
    return codes


@pytest.mark.parametrize("source", ["fp32", "bf16", "fp16"])
def test_fast_path_matches_the_reference_across_roundings_profiles_and_policies(source):
    """The SIMD fast path (and the scalar codec where it takes over) against the exact reference: every rounding,
    both overflow modes, several profiles and policy overrides, edge and random patterns of each source."""
    rng = np.random.default_rng(5)
    if source == "fp32":
        edges = np.concatenate([edge_patterns(t)[::7] for t in ("e4m3", "e2m1", "e8m0")])
        bits = np.unique(np.concatenate([edges, rng.integers(0, 1 << 32, 1500, dtype=np.uint64).astype(np.uint32)]))
    else:
        bits = np.unique(np.concatenate([np.arange(0, 1 << 16, 23, dtype=np.uint32),
                                         np.array([0x7C00, 0xFC00, 0x7F80, 0xFF80, 0x7E00, 0x7FFF, 1, 0x8001],
                                                  np.uint32)]))
    cases = 0
    modes = [(r, o) for r in ("rne", "rtz", "rup", "rdn", "rna") for o in ("saturate", "nonsat")]
    for target in TARGETS:
        # Every rounding and overflow mode (profiles in turn), then every policy override (modes in turn).
        configs = [(r, o, SWEEP_PROFILES[i % len(SWEEP_PROFILES)], {}) for i, (r, o) in enumerate(modes)]
        configs += [(*modes[i % len(modes)], SWEEP_PROFILES[i % len(SWEEP_PROFILES)], p)
                    for i, p in enumerate(SWEEP_POLICIES)]
        for rounding, overflow, profile, policies in configs:
            want = _reference(source, bits, target, rounding, overflow, profile, policies)
            ok = np.array([w is not None for w in want])
            kw = dict(source=source, to=target, rounding=rounding, overflow=overflow, profile=profile,
                      policies=policies)
            if not ok.all():  # refused inputs: the fast path refuses them too, naming an element
                with pytest.raises(ValueError, match="x\\["):
                    mxconf.convert(bits if source == "fp32" else bits.astype(np.uint16), **kw)
            sent = bits[ok] if source == "fp32" else bits[ok].astype(np.uint16)
            got = mxconf.convert(sent, **kw)
            expected = np.array([w for w in want if w is not None], np.uint8)
            bad = np.nonzero(got != expected)[0]
            assert bad.size == 0, (target, rounding, overflow, profile, policies,
                                   [(hex(int(sent[j])), int(got[j]), int(expected[j])) for j in bad[:5]])
            cases += int(ok.sum())
    assert cases > 0


def test_fast_path_name():
    # The Highway SIMD codec is the fast path, with the instruction set its dispatcher picked on this machine.
    name = mxconf.fast_path()
    assert name.startswith("simd-codec (") and name.endswith(")"), name


def test_torch_tensors_round_trip():
    torch = pytest.importorskip("torch", reason="torch is not installed here: tensor inputs are not exercised")
    x = torch.tensor([464.0, 1.0, -3.5], dtype=torch.float32)
    assert torch.equal(mxconf.convert(x, to="e4m3"), torch.tensor([126, 56, 0xB6], dtype=torch.uint8))
