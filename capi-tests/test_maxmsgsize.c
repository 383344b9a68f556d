/* ZMQ_MAXMSGSIZE on the receiver: frames up to the limit arrive; a larger
 * frame makes the receiver drop that connection (the frame is never
 * delivered); the sender reconnects and traffic resumes; other
 * connections of the receiver are not affected. -1 means no limit. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    char big[1000];
    memset (big, 'B', sizeof big);

    void *pull = test_socket (ctx, ZMQ_PULL);
    int64_t limit = 100;
    TEST_ZMQ_OK (zmq_setsockopt (pull, ZMQ_MAXMSGSIZE, &limit, sizeof limit));
    bind_ephemeral (pull, ep, sizeof ep);

    void *p1 = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (p1, ZMQ_RECONNECT_IVL, 50);
    TEST_ZMQ_OK (zmq_connect (p1, ep));
    void *p2 = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (p2, ep));

    /* Exactly the limit is fine. */
    TEST_ASSERT_EQ_INT (100, zmq_send (p1, big, 100, 0));
    char buf[2000];
    TEST_ASSERT_EQ_INT (100, zmq_recv (pull, buf, sizeof buf, 0));
    send_str (p2, "p2-first", 0);
    RECV_STR (pull, "p2-first");

    /* One byte over: dropped together with p1's connection. */
    TEST_ASSERT_EQ_INT (101, zmq_send (p1, big, 101, 0));
    set_int_opt (pull, ZMQ_RCVTIMEO, 500);
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull, buf, sizeof buf, 0));
    set_int_opt (pull, ZMQ_RCVTIMEO, TEST_TIMEOUT_MS);

    /* p2 is unaffected. */
    send_str (p2, "p2-second", 0);
    RECV_STR (pull, "p2-second");

    /* p1 reconnects; small messages flow again (messages written into the
     * dropped connection are lost). */
    wait_link (p1, pull, 5000);
    send_str (p1, "p1-again", 0);
    RECV_STR (pull, "p1-again");

    /* A multipart message with one oversized frame is not delivered. */
    TEST_ZMQ_OK (zmq_send (p2, "small", 5, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (p2, big, 500, 0));
    set_int_opt (pull, ZMQ_RCVTIMEO, 500);
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull, buf, sizeof buf, 0));

    TEST_ZMQ_OK (zmq_close (p1));
    TEST_ZMQ_OK (zmq_close (p2));
    TEST_ZMQ_OK (zmq_close (pull));

    /* -1: no limit. */
    pull = test_socket (ctx, ZMQ_PULL);
    limit = -1;
    TEST_ZMQ_OK (zmq_setsockopt (pull, ZMQ_MAXMSGSIZE, &limit, sizeof limit));
    bind_ephemeral (pull, ep, sizeof ep);
    p1 = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (p1, ep));
    size_t huge = 2 << 20;
    char *h = (char *) calloc (1, huge);
    TEST_ASSERT (h);
    TEST_ASSERT_EQ_INT ((int) huge, zmq_send (p1, h, huge, 0));
    TEST_ASSERT_EQ_INT ((int) huge, zmq_recv (pull, buf, sizeof buf, 0));
    free (h);
    TEST_ZMQ_OK (zmq_close (p1));
    TEST_ZMQ_OK (zmq_close (pull));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
