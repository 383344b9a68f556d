/* inproc pipe limits, as libzmq's: the sender's SNDHWM plus the
 * receiver's RCVHWM (0 = unlimited), also when the connect came before the
 * bind (until the bind arrives only the connector's own SNDHWM holds), and
 * after either side changes its HWM on a live pipe. Counted as the
 * messages a PUSH (SNDHWM 5) can queue with ZMQ_DONTWAIT towards a PULL
 * (RCVHWM 7) that does not read. */
#include "testutil.h"

static int fill (void *push)
{
    int n = 0;
    while (zmq_send (push, "x", 1, ZMQ_DONTWAIT) == 1)
        n++;
    TEST_ASSERT_EQ_INT (EAGAIN, zmq_errno ());
    return n;
}

static void *sock (void *ctx, int type, int opt, int hwm)
{
    void *s = test_socket (ctx, type);
    set_int_opt (s, opt, hwm);
    return s;
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    /* bind, then connect */
    void *pull = sock (ctx, ZMQ_PULL, ZMQ_RCVHWM, 7);
    TEST_ZMQ_OK (zmq_bind (pull, "inproc://hwm-a"));
    void *push = sock (ctx, ZMQ_PUSH, ZMQ_SNDHWM, 5);
    TEST_ZMQ_OK (zmq_connect (push, "inproc://hwm-a"));
    TEST_ASSERT_EQ_INT (12, fill (push));
    zmq_close (push);
    zmq_close (pull);

    /* connect, then bind: 3 queued before the bind, 9 more after */
    push = sock (ctx, ZMQ_PUSH, ZMQ_SNDHWM, 5);
    TEST_ZMQ_OK (zmq_connect (push, "inproc://hwm-b"));
    for (int i = 0; i < 3; i++)
        TEST_ASSERT_EQ_INT (1, zmq_send (push, "x", 1, ZMQ_DONTWAIT));
    pull = sock (ctx, ZMQ_PULL, ZMQ_RCVHWM, 7);
    TEST_ZMQ_OK (zmq_bind (pull, "inproc://hwm-b"));
    TEST_ASSERT_EQ_INT (9, fill (push));
    zmq_close (push);
    zmq_close (pull);

    /* ours: a connector that hit its own SNDHWM before the bind also gets
     * the binder's share when the bind arrives (libzmq 4.3.4 leaves such a
     * pipe inactive until the reader reads) */
    if (zmq_has ("tls")) {
        push = sock (ctx, ZMQ_PUSH, ZMQ_SNDHWM, 5);
        TEST_ZMQ_OK (zmq_connect (push, "inproc://hwm-b2"));
        TEST_ASSERT_EQ_INT (5, fill (push));
        pull = sock (ctx, ZMQ_PULL, ZMQ_RCVHWM, 7);
        TEST_ZMQ_OK (zmq_bind (pull, "inproc://hwm-b2"));
        TEST_ASSERT_EQ_INT (7, fill (push));
        zmq_close (push);
        zmq_close (pull);
    }

    /* unlimited on the receiving side */
    pull = sock (ctx, ZMQ_PULL, ZMQ_RCVHWM, 0);
    TEST_ZMQ_OK (zmq_bind (pull, "inproc://hwm-c"));
    push = sock (ctx, ZMQ_PUSH, ZMQ_SNDHWM, 5);
    TEST_ZMQ_OK (zmq_connect (push, "inproc://hwm-c"));
    for (int i = 0; i < 10000; i++)
        TEST_ASSERT_EQ_INT (1, zmq_send (push, "x", 1, ZMQ_DONTWAIT));
    zmq_close (push);
    zmq_close (pull);

    /* a live pipe follows a changed SNDHWM */
    pull = sock (ctx, ZMQ_PULL, ZMQ_RCVHWM, 7);
    TEST_ZMQ_OK (zmq_bind (pull, "inproc://hwm-d"));
    push = sock (ctx, ZMQ_PUSH, ZMQ_SNDHWM, 5);
    TEST_ZMQ_OK (zmq_connect (push, "inproc://hwm-d"));
    set_int_opt (push, ZMQ_SNDHWM, 10);
    TEST_ASSERT_EQ_INT (17, fill (push));
    zmq_close (push);
    zmq_close (pull);

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
