/* getsockopt defaults of every option this suite covers, on each of PAIR,
 * PUSH, PULL, REQ, REP, DEALER, ROUTER (fresh socket, default context). */
#include "testutil.h"

typedef struct
{
    const char *name;
    int opt;
    int dflt;
} int_default_t;

#define D(opt, v) {#opt, opt, v}
static const int_default_t int_defaults[] = {
  D (ZMQ_SNDHWM, 1000),
  D (ZMQ_RCVHWM, 1000),
  D (ZMQ_RATE, 100),
  D (ZMQ_RECOVERY_IVL, 10000),
  D (ZMQ_SNDBUF, -1),
  D (ZMQ_RCVBUF, -1),
  D (ZMQ_LINGER, -1),
  D (ZMQ_RECONNECT_IVL, 100),
  D (ZMQ_RECONNECT_IVL_MAX, 0),
  D (ZMQ_BACKLOG, 100),
  D (ZMQ_MULTICAST_HOPS, 1),
  D (ZMQ_RCVTIMEO, -1),
  D (ZMQ_SNDTIMEO, -1),
  D (ZMQ_IPV6, 0),
  D (ZMQ_IPV4ONLY, 1),
  D (ZMQ_IMMEDIATE, 0),
  D (ZMQ_TCP_KEEPALIVE, -1),
  D (ZMQ_TCP_KEEPALIVE_CNT, -1),
  D (ZMQ_TCP_KEEPALIVE_IDLE, -1),
  D (ZMQ_TCP_KEEPALIVE_INTVL, -1),
  D (ZMQ_RCVMORE, 0),
  D (ZMQ_HANDSHAKE_IVL, 30000),
  D (ZMQ_HEARTBEAT_IVL, 0),
  D (ZMQ_HEARTBEAT_TTL, 0),
  D (ZMQ_HEARTBEAT_TIMEOUT, -1),
  D (ZMQ_TOS, 0),
  D (ZMQ_INVERT_MATCHING, 0),
  D (ZMQ_CONNECT_TIMEOUT, 0),
  D (ZMQ_TCP_MAXRT, 0),
  D (ZMQ_MULTICAST_MAXTPDU, 1500),
  D (ZMQ_THREAD_SAFE, 0),
  D (ZMQ_MECHANISM, ZMQ_NULL),
};

/* Options that are write-only in libzmq 4.3: getsockopt -> EINVAL. */
static const int write_only[] = {
  ZMQ_ROUTER_MANDATORY, ZMQ_PROBE_ROUTER, ZMQ_REQ_CORRELATE,
  ZMQ_REQ_RELAXED, ZMQ_CONNECT_ROUTING_ID, ZMQ_ROUTER_HANDOVER,
  ZMQ_SUBSCRIBE, ZMQ_UNSUBSCRIBE};

static void check_type (void *ctx, int type)
{
    void *s = TEST_ZMQ_PTR (zmq_socket (ctx, type));
    fprintf (stderr, "socket type %d\n", type);

    for (size_t i = 0; i < sizeof int_defaults / sizeof int_defaults[0]; i++) {
        int v = -12345;
        size_t len = sizeof v;
        int rc = zmq_getsockopt (s, int_defaults[i].opt, &v, &len);
        TEST_ASSERT_MSG (rc == 0, "type %d %s: errno %d (%s)", type,
                         int_defaults[i].name, zmq_errno (),
                         zmq_strerror (zmq_errno ()));
        TEST_ASSERT_MSG (len == sizeof (int), "%s len %zu",
                         int_defaults[i].name, len);
        TEST_ASSERT_MSG (v == int_defaults[i].dflt,
                         "type %d %s: expected %d, got %d", type,
                         int_defaults[i].name, int_defaults[i].dflt, v);
    }

    TEST_ASSERT_EQ_INT (type, get_int_opt (s, ZMQ_TYPE));

    /* EVENTS: a ROUTER is always writable; the others have no peer. */
    TEST_ASSERT_EQ_INT (type == ZMQ_ROUTER ? ZMQ_POLLOUT : 0,
                        get_int_opt (s, ZMQ_EVENTS));

    /* FD: a valid descriptor. */
    int fd = get_int_opt (s, ZMQ_FD);
    TEST_ASSERT (fd >= 0);

    /* 64-bit options. */
    int64_t maxmsg = 12345;
    size_t len = sizeof maxmsg;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_MAXMSGSIZE, &maxmsg, &len));
    TEST_ASSERT_EQ_INT (8, len);
    TEST_ASSERT_EQ_INT (-1, maxmsg);
    uint64_t affinity = 12345;
    len = sizeof affinity;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_AFFINITY, &affinity, &len));
    TEST_ASSERT_EQ_INT (8, len);
    TEST_ASSERT_EQ_INT (0, affinity);

    /* Binary / string options. */
    char buf[256];
    len = sizeof buf;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_ROUTING_ID, buf, &len));
    TEST_ASSERT_EQ_INT (0, len);
    len = sizeof buf;
    memset (buf, 'x', sizeof buf);
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, buf, &len));
    TEST_ASSERT_EQ_INT (1, len); /* just the terminating NUL */
    TEST_ASSERT_EQ_INT (0, buf[0]);

    for (size_t i = 0; i < sizeof write_only / sizeof write_only[0]; i++) {
        int v;
        len = sizeof v;
        TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, write_only[i], &v, &len));
    }

    TEST_ZMQ_OK (zmq_close (s));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    int types[] = {ZMQ_PAIR, ZMQ_PUSH,   ZMQ_PULL,  ZMQ_REQ,
                   ZMQ_REP,  ZMQ_DEALER, ZMQ_ROUTER};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        check_type (ctx, types[i]);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
