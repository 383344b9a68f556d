/* zmq_msg_gets on messages received over tcp: "Socket-Type" is the peer's
 * type, "Peer-Address" its IP, "Identity" its routing id (only for peers
 * that send one: REQ/DEALER/ROUTER; empty string for a ROUTER without one).
 * Lookups are case-sensitive; "Routing-Id" and unknown names give
 * NULL/EINVAL in libzmq 4.3. Every frame of a multipart message carries
 * the metadata, and a copy keeps it after the original is closed. */
#include "testutil.h"

static void expect_prop (zmq_msg_t *m, const char *name, const char *value,
                         int line)
{
    errno = 0;
    const char *v = zmq_msg_gets (m, name);
    if (value == NULL) {
        if (v != NULL || errno != EINVAL)
            test_fail_ (__FILE__, line,
                        "gets(\"%s\"): expected NULL/EINVAL, got \"%s\"/%d",
                        name, v ? v : "(null)", errno);
    } else if (v == NULL || strcmp (v, value) != 0) {
        test_fail_ (__FILE__, line, "gets(\"%s\"): expected \"%s\", got %s%s%s",
                    name, value, v ? "\"" : "", v ? v : "NULL",
                    v ? "\"" : "");
    }
}
#define EXPECT_PROP(m, name, value) expect_prop ((m), (name), (value), __LINE__)

/* Receive one frame into m and check the common properties. */
static void recv_check (void *s, zmq_msg_t *m, const char *type,
                        const char *identity, int line)
{
    if (zmq_msg_recv (m, s, 0) == -1)
        test_fail_ (__FILE__, line, "zmq_msg_recv: %s",
                    zmq_strerror (zmq_errno ()));
    expect_prop (m, "Socket-Type", type, line);
    expect_prop (m, "Peer-Address", "127.0.0.1", line);
    expect_prop (m, "Identity", identity, line);
    expect_prop (m, "socket-type", NULL, line);
    expect_prop (m, "X-Unknown", NULL, line);
    expect_prop (m, "", NULL, line);
}
#define RECV_CHECK(s, m, type, id) recv_check ((s), (m), (type), (id), __LINE__)

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    zmq_msg_t m, m2;
    TEST_ZMQ_OK (zmq_msg_init (&m));

    /* PAIR <-> PAIR: no Identity property. */
    void *p1 = test_socket (ctx, ZMQ_PAIR);
    void *p2 = test_socket (ctx, ZMQ_PAIR);
    bind_ephemeral (p1, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (p2, ep));
    send_str (p2, "x", 0);
    RECV_CHECK (p1, &m, "PAIR", NULL);
    send_str (p1, "y", 0);
    RECV_CHECK (p2, &m, "PAIR", NULL);

    /* DEALER (routing id "dlr") -> ROUTER: every frame has the metadata. */
    void *router = test_socket (ctx, ZMQ_ROUTER);
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_setsockopt (dealer, ZMQ_ROUTING_ID, "dlr", 3));
    bind_ephemeral (router, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (dealer, ep));
    send_str (dealer, "a", ZMQ_SNDMORE);
    send_str (dealer, "b", 0);
    RECV_CHECK (router, &m, "DEALER", "dlr"); /* routing-id frame */
    TEST_ASSERT_EQ_INT (3, zmq_msg_size (&m));
    TEST_ASSERT_EQ_INT (1, zmq_msg_more (&m));
    /* The deprecated-name fallback does not make "Routing-Id" work. */
    EXPECT_PROP (&m, "Routing-Id", NULL);
    RECV_CHECK (router, &m, "DEALER", "dlr");
    TEST_ASSERT_EQ_INT (1, zmq_msg_more (&m));
    RECV_CHECK (router, &m, "DEALER", "dlr");
    TEST_ASSERT_EQ_INT (0, zmq_msg_more (&m));

    /* ROUTER without an explicit routing id -> DEALER: Identity is "". */
    send_str (router, "dlr", ZMQ_SNDMORE);
    send_str (router, "r", 0);
    RECV_CHECK (dealer, &m, "ROUTER", "");

    /* A copy keeps the metadata after the original is closed. */
    send_str (router, "dlr", ZMQ_SNDMORE);
    send_str (router, "r2", 0);
    TEST_ZMQ_OK (zmq_msg_recv (&m, dealer, 0));
    TEST_ZMQ_OK (zmq_msg_init (&m2));
    TEST_ZMQ_OK (zmq_msg_copy (&m2, &m));
    TEST_ZMQ_OK (zmq_msg_close (&m));
    EXPECT_PROP (&m2, "Socket-Type", "ROUTER");
    TEST_ZMQ_OK (zmq_msg_close (&m2));
    TEST_ZMQ_OK (zmq_msg_init (&m));

    /* REQ (routing id "rq") -> ROUTER. */
    void *req = test_socket (ctx, ZMQ_REQ);
    TEST_ZMQ_OK (zmq_setsockopt (req, ZMQ_ROUTING_ID, "rq", 2));
    TEST_ZMQ_OK (zmq_connect (req, ep));
    send_str (req, "q", 0);
    RECV_CHECK (router, &m, "REQ", "rq");
    RECV_CHECK (router, &m, "REQ", "rq"); /* empty delimiter */
    TEST_ASSERT_EQ_INT (0, zmq_msg_size (&m));
    RECV_CHECK (router, &m, "REQ", "rq");

    /* PUSH -> PULL. */
    void *pull = test_socket (ctx, ZMQ_PULL);
    void *push = test_socket (ctx, ZMQ_PUSH);
    bind_ephemeral (pull, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "p", 0);
    RECV_CHECK (pull, &m, "PUSH", NULL);

    /* REQ -> REP -> REQ. */
    void *rep = test_socket (ctx, ZMQ_REP);
    void *req2 = test_socket (ctx, ZMQ_REQ);
    bind_ephemeral (rep, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (req2, ep));
    send_str (req2, "hi", 0);
    RECV_CHECK (rep, &m, "REQ", "");
    send_str (rep, "ho", 0);
    RECV_CHECK (req2, &m, "REP", NULL);

    TEST_ZMQ_OK (zmq_msg_close (&m));
    void *all[] = {p1, p2, router, dealer, req, pull, push, rep, req2};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        TEST_ZMQ_OK (zmq_close (all[i]));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
