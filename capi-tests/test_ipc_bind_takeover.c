/* Two sockets binding the same ipc:// path: libzmq unlinks the path before
 * bind(2), so the second bind succeeds and takes the path over; new
 * connections reach the second socket, and the first socket's listener is
 * left with no name (it no longer receives new peers). The first
 * socket's unbind and close then leave the second socket's file (and
 * service) alone: libzmq 4.3.4 never unlinks a named path on unbind/close,
 * and our library (which removes its own file, see test_ipc_unbind_file.c)
 * only removes the file it created (same inode). Also the same socket
 * binding the path a second time succeeds. */
#include "ipcutil.h"

static void expect_reaches (void *ctx, const char *ep, void *pull,
                            const char *msg)
{
    void *c = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    send_str (c, msg, 0);
    RECV_STR (pull, msg);
    TEST_ZMQ_OK (zmq_close (c));
}

int main (void)
{
    char dir[128], path[256], ep[300];
    ipc_tmpdir (dir, sizeof dir, "takeover");
    snprintf (path, sizeof path, "%s/shared.sock", dir);
    snprintf (ep, sizeof ep, "ipc://%s", path);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *first = test_socket (ctx, ZMQ_PULL);
    void *second = test_socket (ctx, ZMQ_PULL);
    TEST_ZMQ_OK (zmq_bind (first, ep));
    expect_reaches (ctx, ep, first, "to-first");
    struct stat st1, st2;
    TEST_ASSERT (stat (path, &st1) == 0);

    TEST_ZMQ_OK (zmq_bind (second, ep));
    TEST_ASSERT (stat (path, &st2) == 0 && S_ISSOCK (st2.st_mode));
    TEST_ASSERT_MSG (st1.st_ino != st2.st_ino, "the path was not re-bound");
    expect_reaches (ctx, ep, second, "to-second");
    set_int_opt (first, ZMQ_RCVTIMEO, 200);
    char buf[16];
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (first, buf, sizeof buf, 0));

    /* The first socket lets go: the second keeps its file and service. */
    TEST_ZMQ_OK (zmq_unbind (first, ep));
    sleep_ms (200);
    TEST_ASSERT_MSG (path_is_socket (path),
                     "the first socket's unbind removed the second's file");
    TEST_ZMQ_OK (zmq_close (first));
    sleep_ms (200);
    TEST_ASSERT_MSG (path_is_socket (path),
                     "the first socket's close removed the second's file");
    expect_reaches (ctx, ep, second, "still-second");

    /* The same socket binding its own path again. */
    TEST_ZMQ_OK (zmq_bind (second, ep));
    expect_reaches (ctx, ep, second, "rebound");

    TEST_ZMQ_OK (zmq_close (second));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
