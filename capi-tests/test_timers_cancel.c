/* zmq_timers_cancel as libzmq does it: a cancelled timer never fires, but
 * it stays in the set, marked, until zmq_timers_timeout or
 * zmq_timers_execute passes over it (they stop at the first live timer,
 * in due order). Until then zmq_timers_set_interval and zmq_timers_reset
 * on it succeed (and do nothing visible) and a second cancel is EINVAL;
 * afterwards all three are EINVAL. */
#include "testutil.h"

static int fired[8];
static void on_timer (int id, void *arg)
{
    (void) arg;
    fired[id & 7]++;
}

static void expect_einval (int rc, const char *what)
{
    TEST_ASSERT_MSG (rc == -1 && zmq_errno () == EINVAL,
                     "%s: rc %d errno %d", what, rc, zmq_errno ());
}

int main (void)
{
    void *t = TEST_ZMQ_PTR (zmq_timers_new ());
    int soon = zmq_timers_add (t, 100, on_timer, NULL);
    int live = zmq_timers_add (t, 1000, on_timer, NULL);
    int late = zmq_timers_add (t, 5000, on_timer, NULL);
    TEST_ASSERT (soon > 0 && live > 0 && late > 0);

    TEST_ZMQ_OK (zmq_timers_cancel (t, soon));
    TEST_ZMQ_OK (zmq_timers_cancel (t, late));
    /* Marked, not yet swept. */
    TEST_ZMQ_OK (zmq_timers_set_interval (t, soon, 50));
    TEST_ZMQ_OK (zmq_timers_reset (t, soon));
    expect_einval (zmq_timers_cancel (t, soon), "second cancel");

    /* The sweep stops at `live`: `soon` (due before it) goes, `late`
     * (due after it) stays. */
    long left = zmq_timers_timeout (t);
    TEST_ASSERT_MSG (left > 500 && left <= 1000, "timeout %ld", left);
    expect_einval (zmq_timers_set_interval (t, soon, 50), "swept set_interval");
    expect_einval (zmq_timers_reset (t, soon), "swept reset");
    expect_einval (zmq_timers_cancel (t, soon), "swept cancel");
    TEST_ZMQ_OK (zmq_timers_set_interval (t, late, 20));

    /* Now due before `live`, `late` is swept by execute, never run. */
    sleep_ms (60);
    TEST_ZMQ_OK (zmq_timers_execute (t));
    expect_einval (zmq_timers_reset (t, late), "late after execute");
    for (int i = 0; i < 8; i++)
        TEST_ASSERT_EQ_INT (0, fired[i]);

    /* A live timer still fires, a cancelled one never does. */
    TEST_ZMQ_OK (zmq_timers_set_interval (t, live, 10));
    int gone = zmq_timers_add (t, 10, on_timer, NULL);
    TEST_ZMQ_OK (zmq_timers_cancel (t, gone));
    sleep_ms (30);
    TEST_ZMQ_OK (zmq_timers_execute (t));
    TEST_ASSERT_EQ_INT (1, fired[live & 7]);
    TEST_ASSERT_EQ_INT (0, fired[gone & 7]);
    expect_einval (zmq_timers_cancel (t, gone), "gone after execute");

    TEST_ZMQ_OK (zmq_timers_destroy (&t));
    return 0;
}
