/* ZMQ_ROUTER_MANDATORY: sending to an unknown routing id fails with
 * EHOSTUNREACH on the id frame (also with DONTWAIT) and nothing is sent;
 * a known id works; when the peer's pipe is full (SNDHWM) the id frame
 * fails with EAGAIN (DONTWAIT) instead of dropping; switching mandatory
 * off restores silent dropping. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];

    void *router = test_socket (ctx, ZMQ_ROUTER);
    set_int_opt (router, ZMQ_ROUTER_MANDATORY, 1);
    bind_ephemeral (router, ep, sizeof ep);

    TEST_ZMQ_ERR (EHOSTUNREACH, zmq_send (router, "ghost", 5, ZMQ_SNDMORE));
    TEST_ZMQ_ERR (EHOSTUNREACH,
                  zmq_send (router, "ghost", 5, ZMQ_SNDMORE | ZMQ_DONTWAIT));

    void *dealer = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_setsockopt (dealer, ZMQ_ROUTING_ID, "known", 5));
    TEST_ZMQ_OK (zmq_connect (dealer, ep));
    /* Until the handshake is done the id is unknown too. Learn it. */
    send_str (dealer, "hello", 0);
    const char *e[] = {"known", "hello", NULL};
    RECV_STRS (router, e);

    const char *m[] = {"known", "reply", NULL};
    send_strs (router, m);
    RECV_STR (dealer, "reply");
    TEST_ZMQ_ERR (EHOSTUNREACH, zmq_send (router, "ghost", 5, ZMQ_SNDMORE));
    /* The failed id frame left no partial message behind. */
    send_strs (router, m);
    RECV_STR (dealer, "reply");
    TEST_ASSERT_EQ_INT (0, rcvmore (dealer));

    /* Full pipe: a ROUTER that connects, with CONNECT_ROUTING_ID, to a
     * port where nobody listens; its pipe exists (IMMEDIATE=0) and holds
     * SNDHWM messages, then EAGAIN. */
    void *tmp = test_socket (ctx, ZMQ_PULL);
    char dead[256];
    bind_ephemeral (tmp, dead, sizeof dead);
    TEST_ZMQ_OK (zmq_close (tmp));
    void *r2 = test_socket (ctx, ZMQ_ROUTER);
    set_int_opt (r2, ZMQ_ROUTER_MANDATORY, 1);
    set_int_opt (r2, ZMQ_SNDHWM, 5);
    TEST_ZMQ_OK (zmq_setsockopt (r2, ZMQ_CONNECT_ROUTING_ID, "P", 1));
    TEST_ZMQ_OK (zmq_connect (r2, dead));
    int sent = 0;
    for (; sent < 100; sent++) {
        if (zmq_send (r2, "P", 1, ZMQ_SNDMORE | ZMQ_DONTWAIT) == -1) {
            TEST_ASSERT_MSG (zmq_errno () == EAGAIN, "errno %d (%s)",
                             zmq_errno (), zmq_strerror (zmq_errno ()));
            break;
        }
        TEST_ZMQ_OK (zmq_send (r2, "x", 1, ZMQ_DONTWAIT));
    }
    TEST_ASSERT_EQ_INT (5, sent);
    /* Blocking send waits for SNDTIMEO, then EAGAIN. */
    set_int_opt (r2, ZMQ_SNDTIMEO, 200);
    int64_t t0 = now_ms ();
    TEST_ZMQ_ERR (EAGAIN, zmq_send (r2, "P", 1, ZMQ_SNDMORE));
    int64_t dt = now_ms () - t0;
    TEST_ASSERT_MSG (dt >= 150 && dt < 2000, "blocked %lld ms", (long long) dt);
    /* Unknown id is still EHOSTUNREACH. */
    TEST_ZMQ_ERR (EHOSTUNREACH, zmq_send (r2, "Q", 1, ZMQ_SNDMORE));

    /* Mandatory off: unknown ids are dropped silently. */
    set_int_opt (router, ZMQ_ROUTER_MANDATORY, 0);
    const char *g[] = {"ghost", "void", NULL};
    send_strs (router, g);

    TEST_ZMQ_OK (zmq_close (r2));
    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_close (router));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
