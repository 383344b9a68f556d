/* ZMQ_PROBE_ROUTER: a DEALER (or REQ/ROUTER) with PROBE_ROUTER=1 sends an
 * empty message as soon as it connects, so the ROUTER learns its routing
 * id ([id][""]) before the application sends anything. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];

    void *router = test_socket (ctx, ZMQ_ROUTER);
    set_int_opt (router, ZMQ_ROUTER_MANDATORY, 1);
    bind_ephemeral (router, ep, sizeof ep);

    void *dealer = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_setsockopt (dealer, ZMQ_ROUTING_ID, "probe-D", 7));
    set_int_opt (dealer, ZMQ_PROBE_ROUTER, 1);
    TEST_ZMQ_OK (zmq_connect (dealer, ep));
    const char *probe[] = {"probe-D", "", NULL};
    RECV_STRS (router, probe);
    /* The ROUTER can now address it. */
    const char *m[] = {"probe-D", "welcome", NULL};
    send_strs (router, m);
    RECV_STR (dealer, "welcome");

    /* ROUTER -> ROUTER with a probe. */
    void *r2 = test_socket (ctx, ZMQ_ROUTER);
    TEST_ZMQ_OK (zmq_setsockopt (r2, ZMQ_ROUTING_ID, "probe-R", 7));
    set_int_opt (r2, ZMQ_PROBE_ROUTER, 1);
    TEST_ZMQ_OK (zmq_connect (r2, ep));
    const char *probe2[] = {"probe-R", "", NULL};
    RECV_STRS (router, probe2);

    /* Without the option nothing is sent on connect. */
    void *quiet = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_connect (quiet, ep));
    set_int_opt (router, ZMQ_RCVTIMEO, 300);
    char buf[16];
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (router, buf, sizeof buf, 0));

    TEST_ZMQ_OK (zmq_close (quiet));
    TEST_ZMQ_OK (zmq_close (r2));
    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_close (router));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
