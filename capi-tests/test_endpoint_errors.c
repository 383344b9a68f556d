/* Malformed and unusable endpoints, for bind and connect, with libzmq's
 * errno: syntax errors -> EINVAL, unknown transport -> EPROTONOSUPPORT,
 * unknown interface / host name or IPv6 literal without ZMQ_IPV6 on bind ->
 * ENODEV, non-local address on bind -> EADDRNOTAVAIL, wildcard on connect
 * -> EINVAL. connect does not resolve names synchronously: an unresolvable
 * host still returns 0. */
#include "testutil.h"

typedef struct
{
    const char *ep;
    int bind_err;    /* 0: bind succeeds (not used here) */
    int connect_err; /* 0: connect succeeds */
} case_t;

static const case_t cases[] = {
  {"tcp://", EINVAL, EINVAL},
  {"tcp://127.0.0.1", EINVAL, EINVAL},
  {"tcp://127.0.0.1:", EINVAL, EINVAL},
  {"tcp://127.0.0.1:notaport", EINVAL, EINVAL},
  {"tcp://*", EINVAL, EINVAL},
  {"tcp:/127.0.0.1:5555", EINVAL, EINVAL},
  {"tcp//127.0.0.1:5555", EINVAL, EINVAL},
  {"://127.0.0.1:5555", EINVAL, EINVAL},
  {"nonsense", EINVAL, EINVAL},
  {"", EINVAL, EINVAL},
  {"foo://x", EPROTONOSUPPORT, EPROTONOSUPPORT},
  {"TCP://127.0.0.1:5555", EPROTONOSUPPORT, EPROTONOSUPPORT},
  {"tcp://nosuchiface0:*", ENODEV, EINVAL},
  {"tcp://localhost:*", ENODEV, EINVAL}, /* bind never resolves DNS */
  {"tcp://[::1]:*", ENODEV, EINVAL},     /* ZMQ_IPV6 is off */
  {"tcp://*:*", 0, EINVAL},
  {"tcp://0.0.0.0:*", 0, EINVAL},
  {"tcp://127.0.0.1:*", 0, EINVAL},
  {"tcp://203.0.113.7:5555", EADDRNOTAVAIL, 0}, /* TEST-NET-3, not local */
  {"tcp://no-such-host.invalid:5555", ENODEV, 0},
};

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_PAIR);

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const case_t *c = &cases[i];
        if (c->bind_err) {
            errno = 0;
            int rc = zmq_bind (s, c->ep);
            TEST_ASSERT_MSG (rc == -1 && errno == c->bind_err,
                             "bind(\"%s\"): rc %d errno %d (%s), expected %d "
                             "(%s)",
                             c->ep, rc, errno, zmq_strerror (errno),
                             c->bind_err, zmq_strerror (c->bind_err));
        }
        errno = 0;
        int rc = zmq_connect (s, c->ep);
        if (c->connect_err) {
            TEST_ASSERT_MSG (rc == -1 && errno == c->connect_err,
                             "connect(\"%s\"): rc %d errno %d (%s), expected "
                             "%d (%s)",
                             c->ep, rc, errno, zmq_strerror (errno),
                             c->connect_err, zmq_strerror (c->connect_err));
        } else {
            TEST_ASSERT_MSG (rc == 0, "connect(\"%s\"): errno %d (%s)", c->ep,
                             errno, zmq_strerror (errno));
            TEST_ZMQ_OK (zmq_disconnect (s, c->ep));
        }
    }

    /* Transports that exist in libzmq but not for this socket type (or not
     * in this build): ENOCOMPATPROTO or EPROTONOSUPPORT. */
    const char *other[] = {"udp://127.0.0.1:5555", "pgm://127.0.0.1;239.1.1.1:5555",
                           "epgm://127.0.0.1;239.1.1.1:5555"};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        errno = 0;
        int rc = zmq_bind (s, other[i]);
        TEST_ASSERT_MSG (rc == -1
                           && (errno == ENOCOMPATPROTO
                               || errno == EPROTONOSUPPORT),
                         "bind(\"%s\"): rc %d errno %d (%s)", other[i], rc,
                         errno, zmq_strerror (errno));
        errno = 0;
        rc = zmq_connect (s, other[i]);
        TEST_ASSERT_MSG (rc == -1
                           && (errno == ENOCOMPATPROTO
                               || errno == EPROTONOSUPPORT),
                         "connect(\"%s\"): rc %d errno %d (%s)", other[i], rc,
                         errno, zmq_strerror (errno));
    }

    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
