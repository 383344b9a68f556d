#!/bin/sh
# Generate the throwaway test PKI used by the tls:// tests.
#
#   mkcerts.sh OUTDIR
#
# Everything is EC P-256 (fast). The files are written to a scratch directory
# next to OUTDIR and then copied over OUTDIR, so the script is idempotent:
# running it again regenerates every file. Exits non-zero on any failure.
# The openssl binary can be overridden with $OPENSSL.
#
# OUTDIR afterwards holds:
#   ca.crt ca.key                 test CA (root)
#   other-ca.crt other-ca.key     a second, unrelated CA
#   server.crt server.key         CN=server, SAN DNS:server,DNS:localhost,IP:127.0.0.1,IP:::1 (by ca)
#   client.crt client.key         CN=client (by ca)
#   other-client.crt .key         CN=other-client, signed by other-ca
#   expired-server.crt .key       CN=server (SANs as server), valid 2020-01-01..2020-01-02 (by ca)
#   selfsigned-server.crt .key    CN=server (SANs as server), self-signed
#   wrongname-server.crt .key     CN=wrongname, SAN DNS:wrongname (by ca)
#   client-enc.crt client-enc.key CN=client-enc, key encrypted with AES-256, password "secret" (by ca)
#   nomatch.key                   a key that matches none of the certificates
#   inter-ca.crt inter-ca.key     intermediate CA signed by ca
#   chain-server.key              key of chain-server-leaf.crt
#   chain-server-leaf.crt         CN=server (SANs as server), signed by inter-ca: leaf only
#   chain-server.crt              the same leaf followed by inter-ca.crt
#   cadir/myca.pem                ca.crt under a non-hash file name
#   garbage.pem                   a file that is no PEM at all
#   empty.pem                     an empty file
#   nocn-client.crt .key          no CN, SAN DNS:client.example (by ca)
#   revoked-client.crt .key       CN=revoked-client (by ca), revoked in ca.crl
#   revoked-server.crt .key       CN=server (SANs as server, by ca), revoked in ca.crl
#   ca.crl                        CRL of ca revoking revoked-client and revoked-server
#   twocn-client.crt .key         subject CN=admin, CN=client (by ca)
#   name-*.crt name-*.key         certificates for the host name rules (by ca)
#   names.tsv                     "CERT KIND NAME EXPECT" lines: KIND host or
#                                 ip, EXPECT 1 when `openssl verify
#                                 -verify_hostname/-verify_ip NAME` accepts
set -eu

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
OUT=$1
OPENSSL=${OPENSSL:-openssl}
command -v "$OPENSSL" >/dev/null 2>&1 || {
  echo "mkcerts.sh: '$OPENSSL' not found" >&2
  exit 1
}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d "${OUT%/}.tmp.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM
cd "$WORK"

# openssl is chatty on stderr even on success; show it only on failure.
run() {
  if ! "$OPENSSL" "$@" >"$WORK/log" 2>&1; then
    echo "mkcerts.sh: openssl $* failed:" >&2
    cat "$WORK/log" >&2
    exit 1
  fi
}

SERVER_SAN="subjectAltName=DNS:server,DNS:localhost,IP:127.0.0.1,IP:::1"

newkey() { # newkey FILE
  run genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"
}

# Extension files.
cat >ca.ext <<'EOF'
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid:always
EOF

leaf_ext() { # leaf_ext FILE [SAN-LINE]
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature"
    echo "extendedKeyUsage=serverAuth,clientAuth"
    echo "subjectKeyIdentifier=hash"
    echo "authorityKeyIdentifier=keyid"
    if [ $# -ge 2 ]; then echo "$2"; fi
  } >"$1"
}

selfsigned_ca() { # selfsigned_ca NAME CN
  newkey "$1.key"
  run req -new -x509 -key "$1.key" -out "$1.crt" -days 3650 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
}

# sign NAME CN ISSUER EXTFILE [KEYFILE]: NAME.csr from NAME.key (or KEYFILE),
# certificate NAME.crt signed by ISSUER.crt/ISSUER.key
sign() {
  key=${5:-$1.key}
  run req -new -key "$key" -out "$1.csr" -subj "/CN=$2"
  run x509 -req -in "$1.csr" -CA "$3.crt" -CAkey "$3.key" -CAcreateserial \
    -out "$1.crt" -days 3650 -sha256 -extfile "$4"
}

# ---- CAs ---------------------------------------------------------------------
selfsigned_ca ca "zmq-tls-test CA"
selfsigned_ca other-ca "zmq-tls-test other CA"

# ---- leaf certificates signed by the CA ----------------------------------------
leaf_ext server.ext "$SERVER_SAN"
leaf_ext client.ext
leaf_ext wrongname.ext "subjectAltName=DNS:wrongname"

newkey server.key
sign server server ca server.ext

newkey client.key
sign client client ca client.ext

newkey other-client.key
sign other-client other-client other-ca client.ext

newkey wrongname-server.key
sign wrongname-server wrongname ca wrongname.ext

# ---- encrypted client key (password "secret") ----------------------------------
newkey client-enc.plain.key
run pkey -in client-enc.plain.key -out client-enc.key -aes256 -passout pass:secret
grep -q "ENCRYPTED" client-enc.key || {
  echo "mkcerts.sh: client-enc.key is not encrypted" >&2
  exit 1
}
sign client-enc client-enc ca client.ext client-enc.plain.key

# ---- a key that matches no certificate ----------------------------------------
newkey nomatch.key

# ---- self-signed server certificate ---------------------------------------------
newkey selfsigned-server.key
run req -new -x509 -key selfsigned-server.key -out selfsigned-server.crt \
  -days 3650 -subj "/CN=server" -addext "$SERVER_SAN" \
  -addext "basicConstraints=critical,CA:FALSE"

# ---- expired server certificate (openssl ca with explicit dates) ---------------
mkdir -p ca-db/new
: >ca-db/index.txt
echo 1000 >ca-db/serial
cat >ca-db/ca.cnf <<EOF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $WORK/ca-db
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
certificate = $WORK/ca.crt
private_key = $WORK/ca.key
default_md = sha256
policy = policy_any
unique_subject = no
default_crl_days = 3650
copy_extensions = none
x509_extensions = leaf_ext
[ policy_any ]
commonName = supplied
[ leaf_ext ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:server,DNS:localhost,IP:127.0.0.1
EOF
newkey expired-server.key
run req -new -key expired-server.key -out expired-server.csr -subj "/CN=server"
run ca -batch -notext -config ca-db/ca.cnf -in expired-server.csr \
  -out expired-server.crt -startdate 20200101000000Z -enddate 20200102000000Z
if "$OPENSSL" x509 -in expired-server.crt -noout -checkend 0 >/dev/null 2>&1; then
  echo "mkcerts.sh: expired-server.crt is not expired" >&2
  exit 1
fi

# ---- chain: root CA -> intermediate CA -> server leaf ----------------------------
newkey inter-ca.key
sign inter-ca "zmq-tls-test intermediate CA" ca ca.ext
newkey chain-server.key
sign chain-server-leaf server inter-ca server.ext chain-server.key
cat chain-server-leaf.crt inter-ca.crt >chain-server.crt

# ---- a client certificate without CN (User-Id is its first DNS SAN) ------------
leaf_ext nocn.ext "subjectAltName=DNS:client.example,DNS:second.example"
newkey nocn-client.key
run req -new -key nocn-client.key -out nocn-client.csr -subj "/O=zmq-tls-test"
run x509 -req -in nocn-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
  -out nocn-client.crt -days 3650 -sha256 -extfile nocn.ext

# ---- a revoked client certificate and the CA's CRL -------------------------------
newkey revoked-client.key
run req -new -key revoked-client.key -out revoked-client.csr -subj "/CN=revoked-client"
run ca -batch -notext -config ca-db/ca.cnf -in revoked-client.csr \
  -out revoked-client.crt -days 3650
run ca -config ca-db/ca.cnf -revoke revoked-client.crt
newkey revoked-server.key
run req -new -key revoked-server.key -out revoked-server.csr -subj "/CN=server"
run ca -batch -notext -config ca-db/ca.cnf -in revoked-server.csr \
  -out revoked-server.crt -days 3650
run ca -config ca-db/ca.cnf -revoke revoked-server.crt
run ca -config ca-db/ca.cnf -gencrl -out ca.crl

# ---- a client certificate with two CNs -------------------------------------------
newkey twocn-client.key
run req -new -key twocn-client.key -out twocn-client.csr -subj "/CN=admin/CN=client"
run x509 -req -in twocn-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
  -out twocn-client.crt -days 3650 -sha256 -extfile client.ext

# ---- host name rules: certificates and what openssl verify says of names -------
names_cert() { # names_cert NAME CN [SAN]
  if [ $# -ge 3 ]; then leaf_ext "$1.ext" "subjectAltName=$3"; else leaf_ext "$1.ext"; fi
  newkey "$1.key"
  sign "$1" "$2" ca "$1.ext"
}
names_cert name-cn-and-dns localhost "DNS:other.test"
names_cert name-cn-only localhost
names_cert name-wild-com wild "DNS:*.com"
names_cert name-wild-ip wild "DNS:*.0.0.1"
names_cert name-wild-ok wild "DNS:*.example.test"
names_cert name-wild-partial wild "DNS:f*.example.test"
names_cert name-ip-only ipsan "IP:127.0.0.1"
names_cert name-ip-as-dns ipdns "DNS:127.0.0.1"
names_cert name-upper upper "DNS:LocalHost"
: >names.tsv
for c in "name-cn-and-dns host localhost" "name-cn-and-dns host other.test" \
  "name-cn-only host localhost" "name-cn-only host LOCALHOST" \
  "name-wild-com host example.com" "name-wild-ip ip 127.0.0.1" \
  "name-wild-ok host a.example.test" "name-wild-ok host example.test" \
  "name-wild-ok host a.b.example.test" "name-wild-partial host foo.example.test" \
  "name-wild-partial host bar.example.test" "name-ip-only ip 127.0.0.1" \
  "name-ip-only host localhost" "name-ip-as-dns ip 127.0.0.1" \
  "name-upper host localhost" "server host localhost" "server ip 127.0.0.1" \
  "server host server" "server host serverx" "wrongname-server host localhost" \
  "wrongname-server ip 127.0.0.1"; do
  set -- $c
  if [ "$2" = ip ]; then flag=-verify_ip; else flag=-verify_hostname; fi
  if "$OPENSSL" verify -CAfile ca.crt "$flag" "$3" "$1.crt" >/dev/null 2>&1; then
    ok=1
  else
    ok=0
  fi
  echo "$1 $2 $3 $ok" >>names.tsv
done
# The matrix must hold both outcomes, or it tests nothing.
grep -q ' 1$' names.tsv && grep -q ' 0$' names.tsv || {
  echo "mkcerts.sh: names.tsv is one-sided" >&2
  exit 1
}
NAME_FILES=$(for f in name-*.crt name-*.key; do printf '%s ' "$f"; done)

# ---- CA directory with a non-hash file name ------------------------------------
mkdir -p cadir
cp ca.crt cadir/myca.pem

# ---- unusable files ---------------------------------------------------------------
printf 'this is not a PEM file\n\001\002\003 garbage\n' >garbage.pem
: >empty.pem

# ---- sanity checks ----------------------------------------------------------------
run verify -CAfile ca.crt server.crt
run verify -CAfile ca.crt client.crt
run verify -CAfile ca.crt client-enc.crt
run verify -CAfile ca.crt wrongname-server.crt
run verify -CAfile other-ca.crt other-client.crt
run verify -CAfile ca.crt -untrusted inter-ca.crt chain-server-leaf.crt
if "$OPENSSL" verify -CAfile ca.crt chain-server-leaf.crt >/dev/null 2>&1; then
  echo "mkcerts.sh: chain leaf verifies without its intermediate" >&2
  exit 1
fi

# ---- install --------------------------------------------------------------------
FILES="ca.crt ca.key other-ca.crt other-ca.key server.crt server.key
client.crt client.key other-client.crt other-client.key
expired-server.crt expired-server.key selfsigned-server.crt selfsigned-server.key
wrongname-server.crt wrongname-server.key client-enc.crt client-enc.key
nomatch.key inter-ca.crt inter-ca.key chain-server.key chain-server-leaf.crt
chain-server.crt garbage.pem empty.pem nocn-client.crt nocn-client.key
revoked-client.crt revoked-client.key revoked-server.crt revoked-server.key
twocn-client.crt twocn-client.key ca.crl names.tsv $NAME_FILES"
for f in $FILES; do
  cp "$f" "$OUT/$f.new"
  mv -f "$OUT/$f.new" "$OUT/$f"
done
mkdir -p "$OUT/cadir"
# Only myca.pem in cadir (drop leftovers of earlier runs).
find "$OUT/cadir" -mindepth 1 -maxdepth 1 ! -name myca.pem -exec rm -rf {} +
cp cadir/myca.pem "$OUT/cadir/myca.pem.new"
mv -f "$OUT/cadir/myca.pem.new" "$OUT/cadir/myca.pem"
chmod 600 "$OUT"/*.key
echo "mkcerts.sh: test PKI written to $OUT"
