/* REQ/REP over tcp: request/reply round trips incl. multipart bodies; the
 * state machines: REQ recv before send -> EFSM, REQ send twice -> EFSM,
 * REP send before recv -> EFSM, REP recv twice -> EFSM; a REQ with no peer
 * -> EAGAIN on DONTWAIT send; REQ round-robins requests across two REPs. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256], ep2[256], buf[32];

    void *rep = test_socket (ctx, ZMQ_REP);
    bind_ephemeral (rep, ep, sizeof ep);
    void *req = test_socket (ctx, ZMQ_REQ);

    /* REQ state machine before any peer. */
    TEST_ZMQ_ERR (EFSM, zmq_recv (req, buf, sizeof buf, ZMQ_DONTWAIT));
    TEST_ZMQ_ERR (EFSM, zmq_recv (req, buf, sizeof buf, 0));
    TEST_ZMQ_ERR (EAGAIN, zmq_send (req, "x", 1, ZMQ_DONTWAIT));
    /* REP state machine before any request. */
    TEST_ZMQ_ERR (EFSM, zmq_send (rep, "x", 1, ZMQ_DONTWAIT));
    TEST_ZMQ_ERR (EFSM, zmq_send (rep, "x", 1, 0));
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (rep, buf, sizeof buf, ZMQ_DONTWAIT));

    TEST_ZMQ_OK (zmq_connect (req, ep));

    for (int i = 0; i < 10; i++) {
        char q[16], a[16];
        snprintf (q, sizeof q, "q%d", i);
        snprintf (a, sizeof a, "a%d", i);
        send_str (req, q, 0);
        /* REQ may not send again before the reply. */
        TEST_ZMQ_ERR (EFSM, zmq_send (req, "again", 5, 0));
        RECV_STR (rep, q);
        TEST_ASSERT_EQ_INT (0, rcvmore (rep)); /* envelope is hidden */
        /* REP may not receive again before replying. */
        TEST_ZMQ_ERR (EFSM, zmq_recv (rep, buf, sizeof buf, ZMQ_DONTWAIT));
        send_str (rep, a, 0);
        /* ... nor send twice. */
        TEST_ZMQ_ERR (EFSM, zmq_send (rep, "again", 5, 0));
        RECV_STR (req, a);
        TEST_ASSERT_EQ_INT (0, rcvmore (req));
    }

    /* Multipart request and reply. */
    const char *q[] = {"part1", "", "part3", NULL};
    const char *a[] = {"r1", "r2", NULL};
    send_strs (req, q);
    RECV_STRS (rep, q);
    send_strs (rep, a);
    RECV_STRS (req, a);

    /* Round-robin across two REPs. */
    void *rep2 = test_socket (ctx, ZMQ_REP);
    bind_ephemeral (rep2, ep2, sizeof ep2);
    TEST_ZMQ_OK (zmq_connect (req, ep2));
    settle ();
    int hits1 = 0, hits2 = 0;
    for (int i = 0; i < 10; i++) {
        send_str (req, "who", 0);
        zmq_pollitem_t items[] = {{rep, 0, ZMQ_POLLIN, 0},
                                  {rep2, 0, ZMQ_POLLIN, 0}};
        TEST_ASSERT_EQ_INT (1, zmq_poll (items, 2, 5000));
        void *s = (items[0].revents & ZMQ_POLLIN) ? rep : rep2;
        if (s == rep)
            hits1++;
        else
            hits2++;
        RECV_STR (s, "who");
        send_str (s, s == rep ? "one" : "two", 0);
        RECV_STR (req, s == rep ? "one" : "two");
    }
    TEST_ASSERT_EQ_INT (5, hits1);
    TEST_ASSERT_EQ_INT (5, hits2);

    TEST_ZMQ_OK (zmq_close (req));
    TEST_ZMQ_OK (zmq_close (rep));
    TEST_ZMQ_OK (zmq_close (rep2));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
