/* zmq_unbind / zmq_disconnect: unbind needs the resolved endpoint
 * (LAST_ENDPOINT), not the wildcard form (-> ENOENT); unbinding twice or
 * an unknown endpoint -> ENOENT; malformed -> EINVAL; unknown transport ->
 * EPROTONOSUPPORT; after unbind the port is free again; disconnect works
 * for a live connection, then ENOENT; reconnect after disconnect works;
 * LAST_ENDPOINT keeps its last value after unbind. */
#include "testutil.h"

/* libzmq closes the listener asynchronously after zmq_unbind, so an
 * immediate re-bind of the same port may briefly see EADDRINUSE. */
static void bind_retry (void *s, const char *ep)
{
    for (int i = 0; i < 200; i++) {
        if (zmq_bind (s, ep) == 0)
            return;
        TEST_ASSERT_MSG (zmq_errno () == EADDRINUSE, "bind %s: %s", ep,
                         zmq_strerror (zmq_errno ()));
        sleep_ms (10);
    }
    TEST_FAIL ("bind %s: still EADDRINUSE after 2 s", ep);
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256], last[256];

    void *b = test_socket (ctx, ZMQ_PAIR);
    bind_ephemeral (b, ep, sizeof ep);
    TEST_ZMQ_ERR (ENOENT, zmq_unbind (b, "tcp://127.0.0.1:*"));
    TEST_ZMQ_ERR (ENOENT, zmq_unbind (b, "tcp://127.0.0.1:1"));
    TEST_ZMQ_ERR (EINVAL, zmq_unbind (b, "nonsense"));
    TEST_ZMQ_ERR (EINVAL, zmq_unbind (b, ""));
    TEST_ZMQ_ERR (EPROTONOSUPPORT, zmq_unbind (b, "foo://x"));

    TEST_ZMQ_OK (zmq_unbind (b, ep));
    TEST_ZMQ_ERR (ENOENT, zmq_unbind (b, ep));
    get_last_endpoint (b, last, sizeof last);
    TEST_ASSERT_EQ_STR (ep, last);

    /* The port is free: another socket can take it. */
    void *b2 = test_socket (ctx, ZMQ_PAIR);
    bind_retry (b2, ep);
    /* And the first one cannot have it back while b2 holds it. */
    TEST_ZMQ_ERR (EADDRINUSE, zmq_bind (b, ep));
    TEST_ZMQ_OK (zmq_unbind (b2, ep));
    bind_retry (b, ep);
    TEST_ZMQ_OK (zmq_close (b2));

    /* disconnect (PUSH -> PULL; PAIR does not support reconnection). */
    TEST_ZMQ_OK (zmq_close (b));
    b = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (b, ep, sizeof ep);
    void *c = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_ERR (ENOENT, zmq_disconnect (c, ep));
    TEST_ZMQ_ERR (ENOENT, zmq_disconnect (c, "tcp://127.0.0.1:1"));
    TEST_ZMQ_ERR (EINVAL, zmq_disconnect (c, "nonsense"));
    TEST_ZMQ_ERR (EPROTONOSUPPORT, zmq_disconnect (c, "foo://x"));
    TEST_ZMQ_OK (zmq_connect (c, ep));
    get_last_endpoint (c, last, sizeof last);
    TEST_ASSERT_EQ_STR (ep, last);
    send_str (c, "first", 0);
    RECV_STR (b, "first");
    TEST_ZMQ_OK (zmq_disconnect (c, ep));
    TEST_ZMQ_ERR (ENOENT, zmq_disconnect (c, ep));

    /* After disconnect PUSH has no peer: a DONTWAIT send is EAGAIN. */
    TEST_ZMQ_ERR (EAGAIN, zmq_send (c, "x", 1, ZMQ_DONTWAIT));

    /* Connecting again works. */
    TEST_ZMQ_OK (zmq_connect (c, ep));
    wait_link (c, b, 5000);
    send_str (c, "again", 0);
    RECV_STR (b, "again");

    /* Unbinding the listener of a PUSH/PULL pair, then binding again. */
    void *pull = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (pull, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "one", 0);
    RECV_STR (pull, "one");
    TEST_ZMQ_OK (zmq_unbind (pull, ep));
    bind_retry (pull, ep);
    /* push reconnects to the new listener (anything written into the old,
     * closing connection may be lost: TCP). */
    wait_link (push, pull, 5000);
    send_str (push, "two", 0);
    RECV_STR (pull, "two");

    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
