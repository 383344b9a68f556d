#!/usr/bin/env bash
# PUB/SUB, ours vs Debian's libzmq in one run (tcp, HWMs unlimited so
# nothing is dropped): one publisher to 1 and to 10 subscribers at 16 B
# and 1 KiB, and the publisher's matching cost with 10,000 subscriptions
# (each message matches one). Rate = messages per second until the last
# subscriber has them all; median of BENCH_REPS (default 3), runs of the
# two libraries interleaved. BENCH_SCALE scales the counts.
set -uo pipefail
cd "$(dirname "$0")/.."
unset LD_LIBRARY_PATH LD_PRELOAD
OUT=build/bench
SCALE="${BENCH_SCALE:-1}"
TMO="${BENCH_TIMEOUT:-60}"
REPS="${BENCH_REPS:-3}"
mkdir -p "$OUT/logs"
[ -e target/release/libzmq.so ] || bash scripts/build.sh >/dev/null
cc -O2 -Wall -o "$OUT/zmqbench-ours" bench/zmqbench.c -Iinclude -L"$PWD/target/release" -lzmq \
    -lpthread -ldl -Wl,--disable-new-dtags -Wl,-rpath,"$PWD/target/release" || exit 1
cc -O2 -Wall -o "$OUT/zmqbench-libzmq" bench/zmqbench.c -I/usr/include -l:libzmq.so.5 \
    -lpthread -ldl || exit 1

count() { awk -v n="$1" -v s="$SCALE" 'BEGIN { c = int(n * s); if (c < 10) c = 10; print c }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "FAILED"; else print v[int((NR + 1) / 2)] }'; }
run() { # lib size n subs topics
    local log="$OUT/logs/pubsub-$1-$2-$4-$5.log"
    ZMQBENCH_SUBS=$4 ZMQBENCH_TOPICS=$5 timeout -k 5 "$TMO" "$OUT/zmqbench-$1" pubsub "$2" "$3" \
        "tcp://127.0.0.1:*" >"$log" 2>&1
    sed -n 's/.* msgs_per_s=\([0-9.]*\).*/\1/p' "$log" | head -1
}

printf '\nPUB/SUB over tcp, messages/s per subscriber (median of %s; ratio = ours/libzmq)\n' "$REPS"
printf '%-34s | %12s | %12s | %6s\n' case libzmq ours ratio
for t in "1 subscriber, 16 B:16:2000000:1:0" "1 subscriber, 1 KiB:1024:500000:1:0" \
    "10 subscribers, 16 B:16:200000:10:0" "10 subscribers, 1 KiB:1024:100000:10:0" \
    "10,000 subscriptions, 16 B:16:1000000:1:10000"; do
    IFS=: read -r label size n subs topics <<<"$t"
    n=$(count "$n")
    a="" b=""
    for ((r = 0; r < REPS; r++)); do
        a+="$(run libzmq "$size" "$n" "$subs" "$topics") "
        b+="$(run ours "$size" "$n" "$subs" "$topics") "
    done
    ma=$(tr ' ' '\n' <<<"$a" | grep . | median)
    mb=$(tr ' ' '\n' <<<"$b" | grep . | median)
    ratio=$(awk -v a="$ma" -v b="$mb" 'BEGIN { if (a + 0 <= 0 || b + 0 <= 0) print "-"; else printf "%.2f", b / a }')
    printf '%-34s | %12s | %12s | %6s\n' "$label" "$ma" "$mb" "$ratio"
done
