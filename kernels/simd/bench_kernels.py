#!/usr/bin/env python3
"""Runs mxconf_bench_kernels (scalar codec vs SIMD codec, Google Benchmark) and times ml_dtypes' astype on inputs
drawn the same way, in one script, and prints the ratios (docs/benchmarks.md).

  /work/main/.venv/bin/python3 kernels/simd/bench_kernels.py build/kernels/simd/mxconf_bench_kernels

Every figure is items (values) per second on one core; Google Benchmark's are the median of 3 repetitions of CPU
time, ml_dtypes' the best of 5 timeit runs of wall time (numpy's astype is single-threaded).
"""
import json
import subprocess
import sys
import timeit

import ml_dtypes
import numpy as np

COUNT = 4096  # as bench_kernels.cpp: inputs in L1


def inputs(count: int) -> np.ndarray:
    """Random sign and mantissa, exponent uniform in [-10, 10] (bench_kernels.cpp draws the same distribution)."""
    rng = np.random.default_rng(12345)
    sign = rng.integers(0, 2, count, dtype=np.uint32) << np.uint32(31)
    exponent = (rng.integers(-10, 11, count).astype(np.uint32) + np.uint32(127)) << np.uint32(23)
    mantissa = rng.integers(0, 1 << 23, count, dtype=np.uint32)
    return (sign | exponent | mantissa).view(np.float32)


def ml_dtypes_rate(source: np.ndarray, dtype) -> float:
    out = np.empty(source.shape, dtype=dtype)
    runs = max(1, 2_000_000 // source.size)
    best = min(timeit.repeat(lambda: out.__setitem__(slice(None), source.astype(dtype)), number=runs, repeat=5))
    return source.size * runs / best


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = sys.argv[1]
    # Per-core pairs: median of 3 repetitions. The 2^32 sweeps (2 threads, wall time): once.
    run = subprocess.run([binary, "--benchmark_format=json", "--benchmark_repetitions=3",
                          "--benchmark_report_aggregates_only=true", "--benchmark_min_time=0.3",
                          "--benchmark_filter=^(convert|quantize|decode)/"],
                         check=True, capture_output=True, text=True)
    report = json.loads(run.stdout)
    sweeps = json.loads(subprocess.run([binary, "--benchmark_format=json", "--benchmark_filter=^sweep/"],
                                       check=True, capture_output=True, text=True).stdout)
    rates = {}
    seconds = {}
    target = ""
    for b in report["benchmarks"]:
        if b.get("aggregate_name") == "median":
            rates[b["run_name"]] = b["items_per_second"]
            target = b.get("label", target) or target
    for b in sweeps["benchmarks"]:
        name = b["name"].split("/iterations")[0]
        rates[name] = b["items_per_second"]
        seconds[name] = (b["real_time"], b["cpu_time"])
    print(f"host: {report['context'].get('host_name', '?')}, {report['context'].get('num_cpus')} CPUs, "
          f"SIMD target: {target or '?'}, ml_dtypes {ml_dtypes.__version__}, numpy {np.__version__}")
    print(f"{'benchmark':44} {'items/s':>12} {'SIMD / scalar':>14}")
    for name, rate in rates.items():
        ratio = ""
        if "/simd/" in name:
            scalar = rates.get(name.replace("/simd/", "/scalar/"))
            ratio = f"{rate / scalar:.1f}x" if scalar else ""
        wall = (f"  ({seconds[name][0]:.2f} s wall, {seconds[name][1]:.2f} s CPU per thread, 2^32 on 2 threads)"
                if name in seconds else "")
        print(f"{name:44} {rate:12.4g} {ratio:>14}{wall}")
    simd = rates.get("convert/simd/fp32-e4m3-rne-saturate")
    for size in (COUNT, 1 << 20):
        src = inputs(size)
        for dtype, label in ((ml_dtypes.float8_e4m3fn, "fp32-e4m3"), (ml_dtypes.float4_e2m1fn, "fp32-e2m1")):
            rate = ml_dtypes_rate(src, dtype)
            ours = rates.get(f"convert/simd/{label}-rne-saturate")
            ratio = f"{ours / rate:.1f}x" if ours else ""
            print(f"ml_dtypes astype {label} (n={size}) {rate:12.4g}   SIMD / ml_dtypes {ratio}")
    return 0 if simd else 1


if __name__ == "__main__":
    sys.exit(main())
