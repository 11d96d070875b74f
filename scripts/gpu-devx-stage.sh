#!/usr/bin/env bash
# Stages, HERE, what scripts/gpu-devx.sh needs on the GPU machine (whose image lacks Boost and GoogleTest):
#   bash scripts/gpu-devx-stage.sh [BUILD_DIR [STAGE [WHEELS]]]
# BUILD_DIR (default build) must hold the built mxconf, mxconf_conformance_tests, libmxconf_cuda_device_kernel.so
# and libmxconf_device_sweep.so; STAGE defaults to /work/main/.gpu/devx (git-ignored, carried as .gpu/devx);
# WHEELS (default /work/main/.gpu/python) holds the mxconf wheel for the image's Python
# (python/tests/gpu/build_wheel_py312.sh) and optionally torchao's. The python/ sources are laid over the wheel's
# on the GPU machine, so a change to mxconf/*.py needs no new wheel (a change to python/src does).
# Then: run(command="bash .gpu/devx/gpu-devx.sh .gpu/devx $OUT", carry=[".gpu/devx"])
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}
stage=${2:-/work/main/.gpu/devx}
wheels=${3:-/work/main/.gpu/python}
rm -rf "$stage"
mkdir -p "$stage/python/mxconf" "$stage/python/tests/gpu"
for f in harness/mxconf tests/conformance/mxconf_conformance_tests kernels/cuda/libmxconf_cuda_device_kernel.so \
         device_compare/libmxconf_device_sweep.so; do
  cp "$build/$f" "$stage/"
done
cp "$wheels"/*.whl "$stage/"
cp python/mxconf/*.py "$stage/python/mxconf/"
cp python/tests/*.py "$stage/python/tests/"
cp python/tests/gpu/gpu_checks.py "$stage/python/tests/gpu/"
cp scripts/gpu-devx.sh "$stage/"
du -sh "$stage"
