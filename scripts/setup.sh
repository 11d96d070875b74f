#!/usr/bin/env bash
# Installs what mxconf needs on a fresh Debian 12 machine, then configures and builds it in build/.
#
#   scripts/setup.sh            # safe to re-run: installs only what is missing, rebuilds only what changed
#
# Steps:
#   1. apt packages (only the missing ones; apt-get update only if something is missing);
#   2. the PyPI packages of requirements.txt, each pinned to one version, into the project venv .venv/ (reused
#      while requirements.txt is unchanged); a failure is an error;
#   3. cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j$(nproc);
#   4. the Python package (pyproject.toml, python/) into the venv: `cmake --install` of that build into
#      build/install, then `pip install .` linking it (only the nanobind module is compiled, in build/python-package,
#      incrementally). Skipped with MXCONF_SKIP_PYTHON=1.
#
# Environment: MXCONF_BUILD_DIR (default: build) names the build directory; MXCONF_VENV (default: .venv) the
# venv; MXCONF_SKIP_PYTHON=1 skips step 2 (the Python tests then skip, saying why).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly build_dir="${MXCONF_BUILD_DIR:-build}"

say() { printf 'setup: %s\n' "$*"; }
warn() { printf 'setup: WARNING: %s\n' "$*" >&2; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# Runs a command quietly; on failure prints everything it said, then fails.
quiet() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "command failed: $*"
  fi
  rm -f "$log"
}

# ---- 1. Debian packages -------------------------------------------------------------------------------------
readonly apt_packages=(g++ cmake make libboost-dev libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev
                       libhwy-dev python3 python3-dev)

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 && sudo_cmd=(sudo)
fi

missing_packages() {
  local p
  for p in "$@"; do
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) == installed ]] || printf '%s\n' "$p"
  done
}

apt_install() {
  [[ $# -gt 0 ]] || return 0
  command -v apt-get >/dev/null 2>&1 || die "missing packages ($*) and no apt-get: install them by hand"
  if [[ $(id -u) -ne 0 && ${#sudo_cmd[@]} -eq 0 ]]; then
    die "missing packages ($*): run as root, or install sudo, or install them by hand"
  fi
  say "installing: $*"
  quiet "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  quiet "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "$@"
}

if command -v dpkg-query >/dev/null 2>&1; then
  mapfile -t missing < <(missing_packages "${apt_packages[@]}")
  if [[ ${#missing[@]} -gt 0 ]]; then
    apt_install "${missing[@]}"
  else
    say "apt packages: all present"
  fi
else
  warn "not a Debian system (no dpkg-query): assuming ${apt_packages[*]} are installed"
fi

# ---- 2. Python packages, pinned, in the project venv ----------------------------------------------------------
# requirements.txt pins every PyPI package to one exact version; they go into a venv of the project's own
# ($MXCONF_VENV, default .venv/), never into the system interpreter. The venv is reused while requirements.txt is
# unchanged (a stamp file holds its hash); an edited pin reinstalls. Any failure stops the setup: a test that the
# pins promise must not silently turn into "skipped". MXCONF_SKIP_PYTHON=1 opts out (the Python tests then skip
# and say why).
readonly venv_dir="${MXCONF_VENV:-.venv}"
readonly requirements=requirements.txt
readonly pip_flags=(--quiet --disable-pip-version-check --no-input --retries 2 --timeout 30)
python_for_tests=""

requirements_hash() { sha256sum "$requirements" | cut -d' ' -f1; }

setup_python() {
  local py stamp
  py=$(command -v python3 || true)
  [[ -n $py ]] || die "no python3 on PATH (needed for the pinned Python packages; MXCONF_SKIP_PYTHON=1 skips them)"
  if ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    mapfile -t missing < <(missing_packages python3-venv)
    [[ ${#missing[@]} -eq 0 ]] || apt_install "${missing[@]}"
  fi
  stamp="$venv_dir/mxconf-requirements.sha256"
  if [[ -x $venv_dir/bin/python3 && -f $stamp && $(cat "$stamp") == "$(requirements_hash)" ]]; then
    say "python: $venv_dir matches $requirements"
  else
    say "python: installing the pins of $requirements into $venv_dir"
    [[ -x $venv_dir/bin/python3 ]] || quiet "$py" -m venv "$venv_dir"
    rm -f "$stamp"
    quiet env PIP_ROOT_USER_ACTION=ignore "$venv_dir/bin/python3" -m pip install "${pip_flags[@]}" \
      --require-virtualenv -r "$requirements"
    quiet "$venv_dir/bin/python3" -m pip check
    requirements_hash >"$stamp"
  fi
  python_for_tests=$(cd "$venv_dir/bin" && pwd)/python3
}

if [[ ${MXCONF_SKIP_PYTHON:-0} == 1 ]]; then
  say "python: skipped (MXCONF_SKIP_PYTHON=1): the Python tests will report 'skipped'"
else
  setup_python
fi

# ---- 3. Configure and build -----------------------------------------------------------------------------------
# Tests ON explicitly: a build directory configured earlier with them OFF would make scripts/test.sh run nothing.
cmake_args=(-S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DMXCONF_BUILD_TESTS=ON)
if [[ -n $python_for_tests ]]; then
  # The venv's interpreter, and a promise that the pinned packages are there: tests/python then fails, not skips,
  # when they are missing or at another version.
  cmake_args+=("-DPython3_EXECUTABLE=$python_for_tests" -DMXCONF_PYTHON_PINNED=ON)
else
  cmake_args+=(-DMXCONF_PYTHON_PINNED=OFF)
fi

jobs=$(nproc 2>/dev/null || echo 2)
say "configuring $build_dir"
mkdir -p "$build_dir"
if ! cmake "${cmake_args[@]}" >"$build_dir/setup-configure.log" 2>&1; then
  cat "$build_dir/setup-configure.log" >&2
  die "cmake configure failed"
fi
# The project's own status lines say which optional cross-checks (CUDA, Python) are enabled.
sed -n 's/^-- mxconf: /setup: /p' "$build_dir/setup-configure.log"
say "building with $jobs jobs"
if ! cmake --build "$build_dir" -j"$jobs" >"$build_dir/setup-build.log" 2>&1; then
  # Show the errors, not the whole log.
  grep -E -B2 -A8 'error|Error' "$build_dir/setup-build.log" | tail -n 80 >&2 || tail -n 80 "$build_dir/setup-build.log" >&2
  die "build failed (full log: $build_dir/setup-build.log)"
fi

# ---- 4. The Python package, into the venv --------------------------------------------------------------------
# The main build is installed into $build_dir/install and the package's CMake finds it there (find_package(mxconf)),
# so pip compiles only the extension module, not the reference a second time. --no-build-isolation: the build
# requirements (scikit-build-core, nanobind) are the pinned ones already in the venv; nothing is downloaded.
if [[ -n $python_for_tests ]]; then
  say "python: installing the mxconf package into $venv_dir"
  if ! cmake --install "$build_dir" --prefix "$build_dir/install" >"$build_dir/setup-install.log" 2>&1; then
    cat "$build_dir/setup-install.log" >&2
    die "cmake --install failed"
  fi
  pip_build=(-C "build-dir=$build_dir/python-package" -C "cmake.define.mxconf_ROOT=$PWD/$build_dir/install")
  launcher=$(sed -n 's/^CMAKE_CXX_COMPILER_LAUNCHER:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
  [[ -z $launcher ]] || pip_build+=(-C "cmake.define.CMAKE_CXX_COMPILER_LAUNCHER=$launcher")
  if ! env PIP_ROOT_USER_ACTION=ignore "$python_for_tests" -m pip install "${pip_flags[@]}" --require-virtualenv \
      --no-build-isolation --no-deps "${pip_build[@]}" . >"$build_dir/setup-python.log" 2>&1; then
    grep -E -B2 -A8 'error|Error' "$build_dir/setup-python.log" | tail -n 80 >&2 || tail -n 80 "$build_dir/setup-python.log" >&2
    die "pip install of the mxconf package failed (full log: $build_dir/setup-python.log)"
  fi
fi
say "done: $build_dir"
