#!/usr/bin/env bash
# Interop through a standard TLS terminator (socat): Debian's libzmq on
# plain tcp on one side, our tls:// socket on the other, both directions.
# Proves our wire format is standard TLS carrying standard ZMTP.
#   socat_bridge.sh <tls_peer_ours> <tls_peer_real> <workdir>
set -euo pipefail
ours=$1 real=$2 work=$3
command -v socat >/dev/null || { echo "socat missing"; exit 1; }
rm -rf "$work"; mkdir -p "$work"; cd "$work"
certs=$work/certs; mkdir -p "$certs"
(
    cd "$certs"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
        -out ca.crt -days 2 -subj "/CN=bridge test CA" 2>/dev/null
    for n in server client; do
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $n.key \
            -out $n.csr -subj "/CN=$n" 2>/dev/null
        printf "subjectAltName=DNS:%s\n" "$n" > $n.ext
        openssl x509 -req -in $n.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out $n.crt \
            -days 2 -extfile $n.ext 2>/dev/null
    done
)
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_file() { for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.1; done; echo "no $1"; return 1; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
fail=0

echo "== real libzmq REP (tcp) <- socat OPENSSL-LISTEN <- our REQ (tls://)"
timeout 60 "$real" server "tcp://127.0.0.1:*" ep1 1000 & pids+=($!); srv=$!
wait_file ep1
zport=$(sed 's/.*://' ep1)
tport=$(free_port)
socat OPENSSL-LISTEN:$tport,bind=127.0.0.1,reuseaddr,cert=$certs/server.crt,key=$certs/server.key,cafile=$certs/ca.crt,verify=1 \
    TCP:127.0.0.1:$zport & pids+=($!)
sleep 0.3
if timeout 60 "$ours" client "tls://127.0.0.1:$tport" 1000 "$certs" && wait $srv; then
    echo "PASS ours(tls) -> socat -> real(tcp)"
else
    echo "FAIL ours(tls) -> socat -> real(tcp)"; fail=1
fi

echo "== our REP (tls://) <- socat OPENSSL <- real libzmq REQ (tcp)"
timeout 60 "$ours" server "tls://127.0.0.1:*" ep2 1000 "$certs" & pids+=($!); srv=$!
wait_file ep2
tport=$(sed 's/.*://' ep2)
pport=$(free_port)
socat TCP-LISTEN:$pport,bind=127.0.0.1,reuseaddr \
    OPENSSL:127.0.0.1:$tport,cert=$certs/client.crt,key=$certs/client.key,cafile=$certs/ca.crt,verify=1,commonname=server & pids+=($!)
sleep 0.3
if timeout 60 "$real" client "tcp://127.0.0.1:$pport" 1000 && wait $srv; then
    echo "PASS real(tcp) -> socat -> ours(tls)"
else
    echo "FAIL real(tcp) -> socat -> ours(tls)"; fail=1
fi
exit $fail
