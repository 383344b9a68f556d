#!/usr/bin/env python3
"""Test zmq_tls.py (pyzmq + the Rust libzmq) against our library.

    LD_PRELOAD=target/release/libzmq.so.5 python3 python/test_zmq_tls.py CERTDIR

CERTDIR is made by capi-tests/tls/mkcerts.sh. Exits 0 (pass), 1 (fail) or
77 (skipped: pyzmq is not installed). With ZMQ_TLS_TEST_ALLOW_MISSING=1,
options the library does not know yet (getsockopt gives EINVAL) are
reported as skipped instead of failing. The constants of zmq_tls are
compared with $ZMQ_TLS_TEST_HEADER (default: include/zmq.h of this
checkout).
"""

import os
import re
import sys
import traceback

try:
    import zmq
except ImportError:
    print("SKIP: pyzmq is not installed (pip install pyzmq)")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zmq_tls  # noqa: E402  (needs the path above)
from zmq_tls import (  # noqa: E402
    ZMQ_TLS_CA_DIR, ZMQ_TLS_CA_FILE, ZMQ_TLS_CERT_PASSWORD,
    ZMQ_TLS_CERT_PASSWD, ZMQ_TLS_VERIFY_PEER, ZMQ_TLS_CERT_COMMON_NAME,
    ZMQ_TLS_VERIFY_HOSTNAME, ZMQ_TLS_CA_PEM, ZMQ_TLS_CERT_PEM,
    ZMQ_TLS_KEY_PEM, ZMQ_TLS_MIN_VERSION, ZMQ_TLS_CIPHERS,
    ZMQ_TLS_CIPHERSUITES, ZMQ_TLS_SESSION_RESUMPTION, ZMQ_TLS_RELOAD,
    ZMQ_TLS_VERSION_1_2, ZMQ_TLS_VERSION_1_3)

TIMEOUT_MS = 5000
HERE = os.path.dirname(os.path.abspath(__file__))
ALLOW_MISSING = os.environ.get("ZMQ_TLS_TEST_ALLOW_MISSING") == "1"
failures = []


def check(cond, what):
    print("%s: %s" % ("ok" if cond else "FAIL", what))
    if not cond:
        failures.append(what)


def raises(errnum, fn, *args):
    """fn(*args) raises zmq.ZMQError with errno errnum."""
    try:
        fn(*args)
    except zmq.ZMQError as e:
        return e.errno == errnum
    return False


def new_socket(ctx, kind):
    # Bounded waits everywhere: the test must fail, never hang.
    s = ctx.socket(kind)
    s.linger = 0
    s.rcvtimeo = TIMEOUT_MS
    s.sndtimeo = TIMEOUT_MS
    return s


def read(certs, name):
    with open(os.path.join(certs, name), "rb") as f:
        return f.read()


# Int options: default, a second valid value, an invalid value (EINVAL).
# (-1 for ZMQ_TLS_RELOAD: invalid whether it is a switch or a period.)
INT_OPTIONS = {
    ZMQ_TLS_VERIFY_PEER: (1, 0, 7),
    ZMQ_TLS_VERIFY_HOSTNAME: (1, 0, 7),
    ZMQ_TLS_MIN_VERSION: (ZMQ_TLS_VERSION_1_2, ZMQ_TLS_VERSION_1_3, 5),
    ZMQ_TLS_SESSION_RESUMPTION: (1, 0, 7),
    ZMQ_TLS_RELOAD: (1, 0, -1),
}


def string_values(option, certs):
    """Values to round-trip through a string option: valid for it, since
    the library may check ciphers or PEM text when they are set."""
    if option == ZMQ_TLS_CIPHERS:
        return ["ECDHE-ECDSA-AES128-GCM-SHA256",
                "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"]
    if option == ZMQ_TLS_CIPHERSUITES:
        return ["TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"]
    if option == ZMQ_TLS_CA_PEM:  # 200 copies: get() must grow its buffer
        return [read(certs, "ca.crt"), read(certs, "ca.crt") * 200]
    if option == ZMQ_TLS_CERT_PEM:
        return [read(certs, "client.crt"), read(certs, "chain-server.crt")]
    if option == ZMQ_TLS_KEY_PEM:
        return [read(certs, "client.key"), read(certs, "server.key")]
    return ["/some/where/file one.pem", "x", "/tmp/d\u00e9j\u00e0 vu.pem",
            b"/bytes/path.pem"]


# String values the library refuses when they are set (EINVAL).
BAD_STRINGS = {
    ZMQ_TLS_CIPHERS: "AES128-SHA",  # no forward secrecy, no AEAD
    ZMQ_TLS_CIPHERSUITES: "TLS_NO_SUCH_SUITE",
}


def missing(what):
    """Something the library does not have yet: a skip with
    ZMQ_TLS_TEST_ALLOW_MISSING=1, else a failure."""
    if ALLOW_MISSING:
        print("SKIP: %s" % what)
    else:
        check(False, what)


def test_header():
    """zmq_tls's constants are those of the zmq.h under test."""
    path = os.environ.get("ZMQ_TLS_TEST_HEADER") or os.path.join(
        HERE, "..", "include", "zmq.h")
    if not os.path.exists(path):
        print("SKIP: no zmq.h to compare the constants with (%s)" % path)
        return
    with open(path) as f:
        text = re.sub(r"/\*.*?\*/|//[^\n]*", "", f.read(), flags=re.S)
    names = r"(?:ZMQ_TLS_|ETLS|ZMQ_EVENT_TLS)\w*"
    header = {}
    for name, expr in re.findall(r"^\s*#\s*define\s+(%s)\s+(.+?)\s*$"
                                 % names, text, re.M):
        # Values are numbers, sums and earlier names: Python reads them.
        header[name] = eval(expr, {"__builtins__": {}}, dict(
            header, ZMQ_HAUSNUMERO=zmq_tls.ZMQ_HAUSNUMERO))
    ours = {n: getattr(zmq_tls, n) for n in dir(zmq_tls)
            if re.fullmatch(names, n)}
    for name in sorted(set(header) | set(ours)):
        if name not in header:
            missing("%s is not in %s" % (name, path))
        elif name not in ours:
            check(False, "zmq_tls lacks %s" % name)
        elif header[name] != ours[name]:
            check(False, "%s: zmq_tls says %#x, zmq.h %#x"
                  % (name, ours[name], header[name]))
    print("ok: constants compared with %s" % path)


def available_options(ctx):
    """The ZMQ_TLS_* options the library knows (getsockopt works)."""
    s = new_socket(ctx, zmq.DEALER)
    known = set()
    for option, (name, _) in sorted(zmq_tls.OPTIONS.items()):
        try:
            zmq_tls.get(s, option)
            known.add(option)
        except zmq.ZMQError as e:
            if e.errno == zmq.EINVAL:
                missing("option %d (%s) unknown to the library"
                        % (option, name))
            else:
                check(False, "getsockopt of option %d (%s): %s"
                      % (option, name, e))
    s.close()
    return known


def test_options(ctx, certs, known):
    s = new_socket(ctx, zmq.DEALER)
    other = new_socket(ctx, zmq.DEALER)
    for option, (name, kind) in sorted(zmq_tls.OPTIONS.items()):
        if option not in known:
            continue
        if kind == "int":
            default, value, bad = INT_OPTIONS[option]
            check(zmq_tls.get(s, option) == default,
                  "%s default is %d" % (name, default))
            zmq_tls.set(s, option, value)
            check(zmq_tls.get(s, option) == value, "%s = %d" % (name, value))
            check(zmq_tls.get(other, option) == default,
                  "%s is per socket" % name)
            check(raises(zmq.EINVAL, zmq_tls.set, s, option, bad),
                  "%s = %d fails with EINVAL" % (name, bad))
            check(zmq_tls.get(s, option) == value,
                  "%s unchanged by the bad value" % name)
            zmq_tls.set(s, option, default)
            check(zmq_tls.get(s, option) == default,
                  "%s back to %d" % (name, default))
            continue
        empty = b"" if kind == "pem" else ""
        check(zmq_tls.get(s, option) == empty, "%s default is empty" % name)
        for value in string_values(option, certs):
            zmq_tls.set(s, option, value)
            got = zmq_tls.get(s, option)
            want = value
            if kind == "pem" and isinstance(value, str):
                want = value.encode()
            elif kind == "str" and isinstance(value, bytes):
                want = value.decode()
            check(got == want, "%s round trip of a %d-byte %s"
                  % (name, len(value), type(value).__name__))
        check(zmq_tls.get(other, option) == empty, "%s is per socket" % name)
        if option in BAD_STRINGS:
            bad = BAD_STRINGS[option]
            check(raises(zmq.EINVAL, zmq_tls.set, s, option, bad),
                  "%s = %r fails with EINVAL" % (name, bad))
            check(zmq_tls.get(s, option) == got,
                  "%s unchanged by the bad value" % name)
        zmq_tls.set(s, option, "")
        check(zmq_tls.get(s, option) == empty, "%s cleared by \"\"" % name)

    # The alias, and configure()'s keywords.
    zmq_tls.set(s, ZMQ_TLS_CERT_PASSWD, "secret")
    check(zmq_tls.get(s, ZMQ_TLS_CERT_PASSWORD) == "secret",
          "ZMQ_TLS_CERT_PASSWD is ZMQ_TLS_CERT_PASSWORD")
    zmq_tls.configure(s, ca_dir=os.path.join(certs, "cadir"),
                      cert_common_name="server", verify_peer=0,
                      ca_file=None)
    check(zmq_tls.get(s, ZMQ_TLS_CA_DIR) == os.path.join(certs, "cadir")
          and zmq_tls.get(s, ZMQ_TLS_CERT_COMMON_NAME) == "server"
          and zmq_tls.get(s, ZMQ_TLS_VERIFY_PEER) == 0
          and zmq_tls.get(s, ZMQ_TLS_CA_FILE) == "",
          "configure() sets its keywords and skips None")

    # Mistakes caught before the library is called.
    def raises_py(exc, fn, *args, **kw):
        try:
            fn(*args, **kw)
        except exc:
            return True
        return False
    check(raises_py(TypeError, zmq_tls.set, s, ZMQ_TLS_VERIFY_PEER, "1"),
          "an int option rejects a str (TypeError)")
    check(raises_py(TypeError, zmq_tls.set, s, ZMQ_TLS_CA_FILE, 1),
          "a string option rejects an int (TypeError)")
    check(raises_py(ValueError, zmq_tls.set, s, ZMQ_TLS_CA_FILE, "a\0b"),
          "a string with a NUL is refused (ValueError)")
    check(raises_py(ValueError, zmq_tls.get, s, zmq.LINGER),
          "a non-TLS option is refused (ValueError)")
    check(raises_py(TypeError, zmq_tls.configure, s, bogus=1),
          "configure() rejects an unknown keyword (TypeError)")
    check(raises(zmq.EINVAL, zmq_tls.set, s, ZMQ_TLS_VERIFY_PEER, 2**32 + 1),
          "an int beyond a C int is EINVAL, not wrapped to 1")
    s.close()
    other.close()
    check(raises(zmq.ENOTSOCK, zmq_tls.get, s, ZMQ_TLS_VERIFY_PEER),
          "a closed socket gives ENOTSOCK")


def test_errors(ctx, certs):
    """Our errno values and messages come through (ETLS* at bind time)."""
    rep = new_socket(ctx, zmq.REP)
    zmq_tls.configure(rep, cert_file=os.path.join(certs, "missing.crt"),
                      key_file=os.path.join(certs, "server.key"))
    try:
        rep.bind("tls://127.0.0.1:*")
        check(False, "bind with a missing certificate fails")
    except zmq.ZMQError as e:
        check(e.errno == zmq_tls.ETLSCERT,
              "bind with a missing certificate: ETLSCERT (got %d: %s)"
              % (e.errno, e))
    rep.close()
    msg = zmq_tls.strerror(zmq_tls.ETLSCA)
    check(bool(msg) and "Unknown" not in msg,
          "zmq_strerror(ETLSCA) has a message: %r" % msg)
    s = new_socket(ctx, zmq.REQ)
    try:
        zmq_tls.set(s, ZMQ_TLS_VERIFY_PEER, 7)
        check(False, "ZMQ_TLS_VERIFY_PEER = 7 fails")
    except zmq.ZMQError as e:
        check(e.errno == zmq.EINVAL
              and e.strerror == zmq_tls.strerror(zmq.EINVAL),
              "EINVAL with our zmq_strerror's message (%r)" % e.strerror)
    s.close()


def exchange(ctx, name, server_opts, client_opts):
    """One REQ/REP round trip over tls://; the server must see the client
    certificate's CN as User-Id."""
    rep = new_socket(ctx, zmq.REP)
    req = new_socket(ctx, zmq.REQ)
    try:
        zmq_tls.configure(rep, **server_opts)
        zmq_tls.configure(req, **client_opts)
        rep.bind("tls://127.0.0.1:*")
        endpoint = rep.getsockopt_string(zmq.LAST_ENDPOINT)
        check(endpoint.startswith("tls://127.0.0.1:"),
              "%s: bound to %s" % (name, endpoint))
        req.connect(endpoint)
        req.send(b"hello")
        frame = rep.recv(copy=False)
        check(frame.bytes == b"hello", "%s: request received" % name)
        user = frame.get("User-Id")
        check(user == "client", "%s: User-Id is %r" % (name, user))
        rep.send(b"world")
        check(req.recv() == b"world", "%s: reply received" % name)
    except zmq.ZMQError as e:
        check(False, "%s: %s" % (name, e))
    finally:
        req.close()
        rep.close()


def main():
    if len(sys.argv) != 2:
        print("usage: %s CERTDIR" % sys.argv[0], file=sys.stderr)
        return 2
    certs = os.path.abspath(sys.argv[1])
    print("pyzmq %s, libzmq %s" % (zmq.__version__, zmq.zmq_version()))
    try:
        zmq_tls.use_library()
    except zmq_tls.TLSUnavailableError as e:
        print("FAIL: %s" % e)
        return 1
    ctx = zmq.Context()
    try:
        test_header()
        known = available_options(ctx)
        test_options(ctx, certs, known)
        test_errors(ctx, certs)

        def path(n):
            return os.path.join(certs, n)
        exchange(ctx, "files",
                 dict(ca_file=path("ca.crt"), cert_file=path("server.crt"),
                      key_file=path("server.key")),
                 dict(ca_file=path("ca.crt"), cert_file=path("client.crt"),
                      key_file=path("client.key")))
        pem = {ZMQ_TLS_CA_PEM, ZMQ_TLS_CERT_PEM, ZMQ_TLS_KEY_PEM}
        if pem <= known:
            exchange(ctx, "PEM text",
                     dict(ca_pem=read(certs, "ca.crt"),
                          cert_pem=read(certs, "server.crt"),
                          key_pem=read(certs, "server.key")),
                     dict(ca_pem=read(certs, "ca.crt").decode(),
                          cert_pem=read(certs, "client.crt").decode(),
                          key_pem=read(certs, "client.key").decode()))
        else:
            print("SKIP: PEM text exchange (options 2009-2011 unknown)")
    except Exception as e:  # report it as a failure, with its traceback
        traceback.print_exc()
        check(False, "unexpected %s: %s" % (type(e).__name__, e))
    finally:
        ctx.destroy(linger=0)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
