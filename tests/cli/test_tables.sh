#!/usr/bin/env bash
# mxconf formats / profiles / --help / --version. Expected values: spec-rules §1.1-§1.5 and the profile table.
source "$(dirname "$0")/lib.sh"

# §1: max finite, min normal, min subnormal and specials of the MX formats.
run "" formats
CHECKS=$((CHECKS + 1))
[[ $RC -eq 0 ]] || fail "formats: exit $RC"
check_line "e4m3 row" '^e4m3 +float8_e4m3fn +8 .* 0x7e = 0x1\.cp\+8 +0x8 = 0x1p-6 +0x1 = 0x1p-9 +0x7f, 0xff +none$'
check_line "e5m2 row" '^e5m2 .* 0x7b = 0x1\.cp\+15 +0x4 = 0x1p-14 +0x1 = 0x1p-16 +0x7d-0x7f, 0xfd-0xff +0x7c, 0xfc$'
check_line "e2m1 row" '^e2m1 .* 0x7 = 0x1\.8p\+2 +0x2 = 0x1p\+0 +0x1 = 0x1p-1 +none +none$'
check_line "e8m0 row" '^e8m0 .* 0xfe = 0x1p\+127 +0x0 = 0x1p-127 +- +0xff +none$'
check_line "int8 row" '^int8 .* 0x7f = 0x1\.fcp\+0 '

run "" formats --markdown
check_line "markdown header" '^\| name \| alias \| bits \|'
check_line "markdown e4m3" '^\| e4m3 \| float8_e4m3fn \| 8 \|'

# The profile table: one column per profile, one row per --set name.
run "" profiles
CHECKS=$((CHECKS + 1))
[[ $RC -eq 0 ]] || fail "profiles: exit $RC"
check_line "profiles header" '^policy +ocp +nvidia +torch +triton +triton-rtz +torchao-floor +torchao-ceil +torchao-even +torchao-rceil +ml_dtypes +ml_dtypes-0.6 +microxcaling +tosa$'
check_line "profiles rule row" '^rule +floor +rceil-fp32 +floor +rceil-fp32 +rceil-fp32 +floor +ceil +even +rceil-log2f +floor +floor +floor +tosa$'
check_line "profiles nan-sign row" '^nan-sign +keep +positive +keep +positive +positive '
# torchao 0.18 (real-clients.md §4): Inf block scale from Inf's exponent bits (FLOOR/CEIL/EVEN), 0xfe (RCEIL);
# scale code 0x00 divides by 2^-126 (FLOOR/CEIL/EVEN) or by 1.0 (RCEIL).
check_line "profiles block-inf row" '^block-inf +nan-scale +largest-scale +nan-scale +largest-scale +largest-scale +exponent-field +exponent-field +exponent-field +largest-scale '
check_line "profiles min-scale-divisor row" '^min-scale-divisor +exact +exact +exact +exact +exact +fp32-min-normal +fp32-min-normal +fp32-min-normal +one +exact '
# ml_dtypes' own C++ tests: a truncated 2^128 is Inf/NaN (real-clients.md §5).
check_line "profiles directed-overflow row" '^directed-overflow +largest-finite +non-finite +non-finite +non-finite +non-finite +largest-finite +largest-finite +largest-finite +largest-finite +non-finite +non-finite '
check_line "profiles versions" '^ +verified: torch 2.11 .*; observations: observations/torch/$'
check_line "profiles versions ml_dtypes" '^ +verified: ml_dtypes 0.7.0 .*; observations: observations/ml_dtypes/$'
run "" profiles --markdown
check_line "profiles markdown" '^\| overflow \| saturate \| saturate \|'

# Help and version.
run "" --help
CHECKS=$((CHECKS + 1))
[[ $RC -eq 0 ]] || fail "--help: exit $RC"
check_line "help lists commands" '^  explain +how one value rounds'
run "" --version
check_line "version" '^mxconf [0-9]+\.[0-9]+\.[0-9]+$'
for cmd in formats profiles decode encode scale quantize explain; do
  run "" "$cmd" --help
  CHECKS=$((CHECKS + 1))
  [[ $RC -eq 0 ]] || fail "$cmd --help: exit $RC"
  check_line "$cmd --help usage" "^usage: mxconf $cmd "
done

finish
