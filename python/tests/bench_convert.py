"""Conversion speed on one core: mxconf.convert (the fast path) against ml_dtypes' own astype, in the same run.

    python python/tests/bench_convert.py [--n 16777216] [--repeat 5]

The script pins itself to one CPU (os.sched_setaffinity: both numpy's cast and mxconf.convert are single-threaded,
so the figures are per core) and prints, for each conversion, values per second of each and their ratio (best of
`repeat` wall-clock runs), with the load average before and after. A benchmark, not a test: speed goals are ratios
to a baseline measured in the same run (docs/benchmarks.md), never timed assertions.
"""
import argparse
import os
import platform
import time

import ml_dtypes
import numpy as np

import mxconf

# (mxconf target, ml_dtypes dtype): fp32 into each under the ml_dtypes profile, so both compute the same codes.
CASES = [("e4m3", ml_dtypes.float8_e4m3fn), ("e5m2", ml_dtypes.float8_e5m2), ("e2m1", ml_dtypes.float4_e2m1fn)]


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
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    rng = np.random.default_rng(1)
    # Normal values across the E4M3 range and beyond (overflow path), plus some specials: a realistic mix.
    x = (rng.standard_normal(args.n) * 64).astype(np.float32)
    x[::997] = np.nan
    print(f"{platform.processor() or platform.machine()}, pinned to CPU {cpu}; load average before "
          f"{os.getloadavg()[0]:.2f}; n = {args.n} fp32, best of {args.repeat}; numpy {np.__version__}, "
          f"ml_dtypes {ml_dtypes.__version__}, mxconf fast path {mxconf.fast_path()}")
    for target, dtype in CASES:
        y = x if target != "e2m1" else np.nan_to_num(x)  # NaN has no e2m1 code under ml_dtypes' policies
        ours = mxconf.convert(y, to=target, profile="ml_dtypes")
        theirs = y.astype(dtype).view(np.uint8)
        assert np.array_equal(ours, theirs), f"{target}: the two disagree: compare with mxconf.testing first"
        t_ours = best(lambda: mxconf.convert(y, to=target, profile="ml_dtypes"), args.repeat)
        t_theirs = best(lambda: y.astype(dtype), args.repeat)
        print(f"fp32 -> {target} (profile ml_dtypes): mxconf.convert {args.n / t_ours:.3e}/s, "
              f"ml_dtypes astype({np.dtype(dtype).name}) {args.n / t_theirs:.3e}/s, "
              f"ratio mxconf / ml_dtypes {t_theirs / t_ours:.2f}")
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
