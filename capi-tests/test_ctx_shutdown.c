/* zmq_ctx_shutdown: blocking calls and new operations on existing sockets
 * fail with ETERM, zmq_socket() fails with ETERM, shutdown is idempotent,
 * options remain readable, and zmq_ctx_term still completes afterwards. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *a = test_socket (ctx, ZMQ_PAIR);
    void *b = test_socket (ctx, ZMQ_PAIR);
    char ep[256];
    bind_ephemeral (a, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (b, ep));
    bounce (a, b);

    TEST_ZMQ_OK (zmq_ctx_shutdown (ctx));
    TEST_ZMQ_OK (zmq_ctx_shutdown (ctx)); /* twice is fine */

    TEST_ZMQ_PTR_ERR (ETERM, zmq_socket (ctx, ZMQ_PAIR));
    /* libzmq throttles command processing on send (~1 ms): right after a
     * recent operation, one more send may still go through before the
     * socket sees the stop. Give it time so the result is deterministic. */
    sleep_ms (50);
    char buf[8];
    int64_t start = now_ms ();
    TEST_ZMQ_ERR (ETERM, zmq_recv (a, buf, sizeof buf, 0));
    TEST_ASSERT (now_ms () - start < 2000);
    TEST_ZMQ_ERR (ETERM, zmq_send (b, "x", 1, 0));
    TEST_ZMQ_ERR (ETERM, zmq_recv (b, buf, sizeof buf, ZMQ_DONTWAIT));
    TEST_ZMQ_ERR (ETERM, zmq_connect (b, ep));

    /* Context options are still readable and settable. */
    TEST_ASSERT_EQ_INT (1, zmq_ctx_get (ctx, ZMQ_IO_THREADS));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_MAX_MSGSZ, 100));

    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));

    /* Shutdown of a context with no sockets, then term. */
    ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    TEST_ZMQ_OK (zmq_ctx_shutdown (ctx));
    TEST_ZMQ_PTR_ERR (ETERM, zmq_socket (ctx, ZMQ_PUSH));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
