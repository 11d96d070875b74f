"""The GPU part of issue 10 (items 4 and 6), in one run on the H200 (run_on_h200.sh):

  1. PyTorch's casts (fp32 -> float8_e4m3fn, float8_e5m2, float8_e8m0fnu) and Triton's (tl.float8e4nv,
     tl.float8e5) swept over all 2^32 fp32 inputs ON the device (mxconf.gpu), under every profile: which
     profiles each cast matches, and the time per 2^32 conversion;
  2. the fast-tier checks of each cast through mxconf.testing.check_convert(device="cuda");
  3. torchao's to_mx (if installed) with check_quantize, every scale mode, eager and torch.compile;
  4. the host (numpy) sweep of the torch cast on 2^28 inputs: the CPU figure.

Writes summary.json, summary.md and reports.xml (JUnit, the C++ writer's) to --out.
--dry-run runs the same plumbing on the CPU with ml_dtypes kernels on slices (what CI-side testing can do).
"""
import argparse
import json
import pathlib
import time
import traceback
import xml.etree.ElementTree as ET

import numpy as np

import mxconf
import mxconf.gpu as gpu
import mxconf.testing as mt


def torch_casts(torch):
    casts = [("torch", "e4m3", torch.float8_e4m3fn), ("torch", "e5m2", torch.float8_e5m2)]
    if hasattr(torch, "float8_e8m0fnu"):
        casts.append(("torch", "e8m0", torch.float8_e8m0fnu))
    return [(lib, tgt, (lambda dt: lambda x: x.to(dt))(dt)) for lib, tgt, dt in casts]


def triton_casts(torch):
    import triton
    import triton.language as tl

    @triton.jit
    def cast_kernel(x_ptr, y_ptr, n, DT: tl.constexpr, BLOCK: tl.constexpr):
        i = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        m = i < n
        tl.store(y_ptr + i, tl.load(x_ptr + i, mask=m).to(DT), mask=m)

    def make(dt, torch_dt):
        def fn(x):
            y = torch.empty(x.shape, dtype=torch_dt, device=x.device)
            cast_kernel[(triton.cdiv(x.numel(), 4096),)](x, y, x.numel(), DT=dt, BLOCK=4096)
            return y
        return fn

    return [("triton", "e4m3", make(tl.float8e4nv, torch.float8_e4m3fn)),
            ("triton", "e5m2", make(tl.float8e5, torch.float8_e5m2))]


def ml_dtypes_casts():
    import ml_dtypes

    return [("ml_dtypes", "e4m3", lambda x: x.astype(ml_dtypes.float8_e4m3fn)),
            ("ml_dtypes", "e5m2", lambda x: x.astype(ml_dtypes.float8_e5m2))]


def entry(kind, library, what, profile, report, **extra):
    c = report.checks[-1]
    return dict(kind=kind, library=library, what=what, profile=profile, passed=report.passed, cases=report.cases,
                mismatches=report.mismatches, by_class=report.mismatches_by_class, seconds=c.seconds,
                first_mismatch=(report.explained_mismatches[:1] or [None])[0], note=c.note, **extra)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--dry-run", action="store_true", help="CPU, ml_dtypes kernels, slices: test the plumbing")
    ap.add_argument("--count", type=int, default=1 << 32)
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results, reports = [], []
    profiles = [p["name"] for p in mxconf.profiles()]

    if args.dry_run:
        device, count, casts, torch = None, min(args.count, 1 << 20), ml_dtypes_casts(), None
    else:
        import torch

        device, count = "cuda", args.count
        casts = torch_casts(torch)
        try:
            casts += triton_casts(torch)
        except Exception as e:  # reported, not hidden
            results.append(dict(kind="setup", library="triton", what="import", note=repr(e)))

    # 1. exhaustive sweeps on the device under every profile
    for library, target, fn in casts:
        for profile in profiles:
            try:
                if device is not None:
                    fn(torch.zeros(1024, device=device))  # warm-up (Triton compiles here), not timed
                r = gpu.exhaustive_convert(fn, target=target, profile=profile, device=device, count=count,
                                           first=0 if device else 0x3F000000)
                reports.append(r)
                results.append(entry("exhaustive", library, f"fp32->{target}", profile, r,
                                     per_2e32_s=r.checks[-1].seconds * (1 << 32) / count))
                print(f"{library} fp32->{target} under {profile}: passed={r.passed} mismatches={r.mismatches} "
                      f"{r.checks[-1].seconds:.3f} s for {count} inputs", flush=True)
            except Exception:
                results.append(dict(kind="exhaustive", library=library, what=f"fp32->{target}", profile=profile,
                                    note=traceback.format_exc()))

    # 2. the fast tier through the adapter, under each cast's matching profiles
    for library, target, fn in casts:
        matching = [e["profile"] for e in results if e.get("kind") == "exhaustive" and e.get("library") == library
                    and e.get("what") == f"fp32->{target}" and e.get("passed")]
        for profile in matching[:3]:
            try:
                r = mt.check_convert(fn, target=target, profile=profile, device=device)
                reports.append(r)
                results.append(entry("fast", library, f"fp32->{target}", profile, r))
            except Exception:
                results.append(dict(kind="fast", library=library, what=f"fp32->{target}", profile=profile,
                                    note=traceback.format_exc()))

    # 3. torchao to_mx
    if not args.dry_run:
        try:
            import torchao
            from torchao.prototype.mx_formats.mx_tensor import to_mx
            try:  # where ScaleCalculationMode lives has moved between torchao versions
                from torchao.prototype.mx_formats.mx_tensor import ScaleCalculationMode as Mode
            except ImportError:
                from torchao.prototype.mx_formats.config import ScaleCalculationMode as Mode
        except Exception as e:
            results.append(dict(kind="setup", library="torchao", what="import", note=repr(e)))
        else:
            for mode_name, profile in (("FLOOR", "torchao-floor"), ("RCEIL", "torchao-rceil"), ("CEIL", None),
                                       ("EVEN", None)):
                mode = getattr(Mode, mode_name, None)
                if mode is None:
                    continue
                for compiled in (False, True):
                    f = torch.compile(to_mx) if compiled else to_mx

                    def fn(x, f=f, mode=mode):
                        s, d = f(x, torch.float8_e4m3fn, 32, mode)
                        return s.view(torch.uint8).reshape(-1), d.view(torch.uint8).reshape(x.shape)

                    for prof in ([profile] if profile else []) + ["ocp", "nvidia"]:
                        try:
                            r = mt.check_quantize(fn, elem="e4m3", profile=prof, device=device)
                            reports.append(r)
                            results.append(entry("quantize", f"torchao {torchao.__version__}",
                                                 f"to_mx e4m3 {mode_name}{' compiled' if compiled else ''}",
                                                 prof, r))
                        except Exception:
                            results.append(dict(kind="quantize", library="torchao", what=f"to_mx {mode_name}",
                                                profile=prof, note=traceback.format_exc()))

    # 4. the host sweep (CPU figure)
    try:
        if args.dry_run:
            host_fn = casts[0][2]
        else:
            host_fn = lambda x: torch.from_numpy(x).to(torch.float8_e4m3fn).view(torch.uint8).numpy()  # noqa: E731
        n = min(count, 1 << 28)
        r = gpu.exhaustive_convert(host_fn, target="e4m3", profile="ml_dtypes", device=None, count=n,
                                   first=0 if not args.dry_run else 0x3F000000)
        results.append(entry("host-sweep", casts[0][0], "fp32->e4m3", "ml_dtypes", r,
                             per_2e32_s=r.checks[-1].seconds * (1 << 32) / n, inputs=n))
    except Exception:
        results.append(dict(kind="host-sweep", note=traceback.format_exc()))

    (out / "summary.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    lines = ["| kind | library | what | profile | passed | cases | mismatches | classes | seconds | s per 2^32 |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for e in results:
        lines.append(f"| {e.get('kind')} | {e.get('library', '')} | {e.get('what', '')} | {e.get('profile', '')} | "
                     f"{e.get('passed', '')} | {e.get('cases', '')} | {e.get('mismatches', '')} | "
                     f"{e.get('by_class', '')} | {e.get('seconds', '')} | {e.get('per_2e32_s', '')} |")
    (out / "summary.md").write_text("\n".join(lines) + "\n")
    root = ET.Element("testsuites", name="mxconf")
    for r in reports:
        root.extend(ET.fromstring(r.junit()).findall("testsuite"))
    ET.ElementTree(root).write(out / "reports.xml", encoding="UTF-8", xml_declaration=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
