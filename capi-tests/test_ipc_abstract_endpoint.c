/* Linux abstract-namespace ipc:// endpoints: "ipc://@name" binds to the
 * abstract name (sun_path starting with a NUL byte, no file anywhere),
 * ZMQ_LAST_ENDPOINT reads back "ipc://@name", another socket connects by
 * that endpoint and messages flow both ways; a second socket binding the
 * same name while it is held fails with EADDRINUSE (an abstract name
 * cannot be unlinked, unlike a path); after zmq_unbind the name is free
 * again (libzmq closes the listener asynchronously, so the re-bind is
 * retried for a bounded time) and zmq_unbind takes the same endpoint. */
#include "ipcutil.h"

static void bind_retry (void *s, const char *ep)
{
    int64_t deadline = now_ms () + 2000;
    while (zmq_bind (s, ep) != 0) {
        TEST_ASSERT_MSG (zmq_errno () == EADDRINUSE, "bind %s: %s", ep,
                         zmq_strerror (zmq_errno ()));
        TEST_ASSERT_MSG (now_ms () < deadline, "bind %s: still EADDRINUSE",
                         ep);
        sleep_ms (10);
    }
}

int main (void)
{
    char ep[128], last[128];
    snprintf (ep, sizeof ep, "ipc://@zmq-capi-abstract-%d-%ld",
              (int) getpid (), (long) now_ms ());

    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_bind (s, ep));
    get_last_endpoint (s, last, sizeof last);
    TEST_ASSERT_EQ_STR (ep, last);

    void *c = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    bounce (c, s);
    static const char *const frames[] = {"abstract", "", "name", NULL};
    send_strs (s, frames);
    RECV_STRS (c, frames);

    void *other = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_ERR (EADDRINUSE, zmq_bind (other, ep));

    TEST_ZMQ_OK (zmq_unbind (s, ep));
    TEST_ZMQ_ERR (ENOENT, zmq_unbind (s, ep));
    bind_retry (other, ep);
    get_last_endpoint (other, last, sizeof last);
    TEST_ASSERT_EQ_STR (ep, last);
    void *c2 = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (c2, ep));
    bounce (c2, other);

    TEST_ZMQ_OK (zmq_close (c2));
    TEST_ZMQ_OK (zmq_close (other));
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
