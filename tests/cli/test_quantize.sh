#!/usr/bin/env bash
# mxconf quantize: blocks to a scale and element codes. Expected values: spec-rules §3.3 and §4.
source "$(dirname "$0")/lib.sh"

# §3.3, microxcaling issue #4: amax 957 in E4M3. FLOOR: X = 2^1, 478.5 clamps to 448 (0x7e). RCEIL: X = 2^2,
# 239.25 rounds to 240 = 1.875 * 2^7 (0x77).
check "957 floor" $'0x446f4000\n' '0x80 0x7e' quantize --elem e4m3 --block 1
check "957 rceil" $'0x446f4000\n' '0x81 0x77' quantize --elem e4m3 --block 1 --rule rceil
# 1.0 next to 957 under RCEIL: 1.0 / 4 = 2^-2, E4M3 0b0'0101'000 = 0x28.
check "957 and 1 rceil" $'0x446f4000 0x3f800000\n' '0x81 0x77 0x28' quantize --elem e4m3 --block 2 --rule rceil

# §4, E2M1 amax 3.5: FLOOR X = 2^-1, 7 clamps to 6 (0x7); RCEIL X = 2^0, 3.5 ties to 4 (0x6).
check "e2m1 3.5 floor" $'0x40600000\n' '0x7e 0x7' quantize --elem e2m1 --block 1
check "e2m1 3.5 rceil" $'0x40600000\n' '0x7f 0x6' quantize --elem e2m1 --block 1 --rule rceil

# A full OCP block (K = 32 by default) of 1.0: X = 2^(0 - 8) (0x77), each element 256 = 2^8 (0b0'1111'000).
check "32 ones" "$(repeat 0x3f800000 32)"$'\n' "0x77 $(repeat 0x78 32)" quantize --elem e4m3
# §3.3: an all-zero block gets the smallest scale 0x00 and zero elements.
check "32 zeros" "$(repeat 0x0 32)"$'\n' "0x0 $(repeat 0x0 32)" quantize --elem e4m3

# §3.3: a NaN anywhere makes the scale NaN (0xff) under ocp; the element codes are then don't-care.
CHECKS=$((CHECKS + 1))
run $'0x7fc00000 0x3f800000\n' quantize --elem e4m3 --block 2
[[ $RC -eq 0 && "${OUT%% *}" == "0xff" ]] || fail "nan block: scale is '${OUT%% *}', exit $RC; expected 0xff, 0"

# §5.3 stochastic rounding, K = 8, E2M1 block [1.25, 6]: amax 6 gives X = 2^0 (0x7f); 1.25 has top discarded bits
# 0x80, so r = 0x7f truncates (0x2) and r = 0x80 carries (0x3); 6 is exact (0x7). 2K fields per line.
check "sr block" $'0x3fa00000 0x40c00000 0x7f 0xff\n0x3fa00000 0x40c00000 0x80 0x00\n' \
  $'0x7f 0x2 0x7\n0x7f 0x3 0x7' quantize --elem e2m1 --block 2 --round sr --sr-bits 8

# Several lines, comments skipped, one answer per block: 957 as above; 448 (§4: FLOOR s = 0) is E4M3's max 0x7e.
check "lines" $'# two blocks\n0x446f4000\n\n0x43e00000\n' $'0x80 0x7e\n0x7f 0x7e' quantize --elem e4m3 --block 1

# Output is byte-deterministic: the same input twice gives the same bytes.
CHECKS=$((CHECKS + 1))
BLOCK="$(repeat 0x3fa00000 16) $(repeat 0xc0e00000 16)"$'\n'
run "$BLOCK" quantize --elem e2m1
FIRST=$OUT
run "$BLOCK" quantize --elem e2m1
[[ "$FIRST" == "$OUT" ]] || fail "quantize output differs between two runs"

finish
