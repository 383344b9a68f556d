/* zmq_strerror gives a message for every errno (0MQ-specific ones included),
 * zmq_errno returns the thread's errno, and errno values use ZMQ_HAUSNUMERO
 * only where the platform lacks the code. */
#include "testutil.h"

static void check_msg (int err, const char *expected)
{
    const char *m = zmq_strerror (err);
    TEST_ASSERT_MSG (m != NULL, "zmq_strerror(%d) returned NULL", err);
    TEST_ASSERT_MSG (strlen (m) > 0, "zmq_strerror(%d) empty", err);
    if (expected)
        TEST_ASSERT_EQ_STR (expected, m);
}

int main (void)
{
    /* 0MQ-native errors have fixed texts in libzmq. */
    check_msg (EFSM, "Operation cannot be accomplished in current state");
    check_msg (ENOCOMPATPROTO, "The protocol is not compatible with the socket type");
    check_msg (ETERM, "Context was terminated");
    check_msg (EMTHREAD, "No thread available");
    /* libzmq special-cases EHOSTUNREACH even on Linux (glibc: "No route to
     * host"). */
    check_msg (EHOSTUNREACH, "Host unreachable");
    TEST_ASSERT_EQ_INT (ZMQ_HAUSNUMERO + 51, EFSM);
    TEST_ASSERT_EQ_INT (ZMQ_HAUSNUMERO + 52, ENOCOMPATPROTO);
    TEST_ASSERT_EQ_INT (ZMQ_HAUSNUMERO + 53, ETERM);
    TEST_ASSERT_EQ_INT (ZMQ_HAUSNUMERO + 54, EMTHREAD);
    TEST_ASSERT_EQ_INT (156384712, ZMQ_HAUSNUMERO);

    TEST_ASSERT (EHOSTUNREACH < ZMQ_HAUSNUMERO);
    /* On Linux the POSIX codes are the system ones; strerror passes through. */
    int posix[] = {EINVAL, EAGAIN, EFAULT, ENOTSOCK, EPROTONOSUPPORT,
                   EADDRINUSE, ENOTSUP, EMSGSIZE, ENOENT,
                   EINTR, ENOMEM, ECONNREFUSED, EADDRNOTAVAIL, ENODEV};
    for (size_t i = 0; i < sizeof posix / sizeof posix[0]; i++) {
        TEST_ASSERT_MSG (posix[i] < ZMQ_HAUSNUMERO,
                         "errno %d should be the native value", posix[i]);
        check_msg (posix[i], strerror (posix[i]));
    }
    check_msg (0, NULL);
    /* Unknown codes fall through to strerror as well. */
    check_msg (99999, strerror (99999));

    /* zmq_errno mirrors errno, per thread. */
    errno = EINVAL;
    TEST_ASSERT_EQ_INT (EINVAL, zmq_errno ());
    errno = ETERM;
    TEST_ASSERT_EQ_INT (ETERM, zmq_errno ());

    /* A failing call sets errno and zmq_errno reports it. */
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    errno = 0;
    TEST_ASSERT (zmq_socket (ctx, 9999) == NULL);
    TEST_ASSERT_EQ_INT (EINVAL, errno);
    TEST_ASSERT_EQ_INT (EINVAL, zmq_errno ());
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
