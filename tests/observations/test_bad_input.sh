#!/usr/bin/env bash
# Bad observations and bad claims are rejected with FILE:LINE and why, and a non-zero exit (docs/observations.md).
# Usage: test_bad_input.sh MXCONF SOURCE_DIR
set -u
mxconf=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect NAME EXIT REGEX ARGS...: runs mxconf check-observations ARGS, wants exit EXIT and REGEX in stderr+stdout.
expect() {
  local name=$1 want=$2 regex=$3
  shift 3
  local out rc
  out=$("$mxconf" check-observations "$@" 2>&1)
  rc=$?
  if [[ $rc -ne $want ]] || ! grep -Eq -- "$regex" <<<"$out"; then
    echo "FAIL $name: exit $rc (want $want), output:"
    echo "$out" | head -20
    fail=1
  else
    echo "ok   $name"
  fi
}

good=$src/observations/ml_dtypes/0.7.0/fp32-e4m3.txt
obs=$tmp/observations
mkdir -p "$obs/ml_dtypes/0.7.0"
copy() { cp "$good" "$obs/ml_dtypes/0.7.0/$1"; }

# A well-formed copy and a map that claims it: passes (so the failures below are caused by what each one breaks).
copy ok.txt
echo "ml_dtypes 0.7.0 * ml_dtypes" >"$obs/profiles.txt"
expect good 0 "1 compared" --dir "$obs"

# Missing provenance key.
grep -v '^@version ' "$good" >"$obs/ml_dtypes/0.7.0/ok.txt"
expect missing-version 2 "ok.txt:1: observation header has no @version" --dir "$obs"

# @library does not match its folder.
sed 's/^@library ml_dtypes$/@library torch/' "$good" >"$obs/ml_dtypes/0.7.0/ok.txt"
expect library-mismatch 2 "ok.txt:1: @library torch does not match its folder observations/ml_dtypes" --dir "$obs"

# Malformed row (a field too few) names its line.
copy ok.txt
line=$(grep -n '^0x' "$good" | sed -n 5p | cut -d: -f1)
sed "${line}s/ [^ ]*\$//" "$good" >"$obs/ml_dtypes/0.7.0/ok.txt"
expect malformed-line 2 "ok.txt:${line}: expected 3 fields" --dir "$obs"

# A bad hex code names its line.
sed "${line}s/ 0x[0-9a-f]* - *\$/ 0xzz -/" "$good" >"$obs/ml_dtypes/0.7.0/ok.txt"
expect bad-hex 2 "ok.txt:${line}: " --dir "$obs"

# Bad @date.
sed 's/^@date .*/@date yesterday/' "$good" >"$obs/ml_dtypes/0.7.0/ok.txt"
expect bad-date 2 "ok.txt:1: @date 'yesterday' is not YYYY-MM-DD" --dir "$obs"

# A claim with no observation of that version fails.
copy ok.txt
printf 'ml_dtypes 0.7.0 * ml_dtypes\nml_dtypes 0.6.0 * ml_dtypes-0.6\n' >"$obs/profiles.txt"
expect claim-without-observation 2 "profiles.txt:2: profile ml_dtypes-0.6 claims ml_dtypes 0.6.0, but no observation" \
  --dir "$obs"

# A map naming an unknown profile.
echo "ml_dtypes 0.7.0 * no-such-profile" >"$obs/profiles.txt"
expect unknown-profile 2 "profiles.txt:1: unknown profile 'no-such-profile'" --dir "$obs"

# A profile that does not describe the library: differences, exit 1 (the check can fail).
echo "ml_dtypes 0.7.0 * nvidia" >"$obs/profiles.txt"
expect wrong-profile 1 "fp32-e4m3|ok.txt: nvidia: [0-9]+ inputs, [1-9][0-9]* differ" --dir "$obs"

# One changed observed code is one difference, reported with its line and both answers.
echo "ml_dtypes 0.7.0 * ml_dtypes" >"$obs/profiles.txt"
sed "${line}s/ 0x[0-9a-f]* - *\$/ 0x55 -/" "$good" >"$obs/ml_dtypes/0.7.0/ok.txt"
expect one-difference 1 "line ${line}: 0x[0-9a-f]{8} code: library 0x55, profile 0x" --dir "$obs"

# Nothing to compare is an error, not a pass.
rm "$obs/ml_dtypes/0.7.0/ok.txt"
expect nothing-compared 2 "no observation of it matches" --dir "$obs"

exit $fail
