/* ZMQ_FD + ZMQ_EVENTS, libzmq's edge-triggered contract: ZMQ_FD is a
 * stable, pollable descriptor; it becomes readable when the socket's state
 * may have changed, after which the application must read ZMQ_EVENTS and
 * consume until EAGAIN. A consumer driven only by poll(2) on ZMQ_FD +
 * ZMQ_EVENTS receives every message of several bursts; EVENTS reports
 * POLLOUT for a connected sender and no POLLIN once drained. */
#include "testutil.h"
#include <fcntl.h>
#include <poll.h>

static int events (void *s)
{
    return get_int_opt (s, ZMQ_EVENTS);
}

/* Receive exactly n messages using only the FD/EVENTS protocol. */
static void consume (void *s, int fd, int n, int64_t deadline)
{
    int got = 0;
    char buf[64];
    while (got < n) {
        TEST_ASSERT_MSG (now_ms () < deadline, "stuck after %d of %d", got, n);
        if (events (s) & ZMQ_POLLIN) {
            for (;;) {
                int rc = zmq_recv (s, buf, sizeof buf, ZMQ_DONTWAIT);
                if (rc == -1) {
                    TEST_ASSERT_EQ_INT (EAGAIN, zmq_errno ());
                    break;
                }
                got++;
            }
            continue;
        }
        struct pollfd p = {fd, POLLIN, 0};
        int rc = poll (&p, 1, 1000);
        TEST_ASSERT (rc >= 0);
    }
    TEST_ASSERT_EQ_INT (n, got);
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];

    void *pull = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (pull, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);

    int fd = get_int_opt (pull, ZMQ_FD);
    TEST_ASSERT (fd >= 0);
    TEST_ASSERT (fcntl (fd, F_GETFD) != -1);
    TEST_ASSERT_EQ_INT (fd, get_int_opt (pull, ZMQ_FD));
    int pushfd = get_int_opt (push, ZMQ_FD);
    TEST_ASSERT (pushfd >= 0 && pushfd != fd);

    TEST_ASSERT_EQ_INT (0, events (pull) & ZMQ_POLLIN);
    TEST_ASSERT_EQ_INT (0, events (push) & ZMQ_POLLOUT); /* no peer yet */

    TEST_ZMQ_OK (zmq_connect (push, ep));
    TEST_ASSERT (events (push) & ZMQ_POLLOUT); /* pipe exists */

    /* One message: the fd signals, EVENTS says POLLIN. */
    send_str (push, "one", 0);
    consume (pull, fd, 1, now_ms () + 5000);
    TEST_ASSERT_EQ_INT (0, events (pull) & ZMQ_POLLIN);

    /* Bursts of different sizes, with gaps. */
    int bursts[] = {10, 1000, 1, 3000, 7};
    for (size_t b = 0; b < sizeof bursts / sizeof bursts[0]; b++) {
        for (int i = 0; i < bursts[b]; i++)
            send_str (push, "burst", 0);
        consume (pull, fd, bursts[b], now_ms () + 10000);
        TEST_ASSERT_EQ_INT (0, events (pull) & ZMQ_POLLIN);
        sleep_ms (20);
    }

    /* The fd is readable after new activity even if EVENTS was read in
     * between (the classic edge-triggered trap): wait on the fd alone. */
    (void) events (pull);
    send_str (push, "edge", 0);
    int64_t deadline = now_ms () + 5000;
    int seen = 0;
    while (!seen && now_ms () < deadline) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll (&p, 1, 100) > 0 || (events (pull) & ZMQ_POLLIN))
            seen = (events (pull) & ZMQ_POLLIN) != 0;
    }
    TEST_ASSERT (seen);
    RECV_STR (pull, "edge");

    /* Multipart: POLLIN stays until the last frame is read. */
    const char *mp[] = {"a", "b", NULL};
    send_strs (push, mp);
    consume (pull, fd, 2, now_ms () + 5000);

    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
