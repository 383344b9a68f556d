/* ipc:// is available (zmq_has ("ipc") == 1) and its address rules, as
 * libzmq's ipc_address_t applies them synchronously in zmq_bind and in
 * zmq_connect: a path of 108 bytes or more (no room for sun_path's NUL)
 * fails with ENAMETOOLONG, and so does an abstract "@name" whose name is
 * 107 bytes or more; a 107-byte path is accepted and works; "ipc://@"
 * (an empty abstract name) and "ipc://" are EINVAL; binding in a directory
 * that does not exist fails with ENOENT (from bind(2)); connecting to a
 * path nobody listens on succeeds (the connection is retried). */
#include "ipcutil.h"

int main (void)
{
    TEST_ASSERT_EQ_INT (1, zmq_has ("ipc"));

    char dir[128];
    ipc_tmpdir (dir, sizeof dir, "addr");

    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_PAIR);
    void *c = test_socket (ctx, ZMQ_PAIR);

    /* Paths of exactly 108 and of 200 bytes under dir. */
    char path[256], ep[300];
    for (size_t len = 108; len <= 200; len += 92) {
        int n = snprintf (path, sizeof path, "%s/", dir);
        memset (path + n, 'x', len - (size_t) n);
        path[len] = 0;
        TEST_ASSERT_EQ_INT (len, strlen (path));
        snprintf (ep, sizeof ep, "ipc://%s", path);
        TEST_ZMQ_ERR (ENAMETOOLONG, zmq_bind (s, ep));
        TEST_ZMQ_ERR (ENAMETOOLONG, zmq_connect (c, ep));
        TEST_ASSERT (!path_exists (path));
    }

    /* Abstract: '@' + 107 bytes is too long, '@' + 106 fits. */
    strcpy (ep, "ipc://@");
    memset (ep + 7, 'y', 107);
    ep[7 + 107] = 0;
    TEST_ZMQ_ERR (ENAMETOOLONG, zmq_bind (s, ep));
    TEST_ZMQ_ERR (ENAMETOOLONG, zmq_connect (c, ep));
    snprintf (ep + 7, 107, "zmq-capi-%d-", (int) getpid ());
    memset (ep + strlen (ep), 'y', 7 + 106 - strlen (ep));
    ep[7 + 106] = 0;
    TEST_ZMQ_OK (zmq_bind (s, ep));
    TEST_ZMQ_OK (zmq_connect (c, ep));
    bounce (c, s);
    /* Fresh PAIRs below: a PAIR keeps one peer, and the old connection
     * goes away asynchronously. */
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (s));
    s = test_socket (ctx, ZMQ_PAIR);
    c = test_socket (ctx, ZMQ_PAIR);

    /* A 107-byte path: the longest that fits. */
    int n = snprintf (path, sizeof path, "%s/", dir);
    memset (path + n, 'z', 107 - (size_t) n);
    path[107] = 0;
    snprintf (ep, sizeof ep, "ipc://%s", path);
    TEST_ZMQ_OK (zmq_bind (s, ep));
    TEST_ASSERT (path_is_socket (path));
    char last[300];
    get_last_endpoint (s, last, sizeof last);
    TEST_ASSERT_EQ_STR (ep, last);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    bounce (c, s);

    TEST_ZMQ_ERR (EINVAL, zmq_bind (s, "ipc://@"));
    TEST_ZMQ_ERR (EINVAL, zmq_connect (c, "ipc://@"));
    TEST_ZMQ_ERR (EINVAL, zmq_bind (s, "ipc://"));
    TEST_ZMQ_ERR (EINVAL, zmq_connect (c, "ipc://"));

    snprintf (ep, sizeof ep, "ipc://%s/no-such-dir/x.sock", dir);
    TEST_ZMQ_ERR (ENOENT, zmq_bind (s, ep));
    TEST_ZMQ_OK (zmq_connect (c, ep));

    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
