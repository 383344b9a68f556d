/* Reconnect: a PUSH/DEALER connected to a PULL/ROUTER keeps working after
 * the binding side is closed and a new socket binds the same port (also
 * from another context); messages sent while the peer is down are queued
 * on the connecting side and delivered after reconnect (DEALER);
 * RECONNECT_IVL=-1 disables reconnection. */
#include "testutil.h"

/* libzmq releases the port asynchronously after close. */
static void bind_retry (void *s, const char *ep)
{
    for (int i = 0; i < 300; i++) {
        if (zmq_bind (s, ep) == 0)
            return;
        TEST_ASSERT_MSG (zmq_errno () == EADDRINUSE, "bind %s: %s", ep,
                         zmq_strerror (zmq_errno ()));
        sleep_ms (10);
    }
    TEST_FAIL ("bind %s: still EADDRINUSE after 3 s", ep);
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *ctx2 = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];

    /* PUSH -> PULL, PULL restarted twice (once in another context). */
    void *pull = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (pull, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (push, ZMQ_RECONNECT_IVL, 50);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "before", 0);
    RECV_STR (pull, "before");

    TEST_ZMQ_OK (zmq_close (pull));
    pull = test_socket (ctx, ZMQ_PULL);
    bind_retry (pull, ep);
    wait_link (push, pull, 5000);
    send_str (push, "after-1", 0);
    RECV_STR (pull, "after-1");

    TEST_ZMQ_OK (zmq_close (pull));
    pull = test_socket (ctx2, ZMQ_PULL);
    bind_retry (pull, ep);
    wait_link (push, pull, 5000);
    send_str (push, "after-2", 0);
    RECV_STR (pull, "after-2");
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_close (push));

    /* DEALER -> ROUTER: messages sent while the ROUTER is down are queued
     * and delivered after reconnect, in order. */
    void *router = test_socket (ctx, ZMQ_ROUTER);
    bind_ephemeral (router, ep, sizeof ep);
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    set_int_opt (dealer, ZMQ_RECONNECT_IVL, 50);
    TEST_ZMQ_OK (zmq_setsockopt (dealer, ZMQ_ROUTING_ID, "D", 1));
    TEST_ZMQ_OK (zmq_connect (dealer, ep));
    send_str (dealer, "up", 0);
    const char *up[] = {"D", "up", NULL};
    RECV_STRS (router, up);
    TEST_ZMQ_OK (zmq_close (router));
    sleep_ms (300); /* the dealer notices the disconnect */
    for (int i = 0; i < 5; i++) {
        char m[8];
        snprintf (m, sizeof m, "q%d", i);
        send_str (dealer, m, 0);
    }
    router = test_socket (ctx, ZMQ_ROUTER);
    bind_retry (router, ep);
    for (int i = 0; i < 5; i++) {
        char m[8];
        snprintf (m, sizeof m, "q%d", i);
        const char *e[] = {"D", m, NULL};
        RECV_STRS (router, e);
    }
    /* And the route back works. */
    const char *back[] = {"D", "back", NULL};
    send_strs (router, back);
    RECV_STR (dealer, "back");
    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_close (router));

    /* RECONNECT_IVL=-1: no reconnection after the peer restarts. */
    pull = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (pull, ep, sizeof ep);
    push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (push, ZMQ_RECONNECT_IVL, -1);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "once", 0);
    RECV_STR (pull, "once");
    TEST_ZMQ_OK (zmq_close (pull));
    pull = test_socket (ctx, ZMQ_PULL);
    bind_retry (pull, ep);
    sleep_ms (500);
    zmq_send (push, "never", 5, ZMQ_DONTWAIT); /* may queue or EAGAIN */
    set_int_opt (pull, ZMQ_RCVTIMEO, 500);
    char buf[8];
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull, buf, sizeof buf, 0));
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    TEST_ZMQ_OK (zmq_ctx_term (ctx2));
    return 0;
}
