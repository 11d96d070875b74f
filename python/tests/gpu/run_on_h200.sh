#!/usr/bin/env bash
# On the H200 (device tool): installs the staged wheel next to the image's torch and runs gpu_checks.py, which
# checks PyTorch's and Triton's casts exhaustively ON the device, torchao's to_mx with check_quantize, and times
# the device sweep and the host (numpy) sweep. Reports land in $OUT (JSON, Markdown, JUnit).
#
# Prepare here: bash python/tests/gpu/build_wheel_py312.sh   (stages /work/main/.gpu/python/)
# Then:        run(command="bash .gpu/python/run_on_h200.sh", carry=[".gpu/python"], timeout_s=600)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${OUT:-$here/out}
mkdir -p "$out"
python3 -m venv --system-site-packages /tmp/mxconf-venv
/tmp/mxconf-venv/bin/pip install --quiet --no-deps --no-index "$here"/mxconf-*.whl
{
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
  /tmp/mxconf-venv/bin/python -c 'import torch, numpy; print("torch", torch.__version__, "cuda", torch.version.cuda, "numpy", numpy.__version__)'
  /tmp/mxconf-venv/bin/python -c 'import triton; print("triton", triton.__version__)' || echo "triton: not importable"
  /tmp/mxconf-venv/bin/python -c 'import torchao; print("torchao", torchao.__version__)' || echo "torchao: not installed"
} 2>&1 | tee "$out/versions.txt"
/tmp/mxconf-venv/bin/python "$here/gpu_checks.py" --out "$out" "$@" 2>&1 | tee "$out/gpu_checks.log"
