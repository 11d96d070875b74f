#!/usr/bin/env bash
# Every profile that says it was verified against observations/<library>/ (`mxconf profiles`: "observations:
# observations/...") must be claimed in observations/profiles.txt, so that observations.profiles compares it with
# what the library returned (issue 8: a profile with no observation for its claimed library is a failure, not a
# silent pass). The reverse (a claim that matches no observation file) is checked by check-observations itself.
# Usage: test_every_claim_observed.sh MXCONF_BINARY SOURCE_DIR
set -euo pipefail
mxconf=$1
map=$2/observations/profiles.txt
listing=$("$mxconf" profiles)
# Lines "  NAME: summary" followed by "      verified: ...; observations: observations/LIB/".
mapfile -t observed < <(awk '/^  [^ ]+: / { name = $1; sub(":$", "", name) }
                              /^      verified: .*observations: observations\// { print name }' <<<"$listing")
(( ${#observed[@]} > 0 )) || { echo "FAIL: no profile names an observations/ folder (has 'mxconf profiles' changed?)"; exit 1; }
failed=0
for p in "${observed[@]}"; do
  if ! awk -v p="$p" '!/^#/ && NF >= 4 && $4 == p { found = 1 } END { exit !found }' "$map"; then
    echo "FAIL: profile $p cites observations/ but no line of $map claims it"
    failed=1
  fi
done
(( failed == 0 )) || exit 1
echo "${#observed[@]} passed, 0 failed: every profile that cites observations/ is claimed in profiles.txt"
