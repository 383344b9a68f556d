/* connect by DNS name: tcp://localhost:PORT reaches a socket bound on
 * 127.0.0.1, and ZMQ_LAST_ENDPOINT after a connect is the connect string
 * as given. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256], byname[256], last[256];

    void *b = test_socket (ctx, ZMQ_PAIR);
    bind_ephemeral (b, ep, sizeof ep);
    snprintf (byname, sizeof byname, "tcp://localhost:%d", endpoint_port (ep));

    void *c = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (c, byname));
    get_last_endpoint (c, last, sizeof last);
    TEST_ASSERT_EQ_STR (byname, last);
    bounce (c, b);

    /* disconnect takes the same string. */
    TEST_ZMQ_OK (zmq_disconnect (c, byname));
    TEST_ZMQ_ERR (ENOENT, zmq_disconnect (c, byname));
    TEST_ZMQ_OK (zmq_close (c));

    /* A DEALER by name to a ROUTER by address. */
    void *r = test_socket (ctx, ZMQ_ROUTER);
    bind_ephemeral (r, ep, sizeof ep);
    snprintf (byname, sizeof byname, "tcp://localhost:%d", endpoint_port (ep));
    void *d = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_setsockopt (d, ZMQ_ROUTING_ID, "D", 1));
    TEST_ZMQ_OK (zmq_connect (d, byname));
    send_str (d, "hi", 0);
    const char *expect[] = {"D", "hi", NULL};
    RECV_STRS (r, expect);

    TEST_ZMQ_OK (zmq_close (d));
    TEST_ZMQ_OK (zmq_close (r));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
