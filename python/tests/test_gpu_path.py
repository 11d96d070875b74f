"""The device-side exhaustive sweep (mxconf.gpu): its numpy twin runs here on slices of the fp32 range; the CUDA
run itself needs an H200 (python/tests/gpu/run_on_h200.sh) and is skipped here with a message."""
import ml_dtypes
import numpy as np
import pytest

import mxconf.gpu as gpu
from test_testing import lost_carry_e4m3


def cast(x):
    return x.astype(ml_dtypes.float8_e4m3fn)


def test_host_sweep_passes_a_correct_kernel_on_a_slice():
    r = gpu.exhaustive_convert(cast, target="e4m3", profile="ml_dtypes", rounding="rne", overflow="nonsat",
                               device=None, first=0x3F000000, count=1 << 22, chunk=1 << 20)
    assert r.passed and r.cases == 1 << 22
    assert r.checks[0].name == "convert/fp32-e4m3-rne-nonsat/fp32-all-host"


def test_host_sweep_explains_a_lost_carry_on_a_slice():
    r = gpu.exhaustive_convert(lost_carry_e4m3, target="e4m3", profile="ml_dtypes", rounding="rne",
                               overflow="nonsat", device=None, first=0x3F700000, count=1 << 21, chunk=1 << 19)
    assert not r.passed and r.mismatches > 0
    m = r.explained_mismatches[0]
    lines = dict(line.split(":", 1) for line in m["explanation"].splitlines() if ":" in line)
    assert int(m["expected"], 16) - int(m["got"], 16) == 8
    assert lines["result"].split()[0] == lines["above"].split()[0] == m["expected"]
    assert "<testsuites" in r.junit()


def test_host_sweep_reports_a_crashing_kernel():
    def boom(x):
        raise RuntimeError("device fault")

    r = gpu.exhaustive_convert(boom, target="e4m3", device=None, count=1 << 16)
    assert r.exit_code == 3 and "device fault" in r.checks[0].note


def test_device_sweep_runs_on_a_gpu_only():
    torch = pytest.importorskip("torch", reason="torch is not installed: the GPU sweep runs on the H200 "
                                                "(python/tests/gpu/run_on_h200.sh)")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device: the GPU sweep runs on the H200 (python/tests/gpu/run_on_h200.sh)")
    r = gpu.exhaustive_convert(lambda x: x.to(torch.float8_e4m3fn), target="e4m3", profile="ml_dtypes",
                               rounding="rne", overflow="nonsat", device="cuda", count=1 << 26)
    assert r.passed


# ---- the fused device comparison (mxconf._device_sweep, libmxconf_device_sweep) ----

def test_fused_plan_covers_exactly_the_cared_patterns_of_the_range():
    """The index space handed to the device: rows clipped to the range, don't-care rows left out, offsets dense;
    each index's pattern and code agree with a lookup in the table (an independent binary search here)."""
    from mxconf import _device_sweep as ds

    table = gpu._Table("fp32", "e2m1", "ocp", "rne", "saturate")  # ocp: NaN into e2m1 has no encoding
    first, count = 0x7F7F0000, 1 << 25  # from below the largest finite across Inf and into the NaNs
    seg_first, offsets, codes, rows, row_first, row_last, total, dont_care = ds.plan_segments(
        table.firsts, table.codes, first, count)
    assert dont_care > 0 and total + dont_care == count
    assert offsets[0] == 0 and np.all(np.diff(offsets) > 0)
    lengths = np.append(np.diff(offsets), total - offsets[-1])
    rng = np.random.default_rng(1)
    for index in rng.integers(0, total, 2000).tolist() + [0, total - 1]:
        k = int(np.searchsorted(offsets, index, side="right") - 1)
        assert index - offsets[k] < lengths[k]
        pattern = int(seg_first[k] + index - offsets[k])
        assert first <= pattern < first + count
        row = int(np.searchsorted(table.firsts, pattern, side="right") - 1)
        assert row == rows[k] and table.codes[row] == codes[k] >= 0
        assert row_first[k] <= pattern <= row_last[k]


def test_fused_path_is_chosen_only_where_it_can_run(monkeypatch):
    from mxconf import _device_sweep as ds

    assert gpu._choose_path(None, None, 1 << 20) == ("numpy", "")
    with pytest.raises(ValueError, match="fused=True needs a CUDA device"):
        gpu._choose_path(None, True, 1 << 20)
    assert gpu._choose_path("cuda", False, 1 << 20) == ("torch-ops", "fused=False")
    assert gpu._choose_path("cuda", None, 1000)[0] == "torch-ops"  # not a multiple of the tile
    monkeypatch.setenv("MXCONF_DEVICE_SWEEP_LIBRARY", "/nonexistent/libmxconf_device_sweep.so")
    monkeypatch.setattr(ds, "_library", None)
    monkeypatch.setattr(ds, "_problem", None)
    ok, why = gpu.fused_available()
    assert not ok and "not found" in why and "/nonexistent/" in why


def test_fused_sweep_matches_the_torch_ops_sweep_on_a_gpu():
    torch = pytest.importorskip("torch", reason="torch is not installed: the fused sweep runs on the H200 "
                                                "(python/tests/gpu/run_on_h200.sh)")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device: the fused sweep runs on the H200 (python/tests/gpu/run_on_h200.sh)")
    ok, why = gpu.fused_available()
    if not ok:
        pytest.skip(f"no fused device comparison here: {why}")

    def broken(x):  # torch's cast with bit 0 flipped wherever the low mantissa bits are 000: many mismatches
        y = x.to(torch.float8_e4m3fn).view(torch.uint8)
        return y ^ ((y & 7) == 0).to(torch.uint8)

    for fn in (lambda x: x.to(torch.float8_e4m3fn), broken):
        a = gpu.exhaustive_convert(fn, target="e4m3", profile="torch", device="cuda", first=0x3E000000,
                                   count=1 << 26, fused=True)
        b = gpu.exhaustive_convert(fn, target="e4m3", profile="torch", device="cuda", first=0x3E000000,
                                   count=1 << 26, fused=False)
        assert a.sweep_path == "fused" and b.sweep_path == "torch-ops"
        assert (a.passed, a.cases, a.mismatches) == (b.passed, b.cases, b.mismatches)
        assert a.explained_mismatches == b.explained_mismatches
