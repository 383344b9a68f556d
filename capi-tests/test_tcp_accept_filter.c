/* ZMQ_TCP_ACCEPT_FILTER: a tcp listener with filters (as set when it was
 * bound) accepts only peers in one of the networks ("ADDRESS" or
 * "ADDRESS/BITS", IPv4 or IPv6, numeric):
 * - filter 127.0.0.2: a peer from 127.0.0.1 is refused (its messages never
 *   arrive; the connection is closed at once, monitor ACCEPT_FAILED);
 * - 127.0.0.2 and 127.0.0.0/8: the same peer gets through;
 * - NULL clears the list: everyone again;
 * - malformed values are EINVAL: "foo", "0.0.0.0/33", "1.2.3.4/",
 *   "::1/129", "10.0.0.0/x", and an empty string;
 * - an IPv6 network needs ZMQ_IPV6 first ("::1", "fe80::/10" EINVAL
 *   without it, accepted with it); "::ffff:127.0.0.1" is IPv4 either way. */
#include "testutil.h"

static void set_filter (void *s, const char *f)
{
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, f, strlen (f)));
}

static int gets_through (void *ctx, void *pull, const char *ep)
{
    void *push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (push, ZMQ_LINGER, 0);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    TEST_ZMQ_OK (zmq_send (push, "x", 1, ZMQ_DONTWAIT) == 1 || zmq_errno () == EAGAIN ? 0 : -1);
    set_int_opt (pull, ZMQ_RCVTIMEO, 500);
    char buf[8];
    int n = zmq_recv (pull, buf, sizeof buf, 0);
    TEST_ZMQ_OK (zmq_close (push));
    return n == 1;
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_PULL);
    const char *bad[] = {"foo", "0.0.0.0/33", "1.2.3.4/", "::1/129", "10.0.0.0/x", ""};
    for (int i = 0; i < 6; i++)
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, bad[i],
                                             strlen (bad[i])));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, "::1", 3));
    TEST_ZMQ_ERR (EINVAL,
                  zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, "fe80::/10", 9));
    set_filter (s, "::ffff:127.0.0.1");
    set_int_opt (s, ZMQ_IPV6, 1);
    set_filter (s, "::1");
    set_filter (s, "fe80::/10");
    TEST_ZMQ_OK (zmq_close (s));

    void *pull = test_socket (ctx, ZMQ_PULL);
    set_filter (pull, "127.0.0.2");
    char ep[256];
    bind_ephemeral (pull, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_socket_monitor (pull, "inproc://mon", ZMQ_EVENT_ACCEPT_FAILED));
    void *mon = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (mon, "inproc://mon"));
    TEST_ASSERT_MSG (!gets_through (ctx, pull, ep), "filtered peer got through");
    zmq_msg_t ev;
    zmq_msg_init (&ev);
    TEST_ASSERT_MSG (zmq_msg_recv (&ev, mon, 0) >= 6, "no ACCEPT_FAILED event");
    uint16_t id;
    memcpy (&id, zmq_msg_data (&ev), 2);
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_ACCEPT_FAILED, id);
    zmq_msg_close (&ev);

    zmq_socket_monitor (pull, NULL, 0);
    TEST_ZMQ_OK (zmq_close (mon));
    TEST_ZMQ_OK (zmq_close (pull));

    pull = test_socket (ctx, ZMQ_PULL);
    set_filter (pull, "127.0.0.2");
    set_filter (pull, "127.0.0.0/8");
    bind_ephemeral (pull, ep, sizeof ep);
    TEST_ASSERT_MSG (gets_through (ctx, pull, ep), "allowed peer refused");
    TEST_ZMQ_OK (zmq_close (pull));

    pull = test_socket (ctx, ZMQ_PULL);
    set_filter (pull, "10.0.0.1");
    TEST_ZMQ_OK (zmq_setsockopt (pull, ZMQ_TCP_ACCEPT_FILTER, NULL, 0));
    bind_ephemeral (pull, ep, sizeof ep);
    TEST_ASSERT_MSG (gets_through (ctx, pull, ep), "cleared filter still refuses");
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
