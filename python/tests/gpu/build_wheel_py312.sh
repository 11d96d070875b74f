#!/usr/bin/env bash
# Builds, HERE (Debian, Boost and the C++ build present), the mxconf wheel for the H200 image's Python 3.12, and
# stages it with the GPU scripts in /work/main/.gpu/python/ (git-ignored) for run_on_h200.sh. The device image has
# no Boost, so the package cannot be built there.
#
#   bash python/tests/gpu/build_wheel_py312.sh [STAGE_DIR]     # default /work/main/.gpu/python
# MXCONF_BUILD_DIR (default build): the C++ build whose install/ the wheel links (scripts/setup.sh makes it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
stage=${1:-/work/main/.gpu/python}
py312=${PY312:-/root/.pyenv/versions/3.12.1/bin/python3.12}
[[ -x $py312 ]] || { echo "build_wheel_py312: no Python 3.12 at $py312 (set PY312)" >&2; exit 2; }
build=${MXCONF_BUILD_DIR:-build}
venv=$build/py312-venv
[[ -x $venv/bin/python ]] || "$py312" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check scikit_build_core==1.1.2 nanobind==3.1.0 \
  pathspec==1.1.1 packaging==26.4 numpy==2.4.6
mkdir -p "$stage"
rm -f "$stage"/mxconf-*.whl
args=(-C "build-dir=$build/py312-package")
[[ -d $build/install ]] && args+=(-C "cmake.define.mxconf_ROOT=$PWD/$build/install")
"$venv/bin/pip" wheel --quiet --no-build-isolation --no-deps "${args[@]}" -w "$stage" .
cp python/tests/gpu/run_on_h200.sh python/tests/gpu/gpu_checks.py "$stage/"
ls -la "$stage"
