/* Argument checks of ZMQ_IPC_FILTER_UID / _GID / _PID in zmq_setsockopt,
 * as libzmq 4.3.4's options_t::setsockopt does them: a value of exactly
 * sizeof (uid_t) / sizeof (gid_t) / sizeof (pid_t) bytes adds an id;
 * (NULL, 0) clears the set; any other length is EINVAL, and so is a
 * non-NULL pointer with length 0 (only NULL + 0 means "clear"). The
 * options are write-only: zmq_getsockopt is EINVAL. (NULL with length 4
 * is not tried: libzmq 4.3.4 reads the int through the pointer before
 * looking at the option and crashes.) Options refused with
 * EINVAL even for a valid value skip the test. */
#include "ipcutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_PULL);
    static const int opts[3] = {ZMQ_IPC_FILTER_UID, ZMQ_IPC_FILTER_GID,
                                ZMQ_IPC_FILTER_PID};
    TEST_ASSERT_EQ_INT (4, sizeof (uid_t));
    TEST_ASSERT_EQ_INT (4, sizeof (gid_t));
    TEST_ASSERT_EQ_INT (4, sizeof (pid_t));

    for (int i = 0; i < 3; i++) {
        int v = 1000;
        int rc = zmq_setsockopt (s, opts[i], &v, sizeof v);
        if (rc == -1 && zmq_errno () == EINVAL) {
            fprintf (stderr, "option %d not supported: skipped\n", opts[i]);
            return 77;
        }
        TEST_ZMQ_OK (rc);
        TEST_ZMQ_OK (zmq_setsockopt (s, opts[i], NULL, 0));
        int64_t big = 1000;
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, opts[i], &big, sizeof big));
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, opts[i], &v, 2));
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, opts[i], &v, 0));
        size_t len = sizeof v;
        TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, opts[i], &v, &len));
    }

    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
