/* ZMQ_REQ_RELAXED and ZMQ_REQ_CORRELATE (REQ talking to a ROUTER that
 * plays the server by hand): with CORRELATE the request carries a 4-byte
 * request-id frame before the empty delimiter; with RELAXED a second send
 * is allowed before the reply; with both, the reply to the abandoned
 * request is discarded and only the current one is delivered. Without
 * RELAXED the second send is EFSM. */
#include "testutil.h"

/* Receive [id][reqid(4)][""][body] at the router; return frames. */
static void router_recv_request (void *router, char *id, size_t *idlen,
                                 unsigned char reqid[4], const char *body)
{
    int n = zmq_recv (router, id, 255, 0);
    TEST_ASSERT_MSG (n > 0, "id: %s", zmq_strerror (zmq_errno ()));
    *idlen = (size_t) n;
    TEST_ASSERT_EQ_INT (1, rcvmore (router));
    TEST_ASSERT_EQ_INT (4, zmq_recv (router, reqid, 4, 0));
    TEST_ASSERT_EQ_INT (1, rcvmore (router));
    RECV_STR (router, "");
    TEST_ASSERT_EQ_INT (1, rcvmore (router));
    RECV_STR (router, body);
    TEST_ASSERT_EQ_INT (0, rcvmore (router));
}

static void router_reply (void *router, const char *id, size_t idlen,
                          const unsigned char reqid[4], const char *body)
{
    TEST_ZMQ_OK (zmq_send (router, id, idlen, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (router, reqid, 4, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (router, "", 0, ZMQ_SNDMORE));
    send_str (router, body, 0);
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256], buf[32];

    void *router = test_socket (ctx, ZMQ_ROUTER);
    bind_ephemeral (router, ep, sizeof ep);

    /* Strict REQ: second send is EFSM. */
    void *strict = test_socket (ctx, ZMQ_REQ);
    TEST_ZMQ_OK (zmq_connect (strict, ep));
    send_str (strict, "s1", 0);
    TEST_ZMQ_ERR (EFSM, zmq_send (strict, "s2", 2, 0));
    {
        const char *expect_tail[] = {"", "s1", NULL};
        char id[256];
        TEST_ASSERT (zmq_recv (router, id, sizeof id, 0) > 0);
        RECV_STRS (router, expect_tail);
    }
    TEST_ZMQ_OK (zmq_close (strict));

    /* Relaxed + correlate. */
    void *req = test_socket (ctx, ZMQ_REQ);
    set_int_opt (req, ZMQ_REQ_RELAXED, 1);
    set_int_opt (req, ZMQ_REQ_CORRELATE, 1);
    TEST_ZMQ_OK (zmq_connect (req, ep));

    char id1[256], id2[256];
    size_t id1len, id2len;
    unsigned char r1[4], r2[4];

    send_str (req, "first", 0);
    router_recv_request (router, id1, &id1len, r1, "first");
    /* No reply yet: relaxed REQ may send again. */
    send_str (req, "second", 0);
    router_recv_request (router, id2, &id2len, r2, "second");
    TEST_ASSERT_EQ_INT (id1len, id2len);
    TEST_ASSERT_EQ_MEM (id1, id2, id1len);
    TEST_ASSERT (memcmp (r1, r2, 4) != 0); /* a new request id */

    /* Reply to the stale request first, then to the current one. */
    router_reply (router, id1, id1len, r1, "reply-first");
    router_reply (router, id2, id2len, r2, "reply-second");
    RECV_STR (req, "reply-second");
    TEST_ASSERT_EQ_INT (0, rcvmore (req));
    /* Nothing else is pending. */
    TEST_ZMQ_ERR (EFSM, zmq_recv (req, buf, sizeof buf, ZMQ_DONTWAIT));

    /* Normal cycle still works. */
    send_str (req, "third", 0);
    unsigned char r3[4];
    router_recv_request (router, id1, &id1len, r3, "third");
    router_reply (router, id1, id1len, r3, "reply-third");
    RECV_STR (req, "reply-third");

    TEST_ZMQ_OK (zmq_close (req));
    TEST_ZMQ_OK (zmq_close (router));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
