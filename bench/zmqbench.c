/*
 * zmqbench - small throughput / latency benchmark for the libzmq C API.
 *
 * Uses only the stable, documented libzmq API so the same source can be
 * built against any libzmq-compatible library (Debian's libzmq.so.5 or our
 * Rust drop-in replacement) and the results compared side by side.
 *
 * Usage:
 *   zmqbench thr <size> <count>      [endpoint]
 *   zmqbench lat <size> <roundtrips> [endpoint]
 *
 *   endpoint  address the server side binds to; default tcp://127.0.0.1:*
 *             (wildcard port).  The client connects to whatever
 *             ZMQ_LAST_ENDPOINT reports, so tcp://, ipc:// and (later) tls
 *             style endpoints work unchanged.  For inproc:// both sides
 *             share one context; otherwise each side has its own context
 *             (like two separate processes would).
 *
 *   <size> and <count> accept an optional k/m suffix (x1024 / x1024*1024 for
 *   sizes, x1000 / x1000000 for counts).
 *
 * thr: a PUSH socket binds, a PULL socket in a second thread connects.  The
 *      main thread sends <count> messages of <size> bytes; the receiver
 *      measures the time from the first to the last received message.
 * lat: a REP socket in a second thread binds and echoes; the main thread
 *      connects a REQ socket and does <roundtrips> send/recv round trips
 *      (after a short untimed warm-up).  One-way latency is
 *      total / (2 * roundtrips).
 *
 * Output: exactly one machine readable line on stdout per run, e.g.
 *   thr size=16 count=1000000 secs=0.412 msgs_per_s=2427184 mb_per_s=38.83 lib=4.3.4:/usr/lib/.../libzmq.so.5
 *   lat size=16 roundtrips=20000 secs=0.9 latency_us=22.51 lib=...
 * MB is 10^6 bytes (payload only).  Errors go to stderr, exit status != 0.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <unistd.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zmq.h>

#define DEFAULT_ENDPOINT "tcp://127.0.0.1:*"

static void die (const char *what)
{
    fprintf (stderr, "zmqbench: %s failed: %s (errno %d)\n", what,
             zmq_strerror (zmq_errno ()), zmq_errno ());
    exit (1);
}

static void fail (const char *msg)
{
    fprintf (stderr, "zmqbench: %s\n", msg);
    exit (1);
}

static double now_s (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int is_inproc (const char *endpoint)
{
    return strncmp (endpoint, "inproc://", 9) == 0;
}

/* Transport security, chosen per run:
 * - tls:// endpoints (our library only: its header defines the TLS options)
 *   take certificates from $ZMQBENCH_CERTS: server.crt/.key for the bind
 *   side; the connect side verifies the server against ca.crt (its name
 *   included). ZMQBENCH_TLS_RESUME=0 turns session resumption off.
 * - ZMQBENCH_CURVE=1 with a tcp:// endpoint runs CURVE (for libzmq built
 *   with libsodium), with keys made once per process. */
#ifdef ZMQ_TLS_CERT_FILE
static void set_file_opt (void *sock, int opt, const char *dir, const char *f)
{
    char path[1024];
    snprintf (path, sizeof path, "%s/%s", dir, f);
    if (zmq_setsockopt (sock, opt, path, strlen (path)) != 0)
        die (f);
}
#endif

static void apply_curve (void *sock, const char *role)
{
    static char server_pub[41], server_sec[41], client_pub[41], client_sec[41];
    static int have_keys;
    if (!have_keys) {
        if (zmq_curve_keypair (server_pub, server_sec) != 0
            || zmq_curve_keypair (client_pub, client_sec) != 0)
            die ("zmq_curve_keypair (CURVE not available)");
        have_keys = 1;
    }
    int one = 1;
    if (strcmp (role, "bind") == 0) {
        if (zmq_setsockopt (sock, ZMQ_CURVE_SERVER, &one, sizeof one) != 0
            || zmq_setsockopt (sock, ZMQ_CURVE_SECRETKEY, server_sec, 40) != 0)
            die ("CURVE server options");
    } else if (zmq_setsockopt (sock, ZMQ_CURVE_SERVERKEY, server_pub, 40) != 0
               || zmq_setsockopt (sock, ZMQ_CURVE_PUBLICKEY, client_pub, 40)
                    != 0
               || zmq_setsockopt (sock, ZMQ_CURVE_SECRETKEY, client_sec, 40)
                    != 0)
        die ("CURVE client options");
}

static void apply_transport_opts (void *sock, const char *endpoint,
                                  const char *role)
{
    const char *curve = getenv ("ZMQBENCH_CURVE");
    if (curve && strcmp (curve, "1") == 0
        && strncmp (endpoint, "tcp://", 6) == 0) {
        apply_curve (sock, role);
        return;
    }
#ifdef ZMQ_TLS_CERT_FILE
    if (strncmp (endpoint, "tls://", 6) != 0)
        return;
    const char *dir = getenv ("ZMQBENCH_CERTS");
    if (!dir)
        die ("tls:// needs ZMQBENCH_CERTS");
    if (strcmp (role, "bind") == 0) {
        /* No CA on the bind side: no client certificate is asked for. */
        set_file_opt (sock, ZMQ_TLS_CERT_FILE, dir, "server.crt");
        set_file_opt (sock, ZMQ_TLS_KEY_FILE, dir, "server.key");
    } else {
        set_file_opt (sock, ZMQ_TLS_CA_FILE, dir, "ca.crt");
        const char *resume = getenv ("ZMQBENCH_TLS_RESUME");
        int on = !(resume && strcmp (resume, "0") == 0);
        if (zmq_setsockopt (sock, ZMQ_TLS_SESSION_RESUMPTION, &on, sizeof on)
            != 0)
            die ("ZMQ_TLS_SESSION_RESUMPTION");
    }
#endif
}

static void set_int (void *sock, int opt, int val, const char *name)
{
    if (zmq_setsockopt (sock, opt, &val, sizeof val) != 0)
        die (name);
}

/* Bind sock to endpoint, return the concrete endpoint to connect to. */
static void bind_and_resolve (void *sock, const char *endpoint, char *out,
                              size_t outlen)
{
    apply_transport_opts (sock, endpoint, "bind");
    if (zmq_bind (sock, endpoint) != 0)
        die ("zmq_bind");
    size_t len = outlen;
    if (zmq_getsockopt (sock, ZMQ_LAST_ENDPOINT, out, &len) != 0)
        die ("zmq_getsockopt(ZMQ_LAST_ENDPOINT)");
    if (len == 0 || out[0] == '\0') {
        /* Fall back to the endpoint as given (no wildcard to resolve). */
        snprintf (out, outlen, "%s", endpoint);
    }
}

static unsigned long long parse_num (const char *s, int is_size)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull (s, &end, 10);
    if (errno != 0 || end == s)
        return 0;
    if (*end == 'k' || *end == 'K') {
        v *= is_size ? 1024ULL : 1000ULL;
        end++;
    } else if (*end == 'm' || *end == 'M') {
        v *= is_size ? 1024ULL * 1024ULL : 1000000ULL;
        end++;
    }
    if (*end != '\0')
        return 0;
    return v;
}

static const char *lib_desc (void)
{
    static char buf[512];
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    Dl_info info;
    const char *path = "?";
    if (dladdr ((void *) zmq_version, &info) && info.dli_fname)
        path = info.dli_fname;
    snprintf (buf, sizeof buf, "%d.%d.%d:%s", major, minor, patch, path);
    return buf;
}

/* ------------------------------------------------------------------ thr */

struct thr_args
{
    void *ctx;
    char endpoint[256];
    size_t size;
    unsigned long long count;
    double elapsed;
    int ok;
    char err[256];
};

static void *thr_receiver (void *arg)
{
    struct thr_args *a = (struct thr_args *) arg;
    void *s = zmq_socket (a->ctx, ZMQ_PULL);
    if (!s)
        die ("zmq_socket(PULL)");
    apply_transport_opts (s, a->endpoint, "connect");
    if (zmq_connect (s, a->endpoint) != 0)
        die ("zmq_connect");

    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        die ("zmq_msg_init");
    /* Timing starts before the first receive, not after it: with large
     * messages the pipes (SNDHWM + RCVHWM) can hold the whole run, and a
     * receiver thread scheduled late would then time only its own copying.
     * The connection set-up this includes is negligible over a run. */
    double t0 = now_s ();
    a->ok = 1;
    for (unsigned long long i = 0; i < a->count; i++) {
        if (zmq_msg_recv (&msg, s, 0) < 0)
            die ("zmq_msg_recv");
        if (zmq_msg_size (&msg) != a->size && a->ok) {
            a->ok = 0;
            snprintf (a->err, sizeof a->err,
                      "message %llu has size %zu, expected %zu", i,
                      zmq_msg_size (&msg), a->size);
        }
    }
    double t1 = now_s ();
    zmq_msg_close (&msg);
    a->elapsed = t1 - t0;
    if (zmq_close (s) != 0)
        die ("zmq_close(PULL)");
    return NULL;
}

static int run_thr (size_t size, unsigned long long count,
                    const char *endpoint)
{
    if (count < 2)
        fail ("thr: count must be >= 2");

    void *ctx_tx = zmq_ctx_new ();
    if (!ctx_tx)
        die ("zmq_ctx_new");
    void *ctx_rx = is_inproc (endpoint) ? ctx_tx : zmq_ctx_new ();
    if (!ctx_rx)
        die ("zmq_ctx_new");

    void *tx = zmq_socket (ctx_tx, ZMQ_PUSH);
    if (!tx)
        die ("zmq_socket(PUSH)");
    set_int (tx, ZMQ_LINGER, -1, "zmq_setsockopt(ZMQ_LINGER)");

    struct thr_args a;
    memset (&a, 0, sizeof a);
    a.ctx = ctx_rx;
    a.size = size;
    a.count = count;
    bind_and_resolve (tx, endpoint, a.endpoint, sizeof a.endpoint);

    pthread_t th;
    if (pthread_create (&th, NULL, thr_receiver, &a) != 0)
        fail ("pthread_create failed");

    char *buf = malloc (size ? size : 1);
    if (!buf)
        fail ("out of memory");
    memset (buf, 'x', size);
    for (unsigned long long i = 0; i < count; i++) {
        if (zmq_send (tx, buf, size, 0) != (int) size)
            die ("zmq_send");
    }
    free (buf);

    pthread_join (th, NULL);
    if (zmq_close (tx) != 0)
        die ("zmq_close(PUSH)");
    if (ctx_rx != ctx_tx && zmq_ctx_term (ctx_rx) != 0)
        die ("zmq_ctx_term");
    if (zmq_ctx_term (ctx_tx) != 0)
        die ("zmq_ctx_term");

    if (!a.ok) {
        fprintf (stderr, "zmqbench: thr: %s\n", a.err);
        return 1;
    }
    double secs = a.elapsed;
    if (secs <= 0)
        secs = 1e-9;
    /* all count messages, from before the first receive to the last */
    double mps = (double) count / secs;
    double mbps = mps * (double) size / 1e6;
    printf ("thr size=%zu count=%llu secs=%.6f msgs_per_s=%.0f mb_per_s=%.2f "
            "lib=%s\n",
            size, count, secs, mps, mbps, lib_desc ());
    fflush (stdout);
    return 0;
}

/* ------------------------------------------------------------------ lat */

struct lat_args
{
    void *ctx;
    void *rep; /* bound by main thread before the echo thread starts */
    unsigned long long total; /* warm-up + timed round trips */
};

static void *lat_echo (void *arg)
{
    struct lat_args *a = (struct lat_args *) arg;
    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        die ("zmq_msg_init");
    for (unsigned long long i = 0; i < a->total; i++) {
        if (zmq_msg_recv (&msg, a->rep, 0) < 0)
            die ("zmq_msg_recv(REP)");
        if (zmq_msg_send (&msg, a->rep, 0) < 0)
            die ("zmq_msg_send(REP)");
    }
    zmq_msg_close (&msg);
    if (zmq_close (a->rep) != 0)
        die ("zmq_close(REP)");
    return NULL;
}

static int run_lat (size_t size, unsigned long long roundtrips,
                    const char *endpoint)
{
    if (roundtrips < 1)
        fail ("lat: roundtrips must be >= 1");
    unsigned long long warmup = roundtrips / 10;
    if (warmup > 1000)
        warmup = 1000;
    if (warmup < 1)
        warmup = 1;

    void *ctx_srv = zmq_ctx_new ();
    if (!ctx_srv)
        die ("zmq_ctx_new");
    void *ctx_cli = is_inproc (endpoint) ? ctx_srv : zmq_ctx_new ();
    if (!ctx_cli)
        die ("zmq_ctx_new");

    /* Sockets must not migrate between threads without a memory barrier;
     * pthread_create provides one, so binding here and using the socket in
     * the echo thread afterwards is fine. */
    void *rep = zmq_socket (ctx_srv, ZMQ_REP);
    if (!rep)
        die ("zmq_socket(REP)");
    char connect_ep[256];
    bind_and_resolve (rep, endpoint, connect_ep, sizeof connect_ep);

    struct lat_args a;
    a.ctx = ctx_srv;
    a.rep = rep;
    a.total = warmup + roundtrips;
    pthread_t th;
    if (pthread_create (&th, NULL, lat_echo, &a) != 0)
        fail ("pthread_create failed");

    void *req = zmq_socket (ctx_cli, ZMQ_REQ);
    if (!req)
        die ("zmq_socket(REQ)");
    apply_transport_opts (req, connect_ep, "connect");
    if (zmq_connect (req, connect_ep) != 0)
        die ("zmq_connect");

    char *buf = malloc (size ? size : 1);
    if (!buf)
        fail ("out of memory");
    memset (buf, 'y', size);
    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        die ("zmq_msg_init");

    double t0 = 0.0;
    for (unsigned long long i = 0; i < a.total; i++) {
        if (i == warmup)
            t0 = now_s ();
        if (zmq_send (req, buf, size, 0) != (int) size)
            die ("zmq_send(REQ)");
        if (zmq_msg_recv (&msg, req, 0) < 0)
            die ("zmq_msg_recv(REQ)");
        if (zmq_msg_size (&msg) != size) {
            fprintf (stderr,
                     "zmqbench: lat: reply %llu has size %zu, expected %zu\n",
                     i, zmq_msg_size (&msg), size);
            exit (1);
        }
    }
    double t1 = now_s ();
    zmq_msg_close (&msg);
    free (buf);

    pthread_join (th, NULL);
    if (zmq_close (req) != 0)
        die ("zmq_close(REQ)");
    if (ctx_cli != ctx_srv && zmq_ctx_term (ctx_cli) != 0)
        die ("zmq_ctx_term");
    if (zmq_ctx_term (ctx_srv) != 0)
        die ("zmq_ctx_term");

    double secs = t1 - t0;
    double lat_us = secs * 1e6 / (2.0 * (double) roundtrips);
    printf ("lat size=%zu roundtrips=%llu secs=%.6f latency_us=%.3f lib=%s\n",
            size, roundtrips, secs, lat_us, lib_desc ());
    fflush (stdout);
    return 0;
}

/* --------------------------------------------------------------- pubsub */

/* One PUB (its own context, binding) and ZMQBENCH_SUBS subscribers (each
 * its own thread and context, like processes), HWMs unlimited so nothing
 * is dropped. Each SUB subscribes to everything, or with ZMQBENCH_TOPICS=N
 * to N topics "t%07d" (the messages then cycle through the topics, each
 * matching one subscription: the PUB's matching cost with N of them).
 * The PUB sends probes until every SUB has one, then a start marker, then
 * <count> messages; the rate is count / time until the last SUB has all. */
struct sub_args
{
    char endpoint[256];
    size_t size;
    unsigned long long count;
    int topics;
    volatile int *ready;
    pthread_mutex_t *lock;
    double done_at;
};

static void *sub_thread (void *arg)
{
    struct sub_args *a = (struct sub_args *) arg;
    void *ctx = zmq_ctx_new ();
    void *s = zmq_socket (ctx, ZMQ_SUB);
    if (!ctx || !s)
        die ("zmq_socket(SUB)");
    set_int (s, ZMQ_RCVHWM, 0, "ZMQ_RCVHWM");
    /* Subscriptions travel in the SUB's outbound pipe: all must arrive. */
    set_int (s, ZMQ_SNDHWM, 0, "ZMQ_SNDHWM");
    /* A lost message would otherwise hang the run. */
    set_int (s, ZMQ_RCVTIMEO, 10000, "ZMQ_RCVTIMEO");
    apply_transport_opts (s, a->endpoint, "connect");
    if (zmq_setsockopt (s, ZMQ_SUBSCRIBE, "P", 1) != 0)
        die ("ZMQ_SUBSCRIBE");
    if (a->topics == 0) {
        if (zmq_setsockopt (s, ZMQ_SUBSCRIBE, "", 0) != 0)
            die ("ZMQ_SUBSCRIBE");
    } else {
        for (int i = 0; i < a->topics; i++) {
            char t[16];
            snprintf (t, sizeof t, "t%07d", i);
            if (zmq_setsockopt (s, ZMQ_SUBSCRIBE, t, 8) != 0)
                die ("ZMQ_SUBSCRIBE");
        }
    }
    if (zmq_connect (s, a->endpoint) != 0)
        die ("zmq_connect");
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    int seen_probe = 0;
    for (;;) {
        if (zmq_msg_recv (&msg, s, 0) < 0)
            die ("zmq_msg_recv(SUB)");
        const char *d = (const char *) zmq_msg_data (&msg);
        if (zmq_msg_size (&msg) == 5 && memcmp (d, "Pstar", 5) == 0)
            break;
        if (!seen_probe) {
            seen_probe = 1;
            pthread_mutex_lock (a->lock);
            (*a->ready)++;
            pthread_mutex_unlock (a->lock);
        }
    }
    for (unsigned long long i = 0; i < a->count; i++)
        if (zmq_msg_recv (&msg, s, 0) < 0) {
            fprintf (stderr, "zmqbench: pubsub: message %llu of %llu never "
                             "arrived\n", i, a->count);
            exit (1);
        }
    a->done_at = now_s ();
    zmq_msg_close (&msg);
    zmq_close (s);
    zmq_ctx_term (ctx);
    return NULL;
}

static int run_pubsub (size_t size, unsigned long long count,
                       const char *endpoint)
{
    const char *e = getenv ("ZMQBENCH_SUBS");
    int nsubs = e ? atoi (e) : 1;
    e = getenv ("ZMQBENCH_TOPICS");
    int topics = e ? atoi (e) : 0;
    if (nsubs < 1 || nsubs > 64 || topics < 0 || size < 8)
        fail ("pubsub: 1..64 subscribers, size >= 8");
    void *ctx = zmq_ctx_new ();
    void *pub = zmq_socket (ctx, ZMQ_PUB);
    if (!ctx || !pub)
        die ("zmq_socket(PUB)");
    set_int (pub, ZMQ_SNDHWM, 0, "ZMQ_SNDHWM");
    struct sub_args a[64];
    pthread_t th[64];
    volatile int ready = 0;
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    char ep[256];
    bind_and_resolve (pub, endpoint, ep, sizeof ep);
    for (int i = 0; i < nsubs; i++) {
        snprintf (a[i].endpoint, sizeof a[i].endpoint, "%s", ep);
        a[i].size = size;
        a[i].count = count;
        a[i].topics = topics;
        a[i].ready = &ready;
        a[i].lock = &lock;
        if (pthread_create (&th[i], NULL, sub_thread, &a[i]) != 0)
            fail ("pthread_create failed");
    }
    for (;;) {
        pthread_mutex_lock (&lock);
        int r = ready;
        pthread_mutex_unlock (&lock);
        if (r == nsubs)
            break;
        if (zmq_send (pub, "Pprobe", 6, 0) != 6)
            die ("zmq_send(probe)");
        usleep (1000);
    }
    char *buf = malloc (size);
    if (!buf)
        fail ("out of memory");
    memset (buf, 'p', size);
    double t0 = now_s ();
    if (zmq_send (pub, "Pstar", 5, 0) != 5)
        die ("zmq_send(start)");
    for (unsigned long long i = 0; i < count; i++) {
        if (topics == 0)
            buf[0] = 't';
        else {
            char t[16];
            snprintf (t, sizeof t, "t%07d", (int) (i % (unsigned) topics));
            memcpy (buf, t, 8);
        }
        if (zmq_send (pub, buf, size, 0) != (int) size)
            die ("zmq_send(PUB)");
    }
    double last = t0;
    for (int i = 0; i < nsubs; i++) {
        pthread_join (th[i], NULL);
        if (a[i].done_at > last)
            last = a[i].done_at;
    }
    free (buf);
    zmq_close (pub);
    zmq_ctx_term (ctx);
    double secs = last - t0;
    printf ("pubsub size=%zu count=%llu subs=%d topics=%d secs=%.6f "
            "msgs_per_s=%.0f lib=%s\n",
            size, count, nsubs, topics, secs, (double) count / secs,
            lib_desc ());
    fflush (stdout);
    return 0;
}

/* ----------------------------------------------------------------- conn */

/* Connection set-up rate: each round opens a REQ socket, connects (TCP,
 * then the TLS / CURVE / NULL handshakes), does one round trip with a
 * <size> message and closes the socket. A REP thread echoes. */
static int run_conn (size_t size, unsigned long long count,
                     const char *endpoint)
{
    if (count < 1)
        fail ("conn: count must be >= 1");
    void *ctx_srv = zmq_ctx_new ();
    void *ctx_cli = zmq_ctx_new ();
    if (!ctx_srv || !ctx_cli)
        die ("zmq_ctx_new");
    void *rep = zmq_socket (ctx_srv, ZMQ_REP);
    if (!rep)
        die ("zmq_socket(REP)");
    char connect_ep[256];
    bind_and_resolve (rep, endpoint, connect_ep, sizeof connect_ep);
    struct lat_args a;
    a.ctx = ctx_srv;
    a.rep = rep;
    a.total = count;
    pthread_t th;
    if (pthread_create (&th, NULL, lat_echo, &a) != 0)
        fail ("pthread_create failed");

    char *buf = malloc (size ? size : 1);
    if (!buf)
        fail ("out of memory");
    memset (buf, 'c', size);
    zmq_msg_t msg;
    if (zmq_msg_init (&msg) != 0)
        die ("zmq_msg_init");
    double t0 = now_s ();
    for (unsigned long long i = 0; i < count; i++) {
        void *req = zmq_socket (ctx_cli, ZMQ_REQ);
        if (!req)
            die ("zmq_socket(REQ)");
        set_int (req, ZMQ_LINGER, 0, "zmq_setsockopt(ZMQ_LINGER)");
        apply_transport_opts (req, connect_ep, "connect");
        if (zmq_connect (req, connect_ep) != 0)
            die ("zmq_connect");
        if (zmq_send (req, buf, size, 0) != (int) size)
            die ("zmq_send(REQ)");
        if (zmq_msg_recv (&msg, req, 0) < 0)
            die ("zmq_msg_recv(REQ)");
        if (zmq_close (req) != 0)
            die ("zmq_close(REQ)");
    }
    double secs = now_s () - t0;
    zmq_msg_close (&msg);
    free (buf);
    pthread_join (th, NULL);
    if (zmq_ctx_term (ctx_cli) != 0 || zmq_ctx_term (ctx_srv) != 0)
        die ("zmq_ctx_term");
    printf ("conn size=%zu count=%llu secs=%.6f conns_per_s=%.1f lib=%s\n", size,
            count, secs, (double) count / secs, lib_desc ());
    fflush (stdout);
    return 0;
}

/* ----------------------------------------------------------------- main */

static void usage (const char *argv0)
{
    fprintf (stderr,
             "usage: %s thr <size> <count> [endpoint]\n"
             "       %s lat <size> <roundtrips> [endpoint]\n"
             "       %s conn <size> <connections> [endpoint]\n"
             "       %s pubsub <size> <count> [endpoint]  (ZMQBENCH_SUBS, "
             "ZMQBENCH_TOPICS)\n"
             "       %s version\n"
             "endpoint defaults to " DEFAULT_ENDPOINT "\n",
             argv0, argv0, argv0, argv0, argv0);
    exit (2);
}

int main (int argc, char **argv)
{
    if (argc == 2 && strcmp (argv[1], "version") == 0) {
        printf ("lib=%s\n", lib_desc ());
        return 0;
    }
    if (argc < 4 || argc > 5)
        usage (argv[0]);
    const char *mode = argv[1];
    unsigned long long size = parse_num (argv[2], 1);
    unsigned long long count = parse_num (argv[3], 0);
    const char *endpoint = argc == 5 ? argv[4] : DEFAULT_ENDPOINT;
    if (strcmp (argv[2], "0") != 0 && size == 0) {
        fprintf (stderr, "zmqbench: bad size '%s'\n", argv[2]);
        return 2;
    }
    if (size > (unsigned long long) INT32_MAX) {
        fprintf (stderr, "zmqbench: size too large\n");
        return 2;
    }
    if (count == 0) {
        fprintf (stderr, "zmqbench: bad count '%s'\n", argv[3]);
        return 2;
    }
    if (strlen (endpoint) >= 200) {
        fprintf (stderr, "zmqbench: endpoint too long\n");
        return 2;
    }
    if (strcmp (mode, "thr") == 0)
        return run_thr ((size_t) size, count, endpoint);
    if (strcmp (mode, "lat") == 0)
        return run_lat ((size_t) size, count, endpoint);
    if (strcmp (mode, "conn") == 0)
        return run_conn ((size_t) size, count, endpoint);
    if (strcmp (mode, "pubsub") == 0)
        return run_pubsub ((size_t) size, count, endpoint);
    usage (argv[0]);
    return 2;
}
