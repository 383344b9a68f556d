/* An XSUB or SUB that has reported POLLIN (ZMQ_EVENTS or zmq_poll) for a
 * message still delivers it after the publisher closes, even though the
 * closed publisher's pipe goes away in between. libzmq's SUB/XSUB keeps
 * the message it looked ahead at; ours dropped it, and a blocking receive
 * after POLLIN then waited forever (zmq_proxy hung that way in libzmq's
 * test_proxy_hwm). Over inproc, with ZMQ_EVENTS and with zmq_poll, and
 * the publisher closed before and after the look. */
#include "testutil.h"

static void run (void *ctx, int sub_type, int use_poll, int close_first)
{
    char ep[64];
    snprintf (ep, sizeof ep, "inproc://last-message-%d-%d-%d", sub_type,
              use_poll, close_first);
    void *sub = test_socket (ctx, sub_type);
    TEST_ZMQ_OK (zmq_bind (sub, ep));
    if (sub_type == ZMQ_SUB)
        TEST_ZMQ_OK (zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "", 0));
    else
        send_str (sub, "\001", 0);
    void *pub = test_socket (ctx, ZMQ_XPUB);
    /* kept until read: closing must not drop what was sent */
    set_int_opt (pub, ZMQ_LINGER, -1);
    TEST_ZMQ_OK (zmq_connect (pub, ep));
    /* the subscriber takes the new pipe in (and sends its subscription
     * into it) when it next looks at its commands */
    get_int_opt (sub, ZMQ_EVENTS);
    char buf[16];
    /* the subscription is in: what is sent now reaches the subscriber */
    TEST_ASSERT_EQ_INT (1, zmq_recv (pub, buf, sizeof buf, 0));
    send_str (pub, "first", 0);
    send_str (pub, "last", 0);
    RECV_STR (sub, "first");
    if (close_first)
        TEST_ZMQ_OK (zmq_close (pub));
    if (use_poll) {
        zmq_pollitem_t item = {sub, 0, ZMQ_POLLIN, 0};
        TEST_ASSERT_EQ_INT (1, zmq_poll (&item, 1, 5000));
        TEST_ASSERT (item.revents & ZMQ_POLLIN);
    } else
        TEST_ASSERT (get_int_opt (sub, ZMQ_EVENTS) & ZMQ_POLLIN);
    if (!close_first)
        TEST_ZMQ_OK (zmq_close (pub));
    /* reported readable: the message is there, without waiting */
    int n = zmq_recv (sub, buf, sizeof buf, ZMQ_DONTWAIT);
    TEST_ASSERT_MSG (n == 4 && memcmp (buf, "last", 4) == 0,
                     "%s (%s, %s, publisher closed %s): got %d (%s)",
                     sub_type == ZMQ_SUB ? "SUB" : "XSUB",
                     use_poll ? "zmq_poll" : "ZMQ_EVENTS",
                     "POLLIN reported", close_first ? "before" : "after", n,
                     n < 0 ? zmq_strerror (zmq_errno ()) : "");
    TEST_ASSERT_EQ_INT (-1, zmq_recv (sub, buf, sizeof buf, ZMQ_DONTWAIT));
    TEST_ASSERT_EQ_INT (EAGAIN, zmq_errno ());
    TEST_ZMQ_OK (zmq_close (sub));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    for (int t = 0; t < 2; t++)
        for (int p = 0; p < 2; p++)
            for (int c = 0; c < 2; c++)
                run (ctx, t ? ZMQ_SUB : ZMQ_XSUB, p, c);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
