/* zmq_poll over ZMQ sockets and raw fds (a pipe): POLLIN/POLLOUT revents,
 * revents cleared for items without events, return value = number of items
 * with events, timeout 0 returns at once, a positive timeout waits about
 * that long, -1 returns as soon as something is ready, nitems 0 sleeps
 * for the timeout, events arriving during the wait wake it up. */
#include "testutil.h"
#include <pthread.h>

#define CHECK_ELAPSED(t0, lo, hi)                                              \
    do {                                                                       \
        int64_t dt_ = now_ms () - (t0);                                        \
        TEST_ASSERT_MSG (dt_ >= (lo) && dt_ < (hi),                            \
                         "took %lld ms, expected [%d, %d)", (long long) dt_,   \
                         (lo), (hi));                                          \
    } while (0)

typedef struct
{
    void *push;
    int wfd;
} delayed_t;

static void *delayed_sender (void *arg)
{
    delayed_t *d = (delayed_t *) arg;
    sleep_ms (200);
    if (d->push)
        send_str (d->push, "late", 0);
    else
        TEST_ASSERT (write (d->wfd, "p", 1) == 1);
    return NULL;
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    int64_t t0;

    void *pull = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (pull, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    int pfd[2];
    TEST_ASSERT (pipe (pfd) == 0);

    zmq_pollitem_t items[3];
    memset (items, 0, sizeof items);
    items[0].socket = pull;
    items[0].events = ZMQ_POLLIN;
    items[1].socket = NULL;
    items[1].fd = pfd[0];
    items[1].events = ZMQ_POLLIN;
    items[2].socket = push;
    items[2].events = ZMQ_POLLOUT;

    /* Nothing readable yet; PUSH is writable (it has a pipe). */
    items[0].revents = items[1].revents = items[2].revents = 0x7f;
    t0 = now_ms ();
    TEST_ASSERT_EQ_INT (1, zmq_poll (items, 3, 0));
    CHECK_ELAPSED (t0, 0, 100);
    TEST_ASSERT_EQ_INT (0, items[0].revents);
    TEST_ASSERT_EQ_INT (0, items[1].revents);
    TEST_ASSERT_EQ_INT (ZMQ_POLLOUT, items[2].revents);

    /* Timeouts with nothing ready. */
    t0 = now_ms ();
    TEST_ASSERT_EQ_INT (0, zmq_poll (items, 2, 0));
    CHECK_ELAPSED (t0, 0, 100);
    t0 = now_ms ();
    TEST_ASSERT_EQ_INT (0, zmq_poll (items, 2, 150));
    CHECK_ELAPSED (t0, 140, 2000);
    TEST_ASSERT_EQ_INT (0, items[0].revents);
    TEST_ASSERT_EQ_INT (0, items[1].revents);

    /* nitems == 0: just sleeps. */
    t0 = now_ms ();
    TEST_ASSERT_EQ_INT (0, zmq_poll (NULL, 0, 100));
    CHECK_ELAPSED (t0, 90, 2000);
    TEST_ASSERT_EQ_INT (0, zmq_poll (NULL, 0, 0));

    /* A message makes the socket item ready; -1 returns promptly. */
    send_str (push, "msg", 0);
    t0 = now_ms ();
    TEST_ASSERT_EQ_INT (1, zmq_poll (items, 2, -1));
    CHECK_ELAPSED (t0, 0, 2000);
    TEST_ASSERT_EQ_INT (ZMQ_POLLIN, items[0].revents);
    TEST_ASSERT_EQ_INT (0, items[1].revents);
    /* Level-triggered: still ready until read. */
    TEST_ASSERT_EQ_INT (1, zmq_poll (items, 2, 0));
    RECV_STR (pull, "msg");
    TEST_ASSERT_EQ_INT (0, zmq_poll (items, 2, 0));

    /* The pipe. */
    TEST_ASSERT (write (pfd[1], "x", 1) == 1);
    TEST_ASSERT_EQ_INT (1, zmq_poll (items, 2, 1000));
    TEST_ASSERT_EQ_INT (0, items[0].revents);
    TEST_ASSERT_EQ_INT (ZMQ_POLLIN, items[1].revents);

    /* Both at once. */
    send_str (push, "both", 0);
    sleep_ms (100);
    TEST_ASSERT_EQ_INT (2, zmq_poll (items, 2, 1000));
    TEST_ASSERT_EQ_INT (ZMQ_POLLIN, items[0].revents);
    TEST_ASSERT_EQ_INT (ZMQ_POLLIN, items[1].revents);
    char c;
    TEST_ASSERT (read (pfd[0], &c, 1) == 1);
    RECV_STR (pull, "both");

    /* Raw fd POLLOUT (the write end of the pipe). */
    zmq_pollitem_t w = {NULL, pfd[1], ZMQ_POLLOUT, 0};
    TEST_ASSERT_EQ_INT (1, zmq_poll (&w, 1, 0));
    TEST_ASSERT_EQ_INT (ZMQ_POLLOUT, w.revents);

    /* events == 0: never reported. */
    zmq_pollitem_t none = {pull, 0, 0, 0};
    send_str (push, "ignored", 0);
    sleep_ms (100);
    TEST_ASSERT_EQ_INT (0, zmq_poll (&none, 1, 50));
    RECV_STR (pull, "ignored");

    /* Wake-up during a long wait: socket, then fd. */
    pthread_t t;
    delayed_t d = {push, -1};
    TEST_ASSERT (pthread_create (&t, NULL, delayed_sender, &d) == 0);
    t0 = now_ms ();
    TEST_ASSERT_EQ_INT (1, zmq_poll (items, 2, 10000));
    CHECK_ELAPSED (t0, 100, 5000);
    TEST_ASSERT_EQ_INT (ZMQ_POLLIN, items[0].revents);
    TEST_ASSERT (pthread_join (t, NULL) == 0);
    RECV_STR (pull, "late");

    d.push = NULL;
    d.wfd = pfd[1];
    TEST_ASSERT (pthread_create (&t, NULL, delayed_sender, &d) == 0);
    t0 = now_ms ();
    TEST_ASSERT_EQ_INT (1, zmq_poll (items, 2, 10000));
    CHECK_ELAPSED (t0, 100, 5000);
    TEST_ASSERT_EQ_INT (ZMQ_POLLIN, items[1].revents);
    TEST_ASSERT (pthread_join (t, NULL) == 0);
    TEST_ASSERT (read (pfd[0], &c, 1) == 1);

    /* POLLIN|POLLOUT on a DEALER pair. */
    void *da = test_socket (ctx, ZMQ_DEALER);
    void *db = test_socket (ctx, ZMQ_DEALER);
    bind_ephemeral (da, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (db, ep));
    bounce (da, db);
    send_str (db, "io", 0);
    zmq_pollitem_t io = {da, 0, ZMQ_POLLIN | ZMQ_POLLOUT, 0};
    sleep_ms (100);
    TEST_ASSERT_EQ_INT (1, zmq_poll (&io, 1, 1000));
    TEST_ASSERT_EQ_INT (ZMQ_POLLIN | ZMQ_POLLOUT, io.revents);
    RECV_STR (da, "io");

    close (pfd[0]);
    close (pfd[1]);
    TEST_ZMQ_OK (zmq_close (da));
    TEST_ZMQ_OK (zmq_close (db));
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
