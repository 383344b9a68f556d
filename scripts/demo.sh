#!/usr/bin/env bash
# Build the library, make a throwaway CA with server and client
# certificates, and run a REQ/REP exchange over tls:// with mutual
# verification (docs/examples/tls_demo.c).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v openssl >/dev/null && [ -f /usr/include/openssl/ssl.h ] && [ -f /usr/include/sodium.h ] &&
    command -v pkg-config >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl libssl-dev libsodium-dev pkg-config >/dev/null
}
echo "== building the library"
bash scripts/build.sh 2>&1 | tail -n 1
out=target/demo
certs=$out/certs
rm -rf "$certs"
mkdir -p "$certs"
echo "== generating a throwaway CA, server (CN=server) and client (CN=client) certificates in $certs"
(
    cd "$certs"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout ca.key -out ca.crt -days 1 -subj "/CN=Demo CA" 2>/dev/null
    for n in server client; do
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
            -keyout $n.key -out $n.csr -subj "/CN=$n" 2>/dev/null
        printf "subjectAltName=DNS:%s\n" $n > $n.ext
        openssl x509 -req -in $n.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
            -out $n.crt -days 1 -extfile $n.ext 2>/dev/null
    done
)
echo "== running the demo"
cc -O2 -Wall -o "$out/tls_demo" docs/examples/tls_demo.c -Iinclude -Ltarget/release -lzmq \
    -Wl,-rpath,"$PWD/target/release"
"$out/tls_demo" "$certs"
