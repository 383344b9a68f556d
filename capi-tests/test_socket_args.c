/* Socket-argument validation: NULL, a non-socket pointer and a context
 * pointer passed as a socket all give ENOTSOCK (libzmq checks a tag; NULL
 * is ENOTSOCK too, not EFAULT) in every socket entry point; zmq_socket
 * with an invalid type gives EINVAL; zmq_poll(NULL, n>0) gives EFAULT. */
#include "testutil.h"

static void check_not_socket (void *s, const char *what)
{
    char buf[16];
    int v = 0;
    size_t len = sizeof v;
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    fprintf (stderr, "checking %s\n", what);
    TEST_ZMQ_ERR (ENOTSOCK, zmq_close (s));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_bind (s, "tcp://127.0.0.1:*"));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_connect (s, "tcp://127.0.0.1:5555"));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_unbind (s, "tcp://127.0.0.1:5555"));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_disconnect (s, "tcp://127.0.0.1:5555"));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_send (s, "x", 1, 0));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_send_const (s, "x", 1, 0));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_recv (s, buf, sizeof buf, 0));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_msg_send (&m, s, 0));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_msg_recv (&m, s, 0));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_sendmsg (s, &m, 0));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_recvmsg (s, &m, 0));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_setsockopt (s, ZMQ_LINGER, &v, sizeof v));
    TEST_ZMQ_ERR (ENOTSOCK, zmq_getsockopt (s, ZMQ_LINGER, &v, &len));
    TEST_ZMQ_ERR (ENOTSOCK,
                  zmq_socket_monitor (s, "inproc://mon", ZMQ_EVENT_ALL));
    TEST_ZMQ_OK (zmq_msg_close (&m));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    static char garbage[4096]; /* zeroed: no valid tag */
    check_not_socket (NULL, "NULL");
    check_not_socket (garbage, "zeroed memory");
    check_not_socket (ctx, "a context");

    /* zmq_poll: an item whose socket is not a socket. */
    zmq_pollitem_t item = {garbage, 0, ZMQ_POLLIN, 0};
    TEST_ZMQ_ERR (ENOTSOCK, zmq_poll (&item, 1, 0));
    zmq_pollitem_t item2 = {ctx, 0, ZMQ_POLLIN, 0};
    TEST_ZMQ_ERR (ENOTSOCK, zmq_poll (&item2, 1, 0));
    TEST_ZMQ_ERR (EFAULT, zmq_poll (NULL, 1, 0));

    /* Invalid socket types. */
    TEST_ZMQ_PTR_ERR (EINVAL, zmq_socket (ctx, -1));
    TEST_ZMQ_PTR_ERR (EINVAL, zmq_socket (ctx, 9999));
    TEST_ZMQ_PTR_ERR (EINVAL, zmq_socket (ctx, 1000000));

    /* Every stable socket type of libzmq 4.3 exists. */
    int types[] = {ZMQ_PAIR, ZMQ_REQ,  ZMQ_REP,  ZMQ_DEALER, ZMQ_ROUTER,
                   ZMQ_PULL, ZMQ_PUSH, ZMQ_PUB,  ZMQ_SUB,    ZMQ_XPUB,
                   ZMQ_XSUB, ZMQ_STREAM};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        void *s = TEST_ZMQ_PTR (zmq_socket (ctx, types[i]));
        TEST_ASSERT_EQ_INT (types[i], get_int_opt (s, ZMQ_TYPE));
        TEST_ZMQ_OK (zmq_close (s));
    }
    TEST_ASSERT_EQ_INT (ZMQ_DEALER, ZMQ_XREQ);
    TEST_ASSERT_EQ_INT (ZMQ_ROUTER, ZMQ_XREP);

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
