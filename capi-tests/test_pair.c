/* PAIR over tcp: both directions, multipart, 0-byte frames, interleaved
 * traffic, connect-before-bind (messages queued before the listener
 * exists are delivered). */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];

    void *a = test_socket (ctx, ZMQ_PAIR);
    void *b = test_socket (ctx, ZMQ_PAIR);
    bind_ephemeral (a, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (b, ep));

    bounce (a, b);
    bounce (b, a);

    const char *mp[] = {"one", "", "three", NULL};
    send_strs (a, mp);
    RECV_STRS (b, mp);
    send_strs (b, mp);
    RECV_STRS (a, mp);

    /* Interleaved: both sides send before either receives. */
    for (int i = 0; i < 50; i++) {
        char m[16];
        snprintf (m, sizeof m, "a%d", i);
        send_str (a, m, 0);
        snprintf (m, sizeof m, "b%d", i);
        send_str (b, m, 0);
    }
    for (int i = 0; i < 50; i++) {
        char m[16];
        snprintf (m, sizeof m, "a%d", i);
        RECV_STR (b, m);
        snprintf (m, sizeof m, "b%d", i);
        RECV_STR (a, m);
    }
    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));

    /* Connect first (to a port that is free right now), send, then bind:
     * the queued message arrives. */
    void *tmp = test_socket (ctx, ZMQ_PAIR);
    bind_ephemeral (tmp, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_close (tmp));
    sleep_ms (50);
    b = test_socket (ctx, ZMQ_PAIR);
    set_int_opt (b, ZMQ_RECONNECT_IVL, 20);
    TEST_ZMQ_OK (zmq_connect (b, ep));
    send_str (b, "early", 0);
    a = test_socket (ctx, ZMQ_PAIR);
    int ok = -1;
    for (int i = 0; i < 200 && ok != 0; i++) {
        ok = zmq_bind (a, ep);
        if (ok != 0)
            sleep_ms (10);
    }
    TEST_ZMQ_OK (ok);
    RECV_STR (a, "early");
    bounce (a, b);

    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
