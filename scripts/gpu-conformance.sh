#!/usr/bin/env bash
# Runs the conformance suite on CUDA's conversion functions executed ON A GPU (kernels/cuda, the
# mxconf_cuda_device_kernel library) against the "nvidia" profile, and records where it ran.
#
# usage: scripts/gpu-conformance.sh [BUILD_DIR [NAME]]
#   BUILD_DIR  CMake build directory (default: build); configured here (Release) if it has no CMakeCache.txt.
#              A folder holding prebuilt mxconf, libmxconf_cuda_device_kernel.so, libmxconf_cuda_host_kernel.so and
#              mxconf_cuda_smoke and no CMakeCache.txt is used as it is (for GPU machines without the build's
#              Debian packages: build here, carry the folder).
# Environment: MXCONF_COMMIT names the commit when the tree is not a git checkout (a copied working tree);
#              MXCONF_VECTORS_DIR the golden vectors (default: vectors/golden of this tree).
#   NAME       result name (default: cuda-device-<GPU name>, e.g. cuda-device-nvidia-h100-80gb-hbm3)
# Writes docs/results/NAME.md and docs/results/NAME.json (from `mxconf run`), each with the environment added:
# GPU, driver and compute capability (nvidia-smi), nvcc --version, git rev-parse HEAD (and whether the tree had
# local changes), the date, and the smoke test's summary (all 65,536 bf16 inputs, GPU vs host software path).
#
# Exit status: that of `mxconf run` (0 when every check passed); 2 when no GPU or nvcc is found or the build fails.
# Needs a CUDA GPU (sm_90 by default: pass -DCMAKE_CUDA_ARCHITECTURES=... on first configure for others).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUILD_DIR=${1:-build}
NVCC=${CUDACXX:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}

die() { echo "gpu-conformance: $*" >&2; exit 2; }

command -v nvidia-smi >/dev/null || die "nvidia-smi not found: this script needs a machine with an NVIDIA GPU"
[[ -x "$NVCC" ]] || die "nvcc not found (set CUDACXX or put nvcc on PATH)"
GPU_CSV=$(nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv,noheader | head -n 1) ||
  die "nvidia-smi cannot query a GPU"
IFS=',' read -r GPU_NAME DRIVER COMPUTE_CAP <<<"$GPU_CSV"
GPU_NAME=$(echo "$GPU_NAME" | xargs) DRIVER=$(echo "$DRIVER" | xargs) COMPUTE_CAP=$(echo "$COMPUTE_CAP" | xargs)
SLUG=$(echo "$GPU_NAME" | tr '[:upper:]' '[:lower:]' | tr -cs 'a-z0-9' '-' | sed 's/^-//; s/-$//')
NAME=${2:-cuda-device-$SLUG}
[[ "$NAME" =~ ^[A-Za-z0-9._-]+$ ]] || die "result name '$NAME': use letters, digits, '.', '_' and '-' only"

# ---- build (unless BUILD_DIR is a prebuilt folder) ----
prebuilt() { [[ ! -f "$BUILD_DIR/CMakeCache.txt" && -x "$BUILD_DIR/mxconf" && -f "$BUILD_DIR/libmxconf_cuda_device_kernel.so" ]]; }
if ! prebuilt; then
  if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_COMPILER="$NVCC" || die "configure failed"
  fi
  cmake --build "$BUILD_DIR" --target mxconf mxconf_cuda_device_kernel mxconf_cuda_smoke \
    -j "$(nproc 2>/dev/null || echo 2)" || die "build failed (is the CUDA language available? see kernels/cuda/CMakeLists.txt)"
fi
export MXCONF_VECTORS_DIR=${MXCONF_VECTORS_DIR:-$ROOT/vectors/golden}

find_built() { find "$BUILD_DIR" -name "$1" -type f -print -quit; }
MXCONF=$(find_built mxconf)
KERNEL=$(find_built libmxconf_cuda_device_kernel.so)
HOST_KERNEL=$(find_built libmxconf_cuda_host_kernel.so)
SMOKE=$(find_built mxconf_cuda_smoke)
[[ -n "$MXCONF" && -n "$KERNEL" && -n "$HOST_KERNEL" && -n "$SMOKE" ]] || die "built files not found under $BUILD_DIR"

# ---- environment ----
NVCC_VERSION=$("$NVCC" --version | grep -E 'release|Build' | tr '\n' ' ' | sed 's/ *$//')
COMMIT=${MXCONF_COMMIT:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}
DIRTY=$([[ -z ${MXCONF_COMMIT:-} && -n "$(git status --porcelain 2>/dev/null)" ]] && echo yes || echo no)
DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ARCHS=$(sed -n 's/^CMAKE_CUDA_ARCHITECTURES[^=]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null | head -n 1 || true)
ARCHS=${ARCHS:-90 (kernels/cuda default)}
SMOKE_LOG=$(mktemp)
trap 'rm -f "$SMOKE_LOG"' EXIT
SMOKE_STATUS=0
"$SMOKE" "$HOST_KERNEL" "$KERNEL" >"$SMOKE_LOG" 2>&1 || SMOKE_STATUS=$?
cat "$SMOKE_LOG"
SMOKE_SUMMARY="$(tail -n 1 "$SMOKE_LOG") (exit $SMOKE_STATUS)"

# ---- the conformance run ----
mkdir -p docs/results
MD="docs/results/$NAME.md"
JSON="docs/results/$NAME.json"
RUN_STATUS=0
"$MXCONF" run --kernel "$KERNEL" --profile nvidia --markdown "$MD" --json "$JSON" || RUN_STATUS=$?

# ---- record the environment in both outputs ----
if [[ -f "$MD" ]]; then
  cat >>"$MD" <<EOF

## Environment

| | |
|---|---|
| GPU | $GPU_NAME (compute capability $COMPUTE_CAP) |
| NVIDIA driver | $DRIVER |
| nvcc | $NVCC_VERSION |
| kernel | \`$(basename "$KERNEL")\` (kernels/cuda, CUDA architectures $ARCHS) |
| commit | \`$COMMIT\`$( [[ $DIRTY == yes ]] && echo ' (with uncommitted changes)') |
| date (UTC) | $DATE |
| smoke test (bf16, GPU vs host) | $SMOKE_SUMMARY |

Produced by \`scripts/gpu-conformance.sh\`.
EOF
fi

ENV_JSON=$(
  GPU_NAME="$GPU_NAME" DRIVER="$DRIVER" COMPUTE_CAP="$COMPUTE_CAP" NVCC_VERSION="$NVCC_VERSION" COMMIT="$COMMIT" \
  DIRTY="$DIRTY" DATE="$DATE" ARCHS="$ARCHS" SMOKE_SUMMARY="$SMOKE_SUMMARY" KERNEL="$(basename "$KERNEL")" python3 -c '
import json, os
e = os.environ
print(json.dumps({"gpu": e["GPU_NAME"], "compute_capability": e["COMPUTE_CAP"], "driver": e["DRIVER"],
                  "nvcc": e["NVCC_VERSION"], "commit": e["COMMIT"], "uncommitted_changes": e["DIRTY"] == "yes",
                  "date": e["DATE"], "kernel": e["KERNEL"], "cuda_architectures": e["ARCHS"],
                  "smoke": e["SMOKE_SUMMARY"]}))'
)
if [[ -f "$JSON" ]]; then
  # Add "environment" to the report's top-level object; a report that is not an object gets a side file.
  if ! python3 - "$JSON" "$ENV_JSON" <<'EOF'; then
import json, sys
path, env = sys.argv[1], json.loads(sys.argv[2])
with open(path) as f:
    report = json.load(f)
if not isinstance(report, dict):
    sys.exit(1)
report["environment"] = env
with open(path, "w") as f:
    json.dump(report, f, indent=2)
    f.write("\n")
EOF
    echo "$ENV_JSON" >"docs/results/$NAME.environment.json"
  fi
fi

echo "gpu-conformance: $MD, $JSON (mxconf run exit $RUN_STATUS; smoke: $SMOKE_SUMMARY)"
exit "$RUN_STATUS"
