# Shared helpers for the CLI tests. Each test script sources this file, calls the checks, then `finish`.
# Usage of a test script: test_<x>.sh <path to mxconf> <source dir>
#
# Every expected output in these tests is a literal from the spec notes (shared/notes/spec-rules.md), never
# captured from mxconf itself.
set -euo pipefail

MXCONF=${1:?usage: $0 <mxconf binary> <source dir>}
SOURCE_DIR=${2:-}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILURES=0
CHECKS=0

fail() {
  echo "FAIL: $*" >&2
  FAILURES=$((FAILURES + 1))
}

# run <input> <args...>: runs mxconf with <input> on stdin; sets OUT, ERR, RC.
run() {
  local input=$1
  shift
  RC=0
  printf '%s' "$input" | "$MXCONF" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
  OUT=$(cat "$WORK/stdout")
  ERR=$(cat "$WORK/stderr")
}

# check <name> <input> <expected stdout> <args...>: exit 0, exact stdout, empty stderr.
check() {
  local name=$1 input=$2 expected=$3
  shift 3
  CHECKS=$((CHECKS + 1))
  run "$input" "$@"
  if [[ $RC -ne 0 ]]; then
    fail "$name: exit $RC, expected 0 (mxconf $*); stderr: $ERR"
  elif [[ "$OUT" != "$expected" ]]; then
    fail "$name: (mxconf $*)"$'\n'"  expected: ${expected//$'\n'/ | }"$'\n'"  got:      ${OUT//$'\n'/ | }"
  elif [[ -n "$ERR" ]]; then
    fail "$name: unexpected stderr: $ERR"
  fi
}

# check_fails <name> <input> <expected stdout> <stderr substring> <args...>: exit 2, exact stdout (the lines
# that were answered, "error" for the failed ones), and stderr containing the substring.
check_fails() {
  local name=$1 input=$2 expected=$3 message=$4
  shift 4
  CHECKS=$((CHECKS + 1))
  run "$input" "$@"
  if [[ $RC -ne 2 ]]; then
    fail "$name: exit $RC, expected 2 (mxconf $*); stderr: $ERR"
  elif [[ "$OUT" != "$expected" ]]; then
    fail "$name: (mxconf $*)"$'\n'"  expected stdout: ${expected//$'\n'/ | }"$'\n'"  got:             ${OUT//$'\n'/ | }"
  elif [[ "$ERR" != *"$message"* ]]; then
    fail "$name: stderr does not contain '$message'; got: $ERR"
  fi
}

# check_line <name> <regex> : the last run's stdout has a line matching the extended regex.
check_line() {
  local name=$1 pattern=$2
  CHECKS=$((CHECKS + 1))
  if ! grep -Eq -- "$pattern" <<<"$OUT"; then
    fail "$name: no output line matches /$pattern/; got:"$'\n'"$OUT"
  fi
}

# repeat <text> <n>: <text> n times, space separated.
repeat() {
  local text=$1 n=$2 out=""
  for ((i = 0; i < n; i++)); do out+="${out:+ }$text"; done
  printf '%s' "$out"
}

finish() {
  if [[ $FAILURES -ne 0 ]]; then
    echo "$FAILURES of $CHECKS checks failed" >&2
    exit 1
  fi
  echo "all $CHECKS checks passed"
}
