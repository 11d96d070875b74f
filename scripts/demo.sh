#!/usr/bin/env bash
# README command 1: set up (install what is missing, build), show mxconf at work on an example session, then run
# the conformance suite on the built-in kernels and print the report (the main job).
#
#   scripts/demo.sh
#
# The session itself is examples/demo.sh, which takes the mxconf binary's path as its only argument.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly build_dir="${MXCONF_BUILD_DIR:-build}"

bash scripts/setup.sh

# The CLI target is `mxconf` in harness/; look where it is expected first, then anywhere in the build tree.
mxconf="$build_dir/harness/mxconf"
if [[ ! -x $mxconf ]]; then
  mxconf=$(find "$build_dir" -type f -name mxconf -perm -u+x -not -path '*/CMakeFiles/*' 2>/dev/null | head -n 1)
fi
if [[ -z $mxconf || ! -x $mxconf ]]; then
  echo "demo: ERROR: the mxconf CLI was not built (expected $build_dir/harness/mxconf)." >&2
  echo "demo: the harness/ layer provides it; check $build_dir/setup-build.log." >&2
  exit 1
fi
if [[ ! -f examples/demo.sh ]]; then
  echo "demo: ERROR: examples/demo.sh is missing; try the CLI by hand, e.g.:" >&2
  echo "  echo 0x43e80001 | $mxconf encode --from fp32 --to e4m3 --overflow nonsat" >&2
  exit 1
fi

bash examples/demo.sh "$mxconf"

# The main job: the conformance suite (fast tier) on every built-in kernel, each under its own profile:
# the exact reference and the fast scalar codec under ocp, CUDA's conversion functions under nvidia (when built).
echo
echo "demo: mxconf run (the conformance suite on the built-in kernels)"
exec "$mxconf" run
