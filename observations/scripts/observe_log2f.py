"""Measure torch.log2 (CUDA, fp32) near powers of two: the function torchao's RCEIL scale takes ceil of.

torchao 0.18.0 RCEIL computes the E8M0 scale as ceil(log2(fl32(amax / M))) with torch.log2 on CUDA in fp32.
A correctly rounded log2f returns exactly k for q a little above 2^k; the real CUDA function does not, so the
reference holds, for every k, the smallest fp32 q in (2^k, 2^(k+1)] with ceil(log2(q)) = k + 1 (docs/policies.md,
rule rceil-log2f). This script computes ceil(torch.log2(q)) for EVERY positive finite fp32 q (2^31 - 2^23 - 1
patterns, eager, and under torch.compile), compares with the exact ceil(log2 q) (integer arithmetic on the bit
pattern), and writes per k: the threshold pattern, how many q in (2^k, threshold) get k instead of k + 1, and
checks that the measured function is a threshold function: within every interval the q that get k form a prefix
(monotone), and no q gets anything but k or k + 1.

Run on the GPU machine from the repository root:
    python3 observations/scripts/observe_log2f.py --out DIR
"""
import argparse
import datetime
import hashlib
import os
import subprocess
import sys
import time

import torch

T0 = time.time()
KMIN, KMAX = -150, 127  # q in (2^k, 2^(k+1)]; k = -150 holds q = 2^-149 alone
NK = KMAX - KMIN + 1
FIRST, LAST = 1, 0x7F7FFFFF  # every positive finite fp32 pattern


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


def exact_ceil_log2(bits):
    """ceil(log2 q) for positive finite fp32 patterns, in integers."""
    e = bits >> 23
    m = bits & 0x7FFFFF
    normal = (e - 127) + (m != 0).to(torch.int32)
    # subnormal q = m * 2^-149: ceil(log2 q) = bitlength(m - 1) - 149; bitlength via the exact fp32 of m - 1
    mm1 = (m - 1).clamp(min=0)
    bl = torch.where(mm1 > 0, ((mm1.to(torch.float32).view(torch.int32) >> 23) - 127 + 1), torch.zeros_like(mm1))
    sub = bl - 149
    return torch.where(e > 0, normal, sub)


def eager(x):
    return torch.ceil(torch.log2(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--chunk-bits", type=int, default=28)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    compiled = torch.compile(eager, dynamic=False)
    n = 1 << args.chunk_bits
    dev = "cuda"
    # per k: max mismatching pattern (q > 2^k with ceil = k), count of mismatches, count of other anomalies
    mism_max = torch.full((NK,), -1, dtype=torch.int64, device=dev)
    mism_cnt = torch.zeros(NK, dtype=torch.int64, device=dev)
    anomalies = 0
    anomaly_examples = []
    compile_diff = 0
    compile_examples = []
    h = hashlib.sha256()
    total = 0
    for first in range(FIRST, LAST + 1, n):
        cnt = min(n, LAST + 1 - first)
        bits = torch.arange(first, first + cnt, dtype=torch.int64, device=dev).to(torch.int32)
        x = bits.view(torch.float32)
        r = eager(x)
        rc = compiled(x)  # the last (short) chunk compiles once more for its shape
        cd = torch.nonzero(r.view(torch.int32) != rc.view(torch.int32)).reshape(-1)
        compile_diff += cd.numel()
        for i in cd[:5].tolist():
            compile_examples.append((first + i, r[i].item(), rc[i].item()))
        ri = r.to(torch.int32)
        ex = exact_ceil_log2(bits)
        d = ri - ex
        bad = torch.nonzero((d != 0) & (d != -1)).reshape(-1)
        anomalies += bad.numel()
        for i in bad[:5].tolist():
            anomaly_examples.append((first + i, ri[i].item(), ex[i].item()))
        mm = d == -1
        kidx = (ex - 1 - KMIN).to(torch.int64)
        sel = torch.nonzero(mm).reshape(-1)
        if sel.numel():
            ks = kidx[sel]
            mism_cnt.index_add_(0, ks, torch.ones_like(ks))
            mism_max.scatter_reduce_(0, ks, bits[sel].to(torch.int64), reduce="amax")
        h.update(ri.to(torch.int16).cpu().numpy().tobytes())
        total += cnt
        del bits, x, r, rc, ri, ex, d, mm, kidx
        log(f"chunk {first:#010x}: {total} done, mismatches so far {int(mism_cnt.sum())}")
    mism_max = mism_max.cpu().tolist()
    mism_cnt = mism_cnt.cpu().tolist()
    rows = []
    nonprefix = 0
    for i in range(NK):
        k = KMIN + i
        # the pattern of 2^k (k = -150: 0, below every positive q)
        base = 0 if k < -149 else ((k + 127) << 23 if k >= -126 else 1 << (k + 149))
        if mism_cnt[i] == 0:
            thr = base + 1
        else:
            thr = mism_max[i] + 1
            if mism_max[i] - base != mism_cnt[i]:
                nonprefix += 1
        rows.append((k, base, thr, mism_cnt[i]))
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    script_sha = hashlib.sha256(open(__file__, "rb").read()).hexdigest()[:12]
    path = os.path.join(args.out, "log2f-ceil-thresholds.dat")  # not *.txt: not a vector file
    with open(path, "w") as f:
        f.write("# ceil(torch.log2(q)) for every positive finite fp32 q, on CUDA "
                "(observations/scripts/observe_log2f.py).\n")
        f.write("# Per k: q in (2^k, 2^(k+1)] gets k + 1 iff q >= threshold; first-above = the pattern after 2^k;\n")
        f.write("# below = how many q in (2^k, threshold) get k (0: the function agrees with exact ceil(log2 q)).\n")
        f.write(f"@library torch\n@version {torch.__version__}\n@device {device_text()}\n@date {today}\n")
        f.write(f"@command python3 observations/scripts/observe_log2f.py --out DIR (script sha256 {script_sha})\n")
        f.write("@call torch.ceil(torch.log2(x)), x fp32 on cuda, eager\n")
        f.write(f"@inputs every positive finite fp32 pattern 0x00000001..0x7f7fffff ({total})\n")
        f.write(f"@torch-compile {'identical' if compile_diff == 0 else f'{compile_diff} differ'}\n")
        f.write(f"@output-sha256 {h.hexdigest()} (int16 ceil values in pattern order)\n")
        f.write(f"@anomalies {anomalies}\n@non-prefix-intervals {nonprefix}\n")
        f.write("# k threshold-pattern first-above below\n")
        for k, base, thr, c in rows:
            f.write(f"{k} 0x{thr:08x} 0x{base + 1:08x} {c}\n")
    log(f"wrote {path}; anomalies {anomalies} {anomaly_examples[:10]}; non-prefix {nonprefix}; "
        f"compile differ {compile_diff} {compile_examples[:10]}")
    log("k with below>0:", [(k, c) for k, _, _, c in rows if c])


if __name__ == "__main__":
    main()
