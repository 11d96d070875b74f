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
