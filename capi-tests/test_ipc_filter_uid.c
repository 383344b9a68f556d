/* ZMQ_IPC_FILTER_UID (59) on an ipc:// listener: with a uid filter set, an
 * accepted connection whose peer (SO_PEERCRED) has a listed uid is kept,
 * any other is closed right after accept. A listener filtering on our own
 * uid (getuid ()) receives our messages; one filtering only on another
 * uid (getuid () + 1) receives nothing within 500 ms, although the
 * connecting socket keeps retrying (the listener's monitor gets
 * ACCEPT_FAILED: see test_ipc_filter_monitor.c). Adding several uids accepts any of them. The
 * option is a deprecated/draft option in libzmq (present in Debian's
 * 4.3.4); a library that refuses it with EINVAL skips the test (77). */
#include "ipcutil.h"

static int try_uids (void *ctx, const char *ep, const uid_t *uids, int n)
{
    void *pull = test_socket (ctx, ZMQ_PULL);
    for (int i = 0; i < n; i++) {
        uid_t u = uids[i];
        int rc = zmq_setsockopt (pull, ZMQ_IPC_FILTER_UID, &u, sizeof u);
        if (rc == -1 && zmq_errno () == EINVAL) {
            fprintf (stderr, "ZMQ_IPC_FILTER_UID not supported: skipped\n");
            exit (77);
        }
        TEST_ZMQ_OK (rc);
    }
    TEST_ZMQ_OK (zmq_bind (pull, ep));
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "hello", 0);
    set_int_opt (pull, ZMQ_RCVTIMEO, 500);
    char buf[16];
    int got = zmq_recv (pull, buf, sizeof buf, 0);
    if (got == -1)
        TEST_ASSERT_EQ_INT (EAGAIN, zmq_errno ());
    else
        TEST_ASSERT (got == 5 && memcmp (buf, "hello", 5) == 0);
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    return got == 5;
}

int main (void)
{
    char dir[128], ep[300];
    ipc_tmpdir (dir, sizeof dir, "fuid");
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    uid_t me = getuid (), other = getuid () + 1, other2 = getuid () + 2;

    snprintf (ep, sizeof ep, "ipc://%s/own.sock", dir);
    uid_t own[] = {me};
    TEST_ASSERT_MSG (try_uids (ctx, ep, own, 1), "own uid refused");

    snprintf (ep, sizeof ep, "ipc://%s/other.sock", dir);
    uid_t others[] = {other, other2};
    TEST_ASSERT_MSG (!try_uids (ctx, ep, others, 2),
                     "peer with uid %d accepted by a filter on %d, %d",
                     (int) me, (int) other, (int) other2);

    snprintf (ep, sizeof ep, "ipc://%s/set.sock", dir);
    uid_t set[] = {other, me, other2};
    TEST_ASSERT_MSG (try_uids (ctx, ep, set, 3), "own uid among others refused");

    /* Abstract names are filtered the same way. */
    snprintf (ep, sizeof ep, "ipc://@zmq-capi-fuid-%d", (int) getpid ());
    TEST_ASSERT_MSG (!try_uids (ctx, ep, others, 2),
                     "abstract: other uid accepted");

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
