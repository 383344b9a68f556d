/* zmq_send / zmq_send_const / zmq_recv / zmq_msg_send / zmq_msg_recv /
 * zmq_sendmsg / zmq_recvmsg over tcp: return values are byte counts,
 * zmq_recv truncates to the buffer but returns the full size, a NULL
 * buffer is fine with length 0, 0-byte and 1 MiB messages round-trip, and
 * zmq_msg_more/ZMQ_MORE track multipart frames. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *a = test_socket (ctx, ZMQ_PAIR);
    void *b = test_socket (ctx, ZMQ_PAIR);
    char ep[256];
    bind_ephemeral (a, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (b, ep));

    /* zmq_send returns the length. */
    TEST_ASSERT_EQ_INT (5, zmq_send (b, "hello", 5, 0));
    char buf[64];
    TEST_ASSERT_EQ_INT (5, zmq_recv (a, buf, sizeof buf, 0));
    TEST_ASSERT_EQ_MEM ("hello", buf, 5);

    /* Truncation: returns the full size, copies only len bytes. */
    TEST_ASSERT_EQ_INT (11, zmq_send (b, "hello world", 11, 0));
    memset (buf, '#', sizeof buf);
    TEST_ASSERT_EQ_INT (11, zmq_recv (a, buf, 4, 0));
    TEST_ASSERT_EQ_MEM ("hell", buf, 4);
    TEST_ASSERT (buf[4] == '#');
    /* Length 0 with a NULL buffer: message consumed, size reported. */
    TEST_ASSERT_EQ_INT (3, zmq_send (b, "abc", 3, 0));
    TEST_ASSERT_EQ_INT (3, zmq_recv (a, NULL, 0, 0));

    /* 0-byte messages, both APIs. */
    TEST_ASSERT_EQ_INT (0, zmq_send (b, NULL, 0, 0));
    TEST_ASSERT_EQ_INT (0, zmq_send (b, "", 0, 0));
    TEST_ASSERT_EQ_INT (0, zmq_recv (a, buf, sizeof buf, 0));
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    TEST_ASSERT_EQ_INT (0, zmq_msg_recv (&m, a, 0));
    TEST_ASSERT_EQ_INT (0, zmq_msg_size (&m));
    TEST_ZMQ_OK (zmq_msg_init_size (&m, 0));
    TEST_ASSERT_EQ_INT (0, zmq_msg_send (&m, b, 0));
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ASSERT_EQ_INT (0, zmq_recv (a, buf, sizeof buf, 0));

    /* zmq_send_const. */
    static const char konst[] = "constant data";
    TEST_ASSERT_EQ_INT (13, zmq_send_const (b, konst, 13, 0));
    TEST_ASSERT_EQ_INT (0, zmq_send_const (b, NULL, 0, 0));
    TEST_ASSERT_EQ_INT (13, zmq_recv (a, buf, sizeof buf, 0));
    TEST_ASSERT_EQ_MEM (konst, buf, 13);
    TEST_ASSERT_EQ_INT (0, zmq_recv (a, buf, sizeof buf, 0));

    /* zmq_msg_send/recv and the deprecated zmq_sendmsg/recvmsg. */
    TEST_ZMQ_OK (zmq_msg_init_size (&m, 6));
    memcpy (zmq_msg_data (&m), "msgapi", 6);
    TEST_ASSERT_EQ_INT (6, zmq_msg_send (&m, b, 0));
    TEST_ASSERT_EQ_INT (0, zmq_msg_size (&m)); /* emptied on success */
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ZMQ_OK (zmq_msg_init_size (&m, 7));
    memcpy (zmq_msg_data (&m), "sendmsg", 7);
    TEST_ASSERT_EQ_INT (7, zmq_sendmsg (b, &m, 0));
    TEST_ZMQ_OK (zmq_msg_close (&m));

    TEST_ZMQ_OK (zmq_msg_init (&m));
    TEST_ASSERT_EQ_INT (6, zmq_msg_recv (&m, a, 0));
    TEST_ASSERT_EQ_MEM ("msgapi", zmq_msg_data (&m), 6);
    /* Receiving into a non-empty message replaces its content. */
    TEST_ASSERT_EQ_INT (7, zmq_recvmsg (a, &m, 0));
    TEST_ASSERT_EQ_INT (7, zmq_msg_size (&m));
    TEST_ASSERT_EQ_MEM ("sendmsg", zmq_msg_data (&m), 7);
    TEST_ZMQ_OK (zmq_msg_close (&m));

    /* Multipart through both APIs; more flag on each frame. */
    TEST_ASSERT_EQ_INT (1, zmq_send (b, "1", 1, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_msg_init_size (&m, 1));
    memcpy (zmq_msg_data (&m), "2", 1);
    TEST_ASSERT_EQ_INT (1, zmq_msg_send (&m, b, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ASSERT_EQ_INT (0, zmq_send (b, NULL, 0, ZMQ_SNDMORE));
    TEST_ASSERT_EQ_INT (1, zmq_send (b, "4", 1, 0));
    const char *expect[] = {"1", "2", "", "4"};
    TEST_ZMQ_OK (zmq_msg_init (&m));
    for (int i = 0; i < 4; i++) {
        TEST_ASSERT_EQ_INT ((int) strlen (expect[i]),
                            zmq_msg_recv (&m, a, 0));
        TEST_ASSERT_EQ_MEM (expect[i], zmq_msg_data (&m), strlen (expect[i]));
        TEST_ASSERT_EQ_INT (i < 3, zmq_msg_more (&m));
        TEST_ASSERT_EQ_INT (i < 3, zmq_msg_get (&m, ZMQ_MORE));
        TEST_ASSERT_EQ_INT (i < 3, rcvmore (a));
    }
    TEST_ZMQ_OK (zmq_msg_close (&m));

    /* 1 MiB both ways, content checked. */
    size_t big = 1 << 20;
    unsigned char *out = (unsigned char *) malloc (big);
    unsigned char *in = (unsigned char *) malloc (big + 16);
    TEST_ASSERT (out && in);
    for (size_t i = 0; i < big; i++)
        out[i] = (unsigned char) (i * 31 + (i >> 8));
    TEST_ASSERT_EQ_INT ((int) big, zmq_send (b, out, big, 0));
    TEST_ASSERT_EQ_INT ((int) big, zmq_recv (a, in, big + 16, 0));
    TEST_ASSERT_EQ_MEM (out, in, big);
    TEST_ZMQ_OK (zmq_msg_init_size (&m, big));
    memcpy (zmq_msg_data (&m), out, big);
    TEST_ASSERT_EQ_INT ((int) big, zmq_msg_send (&m, a, 0));
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ZMQ_OK (zmq_msg_init (&m));
    TEST_ASSERT_EQ_INT ((int) big, zmq_msg_recv (&m, b, 0));
    TEST_ASSERT_EQ_INT (big, zmq_msg_size (&m));
    TEST_ASSERT_EQ_MEM (out, zmq_msg_data (&m), big);
    TEST_ZMQ_OK (zmq_msg_close (&m));
    /* Truncated 1 MiB receive. */
    TEST_ASSERT_EQ_INT ((int) big, zmq_send (a, out, big, 0));
    TEST_ASSERT_EQ_INT ((int) big, zmq_recv (b, in, 100, 0));
    TEST_ASSERT_EQ_MEM (out, in, 100);
    free (out);
    free (in);

    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
