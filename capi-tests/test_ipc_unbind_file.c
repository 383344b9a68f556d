/* The socket file of an ipc:// path after zmq_unbind, and binding the
 * same path again.
 *
 * libzmq 4.3.4 does NOT remove the file of a named path when the endpoint
 * is unbound: ipc_listener_t::close() unlinks only the file it made for
 * the ipc wildcard (then removes that directory); a named path is only
 * unlinked by the next bind to it. Deliberate difference: our library
 * removes the file it created when the endpoint is unbound (unless another
 * bind has replaced it meanwhile, see test_ipc_bind_takeover.c), so no
 * dead socket files are left behind. The test asserts removal (within a
 * bounded 1 s wait) when running on our library (zmq_has ("tls") == 1)
 * and that the file stays when running on real libzmq.
 *
 * On both: the path is a socket file once bound; zmq_unbind of the same
 * endpoint succeeds, a second one is ENOENT; after unbind a new peer can
 * no longer connect there; the same socket binds the same path again
 * and a peer reaches it. */
#include "ipcutil.h"

int main (void)
{
    char dir[128], path[256], ep[300];
    ipc_tmpdir (dir, sizeof dir, "unbind");
    snprintf (path, sizeof path, "%s/u.sock", dir);
    snprintf (ep, sizeof ep, "ipc://%s", path);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *s = test_socket (ctx, ZMQ_PULL);
    TEST_ZMQ_OK (zmq_bind (s, ep));
    TEST_ASSERT (path_is_socket (path));
    TEST_ZMQ_OK (zmq_unbind (s, ep));
    TEST_ZMQ_ERR (ENOENT, zmq_unbind (s, ep));

    if (is_our_library ())
        TEST_ASSERT_MSG (wait_gone (path, 1000),
                         "%s still exists 1 s after zmq_unbind", path);
    else {
        sleep_ms (200);
        TEST_ASSERT_MSG (path_is_socket (path),
                         "libzmq 4.3.4 removed %s on unbind", path);
    }

    /* Nobody accepts on the path any more. */
    void *late = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (late, ZMQ_SNDTIMEO, 0);
    TEST_ZMQ_OK (zmq_connect (late, ep));
    int rc = zmq_send (late, "lost", 4, 0);
    TEST_ASSERT (rc == 4 || zmq_errno () == EAGAIN);
    set_int_opt (s, ZMQ_RCVTIMEO, 300);
    char buf[8];
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (s, buf, sizeof buf, 0));
    TEST_ZMQ_OK (zmq_close (late));

    /* Bind the same path again. */
    set_int_opt (s, ZMQ_RCVTIMEO, TEST_TIMEOUT_MS);
    TEST_ZMQ_OK (zmq_bind (s, ep));
    TEST_ASSERT (path_is_socket (path));
    void *c = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    send_str (c, "again", 0);
    RECV_STR (s, "again");

    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
