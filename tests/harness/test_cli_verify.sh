#!/usr/bin/env bash
# `mxconf verify` end to end on golden vector files: good outputs (exit 0), a wrong answer (exit 1, named by
# OUTPUTS:LINE), malformed outputs and unreadable files (exit 2).
# usage: test_cli_verify.sh <mxconf> <source dir> [<ignored>]
set -euo pipefail
MXCONF=${1:?usage: $0 <mxconf> <source dir>}
SOURCE_DIR=${2:?}
GOLDEN=$SOURCE_DIR/vectors/golden
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILURES=0
CHECKS=0
fail() {
  echo "FAIL: $*" >&2
  FAILURES=$((FAILURES + 1))
}
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

# decode/e8m0.txt: code c is 2^(c-127) (OCP MX v1.0 §5.4): fp32 0x00400000 for c = 0, c << 23 above, NaN for 0xff.
for ((c = 0; c < 256; c++)); do
  if ((c == 0)); then echo 0x00400000; elif ((c == 255)); then echo 0x7fc00000; else printf '0x%08x\n' $((c << 23)); fi
done >"$WORK/e8m0.out"
expect "decode good" 0 "256 cases compared, 0 mismatched" verify --vectors "$GOLDEN/decode/e8m0.txt" --outputs "$WORK/e8m0.out"
sed '1s/.*/0x00000000/' "$WORK/e8m0.out" >"$WORK/e8m0-bad.out"
expect "decode wrong" 1 "$WORK/e8m0-bad.out:1: e8m0 0x00" verify --vectors "$GOLDEN/decode/e8m0.txt" --outputs "$WORK/e8m0-bad.out"
expect "decode wrong counts" 1 "1 mismatched" verify --vectors "$GOLDEN/decode/e8m0.txt" --outputs "$WORK/e8m0-bad.out"
head -n 10 "$WORK/e8m0.out" >"$WORK/e8m0-short.out"
expect "too few lines" 2 "has 10 output lines, the vector file has 256 rows" \
  verify --vectors "$GOLDEN/decode/e8m0.txt" --outputs "$WORK/e8m0-short.out"

# An interval file: the patterns the user chose. 1.0 -> 0x38, 464.00003 saturates to 448 = 0x7e, +NaN -> 0x7f.
printf '# pattern code\n0x3f800000 0x38\n0x43e80001 0x7e\n0x7fc00000 0x7f\n' >"$WORK/e4m3.out"
expect "intervals good" 0 "3 cases compared, 0 mismatched" \
  verify --vectors "$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt" --outputs "$WORK/e4m3.out"
printf '0x3f800000 0x38\n0x43e80001 0x7f\n' >"$WORK/e4m3-bad.out"
expect "intervals wrong" 1 "$WORK/e4m3-bad.out:2: fp32 0x43e80001" \
  verify --vectors "$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt" --outputs "$WORK/e4m3-bad.out"
expect "by class" 1 "saturation 1/1" \
  verify --vectors "$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt" --outputs "$WORK/e4m3-bad.out"
# NaN-aware: the other e4m3 NaN code matches under a profile that compares any NaN, not under ocp.
printf '0x7fc00000 0xff\n' >"$WORK/nan.out"
expect "nan exact" 1 "" verify --vectors "$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt" --outputs "$WORK/nan.out"
expect "nan any" 0 "" verify --vectors "$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt" --outputs "$WORK/nan.out" \
  --profile torchao-floor
# --set changes the comparison policy of the profile the file names (ocp): the same verdict as a profile with it,
# and back. Only the comparison policies apply (the expected values are the file's).
expect "nan any by --set" 0 "profile ocp+nan-match=any-nan: 1 case compared, 0 mismatched" \
  verify --vectors "$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt" --outputs "$WORK/nan.out" --set nan-match=any-nan
expect "nan exact by --set" 1 "profile torchao-floor+nan-match=exact-code" \
  verify --vectors "$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt" --outputs "$WORK/nan.out" \
  --profile torchao-floor --set nan-match=exact-code
expect "--set element policy" 2 "policy 'nan-sign' has no effect on this command (valid here: nan-match, decoded-nan-match" \
  verify --vectors "$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt" --outputs "$WORK/nan.out" --set nan-sign=keep
expect "--set unknown" 2 "unknown policy 'nan-matching' (valid: nan-match, decoded-nan-match)" \
  verify --vectors "$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt" --outputs "$WORK/nan.out" --set nan-matching=any
expect "--set bad value" 2 "invalid value 'any' for nan-match (valid: any-nan, exact-code)" \
  verify --vectors "$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt" --outputs "$WORK/nan.out" --set nan-match=any

# Malformed outputs and bad arguments: 2.
printf '0x3f800000 zz\n' >"$WORK/malformed.out"
expect "not hex" 2 "$WORK/malformed.out:1: code 'zz' is not a hex code" \
  verify --vectors "$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt" --outputs "$WORK/malformed.out"
expect "missing outputs" 2 "--outputs: cannot read" verify --vectors "$GOLDEN/decode/e8m0.txt" --outputs "$WORK/none"
expect "missing vectors" 2 "--vectors: cannot read" verify --vectors "$WORK/none" --outputs "$WORK/e8m0.out"
expect "no --vectors" 2 "--vectors" verify --outputs "$WORK/e8m0.out"
# --cases lists what a file-based kernel must answer: the decision points of every mode inside the saturating
# interval too (464 + ulp = 0x43e80001, OFP8 §4), so a carry into NaN there is seen (issue 9).
SAT="$GOLDEN/convert/ocp/fp32-e4m3-rne-saturate.txt"
"$MXCONF" verify --vectors "$SAT" --cases >"$WORK/cases.txt"
CHECKS=$((CHECKS + 1))
grep -qx '0x43e80001' "$WORK/cases.txt" || fail "--cases lacks 464 + ulp (0x43e80001)"
CHECKS=$((CHECKS + 1))
[[ $(wc -l <"$WORK/cases.txt") -gt 2000 ]] || fail "--cases lists too few patterns: $(wc -l <"$WORK/cases.txt")"
# 0x43e80001 saturates to 448 = 0x7e; the carry-into-NaN answer 0x7f must be a mismatch.
awk '{ print $1, ($1 == "0x43e80001" ? "0x7f" : "0x7e") }' <(grep -x '0x43e80001' "$WORK/cases.txt") >"$WORK/carry.out"
expect "carry into NaN via --cases" 1 "code expected 0x7e, got 0x7f" verify --vectors "$SAT" --outputs "$WORK/carry.out"
expect "--cases on a row file" 2 "is not an interval file" verify --vectors "$GOLDEN/decode/e8m0.txt" --cases

# A vector file cut short or with a non-numeric @cases is refused (issue 9: it used to pass).
head -30 "$GOLDEN/decode/e8m0.txt" >"$WORK/cut.txt"
sed 's/^@cases .*/@cases banana/' "$GOLDEN/decode/e8m0.txt" >"$WORK/banana.txt"
head -22 "$WORK/e8m0.out" >"$WORK/cut.out"
expect "cut short: verify" 2 "@cases says 256 rows, the file has 22 (cut short?)" \
  verify --vectors "$WORK/cut.txt" --outputs "$WORK/cut.out"
expect "cut short: check-vectors" 2 "@cases says 256 rows" check-vectors "$WORK/cut.txt"
expect "banana: verify" 2 "@cases 'banana' is not a row count" verify --vectors "$WORK/banana.txt" --outputs "$WORK/e8m0.out"
expect "banana: check-vectors" 2 "@cases 'banana' is not a row count" check-vectors "$WORK/banana.txt"
expect "manifest" 2 "has no cases to verify" verify --vectors "$GOLDEN/MANIFEST.txt" --outputs "$WORK/e8m0.out"

if [[ $FAILURES -ne 0 ]]; then
  echo "$FAILURES of $CHECKS checks failed" >&2
  exit 1
fi
echo "all $CHECKS checks passed"
