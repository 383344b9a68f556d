/* PUSH/PULL over tcp: a PUSH connected to two PULLs round-robins (strict
 * alternation, per-peer order kept); a PULL bound for two PUSHes
 * fair-queues (a pusher that floods does not push the other one's
 * messages to the back); multipart messages are never split across peers; PUSH cannot
 * recv and PULL cannot send (ENOTSUP). */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep1[256], ep2[256], ep[256], buf[32];

    /* Round-robin: one PUSH, two PULLs. */
    void *pull1 = test_socket (ctx, ZMQ_PULL);
    void *pull2 = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (pull1, ep1, sizeof ep1);
    bind_ephemeral (pull2, ep2, sizeof ep2);
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep1));
    TEST_ZMQ_OK (zmq_connect (push, ep2));
    settle ();

    const int n = 20;
    for (int i = 0; i < n; i++) {
        snprintf (buf, sizeof buf, "%d", i);
        send_str (push, buf, 0);
    }
    /* Each pull gets every other message, in order. */
    int first1 = -1, first2 = -1;
    for (int k = 0; k < n / 2; k++) {
        int len = zmq_recv (pull1, buf, sizeof buf - 1, 0);
        TEST_ASSERT_MSG (len > 0, "pull1 recv %d: %s", k,
                         zmq_strerror (zmq_errno ()));
        buf[len] = 0;
        int v = atoi (buf);
        if (k == 0)
            first1 = v;
        TEST_ASSERT_EQ_INT (first1 + 2 * k, v);
        len = zmq_recv (pull2, buf, sizeof buf - 1, 0);
        TEST_ASSERT_MSG (len > 0, "pull2 recv %d: %s", k,
                         zmq_strerror (zmq_errno ()));
        buf[len] = 0;
        v = atoi (buf);
        if (k == 0)
            first2 = v;
        TEST_ASSERT_EQ_INT (first2 + 2 * k, v);
    }
    TEST_ASSERT ((first1 == 0 && first2 == 1) || (first1 == 1 && first2 == 0));
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull1, buf, sizeof buf, ZMQ_DONTWAIT));
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull2, buf, sizeof buf, ZMQ_DONTWAIT));

    /* Multipart messages go whole to one peer. */
    const char *mp[] = {"m1", "m2", "m3", NULL};
    send_strs (push, mp);
    send_strs (push, mp);
    RECV_STRS (pull1, mp);
    RECV_STRS (pull2, mp);

    /* Wrong direction. */
    TEST_ZMQ_ERR (ENOTSUP, zmq_recv (push, buf, sizeof buf, ZMQ_DONTWAIT));
    TEST_ZMQ_ERR (ENOTSUP, zmq_send (pull1, "x", 1, ZMQ_DONTWAIT));
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull1));
    TEST_ZMQ_OK (zmq_close (pull2));

    /* Fair queueing: two PUSHes, one PULL. A floods 1000 messages first,
     * then B sends 10. With fair queueing B's messages are interleaved
     * early (libzmq re-checks its pipes at least every 100 messages), not
     * queued behind all of A's; per-pusher order is kept. */
    void *pull = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (pull, ep, sizeof ep);
    void *pa = test_socket (ctx, ZMQ_PUSH);
    void *pb = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (pa, ep));
    TEST_ZMQ_OK (zmq_connect (pb, ep));
    send_str (pa, "A-", 0);
    RECV_STR (pull, "A-");
    send_str (pb, "B-", 0);
    RECV_STR (pull, "B-");
    const int na = 1000, nb = 10;
    for (int i = 0; i < na; i++) {
        snprintf (buf, sizeof buf, "A%d", i);
        send_str (pa, buf, 0);
    }
    sleep_ms (200);
    for (int i = 0; i < nb; i++) {
        snprintf (buf, sizeof buf, "B%d", i);
        send_str (pb, buf, 0);
    }
    sleep_ms (200); /* everything is queued at the PULL */
    int next_a = 0, next_b = 0, last_b_pos = -1;
    for (int i = 0; i < na + nb; i++) {
        int len = zmq_recv (pull, buf, sizeof buf - 1, 0);
        TEST_ASSERT_MSG (len > 0, "recv %d: %s", i, zmq_strerror (zmq_errno ()));
        buf[len] = 0;
        if (buf[0] == 'A')
            TEST_ASSERT_EQ_INT (next_a++, atoi (buf + 1));
        else if (buf[0] == 'B') {
            TEST_ASSERT_EQ_INT (next_b++, atoi (buf + 1));
            last_b_pos = i;
        } else
            TEST_FAIL ("unexpected %s", buf);
    }
    TEST_ASSERT_EQ_INT (na, next_a);
    TEST_ASSERT_EQ_INT (nb, next_b);
    TEST_ASSERT_MSG (last_b_pos < 500,
                     "B's last message was #%d of %d: not fair-queued",
                     last_b_pos, na + nb);

    TEST_ZMQ_OK (zmq_close (pa));
    TEST_ZMQ_OK (zmq_close (pb));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
