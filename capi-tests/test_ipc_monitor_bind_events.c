/* Socket-monitor events of an ipc:// listener (ZMQ_EVENT_ALL), for a path
 * and for an abstract name, in this order and with nothing in between:
 * LISTENING on zmq_bind (value: the listening fd, a socket), ACCEPTED
 * when a peer connects (value: the accepted fd, a socket),
 * HANDSHAKE_SUCCEEDED (value 0) after the ZMTP handshake, DISCONNECTED
 * when the peer closes (value: the accepted fd again), CLOSED on
 * zmq_unbind (value: the listening fd again); each event's endpoint is
 * the bound endpoint as ZMQ_LAST_ENDPOINT shows it. Stopping the monitor
 * (zmq_socket_monitor (s, NULL, 0)) sends MONITOR_STOPPED (value 0, empty
 * endpoint). Exactly what libzmq 4.3.4 emits. */
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

static int is_socket_fd (uint32_t fd)
{
    struct stat st;
    return fstat ((int) fd, &st) == 0 && S_ISSOCK (st.st_mode);
}

static void run (void *ctx, const char *ep)
{
    void *s = test_socket (ctx, ZMQ_PAIR);
    void *m = monitor_start (ctx, s, ZMQ_EVENT_ALL);
    uint32_t lfd, afd, v;

    TEST_ZMQ_OK (zmq_bind (s, ep));
    char last[300];
    get_last_endpoint (s, last, sizeof last);
    TEST_ASSERT_EQ_STR (ep, last);
    expect_event (m, ZMQ_EVENT_LISTENING, &lfd, ep);
    TEST_ASSERT_MSG (is_socket_fd (lfd), "LISTENING value %u", lfd);

    void *c = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    expect_event (m, ZMQ_EVENT_ACCEPTED, &afd, ep);
    TEST_ASSERT_MSG (is_socket_fd (afd), "ACCEPTED value %u", afd);
    TEST_ASSERT (afd != lfd);
    expect_event (m, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, &v, ep);
    TEST_ASSERT_EQ_INT (0, v);
    bounce (c, s);

    TEST_ZMQ_OK (zmq_close (c));
    expect_event (m, ZMQ_EVENT_DISCONNECTED, &v, ep);
    TEST_ASSERT_EQ_INT (afd, v);

    TEST_ZMQ_OK (zmq_unbind (s, ep));
    expect_event (m, ZMQ_EVENT_CLOSED, &v, ep);
    TEST_ASSERT_EQ_INT (lfd, v);

    TEST_ZMQ_OK (zmq_socket_monitor (s, NULL, 0));
    expect_event (m, ZMQ_EVENT_MONITOR_STOPPED, &v, "");
    TEST_ASSERT_EQ_INT (0, v);
    set_int_opt (m, ZMQ_RCVTIMEO, 100);
    int ev;
    TEST_ASSERT_MSG (monitor_next (m, &ev, &v, NULL, 0) == -1,
                     "extra event 0x%x after MONITOR_STOPPED", ev);
    TEST_ZMQ_OK (zmq_close (m));
    TEST_ZMQ_OK (zmq_close (s));
}

int main (void)
{
    char dir[128], ep[300];
    ipc_tmpdir (dir, sizeof dir, "monbind");
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    snprintf (ep, sizeof ep, "ipc://%s/mon.sock", dir);
    run (ctx, ep);
    snprintf (ep, sizeof ep, "ipc://@zmq-capi-monbind-%d", (int) getpid ());
    run (ctx, ep);

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
