/* ZMQ_IMMEDIATE: with IMMEDIATE=1 a PUSH connected only to an endpoint
 * where nobody listens has no pipe, so DONTWAIT sends fail with EAGAIN and
 * blocking sends time out; messages are not queued for a peer that is not
 * there; when a PULL binds the endpoint later, sends succeed. With
 * IMMEDIATE=0 (default) the same sends are queued. Round-robin with
 * IMMEDIATE=1 skips the unreachable peer. */
#include "testutil.h"

static void dead_endpoint (void *ctx, char *ep, size_t cap)
{
    void *s = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (s, ep, cap);
    TEST_ZMQ_OK (zmq_close (s));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char dead[256], live[256];
    dead_endpoint (ctx, dead, sizeof dead);
    sleep_ms (50);

    /* IMMEDIATE=0: queued. */
    void *q = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (q, dead));
    TEST_ZMQ_OK (zmq_send (q, "queued", 6, ZMQ_DONTWAIT));
    TEST_ZMQ_OK (zmq_close (q));

    /* IMMEDIATE=1: no pipe, EAGAIN. */
    void *push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (push, ZMQ_IMMEDIATE, 1);
    set_int_opt (push, ZMQ_RECONNECT_IVL, 20);
    TEST_ZMQ_OK (zmq_connect (push, dead));
    sleep_ms (100);
    TEST_ZMQ_ERR (EAGAIN, zmq_send (push, "x", 1, ZMQ_DONTWAIT));
    set_int_opt (push, ZMQ_SNDTIMEO, 200);
    int64_t t0 = now_ms ();
    TEST_ZMQ_ERR (EAGAIN, zmq_send (push, "x", 1, 0));
    TEST_ASSERT (now_ms () - t0 >= 150);
    TEST_ASSERT_EQ_INT (0, get_int_opt (push, ZMQ_EVENTS) & ZMQ_POLLOUT);

    /* The peer appears: the connection completes and sends go through. */
    void *pull = test_socket (ctx, ZMQ_PULL);
    int rc = -1;
    for (int i = 0; i < 200 && rc != 0; i++) {
        rc = zmq_bind (pull, dead);
        if (rc != 0)
            sleep_ms (10);
    }
    TEST_ZMQ_OK (rc);
    set_int_opt (push, ZMQ_SNDTIMEO, 5000);
    send_str (push, "now", 0); /* blocks until connected */
    RECV_STR (pull, "now");
    /* Nothing was queued before the connection existed. */
    char buf[8];
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull, buf, sizeof buf, ZMQ_DONTWAIT));
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));

    /* Round-robin skips the unreachable peer. */
    dead_endpoint (ctx, dead, sizeof dead);
    pull = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (pull, live, sizeof live);
    push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (push, ZMQ_IMMEDIATE, 1);
    TEST_ZMQ_OK (zmq_connect (push, dead));
    TEST_ZMQ_OK (zmq_connect (push, live));
    settle ();
    for (int i = 0; i < 10; i++) {
        snprintf (buf, sizeof buf, "%d", i);
        send_str (push, buf, 0);
    }
    for (int i = 0; i < 10; i++) {
        snprintf (buf, sizeof buf, "%d", i);
        RECV_STR (pull, buf);
    }
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
