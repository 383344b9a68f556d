/* REQ takes its reply only from the peer its request went to; what other
 * peers send it is discarded, not left queued (where it would count
 * against RCVHWM and, after a later request to that peer, be taken for
 * its reply). A ROUTER_MANDATORY ROUTER finds a peer whose connection has
 * ended unreachable (EHOSTUNREACH) even while what the peer sent is still
 * unread. Both as libzmq 4.3. */
#include "testutil.h"

static void req_discards_other_pipes (void *ctx)
{
    void *r1 = test_socket (ctx, ZMQ_ROUTER);
    void *r2 = test_socket (ctx, ZMQ_ROUTER);
    char ep1[64], ep2[64];
    bind_ephemeral (r1, ep1, sizeof ep1);
    bind_ephemeral (r2, ep2, sizeof ep2);
    void *req = test_socket (ctx, ZMQ_REQ);
    TEST_ZMQ_OK (zmq_setsockopt (req, ZMQ_ROUTING_ID, "Q", 1));
    TEST_ZMQ_OK (zmq_connect (req, ep1));
    TEST_ZMQ_OK (zmq_connect (req, ep2));
    settle ();

    for (int round = 0; round < 2; round++) {
        send_str (req, "request", 0);
        /* Which router got it? */
        zmq_pollitem_t items[2] = {{r1, 0, ZMQ_POLLIN, 0},
                                   {r2, 0, ZMQ_POLLIN, 0}};
        TEST_ASSERT_EQ_INT (1, zmq_poll (items, 2, 5000));
        void *got = items[0].revents ? r1 : r2;
        void *other = got == r1 ? r2 : r1;
        const char *req_frames[] = {"Q", "", "request", NULL};
        RECV_STRS (got, req_frames);
        /* The other one sends something first: it must never show up. */
        const char *bogus[] = {"Q", "", "bogus", NULL};
        send_strs (other, bogus);
        sleep_ms (100);
        const char *reply[] = {"Q", "", "reply", NULL};
        send_strs (got, reply);
        RECV_STR (req, "reply");
        TEST_ASSERT_EQ_INT (0, rcvmore (req));
    }
    TEST_ZMQ_OK (zmq_close (req));
    TEST_ZMQ_OK (zmq_close (r1));
    TEST_ZMQ_OK (zmq_close (r2));
}

static void mandatory_gone_peer (void *ctx)
{
    void *router = test_socket (ctx, ZMQ_ROUTER);
    set_int_opt (router, ZMQ_ROUTER_MANDATORY, 1);
    char ep[64];
    bind_ephemeral (router, ep, sizeof ep);
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_setsockopt (dealer, ZMQ_ROUTING_ID, "D", 1));
    TEST_ZMQ_OK (zmq_connect (dealer, ep));
    send_str (dealer, "one", 0);
    send_str (dealer, "two", 0);
    const char *first[] = {"D", "one", NULL};
    RECV_STRS (router, first);
    TEST_ZMQ_OK (zmq_close (dealer));
    sleep_ms (200);
    /* Let the router notice (a zmq call processes its commands). */
    int ev = get_int_opt (router, ZMQ_EVENTS);
    (void) ev;
    TEST_ZMQ_ERR (EHOSTUNREACH, zmq_send (router, "D", 1, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_close (router));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    req_discards_other_pipes (ctx);
    mandatory_gone_peer (ctx);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
