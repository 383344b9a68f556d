/* tcp bind forms: 127.0.0.1:* and :0 (ephemeral, read back through
 * ZMQ_LAST_ENDPOINT), *:* (-> tcp://0.0.0.0:P), 0.0.0.0:*, interface name
 * lo:* (-> tcp://127.0.0.1:P), several binds on one socket, and binding a
 * port in use -> EADDRINUSE (same socket, other socket, other context). */
#include "testutil.h"

/* The bound sockets are PULLs (a PULL accepts any number of peers; a PAIR
 * would reject a new peer while its previous connection is still being
 * torn down). */
static void check_connect_and_bounce (void *ctx, void *bound,
                                      const char *connect_ep)
{
    void *c = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (c, connect_ep));
    send_str (c, connect_ep, 0);
    RECV_STR (bound, connect_ep);
    TEST_ZMQ_OK (zmq_close (c));
}

static int starts_with (const char *s, const char *prefix)
{
    return strncmp (s, prefix, strlen (prefix)) == 0;
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256], ep2[256];

    /* 127.0.0.1:* */
    void *s = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral_at (s, "tcp://127.0.0.1:*", ep, sizeof ep);
    TEST_ASSERT_MSG (starts_with (ep, "tcp://127.0.0.1:"), "%s", ep);
    int port = endpoint_port (ep);
    TEST_ASSERT_MSG (port > 0 && port < 65536, "%s", ep);
    check_connect_and_bounce (ctx, s, ep);

    /* Same port again: on the same socket, another socket, another ctx. */
    TEST_ZMQ_ERR (EADDRINUSE, zmq_bind (s, ep));
    void *other = test_socket (ctx, ZMQ_PULL);
    TEST_ZMQ_ERR (EADDRINUSE, zmq_bind (other, ep));
    void *ctx2 = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *other2 = test_socket (ctx2, ZMQ_PULL);
    TEST_ZMQ_ERR (EADDRINUSE, zmq_bind (other2, ep));
    /* The failed binds did not change LAST_ENDPOINT. */
    get_last_endpoint (s, ep2, sizeof ep2);
    TEST_ASSERT_EQ_STR (ep, ep2);
    TEST_ZMQ_OK (zmq_close (other2));
    TEST_ZMQ_OK (zmq_ctx_term (ctx2));

    /* Port 0 is ephemeral as well. */
    bind_ephemeral_at (other, "tcp://127.0.0.1:0", ep2, sizeof ep2);
    TEST_ASSERT_MSG (starts_with (ep2, "tcp://127.0.0.1:"), "%s", ep2);
    TEST_ASSERT (endpoint_port (ep2) > 0);
    TEST_ASSERT (endpoint_port (ep2) != port);
    check_connect_and_bounce (ctx, other, ep2);
    TEST_ZMQ_OK (zmq_close (other));

    /* A second bind on the same socket; LAST_ENDPOINT follows it. */
    bind_ephemeral_at (s, "tcp://127.0.0.1:*", ep2, sizeof ep2);
    TEST_ASSERT (strcmp (ep, ep2) != 0);
    check_connect_and_bounce (ctx, s, ep2);
    check_connect_and_bounce (ctx, s, ep);
    TEST_ZMQ_OK (zmq_close (s));

    /* Wildcard address. */
    s = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral_at (s, "tcp://*:*", ep, sizeof ep);
    TEST_ASSERT_MSG (starts_with (ep, "tcp://0.0.0.0:"), "%s", ep);
    snprintf (ep2, sizeof ep2, "tcp://127.0.0.1:%d", endpoint_port (ep));
    check_connect_and_bounce (ctx, s, ep2);
    TEST_ZMQ_OK (zmq_close (s));

    s = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral_at (s, "tcp://0.0.0.0:*", ep, sizeof ep);
    TEST_ASSERT_MSG (starts_with (ep, "tcp://0.0.0.0:"), "%s", ep);
    TEST_ZMQ_OK (zmq_close (s));

    s = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral_at (s, "tcp://*:0", ep, sizeof ep);
    TEST_ASSERT_MSG (starts_with (ep, "tcp://0.0.0.0:"), "%s", ep);
    TEST_ZMQ_OK (zmq_close (s));

    /* Interface name: lo is 127.0.0.1. */
    s = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral_at (s, "tcp://lo:*", ep, sizeof ep);
    TEST_ASSERT_MSG (starts_with (ep, "tcp://127.0.0.1:"), "%s", ep);
    check_connect_and_bounce (ctx, s, ep);
    TEST_ZMQ_OK (zmq_close (s));

    /* Bracketed IPv4 literal is accepted by bind. */
    s = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral_at (s, "tcp://[127.0.0.1]:*", ep, sizeof ep);
    TEST_ASSERT_MSG (starts_with (ep, "tcp://127.0.0.1:"), "%s", ep);
    TEST_ZMQ_OK (zmq_close (s));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
