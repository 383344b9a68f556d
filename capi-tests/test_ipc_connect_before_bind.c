/* An ipc:// connect to a path nobody listens on (no file yet) succeeds and
 * keeps retrying: messages queued on the connecting PUSH before the PULL
 * binds arrive, in order, once it binds; the same holds for a PAIR where
 * the binder answers back, and after the binder goes away (socket closed,
 * file removed) and a new one binds the same path, the connecting socket
 * reconnects to it. RECONNECT_IVL 50 ms keeps it short. */
#include "ipcutil.h"

int main (void)
{
    char dir[128], path[256], ep[300];
    ipc_tmpdir (dir, sizeof dir, "early");
    snprintf (path, sizeof path, "%s/later.sock", dir);
    snprintf (ep, sizeof ep, "ipc://%s", path);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (push, ZMQ_RECONNECT_IVL, 50);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "first", 0);
    static const char *const frames[] = {"second", "", "part", NULL};
    send_strs (push, frames);
    sleep_ms (300); /* several failed attempts */
    TEST_ASSERT (!path_exists (path));

    void *pull = test_socket (ctx, ZMQ_PULL);
    TEST_ZMQ_OK (zmq_bind (pull, ep));
    RECV_STR (pull, "first");
    TEST_ASSERT_EQ_INT (0, rcvmore (pull));
    RECV_STRS (pull, frames);
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_close (push));
    unlink (path); /* libzmq 4.3.4 leaves the file */

    void *c = test_socket (ctx, ZMQ_PAIR);
    set_int_opt (c, ZMQ_RECONNECT_IVL, 50);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    send_str (c, "early", 0);
    sleep_ms (200);
    void *s = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_bind (s, ep));
    RECV_STR (s, "early");
    send_str (s, "back", 0);
    RECV_STR (c, "back");

    /* The binder goes; a new one takes the path; c reconnects. */
    TEST_ZMQ_OK (zmq_close (s));
    unlink (path);
    sleep_ms (200);
    s = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_bind (s, ep));
    wait_link (c, s, 5000);
    bounce (s, c);

    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
