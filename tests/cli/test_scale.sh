#!/usr/bin/env bash
# mxconf scale: block amax to the E8M0 scale code. Expected values: spec-rules §3.3 and the §4 tables (unbiased
# s from the tables, code = s + 127: s = 0 is 0x7f).
source "$(dirname "$0")/lib.sh"

RULES=(floor ceil even rceil tosa tosa-2023)

# rule_row <elem> <amax fp32> <a as in the table> <code per rule, in RULES order...>
rule_row() {
  local elem=$1 amax=$2 label=$3
  shift 3
  for rule in "${RULES[@]}"; do
    check "$elem a=$label $rule" "$amax"$'\n' "$1" scale --elem "$elem" --rule "$rule"
    shift
  done
}

# §4, E4M3 (M = 448, emax = 8)           floor ceil  even  rceil tosa  tosa-2023
rule_row e4m3 0x43e00000 448              0x7f  0x80  0x7f  0x7f  0x7f  0x7f
rule_row e4m3 0x43e60000 460              0x7f  0x80  0x7f  0x80  0x7f  0x80
rule_row e4m3 0x43e80000 464              0x7f  0x80  0x7f  0x80  0x7f  0x80
rule_row e4m3 0x43e88000 465              0x7f  0x80  0x7f  0x80  0x80  0x80
rule_row e4m3 0x43f00000 480              0x7f  0x80  0x7f  0x80  0x80  0x80
rule_row e4m3 0x43fa0000 500              0x7f  0x80  0x80  0x80  0x80  0x80
rule_row e4m3 0x43808000 257              0x7f  0x80  0x7f  0x7f  0x7f  0x7f
rule_row e4m3 0x43800000 256              0x7f  0x7f  0x7f  0x7f  0x7f  0x7f
rule_row e4m3 0x446f4000 957              0x80  0x81  0x80  0x81  0x81  0x81
rule_row e4m3 0x43ffffff 511.99997        0x7f  0x80  0x80  0x80  0x80  0x80
# §4, E2M1 (M = 6, emax = 2)
rule_row e2m1 0x40c00000 6                0x7f  0x80  0x7f  0x7f  0x7f  0x80
rule_row e2m1 0x40d00000 6.5              0x7f  0x80  0x7f  0x80  0x7f  0x80
rule_row e2m1 0x40e00000 7                0x7f  0x80  0x80  0x80  0x80  0x80
rule_row e2m1 0x40a00000 5                0x7f  0x80  0x7f  0x7f  0x7f  0x7f
rule_row e2m1 0x40400000 3                0x7e  0x7f  0x7e  0x7e  0x7e  0x7f
rule_row e2m1 0x40600000 3.5              0x7e  0x7f  0x7f  0x7f  0x7f  0x7f
rule_row e2m1 0x3f400000 0.75             0x7c  0x7d  0x7c  0x7c  0x7c  0x7d

# §4 RCEIL in fp32: the one input per format where fl32(a * fl32(1/M)) lands on 2^-127 and gives code 0 instead of
# the exact rule's 1.
check "rceil exact e4m3 0x04600001" $'0x04600001\n' '0x1' scale --elem e4m3 --rule rceil
check "rceil-fp32 e4m3 0x04600001" $'0x04600001\n' '0x0' scale --elem e4m3 --rule rceil-fp32
check "rceil exact e2m1 0x01400001" $'0x01400001\n' '0x1' scale --elem e2m1 --rule rceil
check "rceil-fp32 e2m1 0x01400001" $'0x01400001\n' '0x0' scale --elem e2m1 --rule rceil-fp32

# §3.3: amax = 0 gives the smallest scale 0x00 under every rule; microxcaling Python's fp32-min-normal gives
# 0x01 for MXINT8 only. A subnormal amax clamps at 2^-127.
for rule in "${RULES[@]}"; do check "zero amax $rule" $'0x00000000\n' '0x0' scale --elem e4m3 --rule "$rule"; done
check "zero amax fp32-min-normal int8" $'0x0\n' '0x1' scale --elem int8 --set zero-amax=fp32-min-normal
check "zero amax fp32-min-normal e4m3" $'0x0\n' '0x0' scale --elem e4m3 --set zero-amax=fp32-min-normal
check "subnormal amax" $'0x00000001\n' '0x0' scale --elem e4m3

# §3.3: NaN or Inf amax. ocp (microxcaling, torchao, TOSA): NaN scale 0xff. nvidia (TE): NaN is skipped by fmaxf
# (an all-NaN block is then all zero: 0x00), Inf gives 0xfe.
check "nan/inf ocp" $'0x7fc00000\n0x7f800000\n0xff800000\n' $'0xff\n0xff\n0xff' scale --elem e4m3
check "nan/inf nvidia" $'0x7fc00000\n0x7f800000\n' $'0x0\n0xfe' scale --elem e4m3 --profile nvidia
# With block-nan=ignore-in-amax a lone NaN leaves an all-zero block (0x00), even for an element format that has no
# NaN code under a policy that refuses NaN elements: the scale does not depend on the element codes.
check "ignore-in-amax e2m1" $'0x7fc00000\n' '0x0' scale --elem e2m1 --set block-nan=ignore-in-amax
check "block-inf via --set" $'0x7f800000\n' '0xfe' scale --elem e4m3 --set block-inf=largest-scale

# amax is a magnitude: a negative input counts as |amax| (957 -> floor 1).
check "negative amax" $'0xc46f4000\n' '0x80' scale --elem e4m3 --rule floor

# §3.3 top end, only from sources wider than fp32: 2^200 (fp64 0x4c70000000000000) gives s = 192 > 127: clamp to
# 0xfe (gfloat, TOSA) or NaN 0xff (microxcaling).
check "scale overflow clamp" $'0x4c70000000000000\n' '0xfe' scale --elem e4m3 --from fp64
check "scale overflow nan" $'0x4c70000000000000\n' '0xff' scale --elem e4m3 --from fp64 --set scale-overflow=nan
check "scale overflow microxcaling" $'0x4c70000000000000\n' '0xff' scale --elem e4m3 --from fp64 --profile microxcaling

# The profile's rule applies without --rule: nvidia uses rceil-fp32 (957 -> 2), ocp floor (957 -> 1).
check "profile rule" $'0x446f4000\n' '0x81' scale --elem e4m3 --profile nvidia
check "default rule" $'0x446f4000\n' '0x80' scale --elem e4m3

finish
