/* One side of an interop run between two libzmq implementations.
 *
 *   interop_peer <pair> <A|B> <bind|connect> <endpoint-file> <count>
 *
 * <pair> is one of PAIR-PAIR PUSH-PULL REQ-REP DEALER-REP REQ-ROUTER
 * DEALER-ROUTER DEALER-DEALER ROUTER-ROUTER PUB-SUB XPUB-XSUB; side A uses
 * the first socket
 * type, side B the second. The binding side binds tcp://127.0.0.1:* (or
 * the endpoint in $INTEROP_BIND, e.g. an ipc:// path) and writes its
 * ZMQ_LAST_ENDPOINT to <endpoint-file> (atomically, via a rename); the
 * connecting side waits (bounded) for that file.
 *
 * A sends a fixed sequence of application messages; B checks every one of
 * them in order and (except for PULL) echoes it back, and A checks the
 * echoes. The sequence: a 4-frame multipart message, a 0-byte message, a
 * 1 MiB message, a multipart message with 0-byte and 300-byte frames, then
 * <count> messages carrying their sequence number, then "END". Routing
 * envelopes are handled per pattern (REQ/REP delimiters, ROUTER routing
 * ids "A-side"/"B-side"). Up to 64 messages are in flight (1 for REQ).
 *
 * PUB-SUB and XPUB-XSUB do not echo, and their HWMs are unlimited (a
 * publisher drops at HWM). SUB subscribes to everything; since a PUB cannot
 * know when that subscription arrived, it sends probes until B says so
 * (<endpoint-file>.ready), then a "go" marker, then the sequence. XSUB
 * subscribes by sending (1); the XPUB receives that before it sends.
 *
 * With INTEROP_PLAIN=1 the connection uses PLAIN: side B is the server,
 * with a ZAP handler (a REP in a thread) that accepts only "admin" /
 * "secret"; side A logs in with those. With INTEROP_CURVE=1 it uses CURVE
 * with fixed keys: side B is the server, side A knows its public key.
 *
 * Built twice by CMake: against the library under test and against real
 * libzmq; each build checks at start-up that it runs on the library it was
 * linked for (EXPECTED_ZMQ_LIB).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "interop_util.h"

#include <pthread.h>
#include <errno.h>
#include <signal.h>

#define MAX_FRAMES 8
#define BIG_SIZE (1 << 20)

static char side;       /* 'A' or 'B' */
static const char *pair_name;

/* ---- the message sequence --------------------------------------------- */

typedef struct
{
    int nframes;
    size_t len[MAX_FRAMES];
    unsigned char *data[MAX_FRAMES];
} app_msg_t;

static unsigned char *big_a;
static unsigned char mid[1000], mid300[300];
static char seqbuf[32];

static void fill (unsigned char *p, size_t n, unsigned seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (unsigned char) (x >> 16);
    }
}

static void init_payloads (void)
{
    big_a = (unsigned char *) malloc (BIG_SIZE);
    CHECK (big_a != NULL, "out of memory");
    fill (big_a, BIG_SIZE, 7);
    fill (mid, sizeof mid, 11);
    fill (mid300, sizeof mid300, 13);
}

static int total_messages (int count)
{
    return 4 + count + 1;
}

/* Message k of the sequence (pointers into static storage). */
static void make_msg (int k, int count, app_msg_t *m)
{
    memset (m, 0, sizeof *m);
    if (k == 0) {
        m->nframes = 4;
        m->data[0] = (unsigned char *) "mp-0";
        m->len[0] = 4;
        m->data[1] = (unsigned char *) "";
        m->len[1] = 0;
        m->data[2] = mid;
        m->len[2] = sizeof mid;
        m->data[3] = (unsigned char *) "mp-3";
        m->len[3] = 4;
    } else if (k == 1) {
        m->nframes = 1;
        m->data[0] = (unsigned char *) "";
        m->len[0] = 0;
    } else if (k == 2) {
        m->nframes = 1;
        m->data[0] = big_a;
        m->len[0] = BIG_SIZE;
    } else if (k == 3) {
        m->nframes = 3;
        m->data[0] = (unsigned char *) "";
        m->len[0] = 0;
        m->data[1] = mid300;
        m->len[1] = sizeof mid300;
        m->data[2] = (unsigned char *) "";
        m->len[2] = 0;
    } else if (k < 4 + count) {
        m->nframes = 1;
        m->len[0] = (size_t) snprintf (seqbuf, sizeof seqbuf, "seq-%08d", k - 4);
        m->data[0] = (unsigned char *) seqbuf;
    } else {
        m->nframes = 1;
        m->data[0] = (unsigned char *) "END";
        m->len[0] = 3;
    }
}

/* ---- the pattern -------------------------------------------------------- */

static int type_of (const char *name)
{
    if (!strcmp (name, "PAIR"))
        return ZMQ_PAIR;
    if (!strcmp (name, "PUSH"))
        return ZMQ_PUSH;
    if (!strcmp (name, "PULL"))
        return ZMQ_PULL;
    if (!strcmp (name, "PUB"))
        return ZMQ_PUB;
    if (!strcmp (name, "SUB"))
        return ZMQ_SUB;
    if (!strcmp (name, "XPUB"))
        return ZMQ_XPUB;
    if (!strcmp (name, "XSUB"))
        return ZMQ_XSUB;
    if (!strcmp (name, "REQ"))
        return ZMQ_REQ;
    if (!strcmp (name, "REP"))
        return ZMQ_REP;
    if (!strcmp (name, "DEALER"))
        return ZMQ_DEALER;
    if (!strcmp (name, "ROUTER"))
        return ZMQ_ROUTER;
    die ("unknown socket type %s", name);
    return -1;
}

static int type_a, type_b;

/* Frames A puts in front of each payload, and expects in front of echoes. */
static int a_prefix (const char **frames)
{
    if (type_a == ZMQ_DEALER && type_b == ZMQ_REP) {
        frames[0] = "";
        return 1;
    }
    if (type_a == ZMQ_ROUTER) {
        frames[0] = "B-side";
        return 1;
    }
    return 0;
}

/* Frames B sees in front of each payload (and sends back). */
static int b_prefix (const char **frames)
{
    if (type_b == ZMQ_ROUTER) {
        frames[0] = "A-side";
        if (type_a == ZMQ_REQ) {
            frames[1] = "";
            return 2;
        }
        return 1;
    }
    return 0;
}

/* ---- send/receive whole messages -------------------------------------- */

typedef struct
{
    int nframes;
    zmq_msg_t frames[MAX_FRAMES + 4];
} rx_t;

static void rx_recv (void *s, rx_t *rx, int k)
{
    rx->nframes = 0;
    for (;;) {
        CHECK (rx->nframes < MAX_FRAMES + 4, "message %d: too many frames", k);
        zmq_msg_t *f = &rx->frames[rx->nframes];
        zmq_msg_init (f);
        if (zmq_msg_recv (f, s, 0) == -1)
            die ("message %d frame %d: recv: %s", k, rx->nframes,
                 zmq_strerror (zmq_errno ()));
        rx->nframes++;
        if (!zmq_msg_more (f))
            break;
    }
}

static void rx_close (rx_t *rx)
{
    for (int i = 0; i < rx->nframes; i++)
        zmq_msg_close (&rx->frames[i]);
}

static void rx_expect (rx_t *rx, int k, const char **prefix, int nprefix,
                       const app_msg_t *m)
{
    CHECK (rx->nframes == nprefix + m->nframes,
           "message %d: %d frames, expected %d", k, rx->nframes,
           nprefix + m->nframes);
    for (int i = 0; i < nprefix; i++) {
        size_t n = strlen (prefix[i]);
        CHECK (zmq_msg_size (&rx->frames[i]) == n
                 && memcmp (zmq_msg_data (&rx->frames[i]), prefix[i], n) == 0,
               "message %d: envelope frame %d is not \"%s\"", k, i, prefix[i]);
    }
    for (int i = 0; i < m->nframes; i++) {
        zmq_msg_t *f = &rx->frames[nprefix + i];
        CHECK (zmq_msg_size (f) == m->len[i],
               "message %d frame %d: %zu bytes, expected %zu", k, i,
               zmq_msg_size (f), m->len[i]);
        CHECK (m->len[i] == 0 || memcmp (zmq_msg_data (f), m->data[i], m->len[i]) == 0,
               "message %d frame %d: content differs", k, i);
    }
}

/* Send prefix + message; for a ROUTER, retry the first frame while the
 * peer is not known yet (EHOSTUNREACH with ROUTER_MANDATORY). */
static void send_msg (void *s, int stype, const char **prefix, int nprefix,
                      const app_msg_t *m)
{
    int total = nprefix + m->nframes;
    for (int i = 0; i < total; i++) {
        const void *p = i < nprefix ? (const void *) prefix[i] : m->data[i - nprefix];
        size_t n = i < nprefix ? strlen (prefix[i]) : m->len[i - nprefix];
        int flags = i + 1 < total ? ZMQ_SNDMORE : 0;
        int64_t deadline = now_ms () + TIMEOUT_MS;
        for (;;) {
            if (zmq_send (s, p, n, flags) == (int) n)
                break;
            int e = zmq_errno ();
            if (i == 0 && stype == ZMQ_ROUTER && e == EHOSTUNREACH
                && now_ms () < deadline) {
                sleep_ms (20);
                continue;
            }
            die ("send frame %d: %s", i, zmq_strerror (e));
        }
    }
}

/* ---- main --------------------------------------------------------------- */

/* The ZAP handler of a PLAIN server: 200 for admin/secret, 400 else. */
static void *zap_handler (void *ctx)
{
    void *rep = zmq_socket (ctx, ZMQ_REP);
    if (!rep || zmq_bind (rep, "inproc://zeromq.zap.01") != 0)
        return NULL;
    for (;;) {
        char f[8][256];
        int n = 0, more = 1;
        while (more && n < 8) {
            int r = zmq_recv (rep, f[n], sizeof f[n] - 1, 0);
            if (r < 0)
                goto done;
            f[n][r] = 0;
            size_t len = sizeof more;
            zmq_getsockopt (rep, ZMQ_RCVMORE, &more, &len);
            n++;
        }
        int ok = n == 8 && strcmp (f[5], "PLAIN") == 0
                 && strcmp (f[6], "admin") == 0 && strcmp (f[7], "secret") == 0;
        zmq_send (rep, "1.0", 3, ZMQ_SNDMORE);
        zmq_send (rep, f[1], strlen (f[1]), ZMQ_SNDMORE);
        zmq_send (rep, ok ? "200" : "400", 3, ZMQ_SNDMORE);
        zmq_send (rep, "", 0, ZMQ_SNDMORE);
        zmq_send (rep, ok ? "admin" : "", ok ? 5 : 0, ZMQ_SNDMORE);
        zmq_send (rep, "", 0, 0);
    }
done:
    zmq_close (rep);
    return NULL;
}

int main (int argc, char **argv)
{
    if (argc != 6) {
        fprintf (stderr,
                 "usage: %s <pair> <A|B> <bind|connect> <endpoint-file> "
                 "<count>\n",
                 argv[0]);
        return 2;
    }
    pair_name = argv[1];
    side = argv[2][0];
    snprintf (interop_who, sizeof interop_who, "interop_peer %c (%s)", side,
              pair_name);
    int binding = !strcmp (argv[3], "bind");
    const char *epfile = argv[4];
    int count = atoi (argv[5]);
    CHECK ((side == 'A' || side == 'B') && argv[2][1] == 0, "side must be A or B");
    CHECK (binding || !strcmp (argv[3], "connect"), "bind or connect");
    CHECK (count >= 0, "count");
    alarm (55); /* never outlive the CTest timeout */

    char ta[16], tb[16];
    const char *dash = strchr (pair_name, '-');
    CHECK (dash && (size_t) (dash - pair_name) < sizeof ta && strlen (dash + 1) < sizeof tb,
           "bad pair %s", pair_name);
    memcpy (ta, pair_name, (size_t) (dash - pair_name));
    ta[dash - pair_name] = 0;
    strcpy (tb, dash + 1);
    type_a = type_of (ta);
    type_b = type_of (tb);

    check_library ();
    init_payloads ();

    void *ctx = zmq_ctx_new ();
    CHECK (ctx != NULL, "zmq_ctx_new: %s", zmq_strerror (zmq_errno ()));
    int mytype = side == 'A' ? type_a : type_b;
    void *s = zmq_socket (ctx, mytype);
    CHECK (s != NULL, "zmq_socket: %s", zmq_strerror (zmq_errno ()));
    int timeout = TIMEOUT_MS, linger = 5000, one = 1;
    ZCHECK (zmq_setsockopt (s, ZMQ_RCVTIMEO, &timeout, sizeof timeout));
    ZCHECK (zmq_setsockopt (s, ZMQ_SNDTIMEO, &timeout, sizeof timeout));
    ZCHECK (zmq_setsockopt (s, ZMQ_LINGER, &linger, sizeof linger));
    if (getenv ("INTEROP_PLAIN")) {
        if (side == 'B') {
            pthread_t zap;
            CHECK (pthread_create (&zap, NULL, zap_handler, ctx) == 0,
                   "ZAP thread");
            pthread_detach (zap);
            ZCHECK (zmq_setsockopt (s, ZMQ_PLAIN_SERVER, &one, sizeof one));
        } else {
            ZCHECK (zmq_setsockopt (s, ZMQ_PLAIN_USERNAME, "admin", 5));
            ZCHECK (zmq_setsockopt (s, ZMQ_PLAIN_PASSWORD, "secret", 6));
        }
    }
    if (getenv ("INTEROP_CURVE")) {
        unsigned char ss[32], cs[32];
        for (int i = 0; i < 32; i++) {
            ss[i] = (unsigned char) (i + 1);
            cs[i] = (unsigned char) (i + 101);
        }
        char zss[41], zsp[41], zcs[41], zcp[41];
        CHECK (zmq_z85_encode (zss, ss, 32) && zmq_z85_encode (zcs, cs, 32),
               "z85");
        ZCHECK (zmq_curve_public (zsp, zss));
        ZCHECK (zmq_curve_public (zcp, zcs));
        if (side == 'B') {
            ZCHECK (zmq_setsockopt (s, ZMQ_CURVE_SERVER, &one, sizeof one));
            ZCHECK (zmq_setsockopt (s, ZMQ_CURVE_SECRETKEY, zss, 40));
        } else {
            ZCHECK (zmq_setsockopt (s, ZMQ_CURVE_SERVERKEY, zsp, 40));
            ZCHECK (zmq_setsockopt (s, ZMQ_CURVE_PUBLICKEY, zcp, 40));
            ZCHECK (zmq_setsockopt (s, ZMQ_CURVE_SECRETKEY, zcs, 40));
        }
    }
    const char *myid = side == 'A' ? "A-side" : "B-side";
    if (mytype == ZMQ_ROUTER || mytype == ZMQ_DEALER || mytype == ZMQ_REQ)
        ZCHECK (zmq_setsockopt (s, ZMQ_ROUTING_ID, myid, strlen (myid)));
    if (mytype == ZMQ_ROUTER)
        ZCHECK (zmq_setsockopt (s, ZMQ_ROUTER_MANDATORY, &one, sizeof one));

    const int pubsub = mytype == ZMQ_PUB || mytype == ZMQ_SUB
                       || mytype == ZMQ_XPUB || mytype == ZMQ_XSUB;
    if (pubsub) {
        int unlimited = 0;
        ZCHECK (zmq_setsockopt (s, ZMQ_SNDHWM, &unlimited, sizeof unlimited));
        ZCHECK (zmq_setsockopt (s, ZMQ_RCVHWM, &unlimited, sizeof unlimited));
    }
    if (mytype == ZMQ_SUB)
        ZCHECK (zmq_setsockopt (s, ZMQ_SUBSCRIBE, "", 0));

    char ep[512];
    if (binding) {
        const char *bind_ep = getenv ("INTEROP_BIND");
        ZCHECK (zmq_bind (s, bind_ep ? bind_ep : "tcp://127.0.0.1:*"));
        size_t len = sizeof ep;
        ZCHECK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, ep, &len));
        write_endpoint (epfile, ep);
    } else {
        read_endpoint (epfile, ep, sizeof ep);
        ZCHECK (zmq_connect (s, ep));
    }

    if (mytype == ZMQ_XSUB)
        CHECK (zmq_send (s, "\001", 1, 0) == 1, "subscribe: %s",
               zmq_strerror (zmq_errno ()));
    char readyfile[PATH_MAX];
    snprintf (readyfile, sizeof readyfile, "%s.ready", epfile);
    if (mytype == ZMQ_XPUB) {
        char sub[8];
        int n = zmq_recv (s, sub, sizeof sub, 0);
        CHECK (n == 1 && sub[0] == 1, "XPUB: expected the subscription, got %d",
               n);
    }
    if (mytype == ZMQ_PUB) {
        int64_t deadline = now_ms () + TIMEOUT_MS;
        while (access (readyfile, F_OK) != 0) {
            CHECK (now_ms () < deadline, "SUB never got a probe");
            ZCHECK (zmq_send (s, "\377probe", 6, 0) == 6 ? 0 : -1);
            sleep_ms (10);
        }
        ZCHECK (zmq_send (s, "\377go", 3, 0) == 3 ? 0 : -1);
    }
    if (mytype == ZMQ_SUB) {
        int ready = 0;
        for (;;) {
            char buf[16];
            int n = zmq_recv (s, buf, sizeof buf, 0);
            CHECK (n >= 0, "SUB: no probe: %s", zmq_strerror (zmq_errno ()));
            if (n == 6 && !memcmp (buf, "\377probe", 6)) {
                if (!ready)
                    write_endpoint (readyfile, "ready");
                ready = 1;
                continue;
            }
            CHECK (n == 3 && !memcmp (buf, "\377go", 3),
                   "SUB: unexpected %d bytes before the go marker", n);
            break;
        }
    }

    const int total = total_messages (count);
    const int echo = type_b != ZMQ_PULL && !pubsub;
    app_msg_t m;
    rx_t rx;
    int64_t t0 = now_ms ();

    if (side == 'A') {
        const char *pre[2];
        int npre = a_prefix (pre);
        const int window = type_a == ZMQ_REQ ? 1 : 64;
        int sent = 0, acked = 0;
        while (acked < total) {
            while (sent < total && sent - acked < window) {
                make_msg (sent, count, &m);
                send_msg (s, mytype, pre, npre, &m);
                sent++;
            }
            if (echo) {
                rx_recv (s, &rx, acked);
                make_msg (acked, count, &m);
                rx_expect (&rx, acked, pre, npre, &m);
                rx_close (&rx);
            }
            acked = echo ? acked + 1 : sent;
        }
    } else {
        const char *pre[2];
        int npre = b_prefix (pre);
        for (int k = 0; k < total; k++) {
            rx_recv (s, &rx, k);
            make_msg (k, count, &m);
            rx_expect (&rx, k, pre, npre, &m);
            if (echo) {
                /* Echo every frame as received (the envelope included for
                 * ROUTER; REP re-adds its envelope itself). */
                for (int i = 0; i < rx.nframes; i++) {
                    int flags = i + 1 < rx.nframes ? ZMQ_SNDMORE : 0;
                    if (zmq_msg_send (&rx.frames[i], s, flags) == -1)
                        die ("echo %d frame %d: %s", k, i,
                             zmq_strerror (zmq_errno ()));
                }
            }
            rx_close (&rx);
        }
        /* Nothing beyond END. */
        int short_wait = 200;
        ZCHECK (zmq_setsockopt (s, ZMQ_RCVTIMEO, &short_wait, sizeof short_wait));
        char extra[8];
        int rc = zmq_recv (s, extra, sizeof extra, 0);
        CHECK (rc == -1 && zmq_errno () == EAGAIN, "unexpected message after END");
    }

    fprintf (stderr, "interop_peer %c (%s): %d messages OK in %lld ms\n", side,
             pair_name, total, (long long) (now_ms () - t0));
    /* Without echoes, A keeps its connection until B has everything: a
     * libzmq receiver whose input is stopped (its pipe full) drops the
     * data still in its socket when an ipc peer hangs up (EPOLLHUP while
     * input is stopped ends the engine), libzmq to libzmq too. */
    char donefile[PATH_MAX];
    snprintf (donefile, sizeof donefile, "%s.done", epfile);
    if (side == 'B' && !echo)
        write_endpoint (donefile, "done");
    if (side == 'A' && !echo)
        read_endpoint (donefile, ep, sizeof ep);
    ZCHECK (zmq_close (s));
    ZCHECK (zmq_ctx_term (ctx));
    free (big_a);
    return 0;
}
