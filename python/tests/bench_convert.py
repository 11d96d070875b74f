"""Conversion speed on one core: mxconf.convert (the fast path) against ml_dtypes' own astype, in the same run.

    taskset -c 0 python python/tests/bench_convert.py [--n 16777216] [--repeat 5]

Prints values per second for each and their ratio (best of `repeat`). A benchmark, not a test: speed goals are
ratios to a baseline measured in the same run (docs/benchmarks.md), never timed assertions.
"""
import argparse
import time

import ml_dtypes
import numpy as np

import mxconf


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1 << 24)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    # Normal values across the E4M3 range and beyond (overflow path), plus some specials: a realistic mix.
    x = (rng.standard_normal(args.n) * 64).astype(np.float32)
    x[::997] = np.nan
    ours = mxconf.convert(x, to="e4m3", profile="ml_dtypes")
    theirs = x.astype(ml_dtypes.float8_e4m3fn).view(np.uint8)
    assert np.array_equal(ours, theirs), "the two disagree: compare with mxconf.testing first"
    t_ours = best(lambda: mxconf.convert(x, to="e4m3", profile="ml_dtypes"), args.repeat)
    t_theirs = best(lambda: x.astype(ml_dtypes.float8_e4m3fn), args.repeat)
    print(f"n = {args.n} fp32 -> e4m3 (profile ml_dtypes: rne, non-saturating), best of {args.repeat}")
    print(f"mxconf.convert ({mxconf.fast_path()}): {args.n / t_ours:.3e} values/s")
    print(f"ml_dtypes {ml_dtypes.__version__} astype: {args.n / t_theirs:.3e} values/s")
    print(f"ratio mxconf / ml_dtypes: {t_theirs / t_ours:.2f}")


if __name__ == "__main__":
    main()
