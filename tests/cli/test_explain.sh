#!/usr/bin/env bash
# mxconf explain: one value, its neighbours, the rule and the clause. Expected values: spec-rules §2.2.
source "$(dirname "$0")/lib.sh"

expect_exit() {  # expect_exit <name> <code>
  CHECKS=$((CHECKS + 1))
  [[ $RC -eq $2 ]] || fail "$1: exit $RC, expected $2; stderr: $ERR"
}

# §2.2: 0x43e80001 (just above 464) lies between 448 (0x7e) and 480, which has no code (E4M3's NaN pattern);
# saturating, it becomes 448.
run "" explain --from fp32 --to e4m3 0x43e80001
expect_exit "0x43e80001 sat" 0
check_line "input" '^input: +fp32 0x43e80001 = 0x1\.d00002p\+8 \(464\.000030517578125\)$'
check_line "below" '^below: +0x7e = 0x1\.cp\+8 \(448\)$'
check_line "above" '^above: +beyond max finite \(no code\) = 0x1\.ep\+8 \(480\)$'
check_line "distance below" '^distance to below: +0x1\.00002p\+4 \(16\.000030517578125\)$'
check_line "rule" '^rule: +overflow-saturate$'
check_line "result" '^result: +0x7e = 0x1\.cp\+8 \(448\)$'
check_line "clause" '^clause: +.*saturating'
check_line "profile" '^profile: +ocp'
check_line "policies" '^policies: +overflow=saturate directed-overflow=largest-finite inf-under-saturation=clamp nan-sign=keep nan-mantissa=all-ones nan-into-finite=error int8-range=symmetric subnormal-input=keep negative-into-unsigned=error zero-into-e8m0=smallest e8m0-subnormal-rounding=exact inf-into-finite=max e8m0-overflow=after-rounding$'

# Non-saturating, the same input is NaN (0x7f).
run "" explain --from fp32 --to e4m3 --overflow nonsat 0x43e80001
expect_exit "0x43e80001 nonsat" 0
check_line "nonsat rule" '^rule: +overflow-to-nan$'
check_line "nonsat result" '^result: +0x7f = nan$'
check_line "nonsat policy" '^policies: +overflow=nonsat '

# 464 exactly: a tie, to the even mantissa 448.
run "" explain --from exact --to e4m3 464
expect_exit "464" 0
check_line "464 input" '^input: +exact 464 = 0x1\.dp\+8 \(464\)$'
check_line "464 distances" '^distance to above: +0x1p\+4 \(16\)$'
check_line "464 rule" '^rule: +tie-to-even$'
check_line "464 result" '^result: +0x7e = 0x1\.cp\+8 \(448\)$'

# E2M1 7.0 (§2.3): a tie between 6 and 8 (no code), rounding to 8 overflows and saturates to 6.
run "" explain --from fp32 --to e2m1 0x40e00000
expect_exit "e2m1 7" 0
check_line "e2m1 7 below" '^below: +0x7 = 0x1\.8p\+2 \(6\)$'
check_line "e2m1 7 above" '^above: +beyond max finite \(no code\) = 0x1p\+3 \(8\)$'
check_line "e2m1 7 result" '^result: +0x7 = 0x1\.8p\+2 \(6\)$'

# Negative values: exact -0.375 is on the E4M3 grid.
run "" explain --from exact --to e4m3 -0.375
expect_exit "-0.375" 0
check_line "-0.375 rule" '^rule: +exact$'

# A value the policies refuse: NaN into E2M1 under ocp (nan-into-finite=error) prints why and exits 2.
run "" explain --from exact --to e2m1 nan
expect_exit "nan into e2m1" 2
check_line "nan into e2m1 result" '^result: +error: .*nan-into-finite'
CHECKS=$((CHECKS + 1))
[[ "$ERR" == *"nan-into-finite"* ]] || fail "nan into e2m1: stderr does not name the policy: $ERR"

# Usage errors: no VALUE, two VALUEs, a malformed VALUE.
check_fails "no value" "" "" "expected one VALUE" explain --from fp32 --to e4m3
check_fails "two values" "" "" "unexpected argument '0x2'" explain --from fp32 --to e4m3 0x1 0x2
check_fails "bad value" "" "" "VALUE: 'xyz' is not an exact value" explain --from fp32 --to e4m3 xyz
check_fails "bad exact" "" "" "VALUE: '0.1' is not an exact value" explain --from exact --to e4m3 0.1
check_fails "sr without random" "" "" "--random" explain --from fp32 --to e4m3 --round sr --sr-bits 8 0x3f800000

finish
