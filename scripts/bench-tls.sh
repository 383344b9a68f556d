#!/usr/bin/env bash
# tls:// vs tcp:// with our library only, in one run: throughput for 16 B,
# 1 KiB, 64 KiB and 1 MiB messages and latency for 16 B, 1 KiB, 64 KiB.
# Uses build/bench/zmqbench-ours (made by scripts/bench.sh, or built here).
#   BENCH_SCALE (default 1) scales message counts; BENCH_TIMEOUT per run.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=build/bench
SCALE="${BENCH_SCALE:-1}"
TMO="${BENCH_TIMEOUT:-60}"
mkdir -p "$OUT"
bin=$OUT/zmqbench-ours
if [ ! -x "$bin" ] || [ bench/zmqbench.c -nt "$bin" ]; then
    cc -O2 -o "$bin" bench/zmqbench.c -Iinclude -Ltarget/release -lzmq -lpthread \
        -Wl,--disable-new-dtags -Wl,-rpath,"$PWD/target/release" || exit 1
fi
certs=$OUT/tls-certs
if [ ! -f "$certs/server.crt" ]; then
    mkdir -p "$certs"
    (
        cd "$certs"
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
            -out ca.crt -days 30 -subj "/CN=bench CA" 2>/dev/null
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key \
            -out server.csr -subj "/CN=server" 2>/dev/null
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
            -out server.crt -days 30 2>/dev/null
    )
fi
export ZMQBENCH_CERTS=$PWD/$certs
count() { awk -v n="$1" -v s="$SCALE" 'BEGIN { c = int(n * s); if (c < 10) c = 10; print c }'; }
metric() { # mode line
    if [ "$1" = thr ]; then sed -n 's/.* msgs_per_s=\([0-9.]*\).*/\1/p' <<<"$2"
    else sed -n 's/.* latency_us=\([0-9.]*\).*/\1/p' <<<"$2"; fi
}
mkdir -p "$OUT/logs"
run() { # mode size n transport  (log kept in build/bench/logs for failures)
    local line log="$OUT/logs/tls-bench-$1-$2-$4.log" rc
    LD_LIBRARY_PATH= timeout -k 5 "$TMO" "$bin" "$1" "$2" "$3" "$4://127.0.0.1:*" >"$log" 2>&1
    rc=$?
    line=$(grep -m1 "^$1 " "$log")
    v=$(metric "$1" "$line")
    if [ -z "$v" ]; then
        echo "  $4 $1 $2: FAILED rc=$rc (see $log)" >&2
        echo FAILED
    else
        echo "$v"
    fi
}
printf '\ntls vs tcp, our library (ratio tls/tcp for throughput, tcp/tls for latency)\n'
printf '%-4s %-8s | %14s | %14s | %6s\n' mode size tcp tls ratio
for t in thr:16:2000000 thr:1024:500000 thr:65536:20000 thr:1048576:1500 lat:16:10000 lat:1024:10000 lat:65536:5000; do
    IFS=: read -r mode size n <<<"$t"
    n=$(count "$n")
    a=$(run "$mode" "$size" "$n" tcp)
    b=$(run "$mode" "$size" "$n" tls)
    r=$(awk -v m="$mode" -v a="$a" -v b="$b" 'BEGIN { if (a+0 <= 0 || b+0 <= 0) print "-"; else if (m == "thr") printf "%.2f", b / a; else printf "%.2f", a / b }')
    printf '%-4s %-8s | %14s | %14s | %6s\n' "$mode" "$size" "$a" "$b" "$r"
done
