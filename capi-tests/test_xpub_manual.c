/* ZMQ_XPUB_MANUAL: the XPUB's application decides what a subscriber gets.
 * Every subscription request reaches it (duplicates too); ZMQ_SUBSCRIBE /
 * ZMQ_UNSUBSCRIBE on the XPUB then apply to the pipe of the last request
 * it received. An XSUB (which does not filter) asks for "a"; the
 * application grants "b" instead: the XSUB gets "b..." and not "a...".
 * When the subscriber goes, the XPUB is told that "a" is cancelled. On an
 * XPUB without MANUAL (and on PUB), ZMQ_SUBSCRIBE is EINVAL. */
#include "pubsub.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *xpub = test_socket (ctx, ZMQ_XPUB);
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (xpub, ZMQ_SUBSCRIBE, "b", 1));
    set_int_opt (xpub, ZMQ_XPUB_MANUAL, 1);
    char ep[256];
    bind_ephemeral (xpub, ep, sizeof ep);
    void *xsub = test_socket (ctx, ZMQ_XSUB);
    TEST_ZMQ_OK (zmq_connect (xsub, ep));
    TEST_ZMQ_OK (zmq_send (xsub, "\001a", 2, 0));
    TEST_ZMQ_OK (zmq_send (xsub, "\001a", 2, 0) == 2 ? 0 : -1);
    char buf[16];
    for (int i = 0; i < 2; i++) {
        TEST_ASSERT_EQ_INT (2, zmq_recv (xpub, buf, sizeof buf, 0));
        TEST_ASSERT_EQ_MEM ("\001a", buf, 2);
    }
    /* granted: "b", for the pipe of that request */
    TEST_ZMQ_OK (zmq_setsockopt (xpub, ZMQ_SUBSCRIBE, "b", 1));
    send_str (xpub, "a1", 0);
    send_str (xpub, "b1", 0);
    RECV_STR (xsub, "b1");
    EXPECT_NOTHING (xsub, 100);
    /* revoked */
    TEST_ZMQ_OK (zmq_setsockopt (xpub, ZMQ_UNSUBSCRIBE, "b", 1));
    send_str (xpub, "b2", 0);
    EXPECT_NOTHING (xsub, 100);
    /* the subscriber goes: what it had asked for is cancelled */
    TEST_ZMQ_OK (zmq_close (xsub));
    TEST_ASSERT_EQ_INT (2, zmq_recv (xpub, buf, sizeof buf, 0));
    TEST_ASSERT_EQ_MEM ("\000a", buf, 2);

    void *pub = test_socket (ctx, ZMQ_PUB);
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (pub, ZMQ_SUBSCRIBE, "b", 1));
    TEST_ZMQ_OK (zmq_close (pub));
    TEST_ZMQ_OK (zmq_close (xpub));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
