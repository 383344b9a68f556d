#!/usr/bin/python3
"""Debian's pyzmq (python3-zmq, compiled against Debian's libzmq5) on our
library, preloaded in place of Debian's libzmq.so.5:

    LD_PRELOAD=$PWD/target/release/libzmq.so.5 /usr/bin/python3 \
        python/test_debian_pyzmq.py [CERTDIR]

Run it with Debian's /usr/bin/python3 (python3-zmq lives in its
dist-packages), not a pyenv/venv python3 with PyPI's pyzmq. pyzmq's
extension modules need libzmq.so.5; the preloaded library has that SONAME,
so the dynamic loader uses it for them and never maps Debian's file. The
test checks that first (/proc/self/maps: exactly one libzmq, the preloaded
one; zmq.has("tls"), which only ours has), then runs a small real program:
REQ/REP over tcp, PUB/SUB with subscriptions, a Poller, multipart through
ROUTER/DEALER, socket options, a monitor socket
(zmq.utils.monitor.recv_monitor_message), and, with CERTDIR (made by
capi-tests/tls/mkcerts.sh), a REQ/REP over tls:// (options set with
python/zmq_tls.py).

Without LD_PRELOAD it runs against Debian's libzmq (and must fail the
library check: that is how the checks after it are validated, with
DEBIAN_PYZMQ_EXPECT_REAL=1). Exits 0 (pass), 1 (fail) or 77 (skipped:
/usr/bin/python3 cannot import zmq).
"""

import errno
import os
import sys
import time
import traceback

try:
    import zmq
    from zmq.utils.monitor import recv_monitor_message
except ImportError as e:
    print("SKIP: this python cannot import zmq (%s); apt-get install "
          "python3-zmq" % e)
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
DEBIAN_LIBZMQ = "/usr/lib/x86_64-linux-gnu/libzmq.so.5"
EXPECT_REAL = os.environ.get("DEBIAN_PYZMQ_EXPECT_REAL") == "1"
TIMEOUT_MS = 5000
failures = []


def check(cond, what):
    print("%s: %s" % ("ok" if cond else "FAIL", what))
    if not cond:
        failures.append(what)


def new_socket(ctx, kind, **opts):
    s = ctx.socket(kind)
    s.linger = 0
    s.rcvtimeo = TIMEOUT_MS
    s.sndtimeo = TIMEOUT_MS
    for name, value in opts.items():
        setattr(s, name, value)
    return s


def mapped_libzmq():
    """Files named libzmq* mapped in this process."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            fields = line.split(None, 5)
            path = fields[5].strip() if len(fields) == 6 else ""
            if path.startswith("/") and \
                    os.path.basename(path).startswith("libzmq"):
                libs.add(path)
    return libs


def test_library():
    """pyzmq is Debian's, and the libzmq in the process is ours only."""
    check(zmq.__file__.startswith("/usr/lib/python3/dist-packages/zmq/"),
          "pyzmq is Debian's python3-zmq (%s, pyzmq %s)"
          % (zmq.__file__, zmq.__version__))
    libs = mapped_libzmq()
    print("libzmq mapped: %s" % sorted(libs))
    real_debian = os.path.realpath(DEBIAN_LIBZMQ)
    if EXPECT_REAL:
        check([os.path.realpath(p) for p in libs] == [real_debian],
              "only Debian's libzmq is mapped")
        check(not zmq.has("tls"), "zmq.has('tls') is False on Debian's")
        return
    preload = os.environ.get("LD_PRELOAD", "").split()
    preload = [p for p in preload if "libzmq" in os.path.basename(p)]
    check(len(preload) == 1 and os.path.isabs(preload[0]),
          "LD_PRELOAD names our library by absolute path (%s)" % preload)
    if not preload:
        return
    ours = os.path.realpath(preload[0])
    check(len(libs) == 1, "exactly one libzmq is mapped (%s)" % sorted(libs))
    check(all(os.path.realpath(p) == ours for p in libs),
          "the mapped libzmq is the preloaded one (%s)" % ours)
    check(all(os.path.realpath(p) != real_debian for p in libs),
          "Debian's %s (%s) is not mapped" % (DEBIAN_LIBZMQ, real_debian))
    version = zmq.zmq_version_info()
    check(version[:2] == (4, 3),
          "zmq.zmq_version() is 4.3.x (%s)" % zmq.zmq_version())
    check(zmq.has("tls"), "zmq.has('tls') is True (only our library has it)")
    check(not zmq.has("no-such-capability"), "zmq.has() of nonsense is False")


def test_req_rep(ctx):
    rep = new_socket(ctx, zmq.REP)
    req = new_socket(ctx, zmq.REQ)
    port = rep.bind_to_random_port("tcp://127.0.0.1")
    endpoint = rep.getsockopt_string(zmq.LAST_ENDPOINT)
    check(endpoint == "tcp://127.0.0.1:%d" % port,
          "bind_to_random_port %d, LAST_ENDPOINT %s" % (port, endpoint))
    req.connect(endpoint)
    bad = []
    for i in range(20):
        req.send_string("request %d" % i)
        request = rep.recv_string()
        rep.send_json({"n": i, "ok": True})
        reply = req.recv_json()
        if request != "request %d" % i or reply != {"n": i, "ok": True}:
            bad.append((i, request, reply))
    check(not bad, "20 REQ/REP round trips, send_string / send_json %s"
          % (bad or ""))
    # Zero-copy frames, bytes, a 1 MiB message.
    big = os.urandom(1 << 20)
    req.send(big, copy=False)
    frame = rep.recv(copy=False)
    check(frame.bytes == big, "1 MiB message (copy=False)")
    check(frame.get("Peer-Address") == "127.0.0.1",
          "frame.get('Peer-Address') is 127.0.0.1 (%r)"
          % frame.get("Peer-Address"))
    rep.send(b"")
    check(req.recv() == b"", "empty reply")
    # REQ must send before it receives: EFSM.
    try:
        req.recv()
        check(False, "REQ recv before send raises")
    except zmq.ZMQError as e:
        check(e.errno == zmq.EFSM, "REQ recv before send: EFSM (%s)" % e)
    # A receive timeout is zmq.Again.
    rep.rcvtimeo = 50
    try:
        rep.recv()
        check(False, "recv with nothing queued times out")
    except zmq.Again:
        check(True, "recv with nothing queued raises zmq.Again after RCVTIMEO")
    req.close()
    rep.close()


def test_pub_sub(ctx):
    pub = new_socket(ctx, zmq.PUB)
    sub_a = new_socket(ctx, zmq.SUB)
    sub_all = new_socket(ctx, zmq.SUB)
    pub.bind("tcp://127.0.0.1:*")
    endpoint = pub.getsockopt_string(zmq.LAST_ENDPOINT)
    sub_a.setsockopt(zmq.SUBSCRIBE, b"A")
    sub_all.subscribe("")
    sub_a.connect(endpoint)
    sub_all.connect(endpoint)
    # Slow joiners: publish probes until both subscribers receive one.
    poller = zmq.Poller()
    poller.register(sub_a, zmq.POLLIN)
    poller.register(sub_all, zmq.POLLIN)
    joined = set()
    deadline = time.monotonic() + 5
    while len(joined) < 2 and time.monotonic() < deadline:
        pub.send(b"Aprobe")
        for sock, _ in poller.poll(20):
            joined.add(sock)
    check(len(joined) == 2, "both subscribers joined")
    time.sleep(0.1)
    for s in (sub_a, sub_all):
        while s.poll(0):
            s.recv()
    pub.send_multipart([b"B", b"for B"])
    pub.send_multipart([b"A", b"for A"])
    pub.send_multipart([b"C", b"for C"])
    check(sub_a.recv_multipart() == [b"A", b"for A"],
          "SUB 'A' gets only the A message")
    check([sub_all.recv_multipart() for _ in range(3)] ==
          [[b"B", b"for B"], [b"A", b"for A"], [b"C", b"for C"]],
          "SUB '' gets all three, in order")
    check(sub_a.poll(200) == 0, "SUB 'A' got nothing else")
    sub_a.unsubscribe("A")
    time.sleep(0.2)
    pub.send_multipart([b"A", b"again"])
    check(sub_all.recv_multipart() == [b"A", b"again"], "SUB '' still gets A")
    check(sub_a.poll(200) == 0, "unsubscribed SUB gets nothing")
    for s in (pub, sub_a, sub_all):
        s.close()


def test_poller_multipart(ctx):
    router = new_socket(ctx, zmq.ROUTER)
    dealer1 = new_socket(ctx, zmq.DEALER, routing_id=b"d1")
    dealer2 = new_socket(ctx, zmq.DEALER, routing_id=b"d2")
    router.bind("tcp://127.0.0.1:*")
    endpoint = router.last_endpoint.decode()
    dealer1.connect(endpoint)
    dealer2.connect(endpoint)
    poller = zmq.Poller()
    poller.register(router, zmq.POLLIN)
    poller.register(dealer1, zmq.POLLIN)
    poller.register(dealer2, zmq.POLLIN)
    check(poller.poll(50) == [], "Poller: nothing readable yet")
    dealer1.send_multipart([b"one", b"", b"three"])
    dealer2.send_multipart([b"x" * 100000, b"y"])
    got, wrong = [], []
    deadline = time.monotonic() + 5
    while len(got) < 2 and time.monotonic() < deadline:
        events = dict(poller.poll(1000))
        if events.get(router) == zmq.POLLIN:
            got.append(router.recv_multipart())
        wrong += [s for s in events if s is not router]
    check(not wrong, "Poller: only the router was readable")
    got.sort()
    check(got == [[b"d1", b"one", b"", b"three"],
                  [b"d2", b"x" * 100000, b"y"]],
          "ROUTER got both multipart messages with routing ids")
    router.send_multipart([b"d2", b"reply", b"to d2"])
    router.send_multipart([b"d1", b"reply to d1"])
    events = {}
    deadline = time.monotonic() + 5
    while len(events) < 2 and time.monotonic() < deadline:
        events.update(dict(poller.poll(1000)))
    check(events == {dealer1: zmq.POLLIN, dealer2: zmq.POLLIN},
          "Poller: both dealers readable")
    check(dealer2.recv_multipart() == [b"reply", b"to d2"], "d2's reply")
    check(dealer1.recv_multipart() == [b"reply to d1"], "d1's reply")
    # POLLOUT, and unregister.
    poller.unregister(router)
    poller.modify(dealer1, zmq.POLLOUT)
    events = dict(poller.poll(0))
    check(events == {dealer1: zmq.POLLOUT}, "Poller: POLLOUT on a dealer")
    # zmq.select, the other polling API.
    dealer1.send(b"sel")
    r, _, _ = zmq.select([router], [], [], 5)
    check(r == [router], "zmq.select: router readable")
    check(router.recv_multipart() == [b"d1", b"sel"], "select'ed message")
    # ROUTER_MANDATORY: an unknown peer is EHOSTUNREACH.
    router.router_mandatory = 1
    try:
        router.send_multipart([b"nobody", b"x"])
        check(False, "ROUTER_MANDATORY to an unknown peer raises")
    except zmq.ZMQError as e:
        check(e.errno == zmq.EHOSTUNREACH,
              "ROUTER_MANDATORY to an unknown peer: EHOSTUNREACH (%s)" % e)
    for s in (router, dealer1, dealer2):
        s.close()


def test_sockopts(ctx):
    s = ctx.socket(zmq.DEALER)
    check(s.type == zmq.DEALER and s.getsockopt(zmq.TYPE) == zmq.DEALER,
          "TYPE is DEALER")
    defaults = {zmq.LINGER: -1, zmq.SNDHWM: 1000, zmq.RCVHWM: 1000,
                zmq.RCVTIMEO: -1, zmq.SNDTIMEO: -1, zmq.IPV6: 0,
                zmq.IMMEDIATE: 0, zmq.MAXMSGSIZE: -1, zmq.RECONNECT_IVL: 100,
                zmq.MECHANISM: zmq.NULL, zmq.RCVMORE: 0}
    got = {opt: s.getsockopt(opt) for opt in defaults}
    check(got == defaults, "libzmq 4.3 defaults (%r)" % got)
    check(s.getsockopt(zmq.LAST_ENDPOINT) == b"", "LAST_ENDPOINT empty")
    check(s.getsockopt(zmq.ROUTING_ID) == b"", "ROUTING_ID empty")
    values = {zmq.LINGER: 250, zmq.SNDHWM: 77, zmq.RCVHWM: 88,
              zmq.MAXMSGSIZE: 1 << 33, zmq.IPV6: 1, zmq.TCP_KEEPALIVE: 1,
              zmq.HEARTBEAT_IVL: 1000, zmq.AFFINITY: 3}
    for opt, value in values.items():
        s.setsockopt(opt, value)
    got = {opt: s.getsockopt(opt) for opt in values}
    check(got == values, "set/get round trips (%r)" % got)
    s.routing_id = b"\x01\x00\x02"
    check(s.routing_id == b"\x01\x00\x02", "binary ROUTING_ID round trip")
    s.plain_username = b"user"
    s.plain_password = b"pw"
    check(s.mechanism == zmq.PLAIN, "PLAIN credentials switch MECHANISM")
    public, secret = zmq.curve_keypair()
    check(len(public) == 40 and len(secret) == 40, "zmq.curve_keypair()")
    check(zmq.curve_public(secret) == public, "zmq.curve_public()")
    s.curve_serverkey = public
    s.curve_publickey = public
    s.curve_secretkey = secret
    check(s.mechanism == zmq.CURVE, "CURVE keys switch MECHANISM")
    for opt, value, what in ((zmq.LINGER, -2, "LINGER -2"),
                             (zmq.SNDHWM, -1, "SNDHWM -1"),
                             (zmq.SUBSCRIBE, b"x", "SUBSCRIBE on a DEALER")):
        try:
            s.setsockopt(opt, value)
            check(False, "%s raises EINVAL" % what)
        except zmq.ZMQError as e:
            check(e.errno == zmq.EINVAL, "%s: EINVAL (%s)" % (what, e))
    # Bad endpoints.
    for call, endpoint, errnum in (
            (s.connect, "bogus://127.0.0.1:5555", zmq.EPROTONOSUPPORT),
            (s.connect, "tcp://127.0.0.1", zmq.EINVAL),
            (s.bind, "tcp://256.0.0.1:*", errno.ENODEV),
            (s.unbind, "tcp://127.0.0.1:1", errno.ENOENT)):
        try:
            call(endpoint)
            check(False, "%s(%s) raises" % (call.__name__, endpoint))
        except zmq.ZMQError as e:
            check(e.errno == errnum and str(e) == zmq.strerror(errnum),
                  "%s(%s): %s" % (call.__name__, endpoint, e))
    s.close()
    # Context options.
    c = zmq.Context(io_threads=2)
    check(c.get(zmq.IO_THREADS) == 2, "Context(io_threads=2)")
    c.set(zmq.MAX_SOCKETS, 512)
    check(c.get(zmq.MAX_SOCKETS) == 512, "MAX_SOCKETS round trip")
    c.term()


def test_monitor(ctx):
    rep = new_socket(ctx, zmq.REP)
    req = new_socket(ctx, zmq.REQ)
    rep_mon = rep.get_monitor_socket()
    req_mon = req.get_monitor_socket()
    for m in (rep_mon, req_mon):
        m.rcvtimeo = TIMEOUT_MS
    rep.bind("tcp://127.0.0.1:*")
    endpoint = rep.getsockopt_string(zmq.LAST_ENDPOINT)
    req.connect(endpoint)

    def events(mon, wanted):
        seen = {}
        deadline = time.monotonic() + 5
        while not wanted <= set(seen) and time.monotonic() < deadline:
            try:
                ev = recv_monitor_message(mon)
            except zmq.Again:
                break
            seen.setdefault(ev["event"], ev)
        return seen

    server = events(rep_mon, {zmq.EVENT_LISTENING, zmq.EVENT_ACCEPTED,
                              zmq.EVENT_HANDSHAKE_SUCCEEDED})
    client = events(req_mon, {zmq.EVENT_CONNECTED,
                              zmq.EVENT_HANDSHAKE_SUCCEEDED})
    check({zmq.EVENT_LISTENING, zmq.EVENT_ACCEPTED,
           zmq.EVENT_HANDSHAKE_SUCCEEDED} <= set(server),
          "server monitor: LISTENING, ACCEPTED, HANDSHAKE_SUCCEEDED (%s)"
          % sorted(server))
    check({zmq.EVENT_CONNECTED, zmq.EVENT_HANDSHAKE_SUCCEEDED} <= set(client),
          "client monitor: CONNECTED, HANDSHAKE_SUCCEEDED (%s)"
          % sorted(client))
    if zmq.EVENT_ACCEPTED in server:
        ev = server[zmq.EVENT_ACCEPTED]
        check(ev["endpoint"] == endpoint.encode() and ev["value"] >= 0,
              "ACCEPTED: endpoint %r, value (fd) %d"
              % (ev["endpoint"], ev["value"]))
    if zmq.EVENT_CONNECTED in client:
        ev = client[zmq.EVENT_CONNECTED]
        check(ev["endpoint"] == endpoint.encode(),
              "CONNECTED: endpoint %r" % ev["endpoint"])
    req.send(b"ping")
    check(rep.recv() == b"ping", "monitored connection carries a message")
    rep.send(b"pong")
    check(req.recv() == b"pong", "and its reply")
    # Closing the client: the server sees DISCONNECTED; disable_monitor
    # ends with MONITOR_STOPPED.
    req.disable_monitor()
    stopped = events(req_mon, {zmq.EVENT_MONITOR_STOPPED})
    check(zmq.EVENT_MONITOR_STOPPED in stopped,
          "disable_monitor(): MONITOR_STOPPED (%s)" % sorted(stopped))
    req.close()
    gone = events(rep_mon, {zmq.EVENT_DISCONNECTED})
    check(zmq.EVENT_DISCONNECTED in gone,
          "server monitor: DISCONNECTED after the client closed (%s)"
          % sorted(gone))
    rep.disable_monitor()
    for s in (rep_mon, req_mon, rep):
        s.close()


def test_tls(ctx, certs):
    """A REQ/REP over tls:// (options through python/zmq_tls.py)."""
    sys.path.insert(0, HERE)
    import zmq_tls

    def path(name):
        return os.path.join(certs, name)

    rep = new_socket(ctx, zmq.REP)
    req = new_socket(ctx, zmq.REQ)
    try:
        zmq_tls.configure(rep, ca_file=path("ca.crt"),
                          cert_file=path("server.crt"),
                          key_file=path("server.key"))
        zmq_tls.configure(req, ca_file=path("ca.crt"),
                          cert_file=path("client.crt"),
                          key_file=path("client.key"))
        check(zmq_tls.get(req, zmq_tls.ZMQ_TLS_VERIFY_PEER) == 1,
              "tls: ZMQ_TLS_VERIFY_PEER defaults to 1")
        rep.bind("tls://127.0.0.1:*")
        endpoint = rep.getsockopt_string(zmq.LAST_ENDPOINT)
        check(endpoint.startswith("tls://127.0.0.1:"),
              "tls: bound to %s" % endpoint)
        req.connect(endpoint)
        req.send_multipart([b"hello", b"over tls"])
        frames = rep.recv_multipart(copy=False)
        check([f.bytes for f in frames] == [b"hello", b"over tls"],
              "tls: request received")
        check(frames[0].get("User-Id") == "client",
              "tls: User-Id is the client certificate's CN (%r)"
              % frames[0].get("User-Id"))
        rep.send(b"world")
        check(req.recv() == b"world", "tls: reply received")
    except (zmq.ZMQError, zmq_tls.TLSUnavailableError) as e:
        check(False, "tls: %s" % e)
    finally:
        req.close()
        rep.close()


def main():
    certs = sys.argv[1] if len(sys.argv) > 1 else None
    print("pyzmq %s (%s), libzmq %s, python %s" % (
        zmq.__version__, os.path.dirname(zmq.__file__), zmq.zmq_version(),
        sys.executable))
    test_library()
    if failures and not EXPECT_REAL:
        # Not our library: nothing below would prove anything.
        print("FAILED: %d check(s): not running on our library" %
              len(failures))
        return 1
    ctx = zmq.Context()
    tests = [test_req_rep, test_pub_sub, test_poller_multipart,
             test_sockopts, test_monitor]
    for test in tests:
        try:
            test(ctx)
        except Exception as e:  # noqa: BLE001  (report, keep going)
            traceback.print_exc()
            check(False, "%s raised %r" % (test.__name__, e))
    if EXPECT_REAL:
        print("(tls skipped: Debian's libzmq has no tls://)")
    elif certs and os.path.isfile(os.path.join(certs, "ca.crt")):
        test_tls(ctx, os.path.abspath(certs))
    else:
        print("(tls skipped: no CERTDIR given)")
    ctx.term()
    if failures:
        print("FAILED: %d check(s)" % len(failures))
        for f in failures:
            print("  " + f)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
