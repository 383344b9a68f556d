#!/usr/bin/env python3
"""REQ/REP over tls:// with pyzmq and zmq_tls, mutually authenticated.

    LD_PRELOAD=target/release/libzmq.so.5 python3 python/example_req_rep.py

Makes a throwaway CA with a server (CN=server) and a client (CN=client)
certificate with the openssl CLI in a temporary directory, as
scripts/demo.sh does. The server takes its credentials as file names, the
client as PEM text; the server sees the client's CN as "User-Id".
"""

import os
import subprocess
import sys
import tempfile

import zmq

import zmq_tls


def make_certs(d):
    def openssl(*args):
        subprocess.run(("openssl",) + args, cwd=d, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.crt",
            "-days", "1", "-subj", "/CN=Example CA")
    # The client connects to 127.0.0.1: the server's certificate must name
    # it (ZMQ_TLS_VERIFY_HOSTNAME is on by default).
    sans = {"server": "DNS:localhost,IP:127.0.0.1", "client": "DNS:client"}
    for name, san in sans.items():
        openssl("req", *ec, "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + name)
        with open(os.path.join(d, name + ".ext"), "w") as f:
            f.write("subjectAltName=%s\n" % san)
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt",
                "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".crt",
                "-days", "1", "-extfile", name + ".ext")


def main():
    ctx = zmq.Context()
    with tempfile.TemporaryDirectory() as d:
        make_certs(d)

        def path(name):
            return os.path.join(d, name)

        def text(name):
            with open(path(name)) as f:
                return f.read()

        server = ctx.socket(zmq.REP)
        client = ctx.socket(zmq.REQ)
        for s in (server, client):
            s.linger = 0
            s.rcvtimeo = s.sndtimeo = 5000  # ms: fail rather than hang
        # With a CA set, the server asks every client for a certificate.
        zmq_tls.configure(server, ca_file=path("ca.crt"),
                          cert_file=path("server.crt"),
                          key_file=path("server.key"))
        zmq_tls.configure(client, ca_pem=text("ca.crt"),
                          cert_pem=text("client.crt"),
                          key_pem=text("client.key"),
                          min_version=zmq_tls.ZMQ_TLS_VERSION_1_3)
        # Credentials are loaded here: a bad file fails now, with ETLS*.
        server.bind("tls://127.0.0.1:*")
        endpoint = server.getsockopt_string(zmq.LAST_ENDPOINT)
        client.connect(endpoint)

        client.send(b"hello")
        frame = server.recv(copy=False)
        print("server got %r from User-Id %r on %s"
              % (frame.bytes, frame.get("User-Id"), endpoint))
        server.send(b"world")
        print("client got %r" % client.recv())
    ctx.destroy(linger=0)


if __name__ == "__main__":
    try:
        main()
    except zmq_tls.TLSUnavailableError as e:
        sys.exit(str(e))
