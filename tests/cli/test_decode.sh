#!/usr/bin/env bash
# mxconf decode: codes to exact values. Expected values: spec-rules §1.1-§1.5.
source "$(dirname "$0")/lib.sh"

# §1.5: code c is 2^(c-127); 0x00 is 2^-127; 0xff is the only NaN.
check "e8m0 extremes" $'0x00\n0x7f\n0xfe\n0xff\n' \
  $'0x1p-127\n0x1p+0\n0x1p+127\nnan' decode --format e8m0

# §1.1: E4M3 max normal 0x7e = 448 = 0x1.cp+8; min normal 2^-6; min subnormal 2^-9; 0x80 = -0; 0x7f/0xff NaN.
check "e4m3" $'0x7e\n0xfe\n0x08\n0x01\n0x80\n0x7f\n0xff\n' \
  $'0x1.cp+8\n-0x1.cp+8\n0x1p-6\n0x1p-9\n-0x0p+0\nnan\n-nan' decode --format e4m3

# §1.2: E5M2 max 0x7b = 57344; 0x7c/0xfc Inf; 0x7d NaN; min subnormal 2^-16.
check "e5m2" $'0x7b\n0x7c\n0xfc\n0x7d\n0x01\n' \
  $'0x1.cp+15\ninf\n-inf\nnan\n0x1p-16' decode --format e5m2

# §1.3: all eight E2M1 magnitudes 0, 0.5, 1, 1.5, 2, 3, 4, 6; 0x8 is -0.
check "e2m1 all positive codes" $'0x0\n0x1\n0x2\n0x3\n0x4\n0x5\n0x6\n0x7\n0x8\n0xf\n' \
  $'0x0p+0\n0x1p-1\n0x1p+0\n0x1.8p+0\n0x1p+1\n0x1.8p+1\n0x1p+2\n0x1.8p+2\n-0x0p+0\n-0x1.8p+2' decode --format e2m1

# §1.3: E3M2 max 28, min subnormal 0.0625; E2M3 max 7.5, min subnormal 0.125.
check "e3m2" $'0x1f\n0x01\n' $'0x1.cp+4\n0x1p-4' decode --format e3m2
check "e2m3" $'0x1f\n0x01\n' $'0x1.ep+2\n0x1p-3' decode --format e2m3

# §1.4: MXINT8 value q * 2^-6: 0x7f = 127/64, 0x80 = -2.0 (decoders accept it), 0x01 = 1/64, 0xff = -1/64.
check "int8" $'0x7f\n0x80\n0x01\n0xff\n0x00\n' \
  $'0x1.fcp+0\n-0x1p+1\n0x1p-6\n-0x1p-6\n0x0p+0' decode --format int8

# Hex with 0x in any case; aliases accepted. A bare code is refused with a hint (issue 9: 448 is not 0x448).
check "hex spellings" $'0X7e\n0x7E\n' $'0x1.cp+8\n0x1.cp+8' decode --format float8_e4m3fn

# Blank lines and '#' comments are skipped and get no output line; CRLF input is accepted.
check "comments and blank lines" $'# header\n0x7e\n\n   \n  # indented comment\n0x00\r\n' \
  $'0x1.cp+8\n0x0p+0' decode --format e4m3

# fp32 as a destination-independent check of the wide formats: 0x43e80000 = 464.
check "fp32" $'0x43e80000\n0x00400000\n0x7f800000\n' $'0x1.dp+8\n0x1p-127\ninf' decode --format fp32

finish
