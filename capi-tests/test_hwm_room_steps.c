/* A sender at its HWM learns of the receiver's progress in steps, as in
 * libzmq: the receiving end of a pipe tells the sending end every
 * (hwm + 1) / 2 messages it reads, not after each one. Over inproc (the
 * pipe holds SNDHWM + RCVHWM = 20 here, so the step is 10):
 * - 20 sends succeed, the 21st is EAGAIN;
 * - after 1 and after 9 receives the sender still has no room (no
 *   POLLOUT, EAGAIN);
 * - after the 10th it has room for exactly 10 more.
 * ZMQ_EVENTS makes libzmq look at its commands at once (a send may put
 * that off by up to a millisecond), so each step is observed exactly.
 * This is what bounds how far a fast publisher gets ahead of a slow chain
 * (libzmq's test_proxy_hwm expects at most twice the pipes' HWM). */
#include "testutil.h"

static int fill (void *s)
{
    int n = 0;
    while (zmq_send (s, "m", 1, ZMQ_DONTWAIT) == 1)
        n++;
    TEST_ASSERT_EQ_INT (EAGAIN, zmq_errno ());
    return n;
}

static void expect_no_room (void *s, int received)
{
    TEST_ASSERT_MSG (!(get_int_opt (s, ZMQ_EVENTS) & ZMQ_POLLOUT),
                     "POLLOUT after %d received", received);
    TEST_ZMQ_ERR (EAGAIN, zmq_send (s, "m", 1, ZMQ_DONTWAIT));
}

static void recv_n (void *s, int n)
{
    char buf[4];
    for (int i = 0; i < n; i++)
        TEST_ASSERT_EQ_INT (1, zmq_recv (s, buf, sizeof buf, 0));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *pull = test_socket (ctx, ZMQ_PULL);
    void *push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (pull, ZMQ_RCVHWM, 10);
    set_int_opt (push, ZMQ_SNDHWM, 10);
    TEST_ZMQ_OK (zmq_bind (pull, "inproc://room-steps"));
    TEST_ZMQ_OK (zmq_connect (push, "inproc://room-steps"));

    TEST_ASSERT_EQ_INT (20, fill (push));
    recv_n (pull, 1);
    expect_no_room (push, 1);
    recv_n (pull, 8);
    expect_no_room (push, 9);
    recv_n (pull, 1);
    TEST_ASSERT (get_int_opt (push, ZMQ_EVENTS) & ZMQ_POLLOUT);
    TEST_ASSERT_EQ_INT (10, fill (push));

    /* and so on: 20 queued again, 9 more reads (19 in all) give no room,
     * the 10th (20 in all) room for 10 */
    recv_n (pull, 9);
    expect_no_room (push, 19);
    recv_n (pull, 1);
    TEST_ASSERT (get_int_opt (push, ZMQ_EVENTS) & ZMQ_POLLOUT);
    TEST_ASSERT_EQ_INT (10, fill (push));
    recv_n (pull, 20);

    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
