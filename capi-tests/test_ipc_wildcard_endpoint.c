/* The ipc wildcard ("ipc://" then "*") binds to a fresh path: libzmq makes a private directory with
 * mkdtemp ("tmpXXXXXX" in $TMPDIR, $TEMPDIR or $TMP, the first naming a
 * directory) and binds "<dir>/socket" in it. ZMQ_LAST_ENDPOINT returns
 * "ipc://<that path>", the path is a socket file, another socket connects
 * to it by that endpoint, and a second wildcard bind gets a different path.
 * The test points TMPDIR at its own mkdtemp directory so runs stay apart.
 * (Without any of those variables libzmq 4.3.4 uses a relative
 * "tmpXXXXXX/socket" in the current directory and our library uses /tmp: a
 * deliberate difference, not exercised here.) */
#include "ipcutil.h"

int main (void)
{
    char dir[128];
    ipc_tmpdir (dir, sizeof dir, "wild");
    TEST_ASSERT (setenv ("TMPDIR", dir, 1) == 0);

    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *a = test_socket (ctx, ZMQ_PAIR);
    void *b = test_socket (ctx, ZMQ_PAIR);
    char ep_a[256], ep_b[256];
    bind_ephemeral_at (a, "ipc://*", ep_a, sizeof ep_a);
    bind_ephemeral_at (b, "ipc://*", ep_b, sizeof ep_b);

    for (int i = 0; i < 2; i++) {
        const char *ep = i == 0 ? ep_a : ep_b;
        char prefix[160];
        snprintf (prefix, sizeof prefix, "ipc://%s/tmp", dir);
        TEST_ASSERT_MSG (strncmp (ep, prefix, strlen (prefix)) == 0,
                         "endpoint %s not under %s", ep, prefix);
        /* <dir>/tmpXXXXXX/socket */
        const char *rest = ep + strlen (prefix);
        TEST_ASSERT_MSG (strlen (rest) == 6 + strlen ("/socket")
                           && strcmp (rest + 6, "/socket") == 0,
                         "endpoint %s: expected <TMPDIR>/tmpXXXXXX/socket",
                         ep);
        TEST_ASSERT_MSG (path_is_socket (ep + 6), "%s is not a socket file",
                         ep + 6);
    }
    TEST_ASSERT_MSG (strcmp (ep_a, ep_b) != 0, "two ipc://* binds got %s",
                     ep_a);

    /* Peers reach each listener by the endpoint read back. */
    void *ca = test_socket (ctx, ZMQ_PAIR);
    void *cb = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (ca, ep_a));
    TEST_ZMQ_OK (zmq_connect (cb, ep_b));
    bounce (ca, a);
    bounce (cb, b);
    bounce (a, ca);

    /* The wildcard form is not an endpoint of the socket (unbind needs the
     * path read back). */
    TEST_ZMQ_ERR (ENOENT, zmq_unbind (a, "ipc://*"));

    TEST_ZMQ_OK (zmq_close (ca));
    TEST_ZMQ_OK (zmq_close (cb));
    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
