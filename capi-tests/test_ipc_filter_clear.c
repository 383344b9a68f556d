/* An empty value clears an ipc filter set: zmq_setsockopt (s,
 * ZMQ_IPC_FILTER_UID / _GID / _PID, NULL, 0) empties that set, and with
 * all sets empty every peer is accepted again. A listener whose filters
 * refuse us (another uid, another pid, a gid nobody has) is set up, each
 * set cleared, then bound: our messages arrive. Clearing one set leaves
 * the others: with only the uid set cleared, the other pid/gid filters
 * still refuse. Filters are read at bind: a listener bound before the
 * clear keeps refusing. Options refused with EINVAL skip the test. */
#include "ipcutil.h"

static const int opts[3] = {ZMQ_IPC_FILTER_UID, ZMQ_IPC_FILTER_PID,
                            ZMQ_IPC_FILTER_GID};

static void set_refusing (void *s)
{
    int v[3] = {(int) getuid () + 1, (int) getpid () + 1, 54321};
    while (v[2] == (int) getgid ())
        v[2]++;
    for (int i = 0; i < 3; i++) {
        int rc = zmq_setsockopt (s, opts[i], &v[i], sizeof v[i]);
        if (rc == -1 && zmq_errno () == EINVAL) {
            fprintf (stderr, "option %d not supported: skipped\n", opts[i]);
            exit (77);
        }
        TEST_ZMQ_OK (rc);
    }
}

/* 1 if a PUSH connecting to ep gets "hello" to pull within 500 ms. */
static int reaches (void *ctx, const char *ep, void *pull)
{
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "hello", 0);
    set_int_opt (pull, ZMQ_RCVTIMEO, 500);
    char buf[16];
    int got = zmq_recv (pull, buf, sizeof buf, 0);
    if (got == -1)
        TEST_ASSERT_EQ_INT (EAGAIN, zmq_errno ());
    TEST_ZMQ_OK (zmq_close (push));
    return got == 5;
}

int main (void)
{
    char dir[128], ep[300];
    ipc_tmpdir (dir, sizeof dir, "fclear");
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    /* All three cleared: accepted. */
    void *pull = test_socket (ctx, ZMQ_PULL);
    set_refusing (pull);
    for (int i = 0; i < 3; i++)
        TEST_ZMQ_OK (zmq_setsockopt (pull, opts[i], NULL, 0));
    snprintf (ep, sizeof ep, "ipc://%s/cleared.sock", dir);
    TEST_ZMQ_OK (zmq_bind (pull, ep));
    TEST_ASSERT_MSG (reaches (ctx, ep, pull), "refused after clearing");

    /* Only the uid set cleared: the pid and gid sets still refuse. */
    void *partial = test_socket (ctx, ZMQ_PULL);
    set_refusing (partial);
    TEST_ZMQ_OK (zmq_setsockopt (partial, ZMQ_IPC_FILTER_UID, NULL, 0));
    snprintf (ep, sizeof ep, "ipc://%s/partial.sock", dir);
    TEST_ZMQ_OK (zmq_bind (partial, ep));
    TEST_ASSERT_MSG (!reaches (ctx, ep, partial),
                     "accepted with pid/gid filters still set");

    /* Clearing after bind does not change that listener; a new bind of
     * the same socket uses the cleared sets. */
    TEST_ZMQ_OK (zmq_setsockopt (partial, ZMQ_IPC_FILTER_PID, NULL, 0));
    TEST_ZMQ_OK (zmq_setsockopt (partial, ZMQ_IPC_FILTER_GID, NULL, 0));
    TEST_ASSERT_MSG (!reaches (ctx, ep, partial),
                     "a bound listener picked up the cleared filters");
    snprintf (ep, sizeof ep, "ipc://%s/rebound.sock", dir);
    TEST_ZMQ_OK (zmq_bind (partial, ep));
    TEST_ASSERT_MSG (reaches (ctx, ep, partial),
                     "refused on a bind made after clearing");

    TEST_ZMQ_OK (zmq_close (partial));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
