/* DONTWAIT and timeouts: recv with DONTWAIT on an empty socket -> EAGAIN
 * at once; RCVTIMEO=0 is non-blocking; RCVTIMEO=200 -> EAGAIN after about
 * 200 ms; SNDTIMEO on a PUSH/DEALER/REQ with no peer -> EAGAIN after about
 * the timeout; DONTWAIT send with no peer -> EAGAIN; zmq_msg_recv and
 * zmq_msg_send behave the same and leave the message usable. */
#include "testutil.h"

#define CHECK_ELAPSED(t0, lo, hi)                                              \
    do {                                                                       \
        int64_t dt_ = now_ms () - (t0);                                        \
        TEST_ASSERT_MSG (dt_ >= (lo) && dt_ < (hi),                            \
                         "took %lld ms, expected [%d, %d)", (long long) dt_,   \
                         (lo), (hi));                                          \
    } while (0)

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char buf[16], ep[256];
    int64_t t0;

    void *pull = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (pull, ep, sizeof ep);

    t0 = now_ms ();
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull, buf, sizeof buf, ZMQ_DONTWAIT));
    CHECK_ELAPSED (t0, 0, 100);

    set_int_opt (pull, ZMQ_RCVTIMEO, 0);
    t0 = now_ms ();
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull, buf, sizeof buf, 0));
    CHECK_ELAPSED (t0, 0, 100);

    set_int_opt (pull, ZMQ_RCVTIMEO, 200);
    t0 = now_ms ();
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull, buf, sizeof buf, 0));
    CHECK_ELAPSED (t0, 180, 2000);

    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    t0 = now_ms ();
    TEST_ZMQ_ERR (EAGAIN, zmq_msg_recv (&m, pull, 0));
    CHECK_ELAPSED (t0, 180, 2000);
    TEST_ZMQ_ERR (EAGAIN, zmq_msg_recv (&m, pull, ZMQ_DONTWAIT));
    TEST_ZMQ_OK (zmq_msg_close (&m));

    /* A message arriving during the wait is returned. */
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    set_int_opt (pull, ZMQ_RCVTIMEO, 5000);
    send_str (push, "arrives", 0);
    RECV_STR (pull, "arrives");
    TEST_ZMQ_OK (zmq_close (push));

    /* Sends with no peer at all. */
    int types[] = {ZMQ_PUSH, ZMQ_DEALER, ZMQ_REQ};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        void *s = test_socket (ctx, types[i]);
        t0 = now_ms ();
        TEST_ZMQ_ERR (EAGAIN, zmq_send (s, "x", 1, ZMQ_DONTWAIT));
        CHECK_ELAPSED (t0, 0, 100);
        set_int_opt (s, ZMQ_SNDTIMEO, 0);
        TEST_ZMQ_ERR (EAGAIN, zmq_send (s, "x", 1, 0));
        set_int_opt (s, ZMQ_SNDTIMEO, 200);
        t0 = now_ms ();
        TEST_ZMQ_ERR (EAGAIN, zmq_send (s, "x", 1, 0));
        CHECK_ELAPSED (t0, 180, 2000);
        /* zmq_msg_send: on failure the message still belongs to us. */
        TEST_ZMQ_OK (zmq_msg_init_size (&m, 3));
        memcpy (zmq_msg_data (&m), "abc", 3);
        TEST_ZMQ_ERR (EAGAIN, zmq_msg_send (&m, s, ZMQ_DONTWAIT));
        TEST_ASSERT_EQ_INT (3, zmq_msg_size (&m));
        TEST_ASSERT_EQ_MEM ("abc", zmq_msg_data (&m), 3);
        TEST_ZMQ_OK (zmq_msg_close (&m));
        TEST_ZMQ_OK (zmq_close (s));
    }

    /* DONTWAIT wins over a long timeout. */
    set_int_opt (pull, ZMQ_RCVTIMEO, 10000);
    t0 = now_ms ();
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull, buf, sizeof buf, ZMQ_DONTWAIT));
    CHECK_ELAPSED (t0, 0, 100);

    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
