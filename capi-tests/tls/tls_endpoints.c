/* tls:// addressing as zmq_tls(7) describes it: bind to "*" (LAST_ENDPOINT
 * tls://0.0.0.0:PORT), to an interface name ("lo": tls://127.0.0.1:PORT)
 * and to a numeric address; ephemeral "*" ports; connect by IP and by DNS
 * name (localhost). Each endpoint carries messages. */
#include "tlsutil.h"

static void check_link (void *ctx, void *server, const char *connect_ep)
{
    void *client = test_socket (ctx, ZMQ_REQ);
    tls_creds (client, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (client, connect_ep));
    req_rep_roundtrip (client, server, connect_ep, "ok");
    TEST_ZMQ_OK (zmq_close (client));
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256], cep[256];

    /* wildcard address */
    void *s = test_socket (ctx, ZMQ_REP);
    tls_creds (s, NULL, "server.crt", "server.key");
    bind_ephemeral_at (s, "tls://*:*", ep, sizeof ep);
    TEST_ASSERT_MSG (strncmp (ep, "tls://0.0.0.0:", 14) == 0
                       && endpoint_port (ep) > 0,
                     "LAST_ENDPOINT after tls://*:* = \"%s\"", ep);
    snprintf (cep, sizeof cep, "tls://127.0.0.1:%d", endpoint_port (ep));
    check_link (ctx, s, cep);
    snprintf (cep, sizeof cep, "tls://localhost:%d", endpoint_port (ep));
    check_link (ctx, s, cep);
    TEST_ZMQ_OK (zmq_close (s));

    /* interface name */
    s = test_socket (ctx, ZMQ_REP);
    tls_creds (s, NULL, "server.crt", "server.key");
    bind_ephemeral_at (s, "tls://lo:*", ep, sizeof ep);
    TEST_ASSERT_MSG (strncmp (ep, "tls://127.0.0.1:", 16) == 0,
                     "LAST_ENDPOINT after tls://lo:* = \"%s\"", ep);
    check_link (ctx, s, ep);
    TEST_ZMQ_OK (zmq_close (s));

    /* numeric address, explicit port taken from an ephemeral one */
    s = test_socket (ctx, ZMQ_REP);
    tls_creds (s, NULL, "server.crt", "server.key");
    tls_bind (s, ep, sizeof ep);
    int port = endpoint_port (ep);
    TEST_ZMQ_OK (zmq_unbind (s, ep));
    snprintf (cep, sizeof cep, "tls://127.0.0.1:%d", port);
    int64_t deadline = now_ms () + 5000;
    while (zmq_bind (s, cep) != 0) {
        TEST_ASSERT_MSG (zmq_errno () == EADDRINUSE && now_ms () < deadline,
                         "bind %s: %s", cep, zmq_strerror (zmq_errno ()));
        sleep_ms (50);
    }
    get_last_endpoint (s, ep, sizeof ep);
    TEST_ASSERT_EQ_STR (cep, ep);
    check_link (ctx, s, cep);
    /* a second bind of the same port fails */
    void *dup = test_socket (ctx, ZMQ_REP);
    tls_creds (dup, NULL, "server.crt", "server.key");
    TEST_ZMQ_ERR (EADDRINUSE, zmq_bind (dup, cep));
    TEST_ZMQ_OK (zmq_close (dup));
    TEST_ZMQ_OK (zmq_close (s));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
