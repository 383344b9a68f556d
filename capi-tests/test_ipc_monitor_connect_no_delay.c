/* An ipc:// connect to a listening path completes at once, and the
 * monitor (ZMQ_EVENT_ALL) says so: the first event of the connecting
 * socket is CONNECTED, with no CONNECT_DELAYED before it, then
 * HANDSHAKE_SUCCEEDED, and nothing else. libzmq 4.3.4's
 * ipc_connecter_t::start_connecting calls connect(2) on a non-blocking
 * AF_UNIX socket, which (unlike TCP, where EINPROGRESS leads to
 * CONNECT_DELAYED) succeeds at once when the listener's backlog has room,
 * and goes straight to the engine (CONNECTED); it reports CONNECT_DELAYED
 * only when connect(2) was interrupted (EINTR, turned into EINPROGRESS). */
#include "ipcutil.h"

int main (void)
{
    char dir[128], ep[300];
    ipc_tmpdir (dir, sizeof dir, "nodelay");
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    const char *kinds[2] = {"path", "abstract"};

    for (int k = 0; k < 2; k++) {
        if (k == 0)
            snprintf (ep, sizeof ep, "ipc://%s/d.sock", dir);
        else
            snprintf (ep, sizeof ep, "ipc://@zmq-capi-nodelay-%d",
                      (int) getpid ());
        void *s = test_socket (ctx, ZMQ_PAIR);
        void *c = test_socket (ctx, ZMQ_PAIR);
        TEST_ZMQ_OK (zmq_bind (s, ep));
        void *m = monitor_start (ctx, c, ZMQ_EVENT_ALL);
        TEST_ZMQ_OK (zmq_connect (c, ep));
        bounce (c, s);

        int ev;
        uint32_t v;
        char got[300];
        TEST_ASSERT (monitor_next (m, &ev, &v, got, sizeof got) == 0);
        TEST_ASSERT_MSG (ev == ZMQ_EVENT_CONNECTED,
                         "%s: first event 0x%x (value %u), expected "
                         "CONNECTED (0x%x)",
                         kinds[k], ev, v, ZMQ_EVENT_CONNECTED);
        TEST_ASSERT_EQ_STR (ep, got);
        TEST_ASSERT (monitor_next (m, &ev, &v, got, sizeof got) == 0);
        TEST_ASSERT_MSG (ev == ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
                         "%s: second event 0x%x", kinds[k], ev);
        set_int_opt (m, ZMQ_RCVTIMEO, 100);
        TEST_ASSERT_MSG (monitor_next (m, &ev, &v, NULL, 0) == -1,
                         "%s: unexpected event 0x%x", kinds[k], ev);

        monitor_stop (c, m);
        TEST_ZMQ_OK (zmq_close (c));
        TEST_ZMQ_OK (zmq_close (s));
    }

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
