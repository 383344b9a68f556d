#!/usr/bin/env bash
# tls:// side by side with libzmq's CURVE and with plain tcp, in one run:
#
# 1. throughput (PUSH -> PULL, one sender, one receiver) at 16 B, 1 KiB,
#    64 KiB and 1 MiB: our tls://, Debian libzmq's CURVE and ours over tcp,
#    our tcp ("CURVE ours/" is our CURVE over libzmq's);
# 2. connection set-up rate (new REQ socket, connect, handshakes, one
#    16 B round trip, close): our tcp, libzmq's tcp and CURVE, our CURVE, our tls with
#    ECDSA P-256 and RSA-2048 server certificates, each with and without
#    session resumption.
#
# Every figure is the median of BENCH_REPS runs (default 3), the runs of the
# columns interleaved. kTLS: the table says whether the kernel offers it
# (the TLS ULP); this library does not use it yet, so all tls rows are
# user-space OpenSSL.
#
#   BENCH_SCALE (default 1) scales message counts; BENCH_TIMEOUT per run;
#   BENCH_REPS repetitions.
set -uo pipefail
cd "$(dirname "$0")/.."
unset LD_LIBRARY_PATH LD_PRELOAD
OUT=build/bench
SCALE="${BENCH_SCALE:-1}"
TMO="${BENCH_TIMEOUT:-60}"
REPS="${BENCH_REPS:-3}"
mkdir -p "$OUT/logs"

build() { # name include libdir link
    local exe="$OUT/zmqbench-$1"
    cc -O2 -Wall -o "$exe" bench/zmqbench.c -I"$2" -L"$3" "$4" -lpthread -ldl \
        -Wl,--disable-new-dtags -Wl,-rpath,"$3" || exit 1
}
[ -e target/release/libzmq.so ] || bash scripts/build.sh >/dev/null
build ours include "$PWD/target/release" -lzmq
build libzmq /usr/include /usr/lib/x86_64-linux-gnu -l:libzmq.so.5

# Throwaway PKI: one CA, a P-256 and an RSA-2048 server certificate for
# 127.0.0.1 (the connect side checks the name).
mkcerts() { # dir keyspec...
    local d=$1
    shift
    [ -f "$d/server.crt" ] && [ -f "$d/.san" ] && return
    rm -rf "$d"
    mkdir -p "$d"
    (
        cd "$d" || exit 1
        openssl req -x509 -newkey "$@" -nodes -keyout ca.key -out ca.crt -days 30 \
            -subj "/CN=bench CA" 2>/dev/null
        openssl req -newkey "$@" -nodes -keyout server.key -out server.csr \
            -subj "/CN=server" 2>/dev/null
        echo "subjectAltName=IP:127.0.0.1,DNS:localhost" >san.ext
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
            -out server.crt -days 30 -extfile san.ext 2>/dev/null
        touch .san
    )
}
mkcerts "$OUT/tls-certs" ec -pkeyopt ec_paramgen_curve:P-256
mkcerts "$OUT/tls-certs-rsa" rsa:2048

count() { awk -v n="$1" -v s="$SCALE" 'BEGIN { c = int(n * s); if (c < 10) c = 10; print c }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "FAILED"; else print v[int((NR + 1) / 2)] }'; }

# run lib mode size n endpoint [ENV=VAL...]: one figure, or nothing
run() {
    local lib=$1 mode=$2 size=$3 n=$4 ep=$5
    shift 5
    local log="$OUT/logs/tls-bench-$lib-$mode-$size.log" key
    case $mode in
        thr) key=mb_per_s ;;
        conn) key=conns_per_s ;;
    esac
    env "$@" timeout -k 5 "$TMO" "$OUT/zmqbench-$lib" "$mode" "$size" "$n" "$ep" >"$log" 2>&1
    sed -n "s/.* $key=\([0-9.]*\).*/\1/p" "$log" | head -1
}

# Columns: "label|lib|endpoint|env..." ; figures interleaved per repetition.
table() { # mode size n column...
    local mode=$1 size=$2 n=$3
    shift 3
    local -a vals
    local i r
    for ((r = 0; r < REPS; r++)); do
        i=0
        for col in "$@"; do
            IFS='|' read -r _ lib ep envs <<<"$col"
            # shellcheck disable=SC2086
            vals[i]+="$(run "$lib" "$mode" "$size" "$n" "$ep" $envs) "
            i=$((i + 1))
        done
    done
    for ((i = 0; i < $#; i++)); do
        tr ' ' '\n' <<<"${vals[i]}" | grep . | median
    done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 <= 0 || b + 0 <= 0) print "-"; else printf "%.2f", a / b }'; }

ECDSA="ZMQBENCH_CERTS=$PWD/$OUT/tls-certs"
RSA="ZMQBENCH_CERTS=$PWD/$OUT/tls-certs-rsa"
if grep -qw tls /proc/sys/net/ipv4/tcp_available_ulp 2>/dev/null \
    || python3 -c 'import socket; socket.socket().setsockopt(6, 31, b"tls")' 2>/dev/null; then
    ktls="kernel offers the TLS ULP; not used by this library yet"
else
    ktls="kernel has no TLS ULP (setsockopt TCP_ULP \"tls\" fails): user-space OpenSSL only"
fi
echo "kTLS: $ktls"
echo "libzmq: $("$OUT/zmqbench-libzmq" version)"

printf '\nThroughput, MB/s (payload), median of %s\n' "$REPS"
printf '%-8s | %10s | %13s | %11s | %10s | %9s | %11s | %7s\n' size "tls (ours)" "CURVE libzmq" "CURVE (ours)" "tcp (ours)" \
    tls/CURVE "CURVE ours/" tls/tcp
for t in 16:3000000 1024:500000 65536:20000 1048576:1500; do
    IFS=: read -r size n <<<"$t"
    n=$(count "$n")
    mapfile -t v < <(table thr "$size" "$n" \
        "tls|ours|tls://127.0.0.1:*|$ECDSA" \
        "curve|libzmq|tcp://127.0.0.1:*|ZMQBENCH_CURVE=1" \
        "curve|ours|tcp://127.0.0.1:*|ZMQBENCH_CURVE=1" \
        "tcp|ours|tcp://127.0.0.1:*|")
    printf '%-8s | %10s | %13s | %11s | %10s | %9s | %11s | %7s\n' "$size" "${v[0]}" "${v[1]}" "${v[2]}" "${v[3]}" \
        "$(ratio "${v[0]}" "${v[1]}")" "$(ratio "${v[2]}" "${v[1]}")" "$(ratio "${v[0]}" "${v[3]}")"
done

n=$(count 400)
printf '\nConnection set-up, connections/s (connect, handshakes, one 16 B round trip, close), median of %s\n' "$REPS"
cols=("tcp (ours)|ours|tcp://127.0.0.1:*|"
    "tcp (libzmq)|libzmq|tcp://127.0.0.1:*|"
    "CURVE (libzmq)|libzmq|tcp://127.0.0.1:*|ZMQBENCH_CURVE=1"
    "CURVE (ours)|ours|tcp://127.0.0.1:*|ZMQBENCH_CURVE=1"
    "tls ECDSA P-256, full handshake|ours|tls://127.0.0.1:*|$ECDSA ZMQBENCH_TLS_RESUME=0"
    "tls ECDSA P-256, resumed|ours|tls://127.0.0.1:*|$ECDSA"
    "tls RSA-2048, full handshake|ours|tls://127.0.0.1:*|$RSA ZMQBENCH_TLS_RESUME=0"
    "tls RSA-2048, resumed|ours|tls://127.0.0.1:*|$RSA")
mapfile -t v < <(table conn 16 "$n" "${cols[@]}")
for i in "${!cols[@]}"; do
    printf '%-34s | %10s\n' "${cols[$i]%%|*}" "${v[$i]}"
done
