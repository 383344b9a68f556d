#!/usr/bin/env python3
"""pyzmq's zmq.auth ThreadAuthenticator (a ZAP handler) with our library on
one side and real libzmq on the other, in both directions.

    ZMQ_UNDER_TEST=/abs/path/libzmq.so.5 python3 python/test_zmq_auth.py

Every case runs a server and a client in two processes: one loads our
library (LD_PRELOAD=$ZMQ_UNDER_TEST, checked with zmq.has("tls")), the
other pyzmq's bundled libzmq. The server side holds the authenticator:
- PLAIN with a password table: the right password gets through with
  User-Id = the user name; a wrong one is refused;
- CURVE with a directory of allowed client certificates: a listed client
  gets through with User-Id = its Z85 public key; an unlisted one is
  refused; CURVE_ALLOW_ANY admits it (with its key as User-Id);
- NULL with a ZAP domain: an allowed address gets through (User-Id
  "anonymous", pyzmq's), a denied one is refused.
Exits 0 (pass), 1 (fail) or 77 (skipped: pyzmq missing).
"""

import os
import shutil
import subprocess
import sys
import tempfile

try:
    import zmq
    import zmq.auth
    from zmq.auth.thread import ThreadAuthenticator
except ImportError:
    print("SKIP: pyzmq is not installed (pip install pyzmq)")
    sys.exit(77)

# case: (server mechanism, client credentials, expected outcome)
CASES = {
    "plain_ok": ("plain", "good", "admin"),
    "plain_bad": ("plain", "bad", None),
    "curve_ok": ("curve", "good", "client-key"),
    "curve_unlisted": ("curve", "bad", None),
    "curve_any": ("curve_any", "bad", "stranger-key"),
    "null_allowed": ("null_allow", None, "anonymous"),
    "null_denied": ("null_deny", None, None),
}


def serve(case, keys):
    mech = CASES[case][0]
    ctx = zmq.Context()
    auth = ThreadAuthenticator(ctx)
    auth.start()
    pull = ctx.socket(zmq.PULL)
    pull.linger = 0
    if mech == "plain":
        auth.configure_plain(domain="*", passwords={"admin": "secret"})
        pull.plain_server = True
    elif mech.startswith("curve"):
        where = zmq.auth.CURVE_ALLOW_ANY if mech == "curve_any" else os.path.join(keys, "allowed")
        auth.configure_curve(domain="*", location=where)
        public, secret = zmq.auth.load_certificate(os.path.join(keys, "server.key_secret"))
        pull.curve_secretkey = secret
        pull.curve_publickey = public
        pull.curve_server = True
    else:
        if mech == "null_allow":
            auth.allow("127.0.0.1")
        else:
            auth.deny("127.0.0.1")
        pull.zap_domain = b"global"
    port = pull.bind_to_random_port("tcp://127.0.0.1")
    print("tls=%d port=%d" % (zmq.has("tls"), port), flush=True)
    pull.rcvtimeo = 4000 if CASES[case][2] is not None else 1500
    try:
        frame = pull.recv(copy=False)
        print("GOT %s user=%s" % (frame.bytes.decode(), frame.get("User-Id")), flush=True)
    except zmq.Again:
        print("NONE", flush=True)
    pull.close()
    auth.stop()
    ctx.term()


def client(case, keys, port):
    mech, creds = CASES[case][0], CASES[case][1]
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    if mech == "plain":
        push.plain_username = b"admin"
        push.plain_password = b"secret" if creds == "good" else b"wrong"
    elif mech.startswith("curve"):
        name = "client" if creds == "good" else "stranger"
        public, secret = zmq.auth.load_certificate(os.path.join(keys, name + ".key_secret"))
        server_public, _ = zmq.auth.load_certificate(os.path.join(keys, "server.key"))
        push.curve_publickey = public
        push.curve_secretkey = secret
        push.curve_serverkey = server_public
    print("tls=%d" % zmq.has("tls"), flush=True)
    push.connect("tcp://127.0.0.1:%s" % port)
    push.send(b"hello")
    # Refused: the message never leaves; do not wait for it on close.
    push.linger = 3000 if CASES[case][2] is not None else 0
    push.close()
    ctx.term()


def make_keys(d):
    for name in ("server", "client", "stranger"):
        zmq.auth.create_certificates(d, name)
    allowed = os.path.join(d, "allowed")
    os.mkdir(allowed)
    shutil.copy(os.path.join(d, "client.key"), allowed)
    return {name + "-key": zmq.auth.load_certificate(os.path.join(d, name + ".key"))[0].decode()
            for name in ("client", "stranger")}


def child_env(ours, lib):
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    if ours:
        env["LD_PRELOAD"] = lib
    return env


def run_case(case, keys, key_of, server_ours, lib):
    me = os.path.abspath(__file__)
    srv = subprocess.Popen([sys.executable, me, "--serve", case, keys],
                           stdout=subprocess.PIPE, text=True, env=child_env(server_ours, lib))
    first = srv.stdout.readline().split()
    if len(first) != 2:
        srv.kill()
        return "server did not start: %r" % first
    tls, port = first[0], first[1].split("=")[1]
    if tls != "tls=%d" % server_ours:
        srv.kill()
        return "server runs the wrong library (%s)" % tls
    cli = subprocess.run([sys.executable, me, "--client", case, keys, port],
                         capture_output=True, text=True, timeout=30,
                         env=child_env(not server_ours, lib))
    if cli.returncode != 0 or cli.stdout.split()[:1] != ["tls=%d" % (not server_ours)]:
        srv.kill()
        return "client failed or wrong library: %r %r" % (cli.stdout, cli.stderr[-500:])
    out, _ = srv.communicate(timeout=30)
    if srv.returncode != 0:
        return "server exited %d" % srv.returncode
    expected = CASES[case][2]
    if expected is None:
        want = "NONE"
    else:
        want = "GOT hello user=%s" % key_of.get(expected, expected)
    got = out.strip()
    return None if got == want else "expected %r, got %r" % (want, got)


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "--serve":
        return serve(sys.argv[2], sys.argv[3])
    if len(sys.argv) >= 5 and sys.argv[1] == "--client":
        return client(sys.argv[2], sys.argv[3], sys.argv[4])
    lib = os.environ.get("ZMQ_UNDER_TEST")
    if not lib or not os.path.isabs(lib):
        print("set ZMQ_UNDER_TEST to the absolute path of the library under test")
        return 2
    failures = 0
    with tempfile.TemporaryDirectory() as keys:
        key_of = make_keys(keys)
        for server_ours in (True, False):
            side = "ours serves, libzmq connects" if server_ours else "libzmq serves, ours connects"
            for case in CASES:
                err = run_case(case, keys, key_of, server_ours, lib)
                print("%-4s %-15s %s%s" % ("ok" if err is None else "FAIL", case, side,
                                          "" if err is None else ": " + err), flush=True)
                failures += err is not None
    print("%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
