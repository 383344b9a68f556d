#!/bin/sh
# Run one of cppzmq-dev's examples (/usr/share/doc/cppzmq-dev/examples),
# built against the header and library under test.
#
#   run_example.sh BINARY EXPECTED_LIB MODE
#
# EXPECTED_LIB is the libzmq under test: the libzmq.so.5 the dynamic loader
# picks for BINARY must be that file (after resolving links). MODE:
#   exit0      the example must exit 0 (hello_world)
#   multipart  exit 0 and print "Got 2 messages" (multipart_messages)
#   pubsub     pubsub_multithread_inproc publishes forever: after 3 s it
#              must still be running (no assert fired), and thread 2 (A and
#              B subscriptions) must have printed A and B but never C,
#              thread 3 (everything) A, B and C.
set -u
bin=$1 expected=$2 mode=$3

fail() { echo "FAIL: $*" >&2; exit 1; }

loaded=$(LD_TRACE_LOADED_OBJECTS=1 "$bin" | awk '$1 ~ /^libzmq\.so/ { print $3 }')
[ -n "$loaded" ] || fail "$bin does not load libzmq.so.5"
echo "libzmq.so.5 => $loaded"
[ "$(readlink -f "$loaded")" = "$(readlink -f "$expected")" ] ||
    fail "$bin loads $loaded, not the library under test $expected"

out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
case $mode in
exit0|multipart)
    timeout 20 "$bin" >"$out" 2>&1
    rc=$?
    cat "$out"
    [ $rc = 0 ] || fail "exit status $rc"
    if [ "$mode" = multipart ]; then
        grep -qx "Got 2 messages" "$out" || fail "no 'Got 2 messages' line"
    fi
    ;;
pubsub)
    timeout 3 "$bin" >"$out" 2>&1
    rc=$?
    head -n 12 "$out"
    echo "... $(wc -l <"$out") lines"
    [ $rc = 124 ] || fail "exit status $rc before the 3 s timeout (124 expected)"
    for line in "Thread2: [A] Message in A envelope" \
                "Thread2: [B] Message in B envelope" \
                "Thread3: [A] Message in A envelope" \
                "Thread3: [B] Message in B envelope" \
                "Thread3: [C] Message in C envelope"; do
        grep -qF "$line" "$out" || fail "never printed: $line"
    done
    if grep -qF "Thread2: [C] Message in C envelope" "$out"; then
        fail "thread 2 got a C message it did not subscribe to"
    fi
    ;;
*)
    fail "unknown mode $mode"
    ;;
esac
echo "ok"
