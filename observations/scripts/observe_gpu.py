"""Record what PyTorch, Triton and torchao return on a CUDA GPU, as observation files (docs/observations.md).

Run on the GPU machine from the repository root:
    python3 observations/scripts/observe_gpu.py --out observations
Element casts: all 2^32 fp32 inputs (all 2^16 bf16 / fp16) are cast on the GPU; the 2^32 output codes are
run-length encoded on the GPU into a convert-intervals table (a few hundred rows) and hashed (SHA-256 of the output
bytes in input-pattern order). torchao: to_mx on the blocks of blocks.py, eager and under torch.compile.
Each part is independent: a failure is logged (and written to failures.txt) and the rest still runs.
"""
import argparse
import datetime
import hashlib
import os
import subprocess
import sys
import time
import traceback

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blocks as blockgen  # noqa: E402
from obsfile import hexcode, hexfloat32, interval_rows_width, runs, write_observation  # noqa: E402

T0 = time.time()
FAILURES = []


def log(*a):
    print(f"[{time.time() - T0:7.1f}s]", *a, flush=True)


def device_text():
    p = torch.cuda.get_device_properties(0)
    try:
        driver = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                                capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:  # noqa: BLE001
        driver = "unknown"
    return f"{p.name} (sm_{p.major}{p.minor}), CUDA {torch.version.cuda}, driver {driver}"


SOURCES = {"fp32": (torch.float32, torch.int32, 32), "bf16": (torch.bfloat16, torch.int16, 16),
           "fp16": (torch.float16, torch.int16, 16)}


def source_chunks(src, chunk_bits=30):
    """(first pattern, tensor of the source dtype holding patterns first..first+n-1) over all patterns."""
    dtype, itype, width = SOURCES[src]
    total = 1 << width
    n = min(total, 1 << chunk_bits)
    for first in range(0, total, n):
        lo = first if first < total // 2 else first - total  # the same bits as a signed integer
        ints = torch.arange(lo, lo + n, dtype=torch.int64, device="cuda").to(itype)
        yield first, ints.view(dtype)
        del ints


def sweep(src, cast):
    """Cast every pattern of `src` with cast(tensor) -> uint8 tensor; return (interval table, sha256 hex)."""
    h = hashlib.sha256()
    pieces = []
    for first, x in source_chunks(src):
        codes = cast(x).view(torch.uint8).reshape(-1)
        change = torch.nonzero(codes[1:] != codes[:-1]).reshape(-1) + 1
        if change.numel() > 1_000_000:
            raise RuntimeError(f"{change.numel()} change points in one chunk: not a step function")
        starts = torch.cat([torch.zeros(1, dtype=change.dtype, device="cuda"), change])
        vals = codes[starts].cpu().tolist()
        starts = starts.cpu().tolist()
        ends = starts[1:] + [codes.numel()]
        pieces += [(first + s, first + e - 1, v) for s, e, v in zip(starts, ends, vals)]
        # self-check of the run-length encoding: expand the chunk's table on the GPU and compare
        table_first = torch.tensor(starts, device="cuda")
        idx = torch.searchsorted(table_first, torch.arange(codes.numel(), device="cuda"), right=True) - 1
        expanded = torch.tensor(vals, dtype=torch.uint8, device="cuda")[idx]
        if not torch.equal(expanded, codes):
            raise RuntimeError("run-length table does not reproduce the outputs")
        h.update(codes.cpu().numpy().tobytes())
        del x, codes, change, idx, expanded
    return [tuple(r) for r in runs(pieces)], h.hexdigest()


def write_intervals(path, prov, call, src, dst, rounding, table, digest):
    width = SOURCES[src][2]
    write_observation(path, dict(prov, call=call), [
        ("operation", "convert-intervals"), ("from", src), ("to", dst), ("rounding", rounding),
        ("inputs", f"all {1 << width} {src} patterns"), ("output-sha256", digest)],
        ["first", "last", "code", "classes"], interval_rows_width(table, width // 4))


def write_decode(path, prov, call, fmt, values_bits):
    rows = [[hexcode(c), hexfloat32(b), "-"] for c, b in enumerate(values_bits)]
    write_observation(path, dict(prov, call=call), [("operation", "decode"), ("format", fmt)],
                      ["code", "value", "classes"], rows)


def attempt(what, fn):
    log("start", what)
    try:
        fn()
        log("done", what)
    except Exception as e:  # noqa: BLE001
        FAILURES.append(f"{what}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
        log("FAILED", what)
        traceback.print_exc()
        try:
            torch.cuda.synchronize()
        except Exception:  # noqa: BLE001
            log("CUDA context unusable after", what)


TORCH_DST = {"e4m3": torch.float8_e4m3fn, "e5m2": torch.float8_e5m2, "e8m0": torch.float8_e8m0fnu}


def observe_torch(out, prov):
    d = os.path.join(out, "torch", torch.__version__.split("+")[0])
    for dst, dt in TORCH_DST.items():
        for src in ("fp32", "bf16", "fp16"):
            def one(src=src, dst=dst, dt=dt):
                table, digest = sweep(src, lambda x: x.to(dt))
                write_intervals(os.path.join(d, f"{src}-{dst}.txt"), prov, f"torch.Tensor.to(torch.{str(dt)[6:]}) "
                                f"on cuda", src, dst, "rna" if dst == "e8m0" else "rne", table, digest)
            attempt(f"torch {src}->{dst}", one)

        def dec(dst=dst, dt=dt):
            codes = torch.arange(256, dtype=torch.int32, device="cuda").to(torch.uint8).view(dt)
            bits = codes.to(torch.float32).view(torch.int32).cpu().tolist()
            write_decode(os.path.join(d, f"decode-{dst}.txt"), prov, f"torch.Tensor.to(torch.float32) of "
                         f"torch.{str(dt)[6:]} on cuda", dst, [b & 0xFFFFFFFF for b in bits])
        attempt(f"torch decode {dst}", dec)


def observe_triton(out, prov):
    import triton
    import triton.language as tl

    @triton.jit
    def e4_rtne(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
        o = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        tl.store(y_ptr + o, tl.load(x_ptr + o, mask=o < n).to(tl.float8e4nv), mask=o < n)

    @triton.jit
    def e5_rtne(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
        o = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        tl.store(y_ptr + o, tl.load(x_ptr + o, mask=o < n).to(tl.float8e5), mask=o < n)

    @triton.jit
    def e4_rtz(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
        o = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        tl.store(y_ptr + o, tl.load(x_ptr + o, mask=o < n).to(tl.float8e4nv, fp_downcast_rounding="rtz"),
                 mask=o < n)

    @triton.jit
    def e5_rtz(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
        o = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        tl.store(y_ptr + o, tl.load(x_ptr + o, mask=o < n).to(tl.float8e5, fp_downcast_rounding="rtz"),
                 mask=o < n)

    @triton.jit
    def widen(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
        o = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        tl.store(y_ptr + o, tl.load(x_ptr + o, mask=o < n).to(tl.float32), mask=o < n)

    def launch(kernel, x, dt):
        y = torch.empty(x.numel(), dtype=dt, device="cuda")
        kernel[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), BLOCK=1024)
        return y

    d = os.path.join(out, "triton", triton.__version__)
    kernels = {("e4m3", "rtne"): (e4_rtne, "tl.float8e4nv", torch.float8_e4m3fn),
               ("e5m2", "rtne"): (e5_rtne, "tl.float8e5", torch.float8_e5m2),
               ("e4m3", "rtz"): (e4_rtz, "tl.float8e4nv", torch.float8_e4m3fn),
               ("e5m2", "rtz"): (e5_rtz, "tl.float8e5", torch.float8_e5m2)}
    for (dst, rnd), (k, tname, dt) in kernels.items():
        for src in ("fp32", "bf16", "fp16"):
            def one(src=src, dst=dst, rnd=rnd, k=k, tname=tname, dt=dt):
                table, digest = sweep(src, lambda x: launch(k, x, dt))
                arg = "" if rnd == "rtne" else ', fp_downcast_rounding="rtz"'
                write_intervals(os.path.join(d, f"{src}-{dst}-{rnd}.txt"), prov,
                                f"x.to({tname}{arg}) in a @triton.jit kernel", src, dst,
                                "rne" if rnd == "rtne" else "rtz", table, digest)
            attempt(f"triton {src}->{dst} {rnd}", one)
    for dst, dt in (("e4m3", torch.float8_e4m3fn), ("e5m2", torch.float8_e5m2)):
        def dec(dst=dst, dt=dt):
            codes = torch.arange(256, dtype=torch.int32, device="cuda").to(torch.uint8).view(dt)
            bits = launch(widen, codes, torch.float32).view(torch.int32).cpu().tolist()
            write_decode(os.path.join(d, f"decode-{dst}.txt"), prov, "x.to(tl.float32) in a @triton.jit kernel",
                         dst, [b & 0xFFFFFFFF for b in bits])
        attempt(f"triton decode {dst}", dec)


def observe_torchao(out, prov, root, compile_budget_s):
    import torchao
    from torchao.prototype.mx_formats.constants import DTYPE_FP6_E2M3, DTYPE_FP6_E3M2
    from torchao.prototype.mx_formats.mx_tensor import ScaleCalculationMode, to_mx

    elems = {"e4m3": (torch.float8_e4m3fn, "torch.float8_e4m3fn"), "e5m2": (torch.float8_e5m2, "torch.float8_e5m2"),
             "e2m3": (DTYPE_FP6_E2M3, '"fp6_e2m3"'), "e3m2": (DTYPE_FP6_E3M2, '"fp6_e3m2"'),
             "e2m1": (torch.float4_e2m1fn_x2, "torch.float4_e2m1fn_x2")}
    modes = {"floor": ScaleCalculationMode.FLOOR, "ceil": ScaleCalculationMode.CEIL,
             "even": ScaleCalculationMode.EVEN, "rceil": ScaleCalculationMode.RCEIL}
    d = os.path.join(out, "torchao", torchao.__version__.split("+")[0])
    # every (element, mode, shape) is a new graph: lift dynamo's recompile limit so that no call falls back to
    # eager silently (which would make "torch.compile identical" a false claim)
    for key in ("recompile_limit", "cache_size_limit", "accumulated_recompile_limit", "accumulated_cache_size_limit"):
        if hasattr(torch._dynamo.config, key):
            setattr(torch._dynamo.config, key, 4096)
    if hasattr(torch._dynamo.config, "fail_on_recompile_limit_hit"):
        torch._dynamo.config.fail_on_recompile_limit_hit = True
    compiled_fn = torch.compile(to_mx)

    def codes_of(elem, data):
        if elem == "e2m1":
            packed = data.view(torch.uint8).reshape(data.shape[0], -1)
            return torch.stack([packed & 0xF, packed >> 4], dim=-1).reshape(data.shape[0], -1)
        return data.view(torch.uint8).reshape(data.shape[0], -1) & (0x3F if elem in ("e2m3", "e3m2") else 0xFF)

    for elem, (edt, ename) in elems.items():
        for mode, m in modes.items():
            def one(elem=elem, edt=edt, ename=ename, mode=mode, m=m):
                blocks = blockgen.all_blocks(root, elem, mode)
                note = "not run (time budget)"

                def write_rows(path, how, sc, cc):
                    rows = [[name, "-"] + [hexcode(v) for v in b] + [hexcode(int(sc[i]))] +
                            [hexcode(int(c)) for c in cc[i].tolist()] for i, (name, b) in enumerate(blocks)]
                    write_observation(path, dict(prov, call=f"{how}(x, {ename}, 32, ScaleCalculationMode."
                                                 f"{mode.upper()}) on cuda, x fp32 [blocks, 32]",
                                                 **{"torch-compile": note_box[0]}),
                                      [("operation", "quantize"), ("from", "fp32"), ("element", elem),
                                       ("rounding", "rne"), ("block", "32"), ("library-mode", mode.upper())],
                                      ["name", "classes"] + [f"v{i}" for i in range(32)] + ["scale"] +
                                      [f"p{i}" for i in range(32)], rows)

                bits = torch.tensor([[v - (1 << 32) if v >= 1 << 31 else v for v in b] for _, b in blocks],
                                    dtype=torch.int32)
                x = bits.view(torch.float32).cuda().contiguous()
                scale, data = to_mx(x, edt, 32, m)
                scale = scale.view(torch.uint8).reshape(-1).cpu()
                codes = codes_of(elem, data).cpu()
                note_box = [note]
                if time.time() - T0 < compile_budget_s:
                    try:
                        cs, cd = compiled_fn(x, edt, 32, m)
                        cs = cs.view(torch.uint8).reshape(-1).cpu()
                        cc = codes_of(elem, cd).cpu()
                        diff = ((cs != scale) | (cc != codes).any(dim=1)).nonzero().reshape(-1).tolist()
                        note = "identical on every row" if not diff else \
                            f"differs on {len(diff)} rows, first {[blocks[i][0] for i in diff[:5]]}"
                        note_box[0] = note
                        if diff:
                            write_rows(os.path.join(d, f"quantize-{elem}-{mode}-compiled.txt"), "torch.compile("
                                       "to_mx)", cs, cc)
                    except Exception as e:  # noqa: BLE001
                        note = f"failed: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
                note_box[0] = note
                log(f"torchao {elem} {mode}: torch.compile {note}")

                write_rows(os.path.join(d, f"quantize-{elem}-{mode}.txt"), "to_mx", scale, codes)
            attempt(f"torchao {elem} {mode}", one)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--root", default=".", help="repository root (for vectors/golden/blocks)")
    ap.add_argument("--only", default="torch,triton,torchao")
    ap.add_argument("--compile-budget-s", type=float, default=420)
    args = ap.parse_args()
    import triton
    dev = device_text()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    cmd = "python3 observations/scripts/observe_gpu.py " + " ".join(sys.argv[1:])
    here = os.path.dirname(os.path.abspath(__file__))
    scripts = hashlib.sha256(b"".join(open(os.path.join(here, f), "rb").read()
                                      for f in ("observe_gpu.py", "blocks.py", "obsfile.py"))).hexdigest()[:16]
    cmd += f" (scripts observe_gpu.py+blocks.py+obsfile.py sha256 {scripts})"
    log("device", dev, "torch", torch.__version__, "triton", triton.__version__)
    only = args.only.split(",")
    if "torch" in only:
        observe_torch(args.out, {"library": "torch", "version": torch.__version__, "device": dev, "date": date,
                                 "command": cmd})
    if "triton" in only:
        observe_triton(args.out, {"library": "triton", "version": triton.__version__, "device": dev, "date": date,
                                  "command": cmd, "torch": torch.__version__})
    if "torchao" in only:
        import torchao
        observe_torchao(args.out, {"library": "torchao", "version": torchao.__version__, "device": dev, "date": date,
                                   "command": cmd, "torch": torch.__version__, "triton": triton.__version__},
                        args.root, args.compile_budget_s)
    with open(os.path.join(args.out, "failures.txt"), "w") as f:
        f.write("".join(x + "\n" for x in FAILURES))
    log("failures:", len(FAILURES))
    for x in FAILURES:
        log("  ", x)


if __name__ == "__main__":
    main()
