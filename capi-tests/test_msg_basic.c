/* zmq_msg_t basics: init, init_size, data, size, more, close, move, copy,
 * get/set property validation, double close -> EFAULT, huge init_size ->
 * ENOMEM. No sockets involved. */
#include "testutil.h"

int main (void)
{
    zmq_msg_t m, m2;

    /* ABI: zmq_msg_t is 64 bytes and 8-byte aligned at least. */
    TEST_ASSERT_EQ_INT (64, sizeof (zmq_msg_t));
    TEST_ASSERT (_Alignof (zmq_msg_t) >= 8);

    /* Empty message. */
    TEST_ZMQ_OK (zmq_msg_init (&m));
    TEST_ASSERT_EQ_INT (0, zmq_msg_size (&m));
    TEST_ASSERT_EQ_INT (0, zmq_msg_more (&m));
    TEST_ASSERT_EQ_INT (0, zmq_msg_get (&m, ZMQ_MORE));
    TEST_ASSERT_EQ_INT (0, zmq_msg_get (&m, ZMQ_SHARED));
    TEST_ZMQ_ERR (EINVAL, zmq_msg_get (&m, 0));
    TEST_ZMQ_ERR (EINVAL, zmq_msg_get (&m, 99));
    /* zmq_msg_set accepts no property at all in libzmq 4.3. */
    TEST_ZMQ_ERR (EINVAL, zmq_msg_set (&m, ZMQ_MORE, 1));
    TEST_ZMQ_ERR (EINVAL, zmq_msg_set (&m, ZMQ_SHARED, 1));
    TEST_ZMQ_ERR (EINVAL, zmq_msg_set (&m, 99, 1));
    TEST_ZMQ_OK (zmq_msg_close (&m));
    /* Closing an already-closed message is detected. */
    TEST_ZMQ_ERR (EFAULT, zmq_msg_close (&m));

    /* Sized messages, small and large; data is writable. */
    size_t sizes[] = {0, 1, 10, 33, 34, 100, 4096, 1 << 20};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i];
        TEST_ZMQ_OK (zmq_msg_init_size (&m, n));
        TEST_ASSERT_EQ_INT (n, zmq_msg_size (&m));
        TEST_ASSERT_EQ_INT (0, zmq_msg_more (&m));
        TEST_ASSERT_EQ_INT (0, zmq_msg_get (&m, ZMQ_SHARED));
        unsigned char *d = (unsigned char *) zmq_msg_data (&m);
        if (n)
            TEST_ASSERT (d != NULL);
        for (size_t k = 0; k < n; k++)
            d[k] = (unsigned char) (k * 7 + n);

        /* Copy: same content; data is shared for large messages. */
        TEST_ZMQ_OK (zmq_msg_init (&m2));
        TEST_ZMQ_OK (zmq_msg_copy (&m2, &m));
        TEST_ASSERT_EQ_INT (n, zmq_msg_size (&m2));
        if (n)
            TEST_ASSERT_EQ_MEM (zmq_msg_data (&m), zmq_msg_data (&m2), n);
        if (n >= 100) {
            TEST_ASSERT_EQ_INT (1, zmq_msg_get (&m, ZMQ_SHARED));
            TEST_ASSERT_EQ_INT (1, zmq_msg_get (&m2, ZMQ_SHARED));
        }
        TEST_ZMQ_OK (zmq_msg_close (&m));
        /* The copy survives the original. */
        unsigned char *d2 = (unsigned char *) zmq_msg_data (&m2);
        for (size_t k = 0; k < n; k++)
            TEST_ASSERT (d2[k] == (unsigned char) (k * 7 + n));
        TEST_ZMQ_OK (zmq_msg_close (&m2));
    }

    /* Move: destination takes the content (its own is released), source
     * becomes an empty but valid message. */
    TEST_ZMQ_OK (zmq_msg_init_size (&m, 5));
    memcpy (zmq_msg_data (&m), "hello", 5);
    TEST_ZMQ_OK (zmq_msg_init_size (&m2, 300));
    TEST_ZMQ_OK (zmq_msg_move (&m2, &m));
    TEST_ASSERT_EQ_INT (0, zmq_msg_size (&m));
    TEST_ASSERT_EQ_INT (5, zmq_msg_size (&m2));
    TEST_ASSERT_EQ_MEM ("hello", zmq_msg_data (&m2), 5);
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ZMQ_OK (zmq_msg_close (&m2));

    /* Copy onto a message that already has content releases it. */
    TEST_ZMQ_OK (zmq_msg_init_size (&m, 200));
    memset (zmq_msg_data (&m), 'a', 200);
    TEST_ZMQ_OK (zmq_msg_init_size (&m2, 300));
    TEST_ZMQ_OK (zmq_msg_copy (&m2, &m));
    TEST_ASSERT_EQ_INT (200, zmq_msg_size (&m2));
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ZMQ_OK (zmq_msg_close (&m2));

    /* Constant data without a free function is reported as shared. */
    static const char konst[] = "constant";
    TEST_ZMQ_OK (zmq_msg_init_data (&m, (void *) konst, 8, NULL, NULL));
    TEST_ASSERT_EQ_INT (8, zmq_msg_size (&m));
    TEST_ASSERT (zmq_msg_data (&m) == (void *) konst);
    TEST_ASSERT_EQ_INT (1, zmq_msg_get (&m, ZMQ_SHARED));
    TEST_ZMQ_OK (zmq_msg_init (&m2));
    TEST_ZMQ_OK (zmq_msg_copy (&m2, &m));
    TEST_ASSERT (zmq_msg_data (&m2) == (void *) konst);
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ZMQ_OK (zmq_msg_close (&m2));

    /* Properties of a message that never crossed a socket. */
    TEST_ZMQ_OK (zmq_msg_init (&m));
    errno = 0;
    TEST_ASSERT (zmq_msg_gets (&m, "Socket-Type") == NULL);
    TEST_ASSERT_EQ_INT (EINVAL, errno);
    errno = 0;
    TEST_ASSERT (zmq_msg_gets (&m, "Peer-Address") == NULL);
    TEST_ASSERT_EQ_INT (EINVAL, errno);
    TEST_ZMQ_OK (zmq_msg_close (&m));

    /* Impossible size. */
    TEST_ZMQ_ERR (ENOMEM, zmq_msg_init_size (&m, (size_t) -1));
    return 0;
}
