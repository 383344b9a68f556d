/* What the ipc wildcard ("ipc://" then "*") leaves behind: nothing.
 * libzmq makes a private directory (mkdtemp) with the socket file in it;
 * ipc_listener_t::close() unlinks the file and removes the directory. This
 * happens in the I/O thread, after zmq_unbind / zmq_close return, so the
 * test polls (up to 1 s) for both to go. Checked after zmq_unbind, after
 * zmq_close of the bound socket, and after zmq_ctx_term (when zmq_ctx_term
 * returns, the directory is gone). TMPDIR points at the test's own mkdtemp
 * directory, so the wildcard directories are made in it. */
#include "ipcutil.h"

/* Bind the wildcard; return the socket path (and its directory). */
static void bind_wild (void *s, char *ep, char *path, char *wdir)
{
    bind_ephemeral_at (s, "ipc://*", ep, 256);
    strcpy (path, ep + 6);
    strcpy (wdir, path);
    char *slash = strrchr (wdir, '/');
    TEST_ASSERT (slash != NULL);
    *slash = 0;
    TEST_ASSERT (path_is_socket (path));
}

int main (void)
{
    char dir[128];
    ipc_tmpdir (dir, sizeof dir, "wclean");
    TEST_ASSERT (setenv ("TMPDIR", dir, 1) == 0);
    char ep[256], path[256], wdir[256];

    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_PAIR);

    /* zmq_unbind */
    bind_wild (s, ep, path, wdir);
    void *c = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    bounce (c, s);
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_unbind (s, ep));
    TEST_ASSERT_MSG (wait_gone (path, 1000), "%s left after unbind", path);
    TEST_ASSERT_MSG (wait_gone (wdir, 1000), "%s left after unbind", wdir);

    /* zmq_close */
    bind_wild (s, ep, path, wdir);
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ASSERT_MSG (wait_gone (path, 1000), "%s left after close", path);
    TEST_ASSERT_MSG (wait_gone (wdir, 1000), "%s left after close", wdir);

    /* zmq_ctx_term */
    s = test_socket (ctx, ZMQ_PAIR);
    bind_wild (s, ep, path, wdir);
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    TEST_ASSERT_MSG (!path_exists (wdir), "%s left after zmq_ctx_term", wdir);

    /* Nothing else was made in TMPDIR. */
    TEST_ASSERT_MSG (rmdir (dir) == 0, "rmdir %s: %s", dir, strerror (errno));
    return 0;
}
