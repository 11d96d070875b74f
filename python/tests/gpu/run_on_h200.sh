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
# The image's python3 is itself a venv (/opt/torch/.venv): a venv made from it with --system-site-packages would
# not see torch. Install the staged wheels (mxconf, and torchao when staged) into a folder on PYTHONPATH instead.
python3 -m pip install --quiet --no-deps --no-index --no-compile --target /tmp/mxconf-site "$here"/*.whl
export PYTHONPATH=/tmp/mxconf-site${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1
{
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
  python3 -c 'import torch, numpy; print("torch", torch.__version__, "cuda", torch.version.cuda, "numpy", numpy.__version__)'
  python3 -c 'import triton; print("triton", triton.__version__)' || echo "triton: not importable"
  python3 -c 'import torchao; print("torchao", torchao.__version__)' || echo "torchao: not installed"
} 2>&1 | tee "$out/versions.txt"
python3 "$here/gpu_checks.py" --out "$out" "$@" 2>&1 | tee "$out/gpu_checks.log"
