#!/usr/bin/env bash
# `mxconf run` and `mxconf identify` end to end: exit codes 0 / 1 / 2 / 3 and the line that says why, on the test
# kernels of tests/harness/kernels/test_kernel.cpp.
# usage: test_cli_run.sh <mxconf> <source dir> <folder of the test kernels>
set -euo pipefail
MXCONF=${1:?usage: $0 <mxconf> <source dir> <kernel dir>}
KERNELS=${3:?}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILURES=0
CHECKS=0
fail() {
  echo "FAIL: $*" >&2
  FAILURES=$((FAILURES + 1))
}
kernel() { echo "$KERNELS/libmxconf_test_kernel_$1.so"; }

# expect <name> <exit> <text that stdout or stderr must contain> <mxconf args...>
expect() {
  local name=$1 code=$2 text=$3
  shift 3
  CHECKS=$((CHECKS + 1))
  local rc=0
  "$MXCONF" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null || rc=$?
  if [[ $rc -ne $code ]]; then
    fail "$name: exit $rc, expected $code (mxconf $*)"$'\n'"$(cat "$WORK/out" "$WORK/err")"
  elif [[ -n "$text" ]] && ! grep -qF -- "$text" "$WORK/out" "$WORK/err"; then
    fail "$name: no '$text' in the output (mxconf $*)"$'\n'"$(cat "$WORK/out" "$WORK/err")"
  fi
}

# run: 0 all pass (skips allowed), 1 a conformance failure, 3 a kernel error or a refused library, 2 usage.
expect "good kernel" 0 "" run --kernel "$(kernel good)"
expect "wrong kernel" 1 "" run --kernel "$(kernel wrong)"
expect "segfault" 3 "crashed: SIGSEGV" run --kernel "$(kernel segv)"
expect "hang" 3 "hung: no answer within 2 s" run --kernel "$(kernel hang)" --timeout 2
# Not a terminal: a long check still shows it is alive on stderr, one line every few seconds (issue 9).
expect "heartbeat" 3 "] running " run --kernel "$(kernel hang)" --timeout 4
expect "error status" 3 "" run --kernel "$(kernel status)"
expect "overrun" 3 "" run --kernel "$(kernel overrun)"
expect "exit" 3 "exited with status 0 before sending a result" run --kernel "$(kernel exit)"
expect "ABI version 2" 3 "$(kernel abi2): ABI version 2, this mxconf speaks 1" run --kernel "$(kernel abi2)"
expect "no entry symbol" 3 "$(kernel nosymbol): no symbol 'mxconf_kernel_entry'" run --kernel "$(kernel nosymbol)"
expect "bad capability" 3 "capabilities[0].max_block_size is 16" run --kernel "$(kernel badcap)"
expect "missing file" 3 "$WORK/none.so: no such file" run --kernel "$WORK/none.so"
# Crashes in convert do not stop the decode checks: one passes in the same run.
expect "others still run" 3 "pass" run --kernel "$(kernel segv)"

# Usage errors: 2.
expect "two kernels" 2 "--kernel and --builtin name two kernels" run --kernel "$(kernel good)" --builtin reference
expect "unknown builtin" 2 "--builtin: unknown kernel 'nope' (valid: reference" run --builtin nope
expect "unknown profile" 2 "--profile: unknown profile" run --kernel "$(kernel good)" --profile nope
expect "unknown tier" 2 "--tier: unknown tier 'slow' (valid: fast, exhaustive)" run --kernel "$(kernel good)" --tier slow
expect "bad timeout" 2 "--timeout: '0' is not a number of seconds" run --kernel "$(kernel good)" --timeout 0
expect "report file" 2 "--junit: cannot write '$WORK/no/such/dir/r.xml'" \
  run --kernel "$(kernel good)" --junit "$WORK/no/such/dir/r.xml"
expect "files need one kernel" 2 "give --kernel or --builtin" run --json "$WORK/r.json"

# Report files are written, also when the kernel is refused or crashes.
expect "report files" 1 "" run --kernel "$(kernel wrong)" --junit "$WORK/r.xml" --json "$WORK/r.json" \
  --markdown "$WORK/r.md"
for f in r.xml r.json r.md; do
  CHECKS=$((CHECKS + 1))
  [[ -s "$WORK/$f" ]] || fail "report file $f is empty or missing"
done
expect "report on refusal" 3 "" run --kernel "$(kernel abi2)" --junit "$WORK/refused.xml"
CHECKS=$((CHECKS + 1))
grep -qF "ABI version 2" "$WORK/refused.xml" || fail "the JUnit report of a refused kernel does not say why"

# --no-isolation gives the same verdict on a kernel that does not crash; --only narrows the checks.
expect "no isolation" 1 "" run --kernel "$(kernel wrong)" --no-isolation
expect "only" 0 "" run --kernel "$(kernel good)" --only 'decode/*'

# No silent pass (issue 9): nothing matched, nothing ran, no vectors, an unwritable or shared report file: each
# exits non-zero with a message, and the usage errors (2) before any check runs.
expect "only matches nothing" 2 "--only: 'nothing-matches' matches none of the" \
  run --kernel "$(kernel good)" --only nothing-matches
expect "no check ran" 1 "no check ran: the kernel declares none of the capabilities" \
  run --kernel "$(kernel wrong)" --only 'convert/*'
mkdir -p "$WORK/empty"
expect "empty vectors dir" 2 "the golden vectors are missing" run --kernel "$(kernel good)" --vectors-dir "$WORK/empty"
expect "unwritable report" 2 "--json: cannot write '/proc/version'" run --kernel "$(kernel good)" --json /proc/version
expect "two reports, one file" 2 "is also the file of another report" \
  run --kernel "$(kernel good)" --junit "$WORK/same" --json "$WORK/./same"
expect "identify only nothing" 2 "matches none of the" identify --kernel "$(kernel good)" --only typo

# --set on run and identify: the names and precedence of encode and quantize; the profile's name says so.
expect "run --set" 0 "profile ocp+nan-sign=positive" run --kernel "$(kernel good)" --set nan-sign=positive
expect "run --set unknown" 2 "unknown policy 'bogus'" run --kernel "$(kernel good)" --set bogus=1
expect "run --set comparison" 0 "profile ocp+nan-match=any-nan" run --kernel "$(kernel good)" --set nan-match=any-nan
expect "run --set comparison value" 2 "invalid value 'any' for nan-match (valid: any-nan, exact-code)" \
  run --kernel "$(kernel good)" --set nan-match=any
expect "identify --set comparison" 0 "ocp+decoded-nan-match=exact-code: consistent" \
  identify --kernel "$(kernel good)" --set decoded-nan-match=exact-code
expect "run --set call argument" 2 "policy 'rule' has no effect on this command" \
  run --kernel "$(kernel good)" --set rule=ceil

# identify: conforms to every profile (decode is profile-independent), or to none.
expect "identify good" 0 "ocp: consistent" identify --kernel "$(kernel good)"
# identify by policy: from checks that ran only; nothing is claimed for a policy no check that ran depends on.
expect "identify per policy" 0 "block-nan: undetermined (no check that ran depends on it)" identify --kernel "$(kernel good)"
expect "identify wrong" 1 "conforms to no profile" identify --kernel "$(kernel wrong)"
expect "identify crash" 3 "kernel error: crashed: SIGSEGV" identify --kernel "$(kernel segv)"
expect "identify refused" 3 "ABI version 2" identify --kernel "$(kernel abi2)"
expect "identify needs a kernel" 2 "give the kernel" identify

if [[ $FAILURES -ne 0 ]]; then
  echo "$FAILURES of $CHECKS checks failed" >&2
  exit 1
fi
echo "all $CHECKS checks passed"
