/* The connect side checks by default that the server's certificate is for
 * the endpoint's host (no ZMQ_TLS_CERT_COMMON_NAME set):
 * - tls://localhost:PORT (a DNS name) and tls://127.0.0.1:PORT (an IP) to
 *   a server whose certificate chains to the trusted CA but is issued for
 *   "wrongname": refused, HANDSHAKE_FAILED_AUTH / ETLSCNAME on the client;
 * - the same endpoints to server.crt (SAN localhost, 127.0.0.1): served;
 * - ZMQ_TLS_CERT_COMMON_NAME "wrongname" replaces the host: served;
 * - ZMQ_TLS_VERIFY_HOSTNAME 0 with a CA: served (the host is not checked);
 * - ZMQ_TLS_VERIFY_HOSTNAME 0 without a CA (system trust store):
 *   zmq_connect fails with ETLSCA. */
#include "tlsutil.h"

static void *server_with (void *ctx, const char *crt, const char *key,
                          char *ep, size_t cap)
{
    void *s = test_socket (ctx, ZMQ_REP);
    tls_creds (s, NULL, crt, key);
    tls_bind (s, ep, cap);
    return s;
}

/* ep with its host replaced by HOST ("localhost" or "127.0.0.1"). */
static const char *at_host (const char *ep, const char *host)
{
    static char b[4][256];
    static int n;
    char *r = b[n++ % 4];
    snprintf (r, 256, "tls://%s:%d", host, endpoint_port (ep));
    return r;
}

static void refused (void *ctx, const char *ep)
{
    char sep[256];
    void *server = server_with (ctx, "wrongname-server.crt",
                                "wrongname-server.key", sep, sizeof sep);
    void *smon = mon_open (ctx, server);
    void *client = test_socket (ctx, ZMQ_REQ);
    void *cmon = mon_open (ctx, client);
    tls_creds (client, "ca.crt", NULL, NULL);
    EXPECT_REFUSED (client, cmon, server, smon, at_host (sep, ep), "client",
                    ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSCNAME);
    mon_close (client, cmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
}

/* A client configured by SETUP reaches a server with CRT at HOST. */
static void served (void *ctx, const char *crt, const char *key,
                    const char *host, void (*setup) (void *))
{
    char sep[256];
    void *server = server_with (ctx, crt, key, sep, sizeof sep);
    void *client = test_socket (ctx, ZMQ_REQ);
    tls_creds (client, "ca.crt", NULL, NULL);
    if (setup)
        setup (client);
    TEST_ZMQ_OK (zmq_connect (client, at_host (sep, host)));
    req_rep_roundtrip (client, server, "hello", "world");
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
}

static void expect_wrongname (void *s)
{
    set_str_opt (s, ZMQ_TLS_CERT_COMMON_NAME, "wrongname");
}

static void no_host_check (void *s)
{
    set_int_opt (s, ZMQ_TLS_VERIFY_HOSTNAME, 0);
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    refused (ctx, "localhost");
    refused (ctx, "127.0.0.1");
    served (ctx, "server.crt", "server.key", "localhost", NULL);
    served (ctx, "server.crt", "server.key", "127.0.0.1", NULL);
    served (ctx, "wrongname-server.crt", "wrongname-server.key", "127.0.0.1",
            expect_wrongname);
    served (ctx, "wrongname-server.crt", "wrongname-server.key", "localhost",
            no_host_check);

    /* the default is on, and readable */
    void *s = test_socket (ctx, ZMQ_REQ);
    int v = -1;
    size_t sz = sizeof v;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_TLS_VERIFY_HOSTNAME, &v, &sz));
    TEST_ASSERT_EQ_INT (1, v);
    /* off with the system trust store: refused at connect */
    set_int_opt (s, ZMQ_TLS_VERIFY_HOSTNAME, 0);
    errno = 0;
    TEST_ASSERT_EQ_INT (-1, zmq_connect (s, "tls://localhost:5555"));
    TEST_ASSERT_EQ_INT (ETLSCA, zmq_errno ());
    TEST_ZMQ_OK (zmq_close (s));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
