/* zmq_ctx_set/zmq_ctx_get: defaults, round trips, validation, and the
 * libzmq quirks (ZMQ_SOCKET_LIMIT is get-only and shares value 3 with
 * ZMQ_THREAD_PRIORITY; boolean options normalise to 0/1; MSG_T_SIZE is
 * read-only; MAX_SOCKETS is fixed once the first socket exists). */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    /* Defaults. */
    TEST_ASSERT_EQ_INT (ZMQ_IO_THREADS_DFLT, zmq_ctx_get (ctx, ZMQ_IO_THREADS));
    TEST_ASSERT_EQ_INT (1, zmq_ctx_get (ctx, ZMQ_IO_THREADS));
    TEST_ASSERT_EQ_INT (ZMQ_MAX_SOCKETS_DFLT,
                        zmq_ctx_get (ctx, ZMQ_MAX_SOCKETS));
    TEST_ASSERT_EQ_INT (1023, zmq_ctx_get (ctx, ZMQ_MAX_SOCKETS));
    TEST_ASSERT_EQ_INT (65535, zmq_ctx_get (ctx, ZMQ_SOCKET_LIMIT));
    TEST_ASSERT_EQ_INT (0, zmq_ctx_get (ctx, ZMQ_IPV6));
    TEST_ASSERT_EQ_INT (1, zmq_ctx_get (ctx, ZMQ_BLOCKY));
    TEST_ASSERT_EQ_INT (2147483647, zmq_ctx_get (ctx, ZMQ_MAX_MSGSZ));
    TEST_ASSERT_EQ_INT (64, zmq_ctx_get (ctx, ZMQ_MSG_T_SIZE));
    TEST_ASSERT_EQ_INT ((int) sizeof (zmq_msg_t),
                        zmq_ctx_get (ctx, ZMQ_MSG_T_SIZE));
    TEST_ASSERT_EQ_INT (64, sizeof (zmq_msg_t));

    /* Unknown options. */
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_get (ctx, 9999));
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_get (ctx, 0));
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_get (ctx, -1));
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_set (ctx, 9999, 1));
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_set (ctx, 0, 1));

    /* IO_THREADS: >= 0. */
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_set (ctx, ZMQ_IO_THREADS, -1));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IO_THREADS, 3));
    TEST_ASSERT_EQ_INT (3, zmq_ctx_get (ctx, ZMQ_IO_THREADS));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IO_THREADS, 0));
    TEST_ASSERT_EQ_INT (0, zmq_ctx_get (ctx, ZMQ_IO_THREADS));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IO_THREADS, 1));

    /* MAX_SOCKETS: >= 1. */
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, 0));
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, -1));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, 100000));
    TEST_ASSERT_EQ_INT (100000, zmq_ctx_get (ctx, ZMQ_MAX_SOCKETS));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, 2));
    TEST_ASSERT_EQ_INT (2, zmq_ctx_get (ctx, ZMQ_MAX_SOCKETS));

    /* SOCKET_LIMIT cannot be set as such: value 3 is also THREAD_PRIORITY,
     * so zmq_ctx_set(3, x) succeeds (sets the priority) and the limit stays. */
    /* (Done on a throwaway context that never starts threads.) */
    TEST_ASSERT_EQ_INT (ZMQ_SOCKET_LIMIT, ZMQ_THREAD_PRIORITY);
    {
        void *tmp = TEST_ZMQ_PTR (zmq_ctx_new ());
        TEST_ZMQ_OK (zmq_ctx_set (tmp, ZMQ_SOCKET_LIMIT, 5));
        TEST_ASSERT_EQ_INT (65535, zmq_ctx_get (tmp, ZMQ_SOCKET_LIMIT));
        TEST_ZMQ_OK (zmq_ctx_term (tmp));
    }

    /* IPV6 / BLOCKY: booleans, negative rejected, non-zero reads back 1. */
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IPV6, 1));
    TEST_ASSERT_EQ_INT (1, zmq_ctx_get (ctx, ZMQ_IPV6));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IPV6, 5));
    TEST_ASSERT_EQ_INT (1, zmq_ctx_get (ctx, ZMQ_IPV6));
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_set (ctx, ZMQ_IPV6, -1));
    TEST_ASSERT_EQ_INT (1, zmq_ctx_get (ctx, ZMQ_IPV6));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IPV6, 0));
    TEST_ASSERT_EQ_INT (0, zmq_ctx_get (ctx, ZMQ_IPV6));

    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_BLOCKY, 0));
    TEST_ASSERT_EQ_INT (0, zmq_ctx_get (ctx, ZMQ_BLOCKY));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_BLOCKY, 7));
    TEST_ASSERT_EQ_INT (1, zmq_ctx_get (ctx, ZMQ_BLOCKY));
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_set (ctx, ZMQ_BLOCKY, -1));
    TEST_ASSERT_EQ_INT (1, zmq_ctx_get (ctx, ZMQ_BLOCKY));

    /* MAX_MSGSZ: >= 0. */
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_MAX_MSGSZ, 1000));
    TEST_ASSERT_EQ_INT (1000, zmq_ctx_get (ctx, ZMQ_MAX_MSGSZ));
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_set (ctx, ZMQ_MAX_MSGSZ, -1));
    TEST_ASSERT_EQ_INT (1000, zmq_ctx_get (ctx, ZMQ_MAX_MSGSZ));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_MAX_MSGSZ, 0));
    TEST_ASSERT_EQ_INT (0, zmq_ctx_get (ctx, ZMQ_MAX_MSGSZ));

    /* MSG_T_SIZE is read-only. */
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_set (ctx, ZMQ_MSG_T_SIZE, 64));
    TEST_ASSERT_EQ_INT (64, zmq_ctx_get (ctx, ZMQ_MSG_T_SIZE));

    /* MAX_SOCKETS=2 applies once the context starts: a third socket fails
     * with EMFILE; changing MAX_SOCKETS afterwards reads back but has no
     * effect. */
    void *s1 = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_PAIR));
    void *s2 = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_PAIR));
    TEST_ZMQ_PTR_ERR (EMFILE, zmq_socket (ctx, ZMQ_PAIR));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, 10));
    TEST_ASSERT_EQ_INT (10, zmq_ctx_get (ctx, ZMQ_MAX_SOCKETS));
    TEST_ZMQ_PTR_ERR (EMFILE, zmq_socket (ctx, ZMQ_PAIR));
    /* Closing one frees its slot (asynchronously in libzmq: the reaper
     * releases it, so retry for a bounded time). */
    TEST_ZMQ_OK (zmq_close (s2));
    s2 = NULL;
    for (int i = 0; i < 200 && s2 == NULL; i++) {
        s2 = zmq_socket (ctx, ZMQ_PAIR);
        if (s2 == NULL) {
            TEST_ASSERT_EQ_INT (EMFILE, zmq_errno ());
            sleep_ms (10);
        }
    }
    TEST_ASSERT (s2 != NULL);
    TEST_ZMQ_OK (zmq_close (s1));
    TEST_ZMQ_OK (zmq_close (s2));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));

    /* IO_THREADS=0: tcp needs an I/O thread -> EMTHREAD. */
    ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IO_THREADS, 0));
    void *s = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_PAIR));
    TEST_ZMQ_ERR (EMTHREAD, zmq_bind (s, "tcp://127.0.0.1:*"));
    TEST_ZMQ_ERR (EMTHREAD, zmq_connect (s, "tcp://127.0.0.1:5555"));
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));

    /* Several I/O threads work. */
    ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IO_THREADS, 4));
    void *a = test_socket (ctx, ZMQ_PAIR);
    void *b = test_socket (ctx, ZMQ_PAIR);
    char ep[256];
    bind_ephemeral (a, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (b, ep));
    bounce (a, b);
    TEST_ASSERT_EQ_INT (4, zmq_ctx_get (ctx, ZMQ_IO_THREADS));
    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
