#!/usr/bin/env bash
# Checks and times the MX quantizers of kernels/cuda on a GPU; writes everything under OUT_DIR.
#
# usage: scripts/gpu-mx.sh BIN_DIR OUT_DIR
#   BIN_DIR  a folder holding mxconf, libmxconf_cuda_mx_{nvidia,ocp}.so, mxconf_cuda_mx_tool and (optional)
#            libmxconf_cuda_device_kernel.so for the sweep through the ABI's device entry (built on a
#            machine with the build's Debian packages and carried: the GPU image lacks Boost and GoogleTest), or a
#            CMake build directory (the files are looked up below it).
#   OUT_DIR  gets cuda-mx-{nvidia,ocp}-<gpu>.{md,json} (`mxconf run`, fast tier, each library under the profile
#            it claims), device.log (GPU, nvcc, the tool's layout checks, compute-sanitizer memcheck of those
#            checks and of the ABI path, the device-side exhaustive sweeps, the benchmark table) and resources.txt
#            (cuobjdump's registers and stack of every kernel).
# Environment: MXCONF_VECTORS_DIR (default: vectors/golden of this tree); REPS (benchmark repetitions, default 30).
# Exit status: 0 when every step passed, else the number of failed steps.
set -uo pipefail
BIN=$1
OUT=$2
mkdir -p "$OUT"
LOG="$OUT/device.log"
exec > >(tee -a "$LOG") 2>&1
find_built() { find "$BIN" -name "$1" -type f -print -quit; }
MXCONF=$(find_built mxconf)
TOOL=$(find_built mxconf_cuda_mx_tool)
SAN=$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)
export MXCONF_VECTORS_DIR=${MXCONF_VECTORS_DIR:-$PWD/vectors/golden}
GPU=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1)
SLUG=$(echo "$GPU" | tr '[:upper:]' '[:lower:]' | tr -cs 'a-z0-9' '-' | sed 's/^-//; s/-$//')
FAILED=0
step() {  # step NAME COMMAND...: runs, times and records one step
  local name=$1
  shift
  echo "==== $name: $*"
  local t0=$SECONDS
  "$@"
  local rc=$?
  echo "==== $name: exit $rc, $((SECONDS - t0)) s"
  [[ $rc == 0 ]] || FAILED=$((FAILED + 1))
}

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv
nvcc --version 2>/dev/null | grep -E 'release' || true
"$SAN" --version | head -n 2
# registers, stack and shared memory of every kernel (no spills: STACK 0)
(command -v cuobjdump >/dev/null && cuobjdump --dump-resource-usage "$TOOL") > "$OUT/resources.txt" 2>&1 || true

for flavour in nvidia ocp; do
  step "mxconf run $flavour" timeout 120 "$MXCONF" run --kernel "$(find_built libmxconf_cuda_mx_$flavour.so)" \
    --profile "$flavour" --markdown "$OUT/cuda-mx-$flavour-$SLUG.md" --json "$OUT/cuda-mx-$flavour-$SLUG.json"
done
step "layout checks" timeout 120 "$TOOL" check
step "benchmark" timeout 120 "$TOOL" bench "${REPS:-30}"
step "exhaustive on the device (all 2^32 fp32 inputs, compared on the GPU)" timeout 120 "$TOOL" exhaustive \
  "$MXCONF_VECTORS_DIR/convert/nvidia"
DEVICE_KERNEL=$(find_built libmxconf_cuda_device_kernel.so)
if [[ -n "$DEVICE_KERNEL" ]]; then
  step "exhaustive through the ABI's device entry (CUDA's conversions, all 2^32 fp32 inputs)" timeout 120 "$TOOL" \
    abi-exhaustive "$DEVICE_KERNEL" "$MXCONF_VECTORS_DIR/convert/nvidia"
fi
step "memcheck: layout checks" timeout 150 "$SAN" --tool memcheck --leak-check full --error-exitcode 9 "$TOOL" check
step "memcheck: ABI path (mxconf run nvidia, in one process)" timeout 150 "$SAN" --tool memcheck \
  --error-exitcode 9 "$MXCONF" run --kernel "$(find_built libmxconf_cuda_mx_nvidia.so)" --profile nvidia \
  --no-isolation --threads 1
echo "gpu-mx: $FAILED failed steps"
exit "$FAILED"
