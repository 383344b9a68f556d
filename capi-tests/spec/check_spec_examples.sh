#!/usr/bin/env bash
# The C example blocks of zmq_tls(7) must compile verbatim against our
# header: extract each "----" delimited block that follows an ".Example"
# title, wrap it in a function declaring the variables it uses, compile.
# (Compile only: the examples name eth0 and 192.168.1.1.)
#   check_spec_examples.sh <cc> <include-dir> <spec-file>...
set -euo pipefail
cc=$1 inc=$2; shift 2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
pass=0 fail=0
for spec in "$@"; do
    [ -f "$spec" ] || { echo "skip (absent): $spec"; continue; }
    # awk: blocks between "----" lines that follow a ".Title" line.
    awk -v out="$work/block" '
        /^\./ { titled = 1; next }
        /^----$/ { if (inblk) { inblk = 0; close(f) } else if (titled) { n++; f = out n ".c"; inblk = 1; titled = 0 } next }
        inblk { print > f }
    ' "$spec"
    found=0
    for b in "$work"/block*.c; do
        [ -f "$b" ] || continue
        found=$((found + 1))
        src="$work/example.c"
        {
            echo '#include <zmq.h>'
            echo '#include <assert.h>'
            echo 'int example (void *socket, void *s);'
            echo 'int example (void *socket, void *s)'
            echo '{'
            echo '    int rc;'
            echo '    (void) socket; (void) s;'
            cat "$b"
            echo '    return rc;'
            echo '}'
        } > "$src"
        if "$cc" -std=c99 -Wall -Wextra -Werror -I"$inc" -c "$src" -o "$work/example.o"; then
            echo "PASS $(basename "$spec") example $found"; pass=$((pass + 1))
        else
            echo "FAIL $(basename "$spec") example $found:"; cat -n "$src"; fail=$((fail + 1))
        fi
        rm -f "$b"
    done
    if [ "$found" -lt 2 ]; then
        echo "FAIL $(basename "$spec"): expected 2 example blocks, found $found"; fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
