#!/usr/bin/env bash
# The suite on the example kernels (issue: "a test that the suite fails each of them and names the broken rule").
# Usage: test_examples.sh MXCONF GOOD_LIB TIES_AWAY_LIB E8M0_ZERO_LIB CARRY_NAN_LIB CARRY_WRAP_LIB
set -uo pipefail
mxconf=$1 good=$2 ties_away=$3 e8m0_zero=$4 carry_nan=$5 carry_wrap=$6
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$mxconf" run --kernel "$good" --profile ocp >"$out/good.txt" 2>&1
[[ $? -eq 0 ]] || { cat "$out/good.txt"; fail "the good example kernel must pass under ocp (exit 0)"; }

# --set nan-match (a comparison policy): the good kernel keeps a NaN's sign (ocp), so under nan-sign=positive its
# -NaN -> 0xff is a mismatch (expected 0x7f, OFP8 §4: both are E4M3 NaN); comparing NaN codes as any-NaN accepts it.
"$mxconf" run --kernel "$good" --profile ocp --set nan-sign=positive >"$out/nan-sign.txt" 2>&1
[[ $? -eq 1 ]] || fail "nan-sign=positive: the good kernel's -NaN -> 0xff must fail under exact-code (exit 1)"
grep -q 'expected 0x7f, got 0xff' "$out/nan-sign.txt" || fail "nan-sign=positive: the NaN code mismatch is not reported"
"$mxconf" run --kernel "$good" --profile ocp --set nan-sign=positive --set nan-match=any-nan >"$out/any-nan.txt" 2>&1
[[ $? -eq 0 ]] || { cat "$out/any-nan.txt"; fail "--set nan-match=any-nan must accept the other NaN code (exit 0)"; }
grep -q 'profile ocp+nan-sign=positive+nan-match=any-nan' "$out/any-nan.txt" || fail "the profile name does not show --set"
"$mxconf" run --kernel "$good" --set nan-match=maybe >"$out/bad.txt" 2>&1
[[ $? -eq 2 ]] || fail "an invalid nan-match value must be a usage error (exit 2)"
grep -q "invalid value 'maybe' for nan-match (valid: any-nan, exact-code)" "$out/bad.txt" || fail "no clear error for nan-match=maybe"

# Ties away from zero instead of ties to even: exit 1, every explained mismatch decided by tie-to-even, and
# every mismatch counted in the tie class.
"$mxconf" run --kernel "$ties_away" --profile ocp >"$out/ties.txt" 2>&1
[[ $? -eq 1 ]] || fail "broken_ties_away must fail with exit 1 (conformance failure)"
grep -q '^FAIL  convert/fp32-e4m3-rne-saturate/fp32-edges' "$out/ties.txt" || fail "ties-away: convert check did not fail"
rules=$(grep -E '^ +rule: ' "$out/ties.txt" | sed -E 's/^ +rule: +//' | sort -u)
[[ $rules == "tie-to-even" ]] || fail "ties-away: the deciding rule must be tie-to-even, report says: $rules"
grep -q 'clause: *tie: even mantissa (IEEE 754-2019 §4.3.1)' "$out/ties.txt" || fail "ties-away: clause not named"
grep -qE '^Mismatches by case class:.* tie [0-9]+' "$out/ties.txt" || fail "ties-away: no tie class count"

# E8M0 code 0 decoded as zero instead of 2^-127: exit 1, decode/e8m0 fails on code 0x0 only, with the OCP clause,
# in the scale-clamp class.
"$mxconf" run --kernel "$e8m0_zero" --profile ocp >"$out/e8m0.txt" 2>&1
[[ $? -eq 1 ]] || fail "broken_e8m0_zero must fail with exit 1 (conformance failure)"
grep -q '^FAIL decode/e8m0: 1 of 256 cases mismatch' "$out/e8m0.txt" || fail "e8m0-zero: decode/e8m0 must fail on one code"
grep -q 'e8m0 0x0: expected 0x00400000, got 0x00000000' "$out/e8m0.txt" || fail "e8m0-zero: code 0x0 not reported"
grep -q 'OCP MX v1.0 §5.4.1: E8M0 code c is 2^(c-127)' "$out/e8m0.txt" || fail "e8m0-zero: clause not named"
grep -qE '^Mismatches by case class:.*scale-clamp [0-9]+' "$out/e8m0.txt" || fail "e8m0-zero: no scale-clamp class count"
# Carry bugs inside the long saturating interval (issue 9): the fast tier sees them (OFP8 §4: saturation gives
# 448 = 0x7e; 464 < x < 480 rounds up past 448, x = 0x43e80001 is just above 464; 500 = 0x43fa0000).
"$mxconf" run --kernel "$carry_nan" --profile ocp >"$out/nan.txt" 2>&1
[[ $? -eq 1 ]] || fail "broken_carry_nan must fail with exit 1"
grep -q 'fp32 0x43e80001: expected 0x7e, got 0x7f' "$out/nan.txt" || fail "carry-nan: 464+ulp -> NaN not reported"
"$mxconf" run --kernel "$carry_wrap" --profile ocp >"$out/wrap.txt" 2>&1
[[ $? -eq 1 ]] || fail "broken_carry_wrap must fail with exit 1"
grep -qE 'fp32 0x43f[89a-f][0-9a-f]{4}: expected 0x7e, got 0x80' "$out/wrap.txt" || fail "carry-wrap: 496..512 -> 0x80 not reported"
"$mxconf" identify --kernel "$carry_nan" >"$out/identify.txt" 2>&1
grep -q '^ocp: differs' "$out/identify.txt" || fail "identify must not call the carry-nan kernel ocp"
# identify by policy on the good example: a value where a check that ran depends on the policy (saturating
# e4m3 clamps Inf, OFP8 §4), "undetermined" where none does (it has no quantize).
"$mxconf" identify --kernel "$good" >"$out/identify-good.txt" 2>&1
grep -q '^  inf-under-saturation: clamp$' "$out/identify-good.txt" || fail "identify: inf-under-saturation not determined"
grep -q '^  block-nan: undetermined (no check that ran depends on it)$' "$out/identify-good.txt" ||
  fail "identify: block-nan claimed without a quantize check"
echo "OK: good kernel passes; broken_ties_away fails on tie-to-even; broken_e8m0_zero fails on E8M0 code 0 (§5.4.1)"
