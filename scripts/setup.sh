#!/usr/bin/env bash
# Installs what mxconf needs on a fresh Debian 12 machine, then configures and builds it in build/.
#
#   scripts/setup.sh            # safe to re-run: installs only what is missing, rebuilds only what changed
#
# Steps:
#   1. apt packages (only the missing ones; apt-get update only if something is missing);
#   2. optional: numpy + ml_dtypes from PyPI for the Python cross-check (tests/python). A failure here is a
#      warning, never an error: that test then reports "skipped";
#   3. cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j$(nproc).
#
# Environment: MXCONF_BUILD_DIR (default: build) names the build directory; MXCONF_SKIP_PYTHON=1 skips step 2.
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
                       libhwy-dev python3 python3-pip)

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

# ---- 2. Python peer for the cross-check (optional) ----------------------------------------------------------
# Where numpy + ml_dtypes go, and why:
#   * If `python3` already imports them, nothing is installed.
#   * If `python3` is NOT "externally managed" (PEP 668: pyenv, conda, an active venv, most CI images), plain
#     `python3 -m pip install` puts them into that interpreter, which is the one CMake's find_package(Python3)
#     picks up from PATH.
#   * If it IS externally managed (Debian's /usr/bin/python3 has /usr/lib/python3.11/EXTERNALLY-MANAGED), we never
#     use --break-system-packages: pip would then shadow apt's Python modules system-wide. Instead we create a
#     private venv under $build_dir/python-venv (python3-venv is installed for it if missing), install there, and
#     hand that interpreter to CMake as Python3_EXECUTABLE. Deleting the build directory removes it.
# Any failure (no network, no PyPI, no wheel for this platform) is a warning only: tests/python then exits 77
# and ctest reports it as skipped.
python_for_tests=""
readonly venv_dir="$build_dir/python-venv"
readonly pip_flags=(--quiet --disable-pip-version-check --no-input --retries 1 --timeout 20)

has_ml_dtypes() { "$1" -c 'import numpy, ml_dtypes' >/dev/null 2>&1; }

externally_managed() {
  "$1" - <<'EOF' >/dev/null 2>&1
import os, sys, sysconfig
in_venv = sys.prefix != sys.base_prefix
marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
sys.exit(0 if (os.path.exists(marker) and not in_venv) else 1)
EOF
}

pip_install() {  # pip_install <python> [extra pip flags...]
  local py=$1
  shift
  PIP_ROOT_USER_ACTION=ignore "$py" -m pip install "${pip_flags[@]}" "$@" numpy ml_dtypes
}

setup_python() {
  local py
  py=$(command -v python3 || true)
  if [[ -z $py ]]; then
    warn "no python3: the ml_dtypes cross-check will be skipped"
    return 0
  fi
  if has_ml_dtypes "$py"; then
    python_for_tests=$py
    say "python: numpy and ml_dtypes already importable by $py"
    return 0
  fi
  if [[ -x $venv_dir/bin/python3 ]] && has_ml_dtypes "$venv_dir/bin/python3"; then
    python_for_tests=$(cd "$venv_dir/bin" && pwd)/python3
    say "python: using $python_for_tests"
    return 0
  fi
  if ! externally_managed "$py"; then
    say "python: installing numpy and ml_dtypes into $py"
    local user_flag=()
    # A non-root user with a system-wide interpreter it cannot write to: install into ~/.local instead.
    "$py" -c 'import os, sysconfig, sys; sys.exit(0 if os.access(sysconfig.get_path("purelib"), os.W_OK) else 1)' \
      >/dev/null 2>&1 || user_flag=(--user)
    if pip_install "$py" "${user_flag[@]}"; then
      has_ml_dtypes "$py" && python_for_tests=$py
    fi
  else
    if ! "$py" -c 'import ensurepip, venv' >/dev/null 2>&1; then
      mapfile -t missing < <(missing_packages python3-venv)
      [[ ${#missing[@]} -eq 0 ]] || (apt_install python3-venv) || true
    fi
    say "python: $py is externally managed (PEP 668): installing into $venv_dir"
    if "$py" -m venv "$venv_dir" >/dev/null 2>&1 && pip_install "$venv_dir/bin/python3"; then
      has_ml_dtypes "$venv_dir/bin/python3" && python_for_tests=$(cd "$venv_dir/bin" && pwd)/python3
    fi
  fi
  if [[ -z $python_for_tests ]]; then
    warn "could not install numpy + ml_dtypes from PyPI; the Python cross-check will be skipped"
    python_for_tests=$py
  fi
}

if [[ ${MXCONF_SKIP_PYTHON:-0} == 1 ]]; then
  say "python: skipped (MXCONF_SKIP_PYTHON=1)"
else
  mkdir -p "$build_dir"
  # Called in an `||` list, so `set -e` is off inside: no failure in this optional step stops the setup.
  setup_python || warn "Python setup failed; the Python cross-check will be skipped"
fi

# ---- 3. Configure and build -----------------------------------------------------------------------------------
# Tests ON explicitly: a build directory configured earlier with them OFF would make scripts/test.sh run nothing.
cmake_args=(-S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DMXCONF_BUILD_TESTS=ON)
[[ -n $python_for_tests ]] && cmake_args+=("-DPython3_EXECUTABLE=$python_for_tests")

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
say "done: $build_dir"
