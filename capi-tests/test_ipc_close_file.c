/* The socket file of an ipc:// path after zmq_close of the bound socket
 * (and zmq_ctx_term).
 *
 * libzmq 4.3.4 does NOT remove the file of a named path when the bound
 * socket is closed (ipc_listener_t::close() unlinks only the ipc
 * wildcard's file); the next bind to the path unlinks it first.
 * Deliberate difference: our library removes the file it created when the
 * socket is closed (unless another bind has replaced it meanwhile). The
 * removal is asserted (bounded 1 s wait) on our library (zmq_has ("tls")
 * == 1); on real libzmq the test asserts the file stays.
 *
 * On both: a socket bound to two paths leaves neither listening after
 * zmq_close; a new socket binds the first path again and works. */
#include "ipcutil.h"

int main (void)
{
    char dir[128], p1[256], p2[256], ep1[300], ep2[300];
    ipc_tmpdir (dir, sizeof dir, "close");
    snprintf (p1, sizeof p1, "%s/one.sock", dir);
    snprintf (p2, sizeof p2, "%s/two.sock", dir);
    snprintf (ep1, sizeof ep1, "ipc://%s", p1);
    snprintf (ep2, sizeof ep2, "ipc://%s", p2);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *s = test_socket (ctx, ZMQ_PULL);
    TEST_ZMQ_OK (zmq_bind (s, ep1));
    TEST_ZMQ_OK (zmq_bind (s, ep2));
    void *c = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (c, ep2));
    send_str (c, "x", 0);
    RECV_STR (s, "x");
    TEST_ASSERT (path_is_socket (p1) && path_is_socket (p2));
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_close (c));

    if (is_our_library ()) {
        TEST_ASSERT_MSG (wait_gone (p1, 1000),
                         "%s still exists 1 s after zmq_close", p1);
        TEST_ASSERT_MSG (wait_gone (p2, 1000),
                         "%s still exists 1 s after zmq_close", p2);
    } else {
        sleep_ms (200);
        TEST_ASSERT_MSG (path_is_socket (p1) && path_is_socket (p2),
                         "libzmq 4.3.4 removed the files on close");
    }

    /* Bind the path again from a new socket. */
    s = test_socket (ctx, ZMQ_PULL);
    TEST_ZMQ_OK (zmq_bind (s, ep1));
    c = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (c, ep1));
    send_str (c, "again", 0);
    RECV_STR (s, "again");
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (s));

    /* The same holds when zmq_ctx_term closes a socket bound to a path. */
    void *ctx2 = TEST_ZMQ_PTR (zmq_ctx_new ());
    s = test_socket (ctx2, ZMQ_PULL);
    TEST_ZMQ_OK (zmq_bind (s, ep2));
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx2));
    if (is_our_library ())
        TEST_ASSERT_MSG (!path_exists (p2),
                         "%s still exists after zmq_ctx_term", p2);
    else
        TEST_ASSERT (path_is_socket (p2));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
