/* ZMQ heartbeats between two sockets: with HEARTBEAT_IVL/TIMEOUT/TTL set
 * on both ends, an idle connection survives far longer than the timeout
 * (the peers answer each other's PINGs) and traffic is unaffected. A
 * ROUTER gives a new automatic routing id to every new connection, so an
 * unchanged id proves the connection was never dropped. Heartbeats on one
 * side only also work. */
#include "testutil.h"

static void run (int both)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *router = test_socket (ctx, ZMQ_ROUTER);
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    set_int_opt (dealer, ZMQ_HEARTBEAT_IVL, 100);
    set_int_opt (dealer, ZMQ_HEARTBEAT_TIMEOUT, 400);
    set_int_opt (dealer, ZMQ_HEARTBEAT_TTL, 1000);
    if (both) {
        set_int_opt (router, ZMQ_HEARTBEAT_IVL, 100);
        set_int_opt (router, ZMQ_HEARTBEAT_TIMEOUT, 400);
        set_int_opt (router, ZMQ_HEARTBEAT_TTL, 1000);
    }
    bind_ephemeral (router, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (dealer, ep));

    char id1[256], id2[256];
    send_str (dealer, "first", 0);
    int n1 = zmq_recv (router, id1, sizeof id1, 0);
    TEST_ASSERT (n1 > 0);
    RECV_STR (router, "first");

    for (int round = 0; round < 2; round++) {
        sleep_ms (900); /* idle: > 2x the timeout */
        send_str (dealer, "again", 0);
        int n2 = zmq_recv (router, id2, sizeof id2, 0);
        TEST_ASSERT (n2 > 0);
        RECV_STR (router, "again");
        TEST_ASSERT_MSG (n1 == n2 && memcmp (id1, id2, (size_t) n1) == 0,
                         "connection was re-established (new routing id)");
        TEST_ZMQ_OK (zmq_send (router, id1, (size_t) n1, ZMQ_SNDMORE));
        send_str (router, "reply", 0);
        RECV_STR (dealer, "reply");
    }

    /* Bulk traffic with heartbeats on. */
    for (int i = 0; i < 1000; i++)
        send_str (dealer, "bulk", 0);
    for (int i = 0; i < 1000; i++) {
        TEST_ASSERT (zmq_recv (router, id2, sizeof id2, 0) > 0);
        RECV_STR (router, "bulk");
    }

    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_close (router));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

int main (void)
{
    run (1);
    run (0);
    return 0;
}
