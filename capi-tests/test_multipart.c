/* Multipart messages over tcp (DEALER <-> DEALER): 100 frames with
 * RCVMORE/zmq_msg_more on each; atomic delivery (once the first frame is
 * received the rest are available with DONTWAIT); a message is not
 * visible to the receiver until its last frame is sent; mixed sizes
 * including 0-byte and 64 KiB frames. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256], buf[128];

    void *a = test_socket (ctx, ZMQ_DEALER);
    void *b = test_socket (ctx, ZMQ_DEALER);
    bind_ephemeral (a, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (b, ep));
    bounce (a, b);

    /* 100 frames. */
    for (int i = 0; i < 100; i++) {
        snprintf (buf, sizeof buf, "frame-%d", i);
        send_str (b, buf, i < 99 ? ZMQ_SNDMORE : 0);
    }
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    for (int i = 0; i < 100; i++) {
        /* After the first frame everything is already there. */
        int rc = zmq_msg_recv (&m, a, i == 0 ? 0 : ZMQ_DONTWAIT);
        TEST_ASSERT_MSG (rc >= 0, "frame %d: %s", i, zmq_strerror (zmq_errno ()));
        snprintf (buf, sizeof buf, "frame-%d", i);
        TEST_ASSERT_EQ_INT (strlen (buf), zmq_msg_size (&m));
        TEST_ASSERT_EQ_MEM (buf, zmq_msg_data (&m), strlen (buf));
        TEST_ASSERT_EQ_INT (i < 99, zmq_msg_more (&m));
        TEST_ASSERT_EQ_INT (i < 99, rcvmore (a));
    }
    TEST_ZMQ_OK (zmq_msg_close (&m));

    /* Not visible until complete. */
    send_str (b, "head", ZMQ_SNDMORE);
    send_str (b, "middle", ZMQ_SNDMORE);
    sleep_ms (200);
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (a, buf, sizeof buf, ZMQ_DONTWAIT));
    zmq_pollitem_t it = {a, 0, ZMQ_POLLIN, 0};
    TEST_ASSERT_EQ_INT (0, zmq_poll (&it, 1, 0));
    send_str (b, "tail", 0);
    const char *whole[] = {"head", "middle", "tail", NULL};
    RECV_STRS (a, whole);

    /* Mixed sizes. */
    size_t sizes[] = {0, 1, 255, 256, 0, 65536, 3, 0};
    size_t nsz = sizeof sizes / sizeof sizes[0];
    unsigned char *big = (unsigned char *) malloc (65536);
    TEST_ASSERT (big);
    for (size_t i = 0; i < nsz; i++) {
        for (size_t k = 0; k < sizes[i]; k++)
            big[k] = (unsigned char) (k + i);
        TEST_ASSERT_EQ_INT ((int) sizes[i],
                            zmq_send (a, big, sizes[i],
                                      i + 1 < nsz ? ZMQ_SNDMORE : 0));
    }
    TEST_ZMQ_OK (zmq_msg_init (&m));
    for (size_t i = 0; i < nsz; i++) {
        TEST_ASSERT_EQ_INT ((int) sizes[i], zmq_msg_recv (&m, b, 0));
        const unsigned char *d = (const unsigned char *) zmq_msg_data (&m);
        for (size_t k = 0; k < sizes[i]; k++)
            TEST_ASSERT (d[k] == (unsigned char) (k + i));
        TEST_ASSERT_EQ_INT (i + 1 < nsz, zmq_msg_more (&m));
    }
    TEST_ZMQ_OK (zmq_msg_close (&m));
    free (big);

    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
