/* Certificate rotation without restart (ZMQ_TLS_RELOAD, on by default).
 * The bind side's certificate and key are symlinks in a temp directory,
 * swapped the way cert-manager does (new link renamed over the old):
 * 1. server.crt in place: a client checking 127.0.0.1 is served, and stays
 *    connected through everything below;
 * 2. swapped to wrongname-server.crt/.key: the next connection is served
 *    with the new certificate (a client expecting "wrongname" passes, one
 *    checking 127.0.0.1 is refused with ETLSCNAME), the server's monitor
 *    reports ZMQ_EVENT_TLS_RELOAD with value 0, and the first client still
 *    talks over its old session;
 * 3. the certificate swapped to a garbage file: ZMQ_EVENT_TLS_RELOAD with
 *    value ETLSCERT, once, and new clients still get the last good
 *    credentials;
 * 4. swapped back to server.crt/.key: reloaded (value 0), served.
 * With ZMQ_TLS_RELOAD 0 a swap changes nothing and no event is sent. */
#include "tlsutil.h"

static char dir[64];

static const char *at (const char *name)
{
    static char b[8][160];
    static int n;
    char *r = b[n++ % 8];
    snprintf (r, 160, "%s/%s", dir, name);
    return r;
}

/* Point dir/LINK at TARGET atomically (symlink + rename). */
static void swap_link (const char *link, const char *target)
{
    char tmp[200];
    snprintf (tmp, sizeof tmp, "%s.tmp", at (link));
    unlink (tmp);
    TEST_ASSERT (symlink (target, tmp) == 0);
    TEST_ASSERT (rename (tmp, at (link)) == 0);
}

static void swap_identity (const char *crt, const char *key)
{
    swap_link ("live.key", key);
    swap_link ("live.crt", crt);
}

/* A new REQ client; NAME: the name to expect (NULL: the endpoint's IP). */
static void *client (void *ctx, const char *ep, const char *name)
{
    void *c = test_socket (ctx, ZMQ_REQ);
    tls_creds (c, "ca.crt", NULL, NULL);
    if (name)
        set_str_opt (c, ZMQ_TLS_CERT_COMMON_NAME, name);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    return c;
}

static void served (void *ctx, void *server, const char *ep,
                    const char *name)
{
    void *c = client (ctx, ep, name);
    req_rep_roundtrip (c, server, "hi", "ho");
    TEST_ZMQ_OK (zmq_close (c));
}

static void refused (void *ctx, void *server, const char *ep)
{
    void *c = client (ctx, ep, NULL);
    void *cmon = mon_open (ctx, c);
    MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSCNAME,
                          5000);
    EXPECT_NO_MSG (server, 100);
    mon_close (c, cmon);
    TEST_ZMQ_OK (zmq_close (c));
}

static void expect_reload (void *smon, int value)
{
    char seen[4096] = "";
    mon_event_t ev;
    TEST_ASSERT_MSG (mon_wait (smon, ZMQ_EVENT_TLS_RELOAD, 3000, &ev, seen,
                               sizeof seen),
                     "no ZMQ_EVENT_TLS_RELOAD; seen:%s", seen);
    TEST_ASSERT_MSG (ev.value == value, "TLS_RELOAD value %d (%s), want %s",
                     ev.value, tls_errno_name (ev.value),
                     value ? tls_errno_name (value) : "0");
}

static void *bind_live (void *ctx, int reload, char *ep, size_t cap)
{
    void *s = test_socket (ctx, ZMQ_REP);
    set_str_opt (s, ZMQ_TLS_CERT_FILE, at ("live.crt"));
    set_str_opt (s, ZMQ_TLS_KEY_FILE, at ("live.key"));
    if (!reload)
        set_int_opt (s, ZMQ_TLS_RELOAD, 0);
    tls_bind (s, ep, cap);
    return s;
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    snprintf (dir, sizeof dir, "/tmp/zmq-tls-reload-XXXXXX");
    TEST_ASSERT (mkdtemp (dir) != NULL);
    FILE *g = fopen (at ("garbage.crt"), "w");
    TEST_ASSERT (g != NULL);
    fputs ("-----BEGIN CERTIFICATE-----\nnot base64\n", g);
    fclose (g);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    swap_identity (cert ("server.crt"), cert ("server.key"));
    char ep[256];
    void *server = bind_live (ctx, 1, ep, sizeof ep);
    void *smon = mon_open (ctx, server);
    void *first = client (ctx, ep, NULL);
    req_rep_roundtrip (first, server, "one", "1");

    swap_identity (cert ("wrongname-server.crt"), cert ("wrongname-server.key"));
    served (ctx, server, ep, "wrongname");
    expect_reload (smon, 0);
    refused (ctx, server, ep);
    req_rep_roundtrip (first, server, "two", "2");

    swap_link ("live.crt", at ("garbage.crt"));
    served (ctx, server, ep, "wrongname");
    expect_reload (smon, ETLSCERT);
    served (ctx, server, ep, "wrongname");
    MON_EXPECT_NONE (smon, ZMQ_EVENT_TLS_RELOAD, 200);

    swap_identity (cert ("server.crt"), cert ("server.key"));
    served (ctx, server, ep, NULL);
    expect_reload (smon, 0);
    req_rep_roundtrip (first, server, "three", "3");
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (first));
    TEST_ZMQ_OK (zmq_close (server));

    /* ZMQ_TLS_RELOAD 0: the files are read once */
    server = bind_live (ctx, 0, ep, sizeof ep);
    smon = mon_open (ctx, server);
    int v = 1;
    size_t sz = sizeof v;
    TEST_ZMQ_OK (zmq_getsockopt (server, ZMQ_TLS_RELOAD, &v, &sz));
    TEST_ASSERT_EQ_INT (0, v);
    swap_identity (cert ("wrongname-server.crt"), cert ("wrongname-server.key"));
    served (ctx, server, ep, NULL);
    MON_EXPECT_NONE (smon, ZMQ_EVENT_TLS_RELOAD, 200);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (server));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    unlink (at ("live.crt"));
    unlink (at ("live.key"));
    unlink (at ("garbage.crt"));
    rmdir (dir);
    return 0;
}
