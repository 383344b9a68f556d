/* SNDHWM/RCVHWM: a PUSH (also DEALER, PAIR) connected to an endpoint where
 * nobody listens queues exactly SNDHWM messages, then DONTWAIT sends fail
 * with EAGAIN; with two such peers it queues 2 x SNDHWM (one pipe each);
 * SNDHWM set after connect applies to the existing pipe; SNDHWM=0 means
 * no limit; with a live but idle PULL at least SNDHWM messages go out
 * before EAGAIN, and after the PULL drains everything arrives in order. */
#include "testutil.h"

static int fill (void *s, int limit)
{
    int n = 0;
    while (n < limit && zmq_send (s, "m", 1, ZMQ_DONTWAIT) == 1)
        n++;
    if (n < limit)
        TEST_ASSERT_MSG (zmq_errno () == EAGAIN, "errno %d (%s)", zmq_errno (),
                         zmq_strerror (zmq_errno ()));
    return n;
}

static void dead_endpoint (void *ctx, char *ep, size_t cap)
{
    void *s = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (s, ep, cap);
    TEST_ZMQ_OK (zmq_close (s));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char dead1[256], dead2[256], ep[256];
    dead_endpoint (ctx, dead1, sizeof dead1);
    dead_endpoint (ctx, dead2, sizeof dead2);

    int types[] = {ZMQ_PUSH, ZMQ_DEALER, ZMQ_PAIR};
    int hwms[] = {1, 5, 100, 1000};
    for (size_t t = 0; t < 3; t++) {
        for (size_t h = 0; h < 4; h++) {
            void *s = test_socket (ctx, types[t]);
            set_int_opt (s, ZMQ_SNDHWM, hwms[h]);
            TEST_ZMQ_OK (zmq_connect (s, dead1));
            int n = fill (s, 100000);
            TEST_ASSERT_MSG (n == hwms[h], "type %d SNDHWM %d: queued %d",
                             types[t], hwms[h], n);
            TEST_ZMQ_OK (zmq_close (s));
        }
    }

    /* Two unreachable peers: one pipe each. */
    void *s = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (s, ZMQ_SNDHWM, 5);
    TEST_ZMQ_OK (zmq_connect (s, dead1));
    TEST_ZMQ_OK (zmq_connect (s, dead2));
    TEST_ASSERT_EQ_INT (10, fill (s, 100000));
    TEST_ZMQ_OK (zmq_close (s));

    /* Set after connect. */
    s = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (s, dead1));
    set_int_opt (s, ZMQ_SNDHWM, 7);
    TEST_ASSERT_EQ_INT (7, fill (s, 100000));
    TEST_ZMQ_OK (zmq_close (s));

    /* 0 = unlimited. */
    s = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (s, ZMQ_SNDHWM, 0);
    TEST_ZMQ_OK (zmq_connect (s, dead1));
    TEST_ASSERT_EQ_INT (20000, fill (s, 20000));
    TEST_ZMQ_OK (zmq_close (s));

    /* Live but idle receiver. */
    void *pull = test_socket (ctx, ZMQ_PULL);
    set_int_opt (pull, ZMQ_RCVHWM, 10);
    bind_ephemeral (pull, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (push, ZMQ_SNDHWM, 10);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    settle ();
    int total = fill (push, 1000000);
    sleep_ms (200);
    total += fill (push, 1000000);
    TEST_ASSERT_MSG (total >= 10 && total < 1000000, "queued %d", total);
    /* Drain: everything arrives, then the sender can go on. */
    for (int i = 0; i < total; i++) {
        char c;
        TEST_ASSERT_EQ_INT (1, zmq_recv (pull, &c, 1, 0));
    }
    char c;
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull, &c, 1, ZMQ_DONTWAIT));
    send_str (push, "after", 0);
    RECV_STR (pull, "after");

    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
