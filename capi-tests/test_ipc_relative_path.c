/* A relative ipc:// path is used as given, relative to the current
 * directory: "ipc://rel.sock" and "ipc://./sub/rel.sock" bind there,
 * ZMQ_LAST_ENDPOINT returns the endpoint unchanged (not made absolute),
 * the socket file appears in the current directory, peers connect with
 * the same relative endpoint and with the absolute path, and zmq_unbind
 * and zmq_disconnect take the relative endpoint. The test chdir()s into
 * its own mkdtemp directory. */
#include "ipcutil.h"

int main (void)
{
    char dir[128], abs_ep[300], last[300];
    ipc_tmpdir (dir, sizeof dir, "rel");
    TEST_ASSERT (chdir (dir) == 0);
    TEST_ASSERT (mkdir ("sub", 0700) == 0);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    static const char *const eps[] = {"ipc://rel.sock",
                                      "ipc://./sub/rel.sock"};
    static const char *const files[] = {"rel.sock", "sub/rel.sock"};
    for (int i = 0; i < 2; i++) {
        void *s = test_socket (ctx, ZMQ_PULL);
        TEST_ZMQ_OK (zmq_bind (s, eps[i]));
        get_last_endpoint (s, last, sizeof last);
        TEST_ASSERT_EQ_STR (eps[i], last);
        snprintf (abs_ep, sizeof abs_ep, "%s/%s", dir, files[i]);
        TEST_ASSERT_MSG (path_is_socket (abs_ep), "%s is not a socket",
                         abs_ep);

        void *c = test_socket (ctx, ZMQ_PUSH);
        TEST_ZMQ_OK (zmq_connect (c, eps[i]));
        get_last_endpoint (c, last, sizeof last);
        TEST_ASSERT_EQ_STR (eps[i], last);
        send_str (c, "relative", 0);
        RECV_STR (s, "relative");
        TEST_ZMQ_OK (zmq_disconnect (c, eps[i]));

        snprintf (abs_ep, sizeof abs_ep, "ipc://%s/%s", dir, files[i]);
        void *c2 = test_socket (ctx, ZMQ_PUSH);
        TEST_ZMQ_OK (zmq_connect (c2, abs_ep));
        send_str (c2, "absolute", 0);
        RECV_STR (s, "absolute");

        TEST_ZMQ_OK (zmq_unbind (s, eps[i]));
        TEST_ZMQ_ERR (ENOENT, zmq_unbind (s, eps[i]));
        TEST_ZMQ_OK (zmq_close (c2));
        TEST_ZMQ_OK (zmq_close (c));
        TEST_ZMQ_OK (zmq_close (s));
    }

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    TEST_ASSERT (chdir ("/") == 0);
    ipc_rmtree (dir);
    return 0;
}
