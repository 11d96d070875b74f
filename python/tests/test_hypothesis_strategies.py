"""The strategies aim at decision points: they find planted bugs that plain random floats miss, and shrink to a
minimal case."""
import ml_dtypes
import numpy as np
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import mxconf
from mxconf.hypothesis import blocks, codes, patterns, values

from test_testing import ties_away_e4m3

SETTINGS = settings(max_examples=2000, database=None, suppress_health_check=list(HealthCheck), deadline=None)


def ours(x):
    return int(mxconf.convert(np.array([x], np.float32), to="e4m3", profile="ml_dtypes")[0])


def planted(x):
    return int(ties_away_e4m3(np.array([x], np.float32))[0])


def test_values_find_the_ties_away_bug_and_shrink_to_the_smallest_tie():
    x = find(values("fp32", near="e4m3", profile="ml_dtypes"), lambda v: planted(v) != ours(v), settings=SETTINGS)
    # The smallest positive E4M3 tie rounded down to even: half-way between the two smallest subnormals, 2^-10 and
    # 2^-9 -> 1.5 * 2^-9... the minimal case is a tie, and no smaller tie exists.
    text = mxconf.explain(np.float32(x), to="e4m3", profile="ml_dtypes")
    assert "tie" in text
    smaller = [v for v in np.linspace(0, abs(float(x)), 2000, dtype=np.float32)[:-1]
               if planted(np.float32(v)) != ours(np.float32(v))]
    assert not smaller, (x, smaller[:3])


def test_plain_random_floats_rarely_hit_the_tie():
    misses = 0
    rng = np.random.default_rng(0)
    xs = rng.integers(0, 1 << 32, 20000, dtype=np.uint64).astype(np.uint32).view(np.float32)
    got = ties_away_e4m3(xs)
    want = mxconf.convert(xs, to="e4m3", profile="ml_dtypes")
    misses = int((got != want).sum())
    assert misses == 0  # why the decision-point strategy matters: 20000 random patterns hit no tie


def test_blocks_find_a_float_log2_scale_bug():
    def buggy_scale(block):
        a = np.float32(np.abs(block).max())
        return int(np.clip(np.floor(np.log2(a)) - 8 + 127, 0, 254)) if a > 0 else 0

    def reference_scale(block):
        return int(mxconf.scale(np.array([np.abs(block).max()], np.float32), elem="e4m3", rule="floor")[0])

    b = find(blocks("e4m3", "floor"), lambda b: buggy_scale(b) != reference_scale(b), settings=SETTINGS)
    a = np.abs(b).max()
    # The float log2 rounds an amax just below a power of two up to that power: 0x..ffffff-like patterns.
    assert np.log2(a.astype(np.float64)) < np.round(np.log2(a.astype(np.float64)))
    assert (np.abs(b) == a).sum() >= 1


@given(codes("e2m1"))
def test_codes_are_in_range(c):
    assert 0 <= c < 16


@given(patterns("bf16", near="e2m1"))
def test_bf16_patterns_are_16_bit(p):
    assert 0 <= p < 1 << 16


@settings(max_examples=200, deadline=None)
@given(values("fp32", near="e5m2", profile="ml_dtypes"))
def test_ml_dtypes_e5m2_agrees_with_its_profile_at_decision_points(x):
    want = mxconf.convert(np.array([x], np.float32), to="e5m2", profile="ml_dtypes")[0]
    got = np.array([x], np.float32).astype(ml_dtypes.float8_e5m2).view(np.uint8)[0]
    assert got == want or (np.isnan(x) and np.isnan(np.array([got], np.uint8).view(ml_dtypes.float8_e5m2)[0]))
