#!/usr/bin/env bash
# A tour of the mxconf CLI on one example: the MX block whose largest value is 957 (microxcaling issue #4,
# spec-rules §3.3), where the OCP floor scale clips the largest element and NVIDIA's rceil scale does not.
#
# usage: examples/demo.sh <path to mxconf>
# Each step prints what it shows, the command, and its output; the script checks every output against the value
# the spec notes give and exits non-zero if any command fails or disagrees.
set -euo pipefail

MXCONF=${1:?usage: $0 <path to mxconf>}
FAILED=0

# step <what it shows> <stdin> <expected stdout> <mxconf args...>
step() {
  local what=$1 input=$2 expected=$3
  shift 3
  if [[ -n "$what" ]]; then echo "# $what"; fi
  if [[ -n "$input" ]]; then
    echo "\$ printf '${input//$'\n'/\\n}' | mxconf $*"
  else
    echo "\$ mxconf $*"
  fi
  local output status=0
  output=$(printf '%s' "$input" | "$MXCONF" "$@") || status=$?
  echo "$output"
  if [[ $status -ne 0 ]]; then
    echo "!! exit status $status" >&2
    FAILED=1
  elif [[ -n "$expected" && "$output" != "$expected" ]]; then
    echo "!! expected: ${expected//$'\n'/ | }" >&2
    FAILED=1
  fi
  echo
}

step "E4M3's largest code 0x7e is 448 (0x1.cp+8); 0x7f is its only positive NaN." \
  $'0x7e\n0x7f\n' $'0x1.cp+8\nnan' decode --format e4m3

step "464 (fp32 0x43e80000) ties to 448; one ulp more overflows: saturating (the OCP default) gives 448 ..." \
  $'0x43e80000\n0x43e80001\n' $'0x7e\n0x7e' encode --from fp32 --to e4m3

step "... and non-saturating (torch, ml_dtypes casts) gives NaN." \
  $'0x43e80000\n0x43e80001\n' $'0x7e\n0x7f' encode --from fp32 --to e4m3 --overflow nonsat

step "Why: the neighbours of 0x43e80001, the rule that decided, and the clause behind it." \
  "" "" explain --from fp32 --to e4m3 0x43e80001

step "The shared scale for amax 957 (fp32 0x446f4000): OCP floor gives 2^1 (0x80), rceil gives 2^2 (0x81)." \
  $'0x446f4000\n' $'0x80' scale --elem e4m3 --rule floor
step "" $'0x446f4000\n' $'0x81' scale --elem e4m3 --rule rceil

step "Quantize the block [957, 1.0] (two values here; 32 is the default): floor clips 478.5 to 448 (0x7e) ..." \
  $'0x446f4000 0x3f800000\n' '0x80 0x7e 0x30' quantize --elem e4m3 --block 2
step "... while NVIDIA's profile (rceil in fp32) keeps 239.25 -> 240 (0x77): 957 decodes as 960, not 896." \
  $'0x446f4000 0x3f800000\n' '0x81 0x77 0x28' quantize --elem e4m3 --block 2 --profile nvidia

step "Decode the pieces: scales 2^1 and 2^2, elements 448 and 240." \
  $'0x80\n0x81\n' $'0x1p+1\n0x1p+2' decode --format e8m0
step "" $'0x7e\n0x77\n' $'0x1.cp+8\n0x1.ep+7' decode --format e4m3

step "Every profile at a glance (the policies --set can override)." "" "" profiles

echo "# To check a kernel: feed it and mxconf the same lines and compare, e.g."
echo "#   my_kernel < cases.txt | diff - <(mxconf encode --from fp32 --to e4m3 < cases.txt)"

if [[ $FAILED -ne 0 ]]; then
  echo "demo: some steps failed" >&2
  exit 1
fi
echo "demo: all steps ran as documented"
