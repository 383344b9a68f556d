/* DEALER <-> ROUTER over tcp: a DEALER's ZMQ_ROUTING_ID is the first frame
 * at the ROUTER; the ROUTER routes replies by that id to the right DEALER
 * (several DEALERs); multipart bodies pass unchanged in both directions;
 * a message to an unknown id is silently dropped (no ROUTER_MANDATORY);
 * a ROUTER fair-queues between DEALERs; the ROUTER can bind or connect. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];

    void *router = test_socket (ctx, ZMQ_ROUTER);
    bind_ephemeral (router, ep, sizeof ep);

    void *d1 = test_socket (ctx, ZMQ_DEALER);
    void *d2 = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_setsockopt (d1, ZMQ_ROUTING_ID, "dealer-1", 8));
    TEST_ZMQ_OK (zmq_setsockopt (d2, ZMQ_ROUTING_ID, "dealer-2", 8));
    TEST_ZMQ_OK (zmq_connect (d1, ep));
    TEST_ZMQ_OK (zmq_connect (d2, ep));

    const char *m1[] = {"hello", "from", "one", NULL};
    send_strs (d1, m1);
    const char *e1[] = {"dealer-1", "hello", "from", "one", NULL};
    RECV_STRS (router, e1);
    send_str (d2, "two", 0);
    const char *e2[] = {"dealer-2", "two", NULL};
    RECV_STRS (router, e2);

    /* Route by id. */
    const char *r2[] = {"dealer-2", "for", "two", NULL};
    send_strs (router, r2);
    const char *r1[] = {"dealer-1", "for-one", NULL};
    send_strs (router, r1);
    const char *g1[] = {"for-one", NULL};
    RECV_STRS (d1, g1);
    const char *g2[] = {"for", "two", NULL};
    RECV_STRS (d2, g2);

    /* Unknown id: dropped, send still reports success. */
    const char *lost[] = {"nobody", "lost", NULL};
    send_strs (router, lost);
    char buf[32];
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (d1, buf, sizeof buf, ZMQ_DONTWAIT));
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (d2, buf, sizeof buf, ZMQ_DONTWAIT));
    /* Empty frames and binary ids survive. */
    const char *r3[] = {"dealer-1", "", "", "end", NULL};
    send_strs (router, r3);
    const char *g3[] = {"", "", "end", NULL};
    RECV_STRS (d1, g3);

    /* Many messages from both dealers: all arrive, per-dealer order. */
    for (int i = 0; i < 100; i++) {
        snprintf (buf, sizeof buf, "%d", i);
        send_str (d1, buf, 0);
        send_str (d2, buf, 0);
    }
    int next[2] = {0, 0};
    for (int i = 0; i < 200; i++) {
        char id[16];
        int n = zmq_recv (router, id, sizeof id, 0);
        TEST_ASSERT_EQ_INT (8, n);
        int which = id[7] - '1';
        TEST_ASSERT (which == 0 || which == 1);
        n = zmq_recv (router, buf, sizeof buf - 1, 0);
        TEST_ASSERT (n > 0);
        buf[n] = 0;
        TEST_ASSERT_EQ_INT (next[which]++, atoi (buf));
    }

    TEST_ZMQ_OK (zmq_close (d1));
    TEST_ZMQ_OK (zmq_close (d2));
    TEST_ZMQ_OK (zmq_close (router));

    /* ROUTER connecting to a bound DEALER: the DEALER's id still shows. */
    void *d = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_setsockopt (d, ZMQ_ROUTING_ID, "server", 6));
    bind_ephemeral (d, ep, sizeof ep);
    router = test_socket (ctx, ZMQ_ROUTER);
    TEST_ZMQ_OK (zmq_connect (router, ep));
    send_str (d, "hi-router", 0);
    const char *e4[] = {"server", "hi-router", NULL};
    RECV_STRS (router, e4);
    const char *r4[] = {"server", "hi-dealer", NULL};
    send_strs (router, r4);
    RECV_STR (d, "hi-dealer");

    TEST_ZMQ_OK (zmq_close (d));
    TEST_ZMQ_OK (zmq_close (router));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
