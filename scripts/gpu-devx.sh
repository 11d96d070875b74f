#!/usr/bin/env bash
# The device-side exhaustive checks on a GPU, in one call (issue 11 item 3, issue 10 items 4 and 6):
#   1. `mxconf run --tier exhaustive` of CUDA's own conversions (libmxconf_cuda_device_kernel.so) through the
#      kernel's device entry: every fp32 sweep it declares, timed; one sweep again with MXCONF_DEVICE_SWEEP=off
#      (the host comparison) for the ratio;
#   2. the conformance tests of the device path (ChooseSweep, DeviceSweep: device report == host report);
#   3. the Python package's GPU tests and python/tests/gpu/gpu_checks.py with the fused comparison.
#
# usage: scripts/gpu-devx.sh STAGE OUT
#   STAGE  a folder built here and carried (the GPU image lacks Boost and GoogleTest): mxconf,
#          mxconf_conformance_tests, libmxconf_cuda_device_kernel.so, libmxconf_device_sweep.so, the mxconf wheel
#          for the image's Python (python/tests/gpu/build_wheel_py312.sh), optionally the torchao wheel, the python/
#          sources to lay over the wheel's (python/mxconf/*.py) and python/tests/ (stage with scripts/gpu-devx-stage.sh)
#   OUT    gets device.log, run-*.{json,md}, python/ (the GPU checks' reports)
# Exit status: the number of failed steps.
set -uo pipefail
STAGE=$(cd "$1" && pwd)
OUT=$2
mkdir -p "$OUT/python"
exec > >(tee -a "$OUT/device.log") 2>&1
export MXCONF_VECTORS_DIR=${MXCONF_VECTORS_DIR:-$PWD/vectors/golden}
export MXCONF_DEVICE_SWEEP_LIBRARY=$STAGE/libmxconf_device_sweep.so
export MXCONF_CUDA_DEVICE_KERNEL=$STAGE/libmxconf_cuda_device_kernel.so
KERNEL=$MXCONF_CUDA_DEVICE_KERNEL
FAILED=0
step() {  # step NAME SECONDS COMMAND...: runs with a time limit, times and records one step
  local name=$1 limit=$2
  shift 2
  echo "==== $name: $*"
  local t0
  t0=$(date +%s%N)
  timeout "$limit" "$@"
  local rc=$?
  echo "==== $name: exit $rc, $((($(date +%s%N) - t0) / 1000000)) ms wall"
  [[ $rc == 0 ]] || FAILED=$((FAILED + 1))
}

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv
nproc

# 1. mxconf run through the device entry
step "one sweep on the device (fp32->e4m3 rne saturate)" 40 "$STAGE/mxconf" run --kernel "$KERNEL" --profile nvidia \
  --tier exhaustive --only 'convert/fp32-e4m3-rne-saturate/fp32-all' --threads "$(nproc)" \
  --json "$OUT/run-one-device.json"
step "the same sweep on the host (MXCONF_DEVICE_SWEEP=off)" 40 env MXCONF_DEVICE_SWEEP=off "$STAGE/mxconf" run \
  --kernel "$KERNEL" --profile nvidia --tier exhaustive --only 'convert/fp32-e4m3-rne-saturate/fp32-all' \
  --threads "$(nproc)" --json "$OUT/run-one-host.json"
step "every fp32 sweep of CUDA's conversions on the device" 80 "$STAGE/mxconf" run --kernel "$KERNEL" \
  --profile nvidia --tier exhaustive --only 'convert/fp32-*/fp32-all' --threads "$(nproc)" \
  --json "$OUT/run-all-device.json" --markdown "$OUT/run-all-device.md"

# 2. the device path's tests
step "conformance tests of the device path" 80 "$STAGE/mxconf_conformance_tests" \
  --gtest_filter='ChooseSweep.*:DeviceSweep.*'

# 3. Python: the staged wheel (with the sweep library beside its module), our Python sources laid over it
SITE=/tmp/mxconf-site
python3 -m pip install --quiet --no-deps --no-index --no-compile --target "$SITE" "$STAGE"/*.whl
cp "$STAGE"/python/mxconf/*.py "$SITE/mxconf/"
unset MXCONF_DEVICE_SWEEP_LIBRARY  # the package finds the copy the wheel ships beside its module
ls -la "$SITE/mxconf/libmxconf_device_sweep.so" || { echo "the wheel ships no libmxconf_device_sweep.so"; FAILED=$((FAILED + 1)); }
export PYTHONPATH=$SITE${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1
step "pytest: the GPU sweep tests" 60 python3 -m pytest -q -p no:cacheprovider "$STAGE/python/tests/test_gpu_path.py"
step "gpu_checks.py" 200 python3 "$STAGE/python/tests/gpu/gpu_checks.py" --out "$OUT/python"
echo "gpu-devx: $FAILED failed steps"
exit "$FAILED"
