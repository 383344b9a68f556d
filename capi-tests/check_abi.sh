#!/bin/sh
# The library under test exports every zmq_* function that real libzmq
# exports, and has SONAME libzmq.so.5.
#   check_abi.sh <real libzmq.so.5> <library under test>
set -eu
REAL=$1
OURS=$2
command -v nm >/dev/null || { echo "nm not found (binutils)"; exit 1; }
tmp=${TMPDIR:-/tmp}/check_abi.$$
trap 'rm -f "$tmp".*' EXIT
nm -D --defined-only "$REAL" | awk '$2 == "T" && $3 ~ /^zmq_/ { print $3 }' | sort -u > "$tmp.real"
nm -D --defined-only "$OURS" | awk '($2 == "T" || $2 == "W" || $2 == "i") && $3 ~ /^zmq_/ { print $3 }' | sed 's/@.*//' | sort -u > "$tmp.ours"
missing=$(comm -23 "$tmp.real" "$tmp.ours")
status=0
if [ -n "$missing" ]; then
  echo "missing exports:"; echo "$missing"; status=1
fi
soname=$(objdump -p "$OURS" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')
if [ "$soname" != "libzmq.so.5" ]; then
  echo "SONAME is '$soname', expected libzmq.so.5"; status=1
fi
# Only zmq_* (plus toolchain/runtime noise) should be exported.
extra=$(nm -D --defined-only "$OURS" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | sed 's/@.*//' \
        | grep -v '^zmq_' | grep -Ev '^(_init|_fini|_edata|_end|__bss_start|_ITM_.*|__gmon_start__)$' || true)
if [ -n "$extra" ]; then
  echo "note: non-zmq_ symbols exported:"; echo "$extra" | head -20
fi
n=$(wc -l < "$tmp.real")
[ $status -eq 0 ] && echo "abi_symbols: all $n zmq_* functions exported, SONAME $soname"
exit $status
