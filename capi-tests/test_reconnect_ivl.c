/* RECONNECT_IVL / RECONNECT_IVL_MAX: a PUSH whose peer is down retries
 * every RECONNECT_IVL (plus jitter) when RECONNECT_IVL_MAX is 0, so it
 * connects soon after the peer appears; with RECONNECT_IVL_MAX set the
 * interval doubles on every failed attempt (exponential backoff), so after
 * a long outage the reconnect takes noticeably longer. */
#include "testutil.h"

/* Time from the listener appearing to the first delivered message, after
 * the peer has been unreachable for down_ms. */
static int64_t reconnect_delay (int ivl, int ivl_max, int down_ms)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *tmp = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (tmp, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_close (tmp));
    sleep_ms (50);

    void *push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (push, ZMQ_RECONNECT_IVL, ivl);
    set_int_opt (push, ZMQ_RECONNECT_IVL_MAX, ivl_max);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "hello", 0); /* queued */
    sleep_ms (down_ms);

    void *pull = test_socket (ctx, ZMQ_PULL);
    int rc = -1;
    for (int i = 0; i < 300 && rc != 0; i++) {
        rc = zmq_bind (pull, ep);
        if (rc != 0)
            sleep_ms (10);
    }
    TEST_ZMQ_OK (rc);
    int64_t t0 = now_ms ();
    set_int_opt (pull, ZMQ_RCVTIMEO, 10000);
    RECV_STR (pull, "hello");
    int64_t dt = now_ms () - t0;
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return dt;
}

int main (void)
{
    /* No backoff: retries every 50 ms (+ up to 50 ms jitter). */
    int64_t flat = reconnect_delay (50, 0, 1000);
    printf ("no backoff: reconnected %lld ms after the peer appeared\n",
            (long long) flat);
    TEST_ASSERT_MSG (flat < 400, "no backoff: %lld ms", (long long) flat);

    /* Backoff: intervals 50, 100, 200, 400, 800, ... (each + jitter), so
     * attempts happen at about 50, 150, 350, 750, 1550 ms: after 1 s down
     * the next attempt is 0.5-0.8 s away (libzmq 4.3: ~735 ms). */
    int64_t backoff = reconnect_delay (50, 10000, 1000);
    printf ("backoff:    reconnected %lld ms after the peer appeared\n",
            (long long) backoff);
    TEST_ASSERT_MSG (backoff >= 400 && backoff > flat + 200,
                     "backoff: %lld ms (flat %lld ms)", (long long) backoff,
                     (long long) flat);
    TEST_ASSERT_MSG (backoff < 3000, "backoff: %lld ms", (long long) backoff);
    return 0;
}
