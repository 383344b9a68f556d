/* libzmq details that programs rely on:
 * - zmq_timers_timeout rounds up: sleeping the returned time and then
 *   calling zmq_timers_execute runs the timer (a timeout of 0 means it is
 *   due now);
 * - a timer cancelled by an earlier handler of the same zmq_timers_execute
 *   does not run;
 * - zmq_sendiov returns the size of the last part (as libzmq), and the
 *   parts arrive as one multipart message with SNDMORE, or as separate
 *   messages without. */
#include "testutil.h"
#include <sys/uio.h>

static int runs[3];
static void *g_timers;
static int g_ids[3];

static void handler (int id, void *arg)
{
    int k = (int) (intptr_t) arg;
    runs[k]++;
    /* the first handler to run cancels the other timers */
    for (int i = 0; i < 3; i++)
        if (g_ids[i] != id)
            zmq_timers_cancel (g_timers, g_ids[i]);
}

static void tick (int id, void *arg)
{
    (void) id;
    (*(int *) arg)++;
}

int main (void)
{
    /* rounding up */
    void *timers = TEST_ZMQ_PTR (zmq_timers_new ());
    int hits = 0;
    TEST_ASSERT (zmq_timers_add (timers, 30, tick, &hits) >= 0);
    int64_t deadline = now_ms () + 2000;
    while (hits == 0 && now_ms () < deadline) {
        long to = zmq_timers_timeout (timers);
        TEST_ASSERT (to >= 0);
        if (to > 0)
            sleep_ms ((int) to);
        TEST_ZMQ_OK (zmq_timers_execute (timers));
        /* after sleeping the whole timeout, the timer has run */
        if (to > 0)
            TEST_ASSERT_MSG (hits == 1, "slept %ld ms, timer not run", to);
    }
    TEST_ASSERT_EQ_INT (1, hits);
    TEST_ZMQ_OK (zmq_timers_destroy (&timers));

    /* cancelled by an earlier handler of the same execute */
    g_timers = TEST_ZMQ_PTR (zmq_timers_new ());
    for (int i = 0; i < 3; i++)
        g_ids[i] = zmq_timers_add (g_timers, 10, handler, (void *) (intptr_t) i);
    sleep_ms (30);
    TEST_ZMQ_OK (zmq_timers_execute (g_timers));
    TEST_ASSERT_MSG (runs[0] + runs[1] + runs[2] == 1,
                     "handlers run: %d %d %d", runs[0], runs[1], runs[2]);
    TEST_ZMQ_OK (zmq_timers_destroy (&g_timers));

    /* zmq_sendiov */
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *a = test_socket (ctx, ZMQ_PAIR);
    void *b = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_bind (a, "inproc://iov"));
    TEST_ZMQ_OK (zmq_connect (b, "inproc://iov"));
    char p1[] = "first", p2[] = "second!";
    struct iovec iov[2] = {{p1, 5}, {p2, 7}};
    TEST_ASSERT_EQ_INT (7, zmq_sendiov (b, iov, 2, ZMQ_SNDMORE));
    const char *whole[] = {"first", "second!", NULL};
    RECV_STRS (a, whole);
    TEST_ASSERT_EQ_INT (7, zmq_sendiov (b, iov, 2, 0));
    RECV_STR (a, "first");
    RECV_STR (a, "second!");
    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
