/* PUB/SUB under load and across reconnects:
 * - a PUB whose subscriber never reads drops at HWM and never blocks:
 *   10,000 sends return at once, the subscriber then finds only about a
 *   pipe's worth (inproc: SNDHWM + RCVHWM = 20, here at most 100);
 * - XPUB with ZMQ_XPUB_NODROP waits instead: with SNDTIMEO 0 a send fails
 *   with EAGAIN once the subscriber's pipe is full; a subscriber that left
 *   does not make a blocking send wait;
 * - ZMQ_INVERT_MATCHING on PUB and SUB: a subscription to "a" means
 *   everything but "a...";
 * - a SUB whose PUB went away and came back on the same tcp port gets the
 *   new PUB's messages without subscribing again. */
#include "pubsub.h"

static int drain_count (void *s)
{
    int saved = get_int_opt (s, ZMQ_RCVTIMEO);
    set_int_opt (s, ZMQ_RCVTIMEO, 200);
    char buf[64];
    int n = 0;
    while (zmq_recv (s, buf, sizeof buf, 0) >= 0)
        n++;
    set_int_opt (s, ZMQ_RCVTIMEO, saved);
    return n;
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    /* drops at HWM */
    void *pub = test_socket (ctx, ZMQ_PUB);
    void *sub = test_socket (ctx, ZMQ_SUB);
    set_int_opt (pub, ZMQ_SNDHWM, 10);
    set_int_opt (sub, ZMQ_RCVHWM, 10);
    TEST_ZMQ_OK (zmq_bind (pub, "inproc://hwm"));
    TEST_ZMQ_OK (zmq_connect (sub, "inproc://hwm"));
    subscribe (sub, "");
    SUB_SYNC (pub, sub, "sync");
    int64_t t0 = now_ms ();
    for (int i = 0; i < 10000; i++)
        TEST_ZMQ_OK (zmq_send (pub, "data", 4, 0) == 4 ? 0 : -1);
    int64_t took = now_ms () - t0;
    int got = drain_count (sub);
    printf ("10000 sent in %lld ms, %d received\n", (long long) took, got);
    TEST_ASSERT_MSG (took < 2000, "PUB blocked: %lld ms", (long long) took);
    TEST_ASSERT_MSG (got >= 10 && got <= 100, "%d received", got);
    TEST_ZMQ_OK (zmq_close (sub));
    TEST_ZMQ_OK (zmq_close (pub));

    /* XPUB_NODROP */
    void *xpub = test_socket (ctx, ZMQ_XPUB);
    set_int_opt (xpub, ZMQ_SNDHWM, 10);
    set_int_opt (xpub, ZMQ_XPUB_NODROP, 1);
    set_int_opt (xpub, ZMQ_SNDTIMEO, 0);
    TEST_ZMQ_OK (zmq_bind (xpub, "inproc://nodrop"));
    sub = test_socket (ctx, ZMQ_SUB);
    set_int_opt (sub, ZMQ_RCVHWM, 10);
    TEST_ZMQ_OK (zmq_connect (sub, "inproc://nodrop"));
    subscribe (sub, "");
    char buf[64];
    TEST_ASSERT_EQ_INT (1, zmq_recv (xpub, buf, sizeof buf, 0));
    int sent = 0;
    while (sent < 1000 && zmq_send (xpub, "data", 4, 0) == 4)
        sent++;
    TEST_ASSERT_MSG (sent < 1000 && zmq_errno () == EAGAIN,
                     "NODROP: %d sends, last errno %d", sent, zmq_errno ());
    printf ("NODROP: EAGAIN after %d messages\n", sent);
    TEST_ASSERT_EQ_INT (sent, drain_count (sub));
    TEST_ZMQ_OK (zmq_close (sub));
    /* a subscriber that subscribed and left before the XPUB looked */
    sub = test_socket (ctx, ZMQ_SUB);
    TEST_ZMQ_OK (zmq_connect (sub, "inproc://nodrop"));
    subscribe (sub, "");
    TEST_ZMQ_OK (zmq_close (sub));
    sleep_ms (50);
    set_int_opt (xpub, ZMQ_SNDTIMEO, 3000);
    t0 = now_ms ();
    TEST_ASSERT_EQ_INT (4, zmq_send (xpub, "late", 4, 0));
    TEST_ASSERT_MSG (now_ms () - t0 < 1000, "NODROP send waited for a gone pipe");
    TEST_ZMQ_OK (zmq_close (xpub));

    /* INVERT_MATCHING */
    pub = test_socket (ctx, ZMQ_PUB);
    sub = test_socket (ctx, ZMQ_SUB);
    set_int_opt (pub, ZMQ_INVERT_MATCHING, 1);
    set_int_opt (sub, ZMQ_INVERT_MATCHING, 1);
    char ep[256];
    bind_ephemeral (pub, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (sub, ep));
    subscribe (sub, "a");
    SUB_SYNC (pub, sub, "sync");
    send_str (pub, "a1", 0);
    send_str (pub, "b1", 0);
    RECV_STR (sub, "b1");
    EXPECT_NOTHING (sub, 100);
    TEST_ZMQ_OK (zmq_close (sub));
    TEST_ZMQ_OK (zmq_close (pub));

    /* reconnect: subscriptions are sent again */
    pub = test_socket (ctx, ZMQ_PUB);
    sub = test_socket (ctx, ZMQ_SUB);
    set_int_opt (sub, ZMQ_RECONNECT_IVL, 50);
    bind_ephemeral (pub, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (sub, ep));
    subscribe (sub, "t");
    SUB_SYNC (pub, sub, "t.sync");
    TEST_ZMQ_OK (zmq_close (pub));
    pub = test_socket (ctx, ZMQ_PUB);
    int64_t deadline = now_ms () + 5000;
    while (zmq_bind (pub, ep) != 0) {
        TEST_ASSERT_MSG (now_ms () < deadline, "rebind %s: %s", ep,
                         zmq_strerror (zmq_errno ()));
        sleep_ms (20);
    }
    SUB_SYNC (pub, sub, "t.again");
    send_str (pub, "u.not", 0);
    send_str (pub, "t.yes", 0);
    RECV_STR (sub, "t.yes");
    TEST_ZMQ_OK (zmq_close (sub));
    TEST_ZMQ_OK (zmq_close (pub));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
