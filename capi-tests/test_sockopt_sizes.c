/* Option size validation: int options need exactly sizeof(int) on set and
 * get (RCVMORE/FD/EVENTS accept a larger get buffer and report 4),
 * MAXMSGSIZE/AFFINITY need 8 bytes, ROUTING_ID is 1..255 bytes and its get
 * buffer must be large enough, LAST_ENDPOINT's get buffer must hold the
 * string and its NUL, unknown option numbers -> EINVAL. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_DEALER);
    int v = 10;
    int64_t v8 = 10;
    char buf[512];
    size_t len;

    /* int option, wrong sizes. */
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_SNDHWM, &v8, 8));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_SNDHWM, &v, 2));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_SNDHWM, &v, 0));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_LINGER, NULL, 0));
    len = 8;
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, ZMQ_LINGER, &v8, &len));
    len = 2;
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, ZMQ_LINGER, &v, &len));
    len = 0;
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, ZMQ_LINGER, &v, &len));

    /* RCVMORE / FD / EVENTS: too small -> EINVAL, larger -> ok, len 4. */
    int socket_level[] = {ZMQ_RCVMORE, ZMQ_FD, ZMQ_EVENTS};
    for (size_t i = 0; i < 3; i++) {
        len = 2;
        TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, socket_level[i], buf, &len));
        len = 8;
        TEST_ZMQ_OK (zmq_getsockopt (s, socket_level[i], buf, &len));
        TEST_ASSERT_EQ_INT (sizeof (int), len);
    }
    /* ... and the rest of the larger buffer is zeroed (libzmq's
     * test_getsockopt_memset reads RCVMORE into an int64_t). */
    int64_t more;
    memset (&more, 0xff, sizeof more);
    len = sizeof more;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_RCVMORE, &more, &len));
    TEST_ASSERT_EQ_INT (sizeof (int), len);
    TEST_ASSERT (more == 0);
    /* ZMQ_LAST_ENDPOINT: the string, its NUL, then zeros. */
    TEST_ZMQ_OK (zmq_bind (s, "inproc://sizes-zero"));
    memset (buf, 'x', sizeof buf);
    len = sizeof buf;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, buf, &len));
    TEST_ASSERT_EQ_INT (strlen ("inproc://sizes-zero") + 1, len);
    for (size_t i = len; i < sizeof buf; i++)
        TEST_ASSERT_EQ_INT (0, buf[i]);

    /* 64-bit options. */
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_MAXMSGSIZE, &v, 4));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_AFFINITY, &v, 4));
    len = 4;
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, ZMQ_MAXMSGSIZE, &v8, &len));
    len = 16;
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, ZMQ_MAXMSGSIZE, buf, &len));
    len = 4;
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, ZMQ_AFFINITY, &v8, &len));

    /* ROUTING_ID length: 1..255. */
    memset (buf, 'r', sizeof buf);
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_ROUTING_ID, buf, 0));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_ROUTING_ID, NULL, 0));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_ROUTING_ID, buf, 256));
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_ROUTING_ID, buf, 255));
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_ROUTING_ID, buf, 1));
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_ROUTING_ID, buf, 255));
    char out[512];
    len = 10; /* too small for 255 bytes */
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, ZMQ_ROUTING_ID, out, &len));
    len = 255;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_ROUTING_ID, out, &len));
    TEST_ASSERT_EQ_INT (255, len);
    len = sizeof out;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_ROUTING_ID, out, &len));
    TEST_ASSERT_EQ_INT (255, len);
    TEST_ASSERT_EQ_MEM (buf, out, 255);

    /* LAST_ENDPOINT: the length includes the NUL; short buffer -> EINVAL. */
    char ep[256];
    bind_ephemeral (s, ep, sizeof ep);
    size_t full = strlen (ep) + 1;
    len = sizeof out;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, out, &len));
    TEST_ASSERT_EQ_INT (full, len);
    TEST_ASSERT_EQ_STR (ep, out);
    len = full;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, out, &len));
    len = full - 1;
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, out, &len));
    len = 0;
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, out, &len));

    /* Unknown options. */
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, 9999, &v, sizeof v));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, -1, &v, sizeof v));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, 0, &v, sizeof v));
    len = sizeof v;
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, 9999, &v, &len));
    len = sizeof v;
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, 0, &v, &len));
    /* Numbers that were never assigned in zmq.h. */
    int holes[] = {1, 2, 3, 10, 26, 29, 30};
    for (size_t i = 0; i < sizeof holes / sizeof holes[0]; i++) {
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, holes[i], &v, sizeof v));
        len = sizeof v;
        TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, holes[i], &v, &len));
    }

    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
