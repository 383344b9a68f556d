/* zmq_init/zmq_term/zmq_ctx_destroy, and context-argument validation:
 * NULL or a non-context pointer -> EFAULT in every zmq_ctx_* entry point. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_init (1));
    TEST_ASSERT_EQ_INT (1, zmq_ctx_get (ctx, ZMQ_IO_THREADS));
    void *s = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_PAIR));
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_term (ctx));

    ctx = TEST_ZMQ_PTR (zmq_init (0));
    TEST_ASSERT_EQ_INT (0, zmq_ctx_get (ctx, ZMQ_IO_THREADS));
    TEST_ZMQ_OK (zmq_ctx_destroy (ctx));

    ctx = TEST_ZMQ_PTR (zmq_init (2));
    TEST_ASSERT_EQ_INT (2, zmq_ctx_get (ctx, ZMQ_IO_THREADS));
    TEST_ZMQ_OK (zmq_ctx_destroy (ctx));

    TEST_ZMQ_PTR_ERR (EINVAL, zmq_init (-1));

    /* NULL context. */
    TEST_ZMQ_ERR (EFAULT, zmq_ctx_term (NULL));
    TEST_ZMQ_ERR (EFAULT, zmq_ctx_shutdown (NULL));
    TEST_ZMQ_ERR (EFAULT, zmq_ctx_set (NULL, ZMQ_IO_THREADS, 1));
    TEST_ZMQ_ERR (EFAULT, zmq_ctx_get (NULL, ZMQ_IO_THREADS));
    TEST_ZMQ_ERR (EFAULT, zmq_term (NULL));
    TEST_ZMQ_ERR (EFAULT, zmq_ctx_destroy (NULL));
    TEST_ZMQ_PTR_ERR (EFAULT, zmq_socket (NULL, ZMQ_PAIR));

    /* A pointer that is not a context (zeroed memory, so no tag). */
    static char garbage[4096];
    TEST_ZMQ_ERR (EFAULT, zmq_ctx_term (garbage));
    TEST_ZMQ_ERR (EFAULT, zmq_ctx_shutdown (garbage));
    TEST_ZMQ_ERR (EFAULT, zmq_ctx_set (garbage, ZMQ_IO_THREADS, 1));
    TEST_ZMQ_ERR (EFAULT, zmq_ctx_get (garbage, ZMQ_IO_THREADS));
    TEST_ZMQ_PTR_ERR (EFAULT, zmq_socket (garbage, ZMQ_PAIR));

    /* A socket is not a context either. */
    ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    s = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_PAIR));
    TEST_ZMQ_ERR (EFAULT, zmq_ctx_get (s, ZMQ_IO_THREADS));
    TEST_ZMQ_PTR_ERR (EFAULT, zmq_socket (s, ZMQ_PAIR));
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
