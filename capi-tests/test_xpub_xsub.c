/* XPUB and XSUB, over tcp and inproc:
 * - XPUB receives a subscription message (1, topic) the first time a topic
 *   is subscribed to, and a cancellation (0, topic) when its last
 *   subscriber cancels or disconnects; duplicates only with
 *   ZMQ_XPUB_VERBOSE (subscriptions) / ZMQ_XPUB_VERBOSER (both);
 * - ZMQ_XPUB_WELCOME_MSG reaches each new subscriber first;
 * - XSUB subscribes by sending (1, topic); it does not filter what
 *   arrives (libzmq filters on SUB only): the welcome message reaches it,
 *   and of the data only what the XPUB matched; (0, topic) cancels;
 * - with VERBOSER, a leaving subscriber's topics are cancelled even when
 *   others still hold them; a SUB cancelling "a" when it only holds "ab"
 *   sends nothing upstream;
 * - XPUB options are refused on SUB (EINVAL; PUB takes them, as libzmq). */
#include "pubsub.h"

static void expect_sub (void *xpub, int on, const char *topic)
{
    char buf[256];
    int n = zmq_recv (xpub, buf, sizeof buf, 0);
    TEST_ASSERT_MSG (n >= 1, "no subscription message for \"%s\": %s", topic,
                     zmq_strerror (zmq_errno ()));
    TEST_ASSERT_MSG (buf[0] == on && (size_t) n == strlen (topic) + 1
                       && memcmp (buf + 1, topic, strlen (topic)) == 0,
                     "expected %s \"%s\", got %d bytes \"%.*s\"",
                     on ? "subscribe" : "cancel", topic, n, n - 1, buf + 1);
}

static void run (void *ctx, const char *bind_ep)
{
    void *xpub = test_socket (ctx, ZMQ_XPUB);
    char ep[256];
    bind_ephemeral_at (xpub, bind_ep, ep, sizeof ep);
    void *s1 = test_socket (ctx, ZMQ_SUB);
    void *s2 = test_socket (ctx, ZMQ_SUB);
    TEST_ZMQ_OK (zmq_connect (s1, ep));
    TEST_ZMQ_OK (zmq_connect (s2, ep));

    subscribe (s1, "a");
    expect_sub (xpub, 1, "a");
    subscribe (s2, "a"); /* not new: not told */
    subscribe (s2, "b");
    expect_sub (xpub, 1, "b");
    unsubscribe (s1, "a"); /* s2 still has it */
    unsubscribe (s2, "b");
    expect_sub (xpub, 0, "b");
    EXPECT_NOTHING (xpub, 100);
    /* data flows to subscribers */
    send_str (xpub, "a-data", 0);
    RECV_STR (s2, "a-data");
    EXPECT_NOTHING (s1, 50);
    /* the last subscriber of "a" goes away */
    TEST_ZMQ_OK (zmq_close (s2));
    expect_sub (xpub, 0, "a");

    /* verbose: every subscription is told */
    set_int_opt (xpub, ZMQ_XPUB_VERBOSE, 1);
    subscribe (s1, "v");
    expect_sub (xpub, 1, "v");
    void *s3 = test_socket (ctx, ZMQ_SUB);
    TEST_ZMQ_OK (zmq_connect (s3, ep));
    subscribe (s3, "v");
    expect_sub (xpub, 1, "v");
    unsubscribe (s3, "v"); /* s1 still has it: not told without VERBOSER */
    EXPECT_NOTHING (xpub, 100);
    set_int_opt (xpub, ZMQ_XPUB_VERBOSER, 1);
    subscribe (s3, "w");
    expect_sub (xpub, 1, "w");
    subscribe (s1, "w");
    expect_sub (xpub, 1, "w");
    unsubscribe (s1, "w");
    expect_sub (xpub, 0, "w");
    EXPECT_NOTHING (xpub, 100);

    /* a welcome message for each new subscriber */
    TEST_ZMQ_OK (zmq_setsockopt (xpub, ZMQ_XPUB_WELCOME_MSG, "WELCOME", 7));
    void *s4 = test_socket (ctx, ZMQ_SUB);
    subscribe (s4, "WEL");
    TEST_ZMQ_OK (zmq_connect (s4, ep));
    /* the XPUB takes the new pipe in (and welcomes it) when it is used */
    expect_sub (xpub, 1, "WEL");
    RECV_STR (s4, "WELCOME");

    /* XSUB: subscriptions are messages */
    void *xsub = test_socket (ctx, ZMQ_XSUB);
    TEST_ZMQ_OK (zmq_connect (xsub, ep));
    TEST_ZMQ_OK (zmq_send (xsub, "\001x", 2, 0));
    expect_sub (xpub, 1, "x");
    RECV_STR (xsub, "WELCOME");
    send_str (xpub, "x1", 0);
    send_str (xpub, "y1", 0);
    RECV_STR (xsub, "x1");
    EXPECT_NOTHING (xsub, 50);
    TEST_ZMQ_OK (zmq_send (xsub, "\000x", 2, 0));
    expect_sub (xpub, 0, "x");

    /* VERBOSER (still set): a leaving subscriber's topic is told even
     * though s1 holds it too */
    void *s5 = test_socket (ctx, ZMQ_SUB);
    TEST_ZMQ_OK (zmq_connect (s5, ep));
    subscribe (s5, "WEL"); /* s4 holds it as well */
    expect_sub (xpub, 1, "WEL");
    TEST_ZMQ_OK (zmq_close (s5));
    expect_sub (xpub, 0, "WEL");

    /* a cancel of a prefix nobody subscribed to goes nowhere */
    subscribe (s4, "ab");
    expect_sub (xpub, 1, "ab");
    unsubscribe (s4, "a");
    EXPECT_NOTHING (xpub, 100);

    TEST_ZMQ_OK (zmq_close (xsub));
    TEST_ZMQ_OK (zmq_close (s1));
    TEST_ZMQ_OK (zmq_close (s3));
    TEST_ZMQ_OK (zmq_close (s4));
    TEST_ZMQ_OK (zmq_close (xpub));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    int one = 1;
    void *sub = test_socket (ctx, ZMQ_SUB);
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (sub, ZMQ_XPUB_VERBOSE, &one, sizeof one));
    TEST_ZMQ_OK (zmq_close (sub));
    void *pub = test_socket (ctx, ZMQ_PUB);
    TEST_ZMQ_OK (zmq_setsockopt (pub, ZMQ_XPUB_NODROP, &one, sizeof one));
    TEST_ZMQ_OK (zmq_close (pub));
    run (ctx, "tcp://127.0.0.1:*");
    run (ctx, "inproc://xpub");
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
