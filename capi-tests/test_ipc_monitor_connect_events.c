/* Socket-monitor events of an ipc:// connecting socket, monitored for
 * CONNECTED, HANDSHAKE_SUCCEEDED and DISCONNECTED only, for a path and
 * for an abstract name: CONNECTED (value: the connection's fd, a socket),
 * then HANDSHAKE_SUCCEEDED (value 0), and DISCONNECTED (value: the same
 * fd) when the bound socket is closed; each with the endpoint as given to
 * zmq_connect. (The full event stream is checked in
 * test_ipc_monitor_connect_no_delay.c and test_ipc_monitor_connect_retry.c.)
 * As libzmq 4.3.4 emits them. */
#include "ipcutil.h"

static void expect_event (void *m, int event, uint32_t *value,
                          const char *ep)
{
    int ev;
    char got_ep[300];
    TEST_ASSERT_MSG (monitor_next (m, &ev, value, got_ep, sizeof got_ep) == 0,
                     "no event 0x%x within %d ms", event, TEST_TIMEOUT_MS);
    TEST_ASSERT_MSG (ev == event, "event 0x%x, expected 0x%x (value %u)", ev,
                     event, *value);
    TEST_ASSERT_EQ_STR (ep, got_ep);
}

static void run (void *ctx, const char *ep)
{
    void *s = test_socket (ctx, ZMQ_PAIR);
    void *c = test_socket (ctx, ZMQ_PAIR);
    set_int_opt (c, ZMQ_RECONNECT_IVL, 100);
    void *m = monitor_start (ctx, c,
                             ZMQ_EVENT_CONNECTED
                               | ZMQ_EVENT_HANDSHAKE_SUCCEEDED
                               | ZMQ_EVENT_DISCONNECTED);
    uint32_t fd, v;
    TEST_ZMQ_OK (zmq_bind (s, ep));
    TEST_ZMQ_OK (zmq_connect (c, ep));
    expect_event (m, ZMQ_EVENT_CONNECTED, &fd, ep);
    struct stat st;
    TEST_ASSERT_MSG (fstat ((int) fd, &st) == 0 && S_ISSOCK (st.st_mode),
                     "CONNECTED value %u", fd);
    expect_event (m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, &v, ep);
    TEST_ASSERT_EQ_INT (0, v);
    bounce (c, s);

    TEST_ZMQ_OK (zmq_close (s));
    expect_event (m, ZMQ_EVENT_DISCONNECTED, &v, ep);
    TEST_ASSERT_EQ_INT (fd, v);

    monitor_stop (c, m);
    TEST_ZMQ_OK (zmq_close (c));
}

int main (void)
{
    char dir[128], ep[300];
    ipc_tmpdir (dir, sizeof dir, "monconn");
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    snprintf (ep, sizeof ep, "ipc://%s/mon.sock", dir);
    run (ctx, ep);
    snprintf (ep, sizeof ep, "ipc://@zmq-capi-monconn-%d", (int) getpid ());
    run (ctx, ep);

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
