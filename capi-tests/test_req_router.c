/* REQ -> ROUTER over tcp: the ROUTER sees [routing-id]["" ][body...];
 * replying with the same envelope reaches the REQ, which sees only the
 * body. An explicit ZMQ_ROUTING_ID on the REQ is the id the ROUTER sees;
 * without one the ROUTER makes up a 5-byte id starting with a zero byte;
 * two REQs get distinct ids and the ROUTER routes replies by id. */
#include "testutil.h"

static size_t recv_id (void *router, char *id)
{
    int n = zmq_recv (router, id, 255, 0);
    TEST_ASSERT_MSG (n > 0, "recv id: %s", zmq_strerror (zmq_errno ()));
    TEST_ASSERT_EQ_INT (1, rcvmore (router));
    return (size_t) n;
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];

    void *router = test_socket (ctx, ZMQ_ROUTER);
    bind_ephemeral (router, ep, sizeof ep);

    void *named = test_socket (ctx, ZMQ_REQ);
    TEST_ZMQ_OK (zmq_setsockopt (named, ZMQ_ROUTING_ID, "client-A", 8));
    TEST_ZMQ_OK (zmq_connect (named, ep));
    void *anon = test_socket (ctx, ZMQ_REQ);
    TEST_ZMQ_OK (zmq_connect (anon, ep));

    send_str (named, "from-named", 0);
    char id[256];
    size_t idlen = recv_id (router, id);
    TEST_ASSERT_EQ_INT (8, idlen);
    TEST_ASSERT_EQ_MEM ("client-A", id, 8);
    const char *tail[] = {"", "from-named", NULL};
    RECV_STRS (router, tail);

    send_str (anon, "from-anon", 0);
    char aid[256];
    size_t aidlen = recv_id (router, aid);
    TEST_ASSERT_EQ_INT (5, aidlen);
    TEST_ASSERT_EQ_INT (0, aid[0]);
    const char *tail2[] = {"", "from-anon", NULL};
    RECV_STRS (router, tail2);

    /* Reply to anon first, then named: each gets its own. */
    TEST_ZMQ_OK (zmq_send (router, aid, aidlen, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (router, "", 0, ZMQ_SNDMORE));
    send_str (router, "to-anon", 0);
    TEST_ZMQ_OK (zmq_send (router, "client-A", 8, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (router, "", 0, ZMQ_SNDMORE));
    send_str (router, "to-named", ZMQ_SNDMORE);
    send_str (router, "second-part", 0);
    RECV_STR (anon, "to-anon");
    TEST_ASSERT_EQ_INT (0, rcvmore (anon));
    const char *named_reply[] = {"to-named", "second-part", NULL};
    RECV_STRS (named, named_reply);

    /* Multipart request. */
    const char *mp[] = {"x", "y", "z", NULL};
    send_strs (named, mp);
    idlen = recv_id (router, id);
    TEST_ASSERT_EQ_MEM ("client-A", id, 8);
    const char *mpt[] = {"", "x", "y", "z", NULL};
    RECV_STRS (router, mpt);

    TEST_ZMQ_OK (zmq_close (named));
    TEST_ZMQ_OK (zmq_close (anon));
    TEST_ZMQ_OK (zmq_close (router));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
