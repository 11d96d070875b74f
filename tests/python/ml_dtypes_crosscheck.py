#!/usr/bin/env python3
"""Cross-check of the mxconf reference against ml_dtypes, an implementation nobody here wrote.

Under the ml_dtypes profile, through the mxconf CLI's pipe (hex in, hex out):
  * every code of e4m3, e5m2, e3m2, e2m3, e2m1 and e8m0 decodes to the value ml_dtypes gives;
  * all 65,536 bf16 and all 65,536 fp16 inputs encode to the code ml_dtypes' astype() gives.
The expected differences are zero. The versions must be the ones requirements.txt pins (--pins): the profile
describes that release, and another one is drift, not a pass.
Exit 0 on agreement, 1 on any difference or a version other than the pinned one, 77 (skipped) when ml_dtypes or
numpy cannot be imported and --require-pins is not given (scripts/setup.sh gives it: it installed the pins).
"""
import argparse
import math
import re
import subprocess
import sys


def read_pins(path):
    """{package: version} from the `name==version` lines of a requirements file; anything else is an error."""
    pins = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            text = line.split("#", 1)[0].strip()
            if not text:
                continue
            match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([A-Za-z0-9_.+-]+)", text)
            if not match:
                raise SystemExit(f"{path}:{number}: not an exact pin 'name==version': {text[:80]!r}")
            pins[match.group(1).lower().replace("-", "_")] = match.group(2)
    return pins


def import_peers(require):
    try:
        import numpy
        import ml_dtypes
    except ImportError as error:  # pragma: no cover - depends on the machine
        if require:
            print(f"FAILED: numpy and ml_dtypes must be importable (scripts/setup.sh installs the pins): {error}")
            sys.exit(1)
        print(f"SKIPPED: ml_dtypes cross-check needs numpy and ml_dtypes (run scripts/setup.sh): {error}")
        sys.exit(77)
    return numpy, ml_dtypes


def _parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mxconf", required=True, help="path of the mxconf binary")
    parser.add_argument("--pins", required=True, help="requirements.txt: the versions the profile describes")
    parser.add_argument("--profile", default="ml_dtypes",
                        help="the mxconf profile that describes this ml_dtypes release (ml_dtypes-0.6 for 0.6.x)")
    parser.add_argument("--require-pins", action="store_true",
                        help="fail (exit 1), never skip, when numpy or ml_dtypes cannot be imported")
    return parser.parse_args()


ARGS = _parse_args() if __name__ == "__main__" else None
np, ml_dtypes = import_peers(ARGS.require_pins if ARGS else False)

# mxconf format name -> (ml_dtypes dtype, code width in bits)
FORMATS = {
    "e4m3": (ml_dtypes.float8_e4m3fn, 8),
    "e5m2": (ml_dtypes.float8_e5m2, 8),
    "e3m2": (ml_dtypes.float6_e3m2fn, 6),
    "e2m3": (ml_dtypes.float6_e2m3fn, 6),
    "e2m1": (ml_dtypes.float4_e2m1fn, 4),
    "e8m0": (ml_dtypes.float8_e8m0fnu, 8),
}
SOURCES = {"bf16": ml_dtypes.bfloat16, "fp16": np.float16}


def run_mxconf(mxconf, args, lines):
    """Pipes lines through `mxconf args...` and returns its output lines; a failure is a test failure."""
    result = subprocess.run([mxconf, *args], input="\n".join(lines) + "\n", capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"mxconf {' '.join(args)} exited {result.returncode}: {result.stderr[:2000]}")
    out = result.stdout.splitlines()
    if len(out) != len(lines):
        raise RuntimeError(f"mxconf {' '.join(args)}: {len(lines)} inputs but {len(out)} output lines")
    return out


def same_value(expected: float, hex_text: str) -> bool:
    if hex_text in ("nan", "-nan"):
        return math.isnan(expected)
    if hex_text in ("inf", "-inf"):
        return math.isinf(expected) and (expected < 0) == hex_text.startswith("-")
    got = float.fromhex(hex_text)  # exact: every value here fits a double
    return got == expected and math.copysign(1.0, got) == math.copysign(1.0, expected)


def check_decode(mxconf, name, dtype, bits):
    codes = np.arange(1 << bits, dtype=np.uint8)
    expected = codes.view(dtype).astype(np.float64)
    got = run_mxconf(mxconf, ["decode", "--format", name], [f"0x{c:x}" for c in codes])
    bad = [(int(c), float(e), g) for c, e, g in zip(codes, expected, got) if not same_value(float(e), g)]
    return len(codes), bad


def check_encode(mxconf, profile, source, source_dtype, name, dtype):
    patterns = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16)
    inputs = patterns.view(source_dtype)
    with np.errstate(all="ignore"):
        expected = inputs.astype(dtype).view(np.uint8)
    got = run_mxconf(mxconf, ["encode", "--profile", profile, "--from", source, "--to", name],
                     [f"0x{p:x}" for p in patterns])
    bad = [(int(p), int(e), g) for p, e, g in zip(patterns, expected, got) if int(g, 16) != int(e)]
    return len(patterns), bad


def main():
    args = ARGS
    pins = read_pins(args.pins)
    print(f"ml_dtypes {ml_dtypes.__version__}, numpy {np.__version__} (pinned: ml_dtypes {pins.get('ml_dtypes')}, "
          f"numpy {pins.get('numpy')})")
    drift = [f"{name} {have} (pinned {pins.get(name)})"
             for name, have in (("ml_dtypes", ml_dtypes.__version__), ("numpy", np.__version__))
             if pins.get(name) != have]
    if drift:
        print("FAILED: not the pinned versions: " + "; ".join(drift) + ". Run scripts/setup.sh, or change "
              "requirements.txt deliberately and re-verify the ml_dtypes profile.")
        return 1
    passed = failed = 0
    for name, (dtype, bits) in FORMATS.items():
        count, bad = check_decode(args.mxconf, name, dtype, bits)
        status = "ok" if not bad else "FAIL"
        print(f"decode {name:5}: {count:6} codes, {len(bad)} differences  {status}")
        for code, expected, got in bad[:5]:
            print(f"    code 0x{code:02x}: ml_dtypes {expected!r}, mxconf {got}")
        passed, failed = (passed + 1, failed) if not bad else (passed, failed + 1)
    for source, source_dtype in SOURCES.items():
        for name, (dtype, _) in FORMATS.items():
            count, bad = check_encode(args.mxconf, args.profile, source, source_dtype, name, dtype)
            status = "ok" if not bad else "FAIL"
            print(f"encode {source}->{name:5}: {count} inputs, {len(bad)} differences  {status}")
            for pattern, expected, got in bad[:5]:
                print(f"    {source} 0x{pattern:04x}: ml_dtypes 0x{expected:x}, mxconf {got}")
            passed, failed = (passed + 1, failed) if not bad else (passed, failed + 1)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
