/* Shared helpers for the tls:// tests (capi-tests/tls/).
 *
 * Every test program takes the certificate directory written by mkcerts.sh
 * as argv[1] (or $ZMQ_TLS_TEST_CERTS); tls_test_init() reads it and cert()
 * builds paths inside it.
 *
 * Monitor helpers: mon_open() attaches a ZMQ_PAIR to zmq_socket_monitor()
 * (before any bind/connect, so no event is lost); MON_EXPECT() waits for an
 * event, skipping others, and returns its value; MON_EXPECT_HANDSHAKE()
 * waits for the first handshake outcome (succeeded or any failure) and
 * checks that it is the expected one; MON_EXPECT_NONE() checks that an
 * event does not occur. Failures list every event seen while waiting.
 */
#ifndef CAPI_TLSUTIL_H
#define CAPI_TLSUTIL_H

#include "../testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---- certificate directory --------------------------------------------- */

static char tls_cert_dir_[1024];

static inline void tls_test_init (int argc, char **argv)
{
    const char *d = argc > 1 ? argv[1] : getenv ("ZMQ_TLS_TEST_CERTS");
    if (d == NULL || *d == '\0') {
        fprintf (stderr,
                 "usage: %s CERTDIR (or set ZMQ_TLS_TEST_CERTS); CERTDIR is "
                 "written by capi-tests/tls/mkcerts.sh\n",
                 argc > 0 ? argv[0] : "test");
        exit (2);
    }
    snprintf (tls_cert_dir_, sizeof tls_cert_dir_, "%s", d);
    char probe[1200];
    snprintf (probe, sizeof probe, "%s/ca.crt", tls_cert_dir_);
    struct stat st;
    TEST_ASSERT_MSG (stat (probe, &st) == 0,
                     "%s missing: run mkcerts.sh %s first", probe,
                     tls_cert_dir_);
    /* Tests never depend on the system trust store or on SIGPIPE. */
    signal (SIGPIPE, SIG_IGN);
}

/* Path of NAME inside the certificate directory (rotating buffers). */
static inline const char *cert (const char *name)
{
    static char bufs[16][1200];
    static int next;
    char *b = bufs[next++ % 16];
    snprintf (b, sizeof bufs[0], "%s/%s", tls_cert_dir_, name);
    return b;
}

/* The whole of file NAME of the certificate directory, NUL-terminated
 * (*len_out, if not NULL, gets its length). The buffer is the caller's to
 * free. */
static inline char *tls_slurp (const char *name, size_t *len_out)
{
    FILE *f = fopen (cert (name), "r");
    TEST_ASSERT_MSG (f != NULL, "open %s", cert (name));
    char *b = (char *) malloc (65536);
    TEST_ASSERT (b != NULL);
    size_t len = fread (b, 1, 65535, f);
    TEST_ASSERT_MSG (feof (f), "%s is larger than 64 KiB", name);
    fclose (f);
    b[len] = '\0';
    if (len_out)
        *len_out = len;
    return b;
}

/* ---- options ------------------------------------------------------------- */

static inline void set_str_opt (void *s, int opt, const char *value)
{
    TEST_ZMQ_OK (zmq_setsockopt (s, opt, value, strlen (value)));
}

/* Set CA_FILE / CERT_FILE / KEY_FILE to files of the certificate directory;
 * NULL leaves the option alone. */
static inline void tls_creds (void *s, const char *ca, const char *crt,
                              const char *key)
{
    if (ca)
        set_str_opt (s, ZMQ_TLS_CA_FILE, cert (ca));
    if (crt)
        set_str_opt (s, ZMQ_TLS_CERT_FILE, cert (crt));
    if (key)
        set_str_opt (s, ZMQ_TLS_KEY_FILE, cert (key));
}

/* Bind to tls://127.0.0.1:* and store the resolved endpoint. */
static inline void tls_bind (void *s, char *ep, size_t cap)
{
    bind_ephemeral_at (s, "tls://127.0.0.1:*", ep, cap);
    TEST_ASSERT_MSG (strncmp (ep, "tls://127.0.0.1:", 16) == 0
                       && endpoint_port (ep) > 0,
                     "ZMQ_LAST_ENDPOINT = \"%s\"", ep);
}

/* ---- names for diagnostics */

static inline const char *tls_event_name (int e)
{
    switch (e) {
        case ZMQ_EVENT_CONNECTED: return "CONNECTED";
        case ZMQ_EVENT_CONNECT_DELAYED: return "CONNECT_DELAYED";
        case ZMQ_EVENT_CONNECT_RETRIED: return "CONNECT_RETRIED";
        case ZMQ_EVENT_LISTENING: return "LISTENING";
        case ZMQ_EVENT_BIND_FAILED: return "BIND_FAILED";
        case ZMQ_EVENT_ACCEPTED: return "ACCEPTED";
        case ZMQ_EVENT_ACCEPT_FAILED: return "ACCEPT_FAILED";
        case ZMQ_EVENT_CLOSED: return "CLOSED";
        case ZMQ_EVENT_CLOSE_FAILED: return "CLOSE_FAILED";
        case ZMQ_EVENT_DISCONNECTED: return "DISCONNECTED";
        case ZMQ_EVENT_MONITOR_STOPPED: return "MONITOR_STOPPED";
        case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
            return "HANDSHAKE_FAILED_NO_DETAIL";
        case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: return "HANDSHAKE_SUCCEEDED";
        case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
            return "HANDSHAKE_FAILED_PROTOCOL";
        case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: return "HANDSHAKE_FAILED_AUTH";
        case ZMQ_EVENT_TLS_RELOAD: return "TLS_RELOAD";
        default: return "?";
    }
}

static inline const char *tls_errno_name (int v)
{
    switch (v) {
        case ETLSCA: return "ETLSCA";
        case ETLSCERT: return "ETLSCERT";
        case ETLSKEY: return "ETLSKEY";
        case ETLSKEYINVALID: return "ETLSKEYINVALID";
        case ETLSPASS: return "ETLSPASS";
        case ETLSCTX: return "ETLSCTX";
        case ETLSCIPHER: return "ETLSCIPHER";
        case ETLS: return "ETLS";
        case ETLSVERIFY: return "ETLSVERIFY";
        case ETLSCNAME: return "ETLSCNAME";
        default: return "";
    }
}

/* ---- synchronous configuration errors */

/* Apply CA_FILE / CERT_FILE / KEY_FILE / CERT_PASSWORD (files are names in
 * the certificate directory, NULL leaves an option unset) to a fresh socket
 * of TYPE, then bind (ep == NULL: tls://127.0.0.1:*) or connect (to ep),
 * which must fail with ERR. */
#define EXPECT_CFG_ERR(ctx, err, ep, ca, crt, key, pass)                       \
    expect_cfg_err_ (__FILE__, __LINE__, (ctx), (err), #err, (ep), (ca),      \
                     (crt), (key), (pass))
static inline void expect_cfg_err_ (const char *file, int line, void *ctx,
                                    int err, const char *errname,
                                    const char *ep, const char *ca,
                                    const char *crt, const char *key,
                                    const char *pass)
{
    void *s = test_socket (ctx, ep ? ZMQ_REQ : ZMQ_REP);
    tls_creds (s, ca, crt, key);
    if (pass)
        set_str_opt (s, ZMQ_TLS_CERT_PASSWORD, pass);
    errno = 0;
    int rc = ep ? zmq_connect (s, ep) : zmq_bind (s, "tls://127.0.0.1:*");
    int en = zmq_errno ();
    if (rc != -1 || en != err)
        test_fail_ (file, line,
                    "%s (CA_FILE=%s CERT_FILE=%s KEY_FILE=%s PASSWORD=%s): "
                    "expected -1/%s (%d), got %d, errno %d %s (%s)",
                    ep ? "zmq_connect" : "zmq_bind", ca ? ca : "-",
                    crt ? crt : "-", key ? key : "-", pass ? pass : "-",
                    errname, err, rc, rc == -1 ? en : 0,
                    rc == -1 ? tls_errno_name (en) : "",
                    rc == -1 ? zmq_strerror (en) : "succeeded");
    TEST_ZMQ_OK (zmq_close (s));
}

/* A listener with the standard server identity (no CA: no client
 * certificate requested); *ep receives its endpoint. */
static inline void *tls_server (void *ctx, int type, char *ep, size_t cap)
{
    void *s = test_socket (ctx, type);
    tls_creds (s, NULL, "server.crt", "server.key");
    tls_bind (s, ep, cap);
    return s;
}

/* ---- monitor */

typedef struct
{
    int event;
    int value;
    char addr[256];
} mon_event_t;

/* Start monitoring S (all events) and return the connected ZMQ_PAIR. */
static inline void *mon_open (void *ctx, void *s)
{
    static int counter;
    char ep[64];
    snprintf (ep, sizeof ep, "inproc://mon-%d-%d", (int) getpid (),
              counter++);
    TEST_ZMQ_OK (zmq_socket_monitor (s, ep, ZMQ_EVENT_ALL));
    void *m = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (m, ep));
    return m;
}

/* Read the next event within timeout_ms: 1 if one was read, 0 if none. */
static inline int mon_next (void *mon, int timeout_ms, mon_event_t *ev)
{
    set_int_opt (mon, ZMQ_RCVTIMEO, timeout_ms < 0 ? 0 : timeout_ms);
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    if (zmq_msg_recv (&m, mon, 0) == -1) {
        int en = zmq_errno ();
        zmq_msg_close (&m);
        TEST_ASSERT_MSG (en == EAGAIN, "monitor recv: %s", zmq_strerror (en));
        return 0;
    }
    TEST_ASSERT_MSG (zmq_msg_size (&m) == 6,
                     "monitor frame 1 is %zu bytes, expected 6",
                     zmq_msg_size (&m));
    TEST_ASSERT_MSG (zmq_msg_more (&m), "monitor frame 1 without MORE");
    const uint8_t *d = (const uint8_t *) zmq_msg_data (&m);
    uint16_t event;
    uint32_t value;
    memcpy (&event, d, 2);
    memcpy (&value, d + 2, 4);
    zmq_msg_close (&m);
    ev->event = event;
    ev->value = (int) value;
    set_int_opt (mon, ZMQ_RCVTIMEO, 2000);
    TEST_ZMQ_OK (zmq_msg_init (&m));
    int n = zmq_msg_recv (&m, mon, 0);
    TEST_ASSERT_MSG (n >= 0, "monitor frame 2 (address) missing: %s",
                     zmq_strerror (zmq_errno ()));
    TEST_ASSERT_MSG (!zmq_msg_more (&m), "monitor event with > 2 frames");
    size_t len = zmq_msg_size (&m);
    if (len >= sizeof ev->addr)
        len = sizeof ev->addr - 1;
    memcpy (ev->addr, zmq_msg_data (&m), len);
    ev->addr[len] = '\0';
    zmq_msg_close (&m);
    return 1;
}

static inline void mon_describe_ (char *buf, size_t cap,
                                  const mon_event_t *ev)
{
    size_t used = strlen (buf);
    if (used + 1 >= cap)
        return;
    snprintf (buf + used, cap - used, " %s(%d%s%s)@%s",
              tls_event_name (ev->event), ev->value,
              *tls_errno_name (ev->value) ? "=" : "",
              tls_errno_name (ev->value), ev->addr);
}

/* Wait up to timeout_ms for an event in MASK, skipping others. Returns 1
 * and fills *ev, or 0 on timeout. SEEN (may be NULL) collects a description
 * of every event read. */
static inline int mon_wait (void *mon, int mask, int timeout_ms,
                            mon_event_t *ev, char *seen, size_t seen_cap)
{
    int64_t deadline = now_ms () + timeout_ms;
    for (;;) {
        int64_t left = deadline - now_ms ();
        if (left < 0)
            return 0;
        if (!mon_next (mon, (int) left, ev))
            return 0;
        if (seen)
            mon_describe_ (seen, seen_cap, ev);
        if (ev->event & mask)
            return 1;
    }
}

/* Wait for EVENT (skipping others) and return its value. */
#define MON_EXPECT(mon, event, timeout_ms)                                     \
    mon_expect_ (__FILE__, __LINE__, (mon), (event), #event, (timeout_ms))
static inline int mon_expect_ (const char *file, int line, void *mon,
                               int event, const char *name, int timeout_ms)
{
    char seen[4096] = "";
    mon_event_t ev;
    if (!mon_wait (mon, event, timeout_ms, &ev, seen, sizeof seen))
        test_fail_ (file, line, "no %s within %d ms; events seen:%s", name,
                    timeout_ms, *seen ? seen : " (none)");
    return ev.value;
}

#define HANDSHAKE_EVENTS                                                       \
    (ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL     \
     | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)

#define HANDSHAKE_FAILED_EVENTS                                                \
    (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL                                      \
     | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)

/* Wait for the first handshake outcome (succeeded or any failure) and check
 * that it is EVENT with VALUE (VALUE < 0: any value; EVENT < 0: any
 * HANDSHAKE_FAILED_* event). */
#define MON_EXPECT_ANY_FAILURE(mon, timeout_ms)                                \
    mon_expect_handshake_ (__FILE__, __LINE__, (mon), -1, -1, (timeout_ms))
#define MON_EXPECT_HANDSHAKE(mon, event, value, timeout_ms)                    \
    mon_expect_handshake_ (__FILE__, __LINE__, (mon), (event), (value),       \
                           (timeout_ms))
static inline void mon_expect_handshake_ (const char *file, int line,
                                          void *mon, int event, int value,
                                          int timeout_ms)
{
    char seen[4096] = "";
    mon_event_t ev;
    const char *want =
      event < 0 ? "HANDSHAKE_FAILED_*" : tls_event_name (event);
    if (!mon_wait (mon, HANDSHAKE_EVENTS, timeout_ms, &ev, seen, sizeof seen))
        test_fail_ (file, line,
                    "no handshake event within %d ms (expected %s(%d%s%s)); "
                    "events seen:%s",
                    timeout_ms, want, value,
                    *tls_errno_name (value) ? "=" : "",
                    tls_errno_name (value), *seen ? seen : " (none)");
    if (event < 0 && (ev.event & HANDSHAKE_FAILED_EVENTS))
        return; /* any failure was asked for */
    if (ev.event != event || (value >= 0 && ev.value != value))
        test_fail_ (file, line,
                    "expected handshake outcome %s(%d%s%s), got %s(%d%s%s); "
                    "events seen:%s",
                    want, value, *tls_errno_name (value) ? "=" : "",
                    tls_errno_name (value), tls_event_name (ev.event),
                    ev.value, *tls_errno_name (ev.value) ? "=" : "",
                    tls_errno_name (ev.value), seen);
}

/* Fail if an event in MASK arrives within ms. */
#define MON_EXPECT_NONE(mon, mask, ms)                                         \
    mon_expect_none_ (__FILE__, __LINE__, (mon), (mask), #mask, (ms))
static inline void mon_expect_none_ (const char *file, int line, void *mon,
                                     int mask, const char *name, int ms)
{
    char seen[4096] = "";
    mon_event_t ev;
    if (mon_wait (mon, mask, ms, &ev, seen, sizeof seen))
        test_fail_ (file, line, "unexpected %s; events seen:%s", name, seen);
}

/* Stop monitoring S and close the monitor PAIR. */
static inline void mon_close (void *s, void *mon)
{
    zmq_socket_monitor (s, NULL, 0);
    zmq_close (mon);
}

/* ---- messages */

/* Assert that nothing arrives on S within ms (recv fails with EAGAIN). */
#define EXPECT_NO_MSG(s, ms) expect_no_msg_ (__FILE__, __LINE__, (s), (ms))
static inline void expect_no_msg_ (const char *file, int line, void *s,
                                   int ms)
{
    int saved = get_int_opt (s, ZMQ_RCVTIMEO);
    set_int_opt (s, ZMQ_RCVTIMEO, ms);
    char buf[256];
    int n = zmq_recv (s, buf, sizeof buf, 0);
    int en = zmq_errno ();
    if (n >= 0) {
        int shown = n < (int) sizeof buf ? n : (int) sizeof buf;
        test_fail_ (file, line,
                    "a message was delivered (%d bytes \"%.*s\") where none "
                    "may be",
                    n, shown, buf);
    }
    if (en != EAGAIN)
        test_fail_ (file, line, "recv: expected EAGAIN, got %d (%s)", en,
                    zmq_strerror (en));
    set_int_opt (s, ZMQ_RCVTIMEO, saved);
}

/* Receive one frame equal to STR and return its "User-Id" property
 * (copied into uid; "" and 0 returned when the property is absent). */
#define RECV_STR_UID(s, str, uid, cap)                                         \
    recv_str_prop_ (__FILE__, __LINE__, (s), (str), "User-Id", (uid), (cap))
/* The same for any property PROP. */
#define RECV_STR_PROP(s, str, prop, val, cap)                                  \
    recv_str_prop_ (__FILE__, __LINE__, (s), (str), (prop), (val), (cap))
static inline int recv_str_prop_ (const char *file, int line, void *s,
                                  const char *str, const char *prop,
                                  char *uid, size_t cap)
{
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    int n = zmq_msg_recv (&m, s, 0);
    if (n == -1) {
        int en = zmq_errno ();
        test_fail_ (file, line, "zmq_msg_recv expecting \"%s\": %s", str,
                    zmq_strerror (en));
    }
    if ((size_t) n != strlen (str)
        || memcmp (zmq_msg_data (&m), str, strlen (str)) != 0)
        test_fail_ (file, line, "expected \"%s\", got %d bytes \"%.*s\"", str,
                    n, n, (const char *) zmq_msg_data (&m));
    errno = 0;
    const char *v = zmq_msg_gets (&m, prop);
    int has = v != NULL;
    snprintf (uid, cap, "%s", v ? v : "");
    zmq_msg_close (&m);
    return has;
}

/* ---- refused handshakes */

/* CLIENT (a REQ, configured, monitored by cmon, not yet connected) connects
 * to SERVER (a bound REP monitored by smon) at EP, and the handshake must
 * fail. DETECTOR ("client" or "server") is the side that rejects its peer:
 * its first handshake outcome must be EVENT with VALUE, followed by
 * DISCONNECTED; the other side must report some HANDSHAKE_FAILED_* event
 * and never HANDSHAKE_SUCCEEDED. The client retries (a second failure on
 * the detecting side within 3 s). No message crosses in either direction. */
#define EXPECT_REFUSED(client, cmon, server, smon, ep, detector, event, value) \
    expect_refused_ (__FILE__, __LINE__, (client), (cmon), (server), (smon),  \
                     (ep), (detector), (event), (value))
static inline void expect_refused_ (const char *file, int line, void *client,
                                    void *cmon, void *server, void *smon,
                                    const char *ep, const char *detector,
                                    int event, int value)
{
    set_int_opt (client, ZMQ_RECONNECT_IVL, 100);
    TEST_ZMQ_OK (zmq_connect (client, ep));
    send_str (client, "must not arrive", 0);
    int client_detects = strcmp (detector, "client") == 0;
    void *det = client_detects ? cmon : smon;
    void *other = client_detects ? smon : cmon;
    mon_expect_handshake_ (file, line, det, event, value, 5000);
    mon_expect_ (file, line, det, ZMQ_EVENT_DISCONNECTED,
                 "ZMQ_EVENT_DISCONNECTED", 2000);
    mon_expect_handshake_ (file, line, other, -1, -1, 5000);
    /* the connect side retries, and fails the same way again */
    mon_expect_handshake_ (file, line, det, event, value, 3000);
    expect_no_msg_ (file, line, server, 1000);
    expect_no_msg_ (file, line, client, 100);
    mon_expect_none_ (file, line, smon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
                      "server ZMQ_EVENT_HANDSHAKE_SUCCEEDED", 0);
    mon_expect_none_ (file, line, cmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
                      "client ZMQ_EVENT_HANDSHAKE_SUCCEEDED", 0);
}

/* ---- raw TCP peers */

/* Plain TCP connection to the port of a tls://127.0.0.1:PORT endpoint. */
static inline int raw_connect (const char *ep)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    TEST_ASSERT (fd >= 0);
    struct sockaddr_in sa;
    memset (&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons ((uint16_t) endpoint_port (ep));
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    TEST_ASSERT_MSG (connect (fd, (struct sockaddr *) &sa, sizeof sa) == 0,
                     "connect to %s: %s", ep, strerror (errno));
    return fd;
}

/* Wait until the peer closes FD (EOF or reset), discarding what it sends.
 * Returns the ms it took, or -1 if still open after timeout_ms. */
static inline int raw_wait_closed (int fd, int timeout_ms)
{
    int64_t start = now_ms ();
    int64_t deadline = start + timeout_ms;
    for (;;) {
        int64_t left = deadline - now_ms ();
        if (left < 0)
            return -1;
        struct pollfd p = {fd, POLLIN, 0};
        int rc = poll (&p, 1, (int) left);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc == 0)
            return -1;
        char buf[4096];
        ssize_t n = recv (fd, buf, sizeof buf, 0);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
            return (int) (now_ms () - start);
    }
}

/* ---- exchanges */

/* One REQ -> REP -> REQ round trip. */
static inline void req_rep_roundtrip (void *req, void *rep, const char *q,
                                      const char *a)
{
    send_str (req, q, 0);
    RECV_STR (rep, q);
    send_str (rep, a, 0);
    RECV_STR (req, a);
}

/* The bind side refuses a client: a REP server (ca.crt, server.crt; with
 * `expected_client_cn` set as its ZMQ_TLS_CERT_COMMON_NAME when not NULL)
 * rejects a REQ client that `setup_bad` configures, reporting
 * HANDSHAKE_FAILED_AUTH with `value` then DISCONNECTED; the client sees a
 * handshake failure and retries; no message crosses either way; and a good
 * client (client.crt, CN=client) on the same listener is still served. */
static inline void check_server_refuses (const char *expected_client_cn,
                                         void (*setup_bad) (void *s),
                                         int value)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *server = test_socket (ctx, ZMQ_REP);
    void *smon = mon_open (ctx, server);
    tls_creds (server, "ca.crt", "server.crt", "server.key");
    if (expected_client_cn)
        set_str_opt (server, ZMQ_TLS_CERT_COMMON_NAME, expected_client_cn);
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *bad = test_socket (ctx, ZMQ_REQ);
    void *bmon = mon_open (ctx, bad);
    setup_bad (bad);
    EXPECT_REFUSED (bad, bmon, server, smon, ep, "server",
                    ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, value);

    /* the bind side keeps serving everyone else */
    void *good = test_socket (ctx, ZMQ_REQ);
    tls_creds (good, "ca.crt", "client.crt", "client.key");
    TEST_ZMQ_OK (zmq_connect (good, ep));
    send_str (good, "hello", 0);
    char uid[256];
    TEST_ASSERT (RECV_STR_UID (server, "hello", uid, sizeof uid));
    TEST_ASSERT_EQ_STR ("client", uid);
    send_str (server, "world", 0);
    RECV_STR (good, "world");
    /* and still nothing from the refused client */
    EXPECT_NO_MSG (server, 300);
    EXPECT_NO_MSG (bad, 100);

    mon_close (bad, bmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (good));
    TEST_ZMQ_OK (zmq_close (bad));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

/* The connect side refuses the server: a REP server with `server_crt` /
 * `server_key` (no CA) and a REQ client that `setup_client` configures;
 * the client reports HANDSHAKE_FAILED_AUTH with `value` then DISCONNECTED
 * and retries, the server sees a handshake failure, no message crosses. */
static inline void check_client_refuses (const char *server_crt,
                                         const char *server_key,
                                         void (*setup_client) (void *s),
                                         int value)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *server = test_socket (ctx, ZMQ_REP);
    void *smon = mon_open (ctx, server);
    tls_creds (server, NULL, server_crt, server_key);
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *client = test_socket (ctx, ZMQ_REQ);
    void *cmon = mon_open (ctx, client);
    setup_client (client);
    EXPECT_REFUSED (client, cmon, server, smon, ep, "client",
                    ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, value);

    mon_close (client, cmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

#endif
