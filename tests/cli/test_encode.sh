#!/usr/bin/env bash
# mxconf encode: source bit patterns to codes. Expected values: spec-rules §2.1-§2.6, §5.2-§5.3.
source "$(dirname "$0")/lib.sh"

# §2.2: 464 = 0x43e80000 ties to 448 in both modes; 0x43e80001 overflows: 0x7e saturating, 0x7f non-saturating.
check "e4m3 top tie, saturating" $'0x43e80000\n0x43e80001\n' $'0x7e\n0x7e' encode --from fp32 --to e4m3
check "e4m3 top tie, non-saturating" $'0x43e80000\n0x43e80001\n' $'0x7e\n0x7f' \
  encode --from fp32 --to e4m3 --overflow nonsat
check "--set overflow=nonsat" $'0x43e80001\n' '0x7f' encode --from fp32 --to e4m3 --set overflow=nonsat
check "--overflow beats --set" $'0x43e80001\n' '0x7e' \
  encode --from fp32 --to e4m3 --set overflow=nonsat --overflow saturate

# §2.2: E5M2 61440 = 0x47700000 ties to 65536 and overflows: Inf (0x7c) non-saturating, 0x7b saturating.
check "e5m2 overflow tie" $'0x47700000\n0x476fffff\n' $'0x7b\n0x7b' encode --from fp32 --to e5m2
check "e5m2 overflow tie nonsat" $'0x47700000\n' '0x7c' encode --from fp32 --to e5m2 --overflow nonsat

# §2.2 table: +-Inf under SAT / NOSAT.
check "inf e4m3 sat" $'0x7f800000\n0xff800000\n' $'0x7e\n0xfe' encode --from fp32 --to e4m3
check "inf e4m3 nonsat" $'0x7f800000\n0xff800000\n' $'0x7f\n0xff' encode --from fp32 --to e4m3 --overflow nonsat
check "inf e5m2 sat" $'0x7f800000\n0xff800000\n' $'0x7b\n0xfb' encode --from fp32 --to e5m2
check "inf e5m2 nonsat" $'0x7f800000\n0xff800000\n' $'0x7c\n0xfc' encode --from fp32 --to e5m2 --overflow nonsat

# §2.2: NVIDIA writes every NaN as 0x7f (sign dropped) in both FP8 formats.
check "nan nvidia e4m3" $'0xffc00000\n0x7fc00000\n' $'0x7f\n0x7f' encode --from fp32 --to e4m3 --profile nvidia
check "nan nvidia e5m2" $'0xffc00000\n' '0x7f' encode --from fp32 --to e5m2 --profile nvidia

# §2.2 underflow: E4M3 2^-10 ties to 0, just above it is the min subnormal; negatives keep the sign.
check "e4m3 underflow" $'0x3a800000\n0x3a800001\n0xba800000\n' $'0x0\n0x1\n0x80' encode --from fp32 --to e4m3
check "e5m2 underflow" $'0x37000000\n0x37000001\n' $'0x0\n0x1' encode --from fp32 --to e5m2

# §2.3: E2M1 7.0 ties between 6 and 8, rounds to 8, saturates to 6 (0x7). E3M2 30 -> 28, E2M3 7.75 -> 7.5.
check "e2m1 7.0" $'0x40e00000\n' '0x7' encode --from fp32 --to e2m1
check "e3m2 30" $'0x41f00000\n' '0x1f' encode --from fp32 --to e3m2
check "e2m3 7.75" $'0x40f80000\n' '0x1f' encode --from fp32 --to e2m3
# §2.3 RNE ties: 0.25 -> 0, 0.75 -> 1, 1.25 -> 1, 1.75 -> 2, 2.5 -> 2, 3.5 -> 4, 5 -> 4; -0 -> 0x8.
check "e2m1 ties" $'0x3e800000\n0x3f400000\n0x3fa00000\n0x3fe00000\n0x40200000\n0x40600000\n0x40a00000\n0x80000000\n' \
  $'0x0\n0x2\n0x2\n0x4\n0x4\n0x6\n0x6\n0x8' encode --from fp32 --to e2m1
check "e3m2 -0" $'0x80000000\n' '0x20' encode --from fp32 --to e3m2

# §2.1: microxcaling rounds ties away: E4M3 400 -> 416 (0x7d); RNE gives 384 (0x7c).
check "rne 400" $'0x43c80000\n' '0x7c' encode --from fp32 --to e4m3
check "rna 400 (--round)" $'0x43c80000\n' '0x7d' encode --from fp32 --to e4m3 --round rna
check "rna 400 (profile)" $'0x43c80000\n' '0x7d' encode --from fp32 --to e4m3 --profile microxcaling

# §1.4: MXINT8 -2.0: symmetric clamp to -127 (0x81) by default; TOSA allows -128 (0x80).
check "int8 -2 symmetric" $'0xc0000000\n' '0x81' encode --from fp32 --to int8
check "int8 -2 tosa" $'0xc0000000\n' '0x80' encode --from fp32 --to int8 --profile tosa
check "int8 -2 --set" $'0xc0000000\n' '0x80' encode --from fp32 --to int8 --set int8-range=full

# §2.6 (PTX / CUDA e8m0): RP: 0x3f800001 -> 0x80, 0x00400001 -> 0x01; RZ: 0x00800000 -> 0x01;
# RP saturating 0x7f000001 -> 0xfe. The nvidia profile rounds scales up.
check "e8m0 rup (nvidia)" $'0x3f800001\n0x00400001\n0x7f000001\n' $'0x80\n0x1\n0xfe' \
  encode --from fp32 --to e8m0 --profile nvidia
check "e8m0 rtz" $'0x00800000\n0x3f800001\n' $'0x1\n0x7f' encode --from fp32 --to e8m0 --round rtz

# §5.3 stochastic rounding with K = 8: 1.25 in E2M1 sits half way between 1.0 and 1.5, so its top 8 discarded
# bits are 0x80: r = 0x7f gives no carry (1.0, 0x2), r = 0x80 carries (1.5, 0x3). 6.0 is exact: never moves.
check "sr e2m1" $'0x3fa00000 0x7f\n0x3fa00000 0x80\n0x40c00000 0xff\n' $'0x2\n0x3\n0x7' \
  encode --from fp32 --to e2m1 --round sr --sr-bits 8

# Wider and exact sources: fp64 464 ties to 448; exact 464 and 0x1.dp+8 likewise; 480 saturates.
check "fp64 source" $'0x407d000000000000\n0x407d000000000001\n' $'0x7e\n0x7e' encode --from fp64 --to e4m3
check "exact source" $'464\n0x1.dp+8\n480\n-0.5\nnan\n' $'0x7e\n0x7e\n0x7e\n0xb0\n0x7f' \
  encode --from exact --to e4m3
# subnormal-input=flush (MX paper Algorithm 1 note, §2.5): an fp32 subnormal becomes a zero of its sign.
# Rounding up, 0x00400001 (just above 2^-127) is 0x01 when kept (§2.6 RP) and 0x00 once flushed.
check "subnormal flush" $'0x00400001\n' '0x0' encode --from fp32 --to e8m0 --profile nvidia --set subnormal-input=flush
check "subnormal keep" $'0x00400001\n' '0x1' encode --from fp32 --to e8m0 --profile nvidia

finish
