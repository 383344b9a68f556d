/* ZMQ_CONNECT_ROUTING_ID on a ROUTER: the next connect's peer is known by
 * that id at once (usable with ROUTER_MANDATORY right after connect,
 * before any message from the peer), the peer's own ROUTING_ID does not
 * override it; works towards a DEALER and a ROUTER peer; the option only
 * applies to the next connect. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep1[256], ep2[256], ep3[256];

    void *srv1 = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_setsockopt (srv1, ZMQ_ROUTING_ID, "self-named", 10));
    bind_ephemeral (srv1, ep1, sizeof ep1);
    void *srv2 = test_socket (ctx, ZMQ_ROUTER);
    bind_ephemeral (srv2, ep2, sizeof ep2);
    void *srv3 = test_socket (ctx, ZMQ_DEALER);
    /* (Options are snapshotted at bind time, so set the id first.) */
    TEST_ZMQ_OK (zmq_setsockopt (srv3, ZMQ_ROUTING_ID, "third", 5));
    bind_ephemeral (srv3, ep3, sizeof ep3);

    void *r = test_socket (ctx, ZMQ_ROUTER);
    set_int_opt (r, ZMQ_ROUTER_MANDATORY, 1);
    TEST_ZMQ_OK (zmq_setsockopt (r, ZMQ_ROUTING_ID, "client", 6));
    TEST_ZMQ_OK (zmq_setsockopt (r, ZMQ_CONNECT_ROUTING_ID, "srv1", 4));
    TEST_ZMQ_OK (zmq_connect (r, ep1));
    TEST_ZMQ_OK (zmq_setsockopt (r, ZMQ_CONNECT_ROUTING_ID, "srv2", 4));
    TEST_ZMQ_OK (zmq_connect (r, ep2));

    /* Immediately addressable. */
    const char *to1[] = {"srv1", "hello-1", NULL};
    send_strs (r, to1);
    const char *to2[] = {"srv2", "hello-2", NULL};
    send_strs (r, to2);
    RECV_STR (srv1, "hello-1");
    /* The bound ROUTER sees the connecting ROUTER's own id. */
    const char *e2[] = {"client", "hello-2", NULL};
    RECV_STRS (srv2, e2);

    /* Replies come back tagged with the ids chosen at connect time. */
    send_str (srv1, "back-1", 0);
    const char *b1[] = {"srv1", "back-1", NULL};
    RECV_STRS (r, b1);
    const char *rep2[] = {"client", "back-2", NULL};
    send_strs (srv2, rep2);
    const char *b2[] = {"srv2", "back-2", NULL};
    RECV_STRS (r, b2);

    /* The peer's self-chosen id is not known to r. */
    TEST_ZMQ_ERR (EHOSTUNREACH, zmq_send (r, "self-named", 10, ZMQ_SNDMORE));

    /* Next connect without the option: the peer's own id is used. */
    TEST_ZMQ_OK (zmq_connect (r, ep3));
    send_str (srv3, "from-3", 0);
    const char *b3[] = {"third", "from-3", NULL};
    RECV_STRS (r, b3);

    TEST_ZMQ_OK (zmq_close (r));
    TEST_ZMQ_OK (zmq_close (srv1));
    TEST_ZMQ_OK (zmq_close (srv2));
    TEST_ZMQ_OK (zmq_close (srv3));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
