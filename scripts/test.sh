#!/usr/bin/env bash
# README command 2: set up (install what is missing, build), then run the test suite.
#
#   scripts/test.sh                 # the "fast" label: every test CI runs (a few minutes)
#   scripts/test.sh --exhaustive    # the "exhaustive" label instead (all 2^32 fp32 inputs; long)
#   scripts/test.sh -R scale_rule   # any other arguments go to ctest
#
# The exit code is ctest's.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly build_dir="${MXCONF_BUILD_DIR:-build}"

label=fast
ctest_args=()
for arg in "$@"; do
  case $arg in
    --exhaustive) label=exhaustive ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) ctest_args+=("$arg") ;;
  esac
done

bash scripts/setup.sh

jobs=$(nproc 2>/dev/null || echo 2)
status=0
ctest --test-dir "$build_dir" --output-on-failure -L "$label" -j"$jobs" "${ctest_args[@]}" || status=$?
exit "$status"
