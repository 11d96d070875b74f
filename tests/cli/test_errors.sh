#!/usr/bin/env bash
# Every error path: usage errors exit 2 at once with a message naming the argument; per-line errors answer the
# line "error", name the line on stderr, answer the remaining lines, and exit 2 at the end.
source "$(dirname "$0")/lib.sh"

# ---- Usage errors (nothing is read; stdout stays empty). ----
check_fails "no command" "" "" "usage: mxconf <command>"
check_fails "unknown command" "" "" "unknown command 'bogus' (valid: formats, profiles, policies, decode, encode" bogus
check_fails "unknown format" "" "" "--to: unknown format 'e9m9' (valid: e4m3, e5m2" encode --from fp32 --to e9m9
check_fails "unknown source" "" "" "--from: unknown source 'fp33' (valid: e4m3" encode --from fp33 --to e4m3
check_fails "unknown decode format" "" "" "--format: unknown format 'f8'" decode --format f8
check_fails "unknown element format" "" "" "--elem: unknown element format 'fp32' (valid: e4m3, e5m2, e3m2, e2m3, e2m1, int8)" \
  scale --elem fp32
check_fails "unknown rounding" "" "" "--round: unknown rounding mode 'nearest' (valid: rne, rtz, rup, rdn, rna, sr)" \
  encode --from fp32 --to e4m3 --round nearest
check_fails "unknown rule" "" "" "--rule: unknown scale rule 'max' (valid: floor, ceil, even, rceil" \
  scale --elem e4m3 --rule max
check_fails "unknown profile" "" "" "--profile: unknown profile 'intel' (valid: ocp, nvidia" \
  encode --from fp32 --to e4m3 --profile intel
check_fails "unknown policy" "" "" "unknown policy 'nan' (valid: overflow, directed-overflow" \
  encode --from fp32 --to e4m3 --set nan=keep
check_fails "invalid policy value" "" "" "invalid value 'maybe' for nan-sign (valid: positive, keep, negative)" \
  encode --from fp32 --to e4m3 --set nan-sign=maybe
check_fails "policy without value" "" "" "expected POLICY=VALUE" encode --from fp32 --to e4m3 --set overflow
check_fails "block policy on encode" "" "" "policy 'rule' has no effect on this command" \
  encode --from fp32 --to e4m3 --set rule=ceil
check_fails "element overflow on quantize" "" "" "policy 'overflow' has no effect on this command" \
  quantize --elem e4m3 --set overflow=nonsat
check_fails "element-overflow on scale" "" "" "policy 'element-overflow' has no effect on this command" \
  scale --elem e4m3 --set element-overflow=nonsat
check_fails "comparison policy on encode" "" "" "policy 'nan-match' has no effect on this command" \
  encode --from fp32 --to e4m3 --set nan-match=any-nan
check_fails "comparison policy on quantize" "" "" "policy 'decoded-nan-match' has no effect on this command" \
  quantize --elem e4m3 --set decoded-nan-match=exact-code
check_fails "comparison policy on check-observations" "" "" "policy 'nan-match' has no effect on this command" \
  check-observations --dir "$SOURCE_DIR/observations" --profile ocp --set nan-match=any-nan
check_fails "unknown --overflow" "" "" "--overflow: unknown value 'wrap' (valid: saturate, nonsat)" \
  encode --from fp32 --to e4m3 --overflow wrap
check_fails "missing --to" "" "" "missing required option --to" encode --from fp32
check_fails "missing value" "" "" "option --format needs a value" decode --format
check_fails "unknown option" "" "" "unknown option --form (valid: --format, --help)" decode --form e4m3
check_fails "option twice" "" "" "option --to given twice" encode --from fp32 --to e4m3 --to e5m2
check_fails "flag with value" "" "" "option --markdown takes no value" formats --markdown=yes
check_fails "stray argument" "" "" "unexpected argument 'e4m3'" decode e4m3
check_fails "sr without bits" "" "" "--round sr needs --sr-bits" encode --from fp32 --to e4m3 --round sr
check_fails "bits without sr" "" "" "--sr-bits applies only with --round sr" encode --from fp32 --to e4m3 --sr-bits 8
check_fails "bits out of range" "" "" "--sr-bits: '65' is not a whole number from 1 to 64" \
  encode --from fp32 --to e4m3 --round sr --sr-bits 65
check_fails "block size" "" "" "--block: '0' is not a whole number from 1 to 65536" quantize --elem e4m3 --block 0
check_fails "block size text" "" "" "--block: '3x' is not a whole number" quantize --elem e4m3 --block 3x

# ---- Per-line errors: other lines are still answered, in place. ----
# A code wider than the format (decode's InvalidArgument), a malformed hex line, a line with two fields.
check_fails "decode: wide code" $'0x7e\n0x100\n0x00\n' $'0x1.cp+8\nerror\n0x0p+0' \
  "mxconf decode: line 2: code 0x100 does not fit e4m3 (8 bits)" decode --format e4m3
check_fails "decode: malformed hex" $'0x7e\n0xzz\n0x00\n' $'0x1.cp+8\nerror\n0x0p+0' \
  "mxconf decode: line 2: code '0xzz' is not a hex code" decode --format e4m3
check_fails "decode: two fields" $'0x7e 0x7e\n0x00\n' $'error\n0x0p+0' \
  "mxconf decode: line 1: expected 1 field (one code), found 2" decode --format e4m3
check_fails "decode: too many digits" $'0x11112222333344445\n' 'error' "is not a hex code" decode --format fp64
# Line numbers count skipped lines too: the bad line is line 4 of the file.
check_fails "line numbers count comments" $'# c\n\n0x7e\n0x1ff\n' $'0x1.cp+8\nerror' \
  "mxconf decode: line 4:" decode --format e4m3

check_fails "encode: wide fp32 code" $'0x43e80000\n0x143e80000\n0x43e80000\n' $'0x7e\nerror\n0x7e' \
  "mxconf encode: line 2: code 0x143e80000 does not fit fp32 (32 bits)" encode --from fp32 --to e4m3
check_fails "encode: malformed" $'0x43e80000\n0xz1\n0x43e80000\n' $'0x7e\nerror\n0x7e' \
  "mxconf encode: line 2: fp32 code '0xz1' is not a hex code" encode --from fp32 --to e4m3
# NaN into E2M1 under ocp (nan-into-finite=error) is refused per line.
check_fails "encode: refused nan" $'0x40e00000\n0x7fc00000\n0x3f800000\n' $'0x7\nerror\n0x2' \
  "line 2: NaN has no encoding in e2m1 (policy nan-into-finite=error)" encode --from fp32 --to e2m1
# A negative into e8m0 under ocp (negative-into-unsigned=error).
check_fails "encode: refused negative" $'0xbf800000\n0x3f800000\n' $'error\n0x7f' \
  "line 1: negative value has no encoding in unsigned e8m0" encode --from fp32 --to e8m0
check_fails "encode: sr missing r" $'0x3fa00000 0x80\n0x3fa00000\n' $'0x3\nerror' \
  "line 2: expected 2 fields (value and random r, with --round sr), found 1" \
  encode --from fp32 --to e2m1 --round sr --sr-bits 8
check_fails "encode: sr r too wide" $'0x3fa00000 0x100\n0x3fa00000 0x80\n' $'error\n0x3' \
  "line 1: stochastic random value 0x100 does not fit in 8 bits" encode --from fp32 --to e2m1 --round sr --sr-bits 8
check_fails "encode: bad exact" $'1.5\n0.1\n' $'0x3c\nerror' "line 2: '0.1' is not an exact value" \
  encode --from exact --to e4m3

check_fails "scale: malformed" $'0x446f4000\nxyz\n0x446f4000\n' $'0x80\nerror\n0x80' \
  "mxconf scale: line 2: 'xyz' is not an exact value" scale --elem e4m3

# 957 and 1.0 under FLOOR: X = 2^1, 957 clamps to 0x7e, 1.0 / 2 = 2^-1 is 0b0'0110'000 (0x30).
check_fails "quantize: short block" $'0x446f4000 0x3f800000\n0x446f4000\n0x446f4000 0x3f800000 0x0\n0x43e00000 0x0\n' \
  $'0x80 0x7e 0x30\nerror\nerror\n0x7f 0x7e 0x0' "mxconf quantize: line 2: expected 2 values, found 1" \
  quantize --elem e4m3 --block 2
check_fails "quantize: long block" $'0x0 0x0 0x0\n' 'error' "line 1: expected 2 values, found 3" \
  quantize --elem e4m3 --block 2
check_fails "quantize: default 32" $'0x0\n' 'error' "line 1: expected 32 values, found 1" quantize --elem e4m3
check_fails "quantize: bad value" $'0x0 zz\n' 'error' "line 1: value 2: 'zz' is not an exact value" \
  quantize --elem e4m3 --block 2
check_fails "quantize: sr needs 2K" $'0x0 0x0\n' 'error' "line 1: expected 4 fields (2 values then 2 random values" \
  quantize --elem e2m1 --block 2 --round sr --sr-bits 8

# ---- Input that means what it says (issue 9). ----
# A bare number is the value it says where values are read (448 = fp32 0x43e00000 -> e4m3 0x7e; amax 957 under
# floor: 2^9 / 2^8 -> scale 2^1 = 0x80), never the pattern 0x448; a code without 0x is refused with a hint.
check "bare decimal into encode" $'448\n-1.5\n' $'0x7e\n0xbc' encode --from fp32 --to e4m3
check "bare decimal amax" $'957\n' $'0x80' scale --elem e4m3
check_fails "bare code" $'7e\n' 'error' "line 1: code '7e' has no 0x prefix" decode --format e4m3
check_fails "not an fp32 value" $'0.1\n' 'error' "as fp64 it rounds to 0x3fb999999999999a" encode --from fp32 --to e4m3
check_fails "inexact decimal" $'16777217\n' 'error' "'16777217' is not a value of fp32" encode --from fp32 --to e4m3
# Python's str() of a double is its shortest decimal, not its exact value: refused, with the exact hex float.
check_fails "python str" $'-0.06494331359863281\n' 'error' "= -0x1.0a02p-4 (give that pattern with --from fp64" \
  encode --from exact --to e4m3
# A UTF-8 BOM on line 1 is skipped; binary garbage is escaped; a long line is quoted in at most 80 characters.
check "bom" $'\xef\xbb\xbf0x7e\n' $'0x1.cp+8' decode --format e4m3
check_fails "garbage escaped" $'\x01\xff\xc3\xa9\n' 'error' "line 1: code '\\x01\\xffé' has no 0x prefix" \
  decode --format e4m3
long=$(printf 'z%.0s' $(seq 1 5000))
check_fails "long line cut" "$long"$'\n' 'error' "... (5000 bytes) has no 0x prefix" decode --format e4m3

finish
