/* Monitor events (ZMQ_EVENT_ALL) of an ipc:// connect to a path nobody
 * listens on, RECONNECT_IVL 100 ms (no RECONNECT_IVL_MAX): each failed
 * attempt emits CLOSED (value: the fd of the attempt's socket, endpoint
 * as connected) followed by CONNECT_RETRIED (value: the delay before the
 * next attempt, in [100, 200) ms: libzmq 4.3.4 adds a random jitter of up
 * to one interval), starting with the attempt zmq_connect makes; nothing
 * else. libzmq's ipc_connecter_t::start_connecting closes the attempt's
 * socket through stream_connecter_base_t::close (), which reports
 * CLOSED, then arms the reconnect timer (CONNECT_RETRIED). Once the path
 * is bound, CONNECTED and HANDSHAKE_SUCCEEDED follow. */
#include "ipcutil.h"

int main (void)
{
    char dir[128], ep[300];
    ipc_tmpdir (dir, sizeof dir, "retry");
    snprintf (ep, sizeof ep, "ipc://%s/later.sock", dir);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *c = test_socket (ctx, ZMQ_PAIR);
    set_int_opt (c, ZMQ_RECONNECT_IVL, 100);
    void *m = monitor_start (ctx, c, ZMQ_EVENT_ALL);
    TEST_ZMQ_OK (zmq_connect (c, ep));

    int ev;
    uint32_t v;
    char got[300];
    for (int round = 0; round < 3; round++) {
        TEST_ASSERT_MSG (monitor_next (m, &ev, &v, got, sizeof got) == 0,
                         "round %d: no event", round);
        TEST_ASSERT_MSG (ev == ZMQ_EVENT_CLOSED,
                         "round %d: event 0x%x (value %u), expected CLOSED "
                         "(0x%x) for the failed attempt",
                         round, ev, v, ZMQ_EVENT_CLOSED);
        TEST_ASSERT_EQ_STR (ep, got);
        TEST_ASSERT_MSG (monitor_next (m, &ev, &v, got, sizeof got) == 0,
                         "round %d: no event", round);
        TEST_ASSERT_MSG (ev == ZMQ_EVENT_CONNECT_RETRIED,
                         "round %d: event 0x%x (value %u), expected "
                         "CONNECT_RETRIED (0x%x)",
                         round, ev, v, ZMQ_EVENT_CONNECT_RETRIED);
        TEST_ASSERT_EQ_STR (ep, got);
        TEST_ASSERT_MSG (v >= 100 && v < 200, "round %d: retry after %u ms",
                         round, v);
    }

    void *s = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_bind (s, ep));
    int64_t deadline = now_ms () + 3000;
    do {
        TEST_ASSERT (monitor_next (m, &ev, &v, got, sizeof got) == 0);
        TEST_ASSERT_MSG (ev == ZMQ_EVENT_CLOSED
                           || ev == ZMQ_EVENT_CONNECT_RETRIED
                           || ev == ZMQ_EVENT_CONNECTED,
                         "event 0x%x while waiting for CONNECTED", ev);
        TEST_ASSERT (now_ms () < deadline);
    } while (ev != ZMQ_EVENT_CONNECTED);
    TEST_ASSERT (monitor_next (m, &ev, &v, got, sizeof got) == 0);
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ev);
    bounce (c, s);

    monitor_stop (c, m);
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
