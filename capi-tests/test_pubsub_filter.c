/* PUB/SUB over tcp, ipc and inproc (SUB connects, PUB binds; and the
 * reverse, PUB connecting to a bound SUB): prefix filtering ("weather."
 * gets weather.* only, "" gets everything), multipart messages delivered
 * whole to matching subscribers and not at all to others, unsubscribe
 * stops delivery, a subscription counted twice needs two unsubscribes,
 * and PUB cannot receive nor SUB send (ENOTSUP). */
#include "pubsub.h"

static void run (void *ctx, const char *bind_ep, int pub_binds)
{
    void *pub = test_socket (ctx, ZMQ_PUB);
    void *a = test_socket (ctx, ZMQ_SUB);
    void *b = test_socket (ctx, ZMQ_SUB);
    char ep[256];
    if (pub_binds) {
        bind_ephemeral_at (pub, bind_ep, ep, sizeof ep);
        TEST_ZMQ_OK (zmq_connect (a, ep));
        TEST_ZMQ_OK (zmq_connect (b, ep));
    } else {
        /* one SUB binds, the PUB connects to it; the other SUB via PUB */
        bind_ephemeral_at (a, bind_ep, ep, sizeof ep);
        TEST_ZMQ_OK (zmq_connect (pub, ep));
        char ep2[256], at2[300];
        snprintf (at2, sizeof at2, "%s%s", bind_ep,
                  strncmp (bind_ep, "inproc", 6) == 0 ? "-b" : "");
        bind_ephemeral_at (pub, at2, ep2, sizeof ep2);
        TEST_ZMQ_OK (zmq_connect (b, ep2));
    }
    subscribe (a, "weather.");
    subscribe (b, "");
    SUB_SYNC (pub, a, "weather.sync");
    SUB_SYNC (pub, b, "weather.sync");
    drain (a);

    send_str (pub, "news.1", 0);
    send_str (pub, "weather.paris", 0);
    const char *multi[] = {"weather.rome", "22C", "sunny", NULL};
    send_strs (pub, multi);
    const char *other[] = {"sport.x", "1-0", NULL};
    send_strs (pub, other);
    send_str (pub, "weather.end", 0);

    RECV_STR (a, "weather.paris");
    RECV_STRS (a, multi);
    RECV_STR (a, "weather.end");
    EXPECT_NOTHING (a, 100);

    RECV_STR (b, "news.1");
    RECV_STR (b, "weather.paris");
    RECV_STRS (b, multi);
    RECV_STRS (b, other);
    RECV_STR (b, "weather.end");

    /* unsubscribe; a second subscription to the same topic counts */
    subscribe (a, "x");
    subscribe (a, "x");
    SUB_SYNC (pub, a, "x.sync");
    drain (b);
    unsubscribe (a, "x");
    subscribe (a, "sync2");
    SUB_SYNC (pub, a, "sync2");
    send_str (pub, "x.still", 0);
    RECV_STR (a, "x.still");
    unsubscribe (a, "x");
    unsubscribe (a, "weather.");
    subscribe (a, "sync3");
    SUB_SYNC (pub, a, "sync3");
    send_str (pub, "x.gone", 0);
    send_str (pub, "weather.gone", 0);
    send_str (pub, "sync3.end", 0);
    RECV_STR (a, "sync3.end");

    char buf[16];
    TEST_ZMQ_ERR (ENOTSUP, zmq_recv (pub, buf, sizeof buf, ZMQ_DONTWAIT));
    TEST_ZMQ_ERR (ENOTSUP, zmq_send (a, "x", 1, 0));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (pub, ZMQ_SUBSCRIBE, "x", 1));

    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_close (pub));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    const char *eps[] = {"tcp://127.0.0.1:*", "ipc://*", "inproc://pubsub-%d"};
    for (int i = 0; i < 3; i++)
        for (int pub_binds = 1; pub_binds >= 0; pub_binds--) {
            char ep[64];
            snprintf (ep, sizeof ep, eps[i], pub_binds);
            printf ("%s, %s binds\n", ep, pub_binds ? "PUB" : "SUB");
            run (ctx, ep, pub_binds);
        }
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
