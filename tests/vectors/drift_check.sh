#!/usr/bin/env bash
# Usage: drift_check.sh MXCONF_BINARY COMMITTED_DIR
# Fails when `mxconf gen` no longer reproduces the committed vectors byte for byte, or a committed file does not
# match MANIFEST.txt.
set -euo pipefail
mxconf=$1
committed=$2
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
"$mxconf" gen --out "$fresh" > "$fresh.log" || { cat "$fresh.log"; exit 1; }
rm -f "$fresh.log"
if ! diff -r -q "$committed" "$fresh"; then
  echo "FAIL: the committed vectors differ from a fresh \`mxconf gen\` (files above)."
  echo "If the change is intended, regenerate from the repository root: build/harness/mxconf gen"
  exit 1
fi
"$mxconf" check-vectors --dir "$committed"
echo "OK: $(find "$committed" -type f | wc -l) committed files reproduce byte for byte"
