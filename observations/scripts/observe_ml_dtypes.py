"""Record what ml_dtypes returns on the CPU, as observation files (docs/observations.md).

    python3 observations/scripts/observe_ml_dtypes.py --out observations [--root .]

Writes observations/ml_dtypes/<version>/:
  decode-<format>.txt       every code of every ml_dtypes type mxconf knows, widened to fp32 (.astype(float32))
  bf16-<to>.txt, fp16-<to>.txt   all 2^16 inputs (.astype), as convert-intervals tables
  fp32-<to>.txt             (MX element formats and e8m0) the fp32 decision points: every first and last pattern of
                            the ocp profile's golden fp32 interval tables into that format, every rounding mode and
                            both overflow policies (vectors/golden/convert/ocp/fp32-<to>-*.txt), and each +-1. Only
                            the ocp folder: profiles added later must not change this input set
Deterministic (no timestamps besides @date), so CI regenerates the files and diffs them (observations.ml_dtypes_drift).
"""
import argparse
import datetime
import glob
import os
import sys

import ml_dtypes
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from obsfile import hexcode, hexfloat32, interval_rows_width, write_observation  # noqa: E402

# mxconf format name -> (ml_dtypes type, code width in bits)
TYPES = {
    "e4m3": (ml_dtypes.float8_e4m3fn, 8), "e5m2": (ml_dtypes.float8_e5m2, 8),
    "e2m3": (ml_dtypes.float6_e2m3fn, 6), "e3m2": (ml_dtypes.float6_e3m2fn, 6), "e2m1": (ml_dtypes.float4_e2m1fn, 4),
    "e8m0": (ml_dtypes.float8_e8m0fnu, 8), "e4m3fnuz": (ml_dtypes.float8_e4m3fnuz, 8),
    "e5m2fnuz": (ml_dtypes.float8_e5m2fnuz, 8),
}
DECODE_ONLY = {"bf16": (ml_dtypes.bfloat16, 16)}
SOURCES = {"bf16": (ml_dtypes.bfloat16, np.uint16), "fp16": (np.float16, np.uint16)}


def codes_of(values, dst):
    """ml_dtypes stores fp6 / fp4 in a byte: the code is the low bits."""
    dtype, width = TYPES[dst]
    raw = values.astype(dtype).view(np.uint8)
    return raw & np.uint8((1 << width) - 1)


def run_length(codes):
    """(first, last, code) runs of a 1-D array indexed by source pattern."""
    change = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [codes.size]]) - 1
    return [(int(a), int(b), int(codes[a])) for a, b in zip(starts, ends)]


def decision_points(root, dst):
    """Every endpoint of the ocp golden fp32 -> dst tables (every rounding mode, both overflow policies: the
    decision points of every policy combination; NaN, Inf and zero start fixed rows) and its neighbours."""
    points = set()
    for path in glob.glob(os.path.join(root, "vectors", "golden", "convert", "ocp", f"fp32-{dst}-*.txt")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("0x"):
                    a, b = (int(x, 16) for x in line.split()[:2])
                    points.update(p for p in (a - 1, a, a + 1, b - 1, b, b + 1) if 0 <= p <= 0xFFFFFFFF)
    if not points:
        raise SystemExit(f"no golden fp32-{dst} interval tables under {root}/vectors/golden/convert/ocp")
    return np.array(sorted(points), dtype=np.uint32)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="the observations folder (files go to OUT/ml_dtypes/VERSION/)")
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."),
                    help="repository root (for vectors/golden)")
    ap.add_argument("--date", default=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"))
    args = ap.parse_args()
    version = ml_dtypes.__version__
    prov = {"library": "ml_dtypes", "version": version, "device": "CPU (any; ml_dtypes is portable C++)",
            "date": args.date, "command": "python3 observations/scripts/observe_ml_dtypes.py --out observations",
            "numpy": np.__version__}
    d = os.path.join(args.out, "ml_dtypes", version)
    os.makedirs(d, exist_ok=True)
    written = []

    for fmt, (dtype, width) in {**TYPES, **DECODE_ONLY}.items():
        codes = np.arange(1 << width, dtype=np.uint16 if width > 8 else np.uint8)
        bits = codes.view(dtype).astype(np.float32).view(np.uint32)
        rows = [[hexcode(c), hexfloat32(int(b)), "-"] for c, b in enumerate(bits)]
        path = os.path.join(d, f"decode-{fmt}.txt")
        write_observation(path, dict(prov, call=f"np.arange({1 << width}).view(ml_dtypes.{dtype.__name__})"
                                     ".astype(np.float32)"), [("operation", "decode"), ("format", fmt)],
                          ["code", "value", "classes"], rows)
        written.append(path)

    for src, (sdtype, utype) in SOURCES.items():
        inputs = np.arange(1 << 16, dtype=np.uint32).astype(utype).view(sdtype)
        for dst, (dtype, _) in TYPES.items():
            table = run_length(codes_of(inputs, dst))
            path = os.path.join(d, f"{src}-{dst}.txt")
            write_observation(path, dict(prov, call=f"x.astype(ml_dtypes.{dtype.__name__}), x every "
                                         f"{sdtype.__name__ if hasattr(sdtype, '__name__') else src} pattern"),
                              [("operation", "convert-intervals"), ("from", src), ("to", dst),
                               ("rounding", "rna" if dst == "e8m0" else "rne"), ("inputs", f"all 65536 {src} patterns")],
                              ["first", "last", "code", "classes"], interval_rows_width(table, 4))
            written.append(path)

    for dst, (dtype, _) in TYPES.items():
        if dst.endswith("fnuz"):
            continue  # no golden fp32 tables for the FNUZ formats (not MX element formats): bf16/fp16 only
        points = decision_points(args.root, dst)
        out = codes_of(points.view(np.float32), dst)
        rows = [[f"0x{int(p):08x}", hexcode(int(c)), "-"] for p, c in zip(points, out)]
        path = os.path.join(d, f"fp32-{dst}.txt")
        write_observation(path, dict(prov, call=f"x.astype(ml_dtypes.{dtype.__name__}), x float32"),
                          [("operation", "convert"), ("from", "fp32"), ("to", dst),
                           ("rounding", "rna" if dst == "e8m0" else "rne"),
                           ("inputs", "every first and last pattern of vectors/golden/convert/ocp/fp32-" + dst +
                            "-*.txt and each +-1")],
                          ["input", "code", "classes"], rows)
        written.append(path)
    print(f"observe_ml_dtypes: ml_dtypes {version}, numpy {np.__version__}: {len(written)} files in {d}")


if __name__ == "__main__":
    main()
