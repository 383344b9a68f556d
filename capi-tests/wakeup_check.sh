#!/bin/sh
# Run a test program with ZMQRS_DEBUG_WAKEUPS=1 and fail if the library
# reports that its periodic re-check had to recover a lost wake-up (the
# re-check hides such bugs from ordinary tests; this makes them visible).
#   wakeup_check.sh <program> [args...]
out=$(mktemp)
ZMQRS_DEBUG_WAKEUPS=1 "$@" 2>"$out"
rc=$?
cat "$out" >&2
if grep -q "lost wake-up" "$out"; then
    echo "FAIL: lost wake-up(s) reported" >&2
    rm -f "$out"
    exit 1
fi
rm -f "$out"
exit $rc
