/* A connection refused by an ipc filter is reported to the listener's
 * monitor as ACCEPT_FAILED (endpoint: the bound endpoint), once per
 * refused attempt, with no ACCEPTED or HANDSHAKE_SUCCEEDED: libzmq 4.3.4's
 * ipc_listener_t::accept () closes the refused fd and returns retired_fd,
 * and in_event () reports that as event_accept_failed. The listener
 * filters on another uid (getuid () + 1); the connecting socket retries
 * every 100 ms, so at least two ACCEPT_FAILED arrive. The event's value
 * (whatever errno held) is not checked. Options refused with EINVAL skip
 * the test. */
#include "ipcutil.h"

int main (void)
{
    char dir[128], ep[300], got[300];
    ipc_tmpdir (dir, sizeof dir, "fmon");
    snprintf (ep, sizeof ep, "ipc://%s/f.sock", dir);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *pull = test_socket (ctx, ZMQ_PULL);
    uid_t other = getuid () + 1;
    int rc = zmq_setsockopt (pull, ZMQ_IPC_FILTER_UID, &other, sizeof other);
    if (rc == -1 && zmq_errno () == EINVAL) {
        fprintf (stderr, "ZMQ_IPC_FILTER_UID not supported: skipped\n");
        return 77;
    }
    TEST_ZMQ_OK (rc);
    void *m = monitor_start (ctx, pull, ZMQ_EVENT_ALL);
    TEST_ZMQ_OK (zmq_bind (pull, ep));

    int ev;
    uint32_t v;
    TEST_ASSERT (monitor_next (m, &ev, &v, got, sizeof got) == 0);
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_LISTENING, ev);

    void *push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (push, ZMQ_RECONNECT_IVL, 100);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    for (int i = 0; i < 2; i++) {
        TEST_ASSERT_MSG (monitor_next (m, &ev, &v, got, sizeof got) == 0,
                         "no ACCEPT_FAILED for refused attempt %d within "
                         "%d ms",
                         i, TEST_TIMEOUT_MS);
        TEST_ASSERT_MSG (ev == ZMQ_EVENT_ACCEPT_FAILED,
                         "event 0x%x (value %u), expected ACCEPT_FAILED "
                         "(0x%x)",
                         ev, v, ZMQ_EVENT_ACCEPT_FAILED);
        TEST_ASSERT_EQ_STR (ep, got);
    }

    monitor_stop (pull, m);
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
