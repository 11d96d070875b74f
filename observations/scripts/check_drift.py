"""Regenerate the ml_dtypes observations from the installed (pinned) ml_dtypes and fail on any difference from
the committed files (ctest observations.ml_dtypes_drift; docs/observations.md).

    python3 observations/scripts/check_drift.py --pins requirements.txt [--require-pins]

@date and @command lines are not compared (they say when and how, not what). Exit 0: identical; 1: drift (the
differing files and first lines are printed); 77: ml_dtypes / numpy missing or not at the pinned version (skip),
unless --require-pins, which makes that exit 1.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
IGNORED = ("@date ", "@command ")


def pins(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\s*([A-Za-z0-9_.-]+)==([^\s#]+)", line)
            if m:
                out[m.group(1).lower().replace("-", "_")] = m.group(2)
    return out


def content(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if not line.startswith(IGNORED)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pins", required=True)
    ap.add_argument("--require-pins", action="store_true")
    ap.add_argument("--observations", default=os.path.join(ROOT, "observations"))
    args = ap.parse_args()
    unusable = 1 if args.require_pins else 77
    wanted = pins(args.pins)
    try:
        import ml_dtypes
        import numpy
    except ImportError as e:
        print(f"check_drift: {e}: install requirements.txt (scripts/setup.sh)")
        return unusable
    for name, have in (("ml_dtypes", ml_dtypes.__version__), ("numpy", numpy.__version__)):
        if wanted.get(name) != have:
            print(f"check_drift: {name} {have} is installed, {args.pins} pins {wanted.get(name)}")
            return unusable
    committed = os.path.join(args.observations, "ml_dtypes", wanted["ml_dtypes"])
    if not os.path.isdir(committed):
        print(f"check_drift: {committed}: no committed observation of the pinned ml_dtypes {wanted['ml_dtypes']} "
              "(run observations/scripts/observe_ml_dtypes.py --out observations and commit the files)")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(HERE, "observe_ml_dtypes.py"), "--out", tmp, "--root", ROOT],
                       check=True)
        fresh = os.path.join(tmp, "ml_dtypes", wanted["ml_dtypes"])
        names = sorted(set(os.listdir(fresh)) | {n for n in os.listdir(committed) if n.endswith(".txt")})
        drift = 0
        compared = 0
        for name in names:
            a, b = os.path.join(committed, name), os.path.join(fresh, name)
            if not os.path.exists(a) or not os.path.exists(b):
                print(f"check_drift: {name}: {'not committed' if not os.path.exists(a) else 'no longer produced'}")
                drift += 1
                continue
            old, new = content(a), content(b)
            compared += 1
            if old != new:
                drift += 1
                i = next((i for i, (x, y) in enumerate(zip(old, new)) if x != y), min(len(old), len(new)))
                print(f"check_drift: {a}: differs from what ml_dtypes {ml_dtypes.__version__} returns now "
                      f"(first at content line {i + 1}):\n  committed: {old[i] if i < len(old) else '<end>'}\n"
                      f"  now:       {new[i] if i < len(new) else '<end>'}")
    if compared == 0:
        print("check_drift: no file compared")
        return 1
    print(f"check_drift: {compared} files compared, {drift} differ")
    return 1 if drift else 0


if __name__ == "__main__":
    sys.exit(main())
