/* zmq_proxy, zmq_proxy_steerable and zmq_device, each in its own thread:
 * - XSUB/XPUB: a SUB behind the proxy subscribes through it and gets the
 *   PUB's matching messages (subscriptions flow upstream);
 * - ROUTER/DEALER: REQ clients reach a REP worker through the proxy and
 *   get their own replies; a capture PULL sees every frame both ways;
 * - one ROUTER as both frontend and backend sends a REQ's request back to
 *   it as the reply;
 * - steerable: PAUSE holds messages back, RESUME lets them through,
 *   STATISTICS answers eight 64-bit counters (frontend messages in, bytes
 *   in, messages out, bytes out, then the same for the backend),
 *   TERMINATE makes it return 0, also while a request waits for a backend
 *   with no peer (the proxy never blocks on a side without room);
 * - zmq_proxy returns -1/ETERM when the context is terminated. */
#include "pubsub.h"

#include <pthread.h>
#include <stdint.h>

typedef struct
{
    void *front, *back, *capture, *control;
    int device;
    int rc, err;
} proxy_args_t;

static void *proxy_thread (void *arg)
{
    proxy_args_t *a = (proxy_args_t *) arg;
    if (a->device)
        a->rc = zmq_device (ZMQ_QUEUE, a->front, a->back);
    else if (a->control)
        a->rc = zmq_proxy_steerable (a->front, a->back, a->capture, a->control);
    else
        a->rc = zmq_proxy (a->front, a->back, a->capture);
    a->err = zmq_errno ();
    return NULL;
}

static void pubsub_through_proxy (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *xsub = test_socket (ctx, ZMQ_XSUB);
    void *xpub = test_socket (ctx, ZMQ_XPUB);
    TEST_ZMQ_OK (zmq_bind (xsub, "inproc://proxy-front"));
    TEST_ZMQ_OK (zmq_bind (xpub, "inproc://proxy-back"));
    proxy_args_t a = {xsub, xpub, NULL, NULL, 0, 0, 0};
    pthread_t th;
    TEST_ASSERT (pthread_create (&th, NULL, proxy_thread, &a) == 0);

    void *pub = test_socket (ctx, ZMQ_PUB);
    TEST_ZMQ_OK (zmq_connect (pub, "inproc://proxy-front"));
    void *sub = test_socket (ctx, ZMQ_SUB);
    TEST_ZMQ_OK (zmq_connect (sub, "inproc://proxy-back"));
    subscribe (sub, "news");
    SUB_SYNC (pub, sub, "news.sync");
    send_str (pub, "sport.1", 0);
    send_str (pub, "news.1", 0);
    RECV_STR (sub, "news.1");
    EXPECT_NOTHING (sub, 100);

    TEST_ZMQ_OK (zmq_close (pub));
    TEST_ZMQ_OK (zmq_close (sub));
    /* the proxy's sockets belong to its thread until it returns */
    TEST_ZMQ_OK (zmq_ctx_shutdown (ctx));
    pthread_join (th, NULL);
    TEST_ASSERT_EQ_INT (-1, a.rc);
    TEST_ASSERT_EQ_INT (ETERM, a.err);
    zmq_close (xsub);
    zmq_close (xpub);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

static void reqrep_through_proxy (int device)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *router = test_socket (ctx, ZMQ_ROUTER);
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    void *capture = device ? NULL : test_socket (ctx, ZMQ_PUSH);
    void *seen = device ? NULL : test_socket (ctx, ZMQ_PULL);
    char fep[256], bep[256];
    bind_ephemeral (router, fep, sizeof fep);
    bind_ephemeral (dealer, bep, sizeof bep);
    if (capture) {
        TEST_ZMQ_OK (zmq_bind (seen, "inproc://capture"));
        TEST_ZMQ_OK (zmq_connect (capture, "inproc://capture"));
    }
    proxy_args_t a = {router, dealer, capture, NULL, device, 0, 0};
    pthread_t th;
    TEST_ASSERT (pthread_create (&th, NULL, proxy_thread, &a) == 0);

    void *worker = test_socket (ctx, ZMQ_REP);
    TEST_ZMQ_OK (zmq_connect (worker, bep));
    void *c1 = test_socket (ctx, ZMQ_REQ);
    void *c2 = test_socket (ctx, ZMQ_REQ);
    TEST_ZMQ_OK (zmq_connect (c1, fep));
    TEST_ZMQ_OK (zmq_connect (c2, fep));
    send_str (c1, "q1", 0);
    send_str (c2, "q2", 0);
    for (int i = 0; i < 2; i++) {
        char buf[16];
        int n = zmq_recv (worker, buf, sizeof buf, 0);
        TEST_ASSERT (n == 2);
        buf[0] = 'a';
        TEST_ASSERT (zmq_send (worker, buf, 2, 0) == 2);
    }
    RECV_STR (c1, "a1");
    RECV_STR (c2, "a2");
    if (seen) {
        /* each request and reply: routing id, delimiter, body */
        int frames = 0;
        char buf[64];
        set_int_opt (seen, ZMQ_RCVTIMEO, 500);
        while (zmq_recv (seen, buf, sizeof buf, 0) >= 0)
            frames++;
        TEST_ASSERT_EQ_INT (12, frames);
    }
    zmq_close (c1);
    zmq_close (c2);
    zmq_close (worker);
    if (seen)
        zmq_close (seen);
    TEST_ZMQ_OK (zmq_ctx_shutdown (ctx));
    pthread_join (th, NULL);
    TEST_ASSERT_EQ_INT (-1, a.rc);
    TEST_ASSERT_EQ_INT (ETERM, a.err);
    zmq_close (router);
    zmq_close (dealer);
    if (capture)
        zmq_close (capture);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

static void steerable (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *pull = test_socket (ctx, ZMQ_PULL);
    void *push = test_socket (ctx, ZMQ_PUSH);
    void *control = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_bind (pull, "inproc://st-front"));
    TEST_ZMQ_OK (zmq_bind (push, "inproc://st-back"));
    TEST_ZMQ_OK (zmq_bind (control, "inproc://st-control"));
    proxy_args_t a = {pull, push, NULL, control, 0, 0, 0};
    pthread_t th;
    TEST_ASSERT (pthread_create (&th, NULL, proxy_thread, &a) == 0);

    void *ctl = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (ctl, "inproc://st-control"));
    void *in = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (in, "inproc://st-front"));
    void *out = test_socket (ctx, ZMQ_PULL);
    TEST_ZMQ_OK (zmq_connect (out, "inproc://st-back"));

    send_str (in, "one", 0);
    RECV_STR (out, "one");
    send_str (ctl, "PAUSE", 0);
    sleep_ms (100);
    send_str (in, "two", 0);
    EXPECT_NOTHING (out, 300);
    send_str (ctl, "RESUME", 0);
    RECV_STR (out, "two");

    send_str (ctl, "STATISTICS", 0);
    uint64_t v[8];
    for (int i = 0; i < 8; i++) {
        TEST_ASSERT_EQ_INT (8, zmq_recv (ctl, &v[i], 8, 0));
        TEST_ASSERT_EQ_INT (i < 7, rcvmore (ctl));
    }
    /* frontend: 2 in (6 bytes), 0 out; backend: 0 in, 2 out (6 bytes) */
    TEST_ASSERT_MSG (v[0] == 2 && v[1] == 6 && v[2] == 0 && v[3] == 0
                       && v[4] == 0 && v[5] == 0 && v[6] == 2 && v[7] == 6,
                     "stats %llu %llu %llu %llu %llu %llu %llu %llu",
                     (unsigned long long) v[0], (unsigned long long) v[1],
                     (unsigned long long) v[2], (unsigned long long) v[3],
                     (unsigned long long) v[4], (unsigned long long) v[5],
                     (unsigned long long) v[6], (unsigned long long) v[7]);

    send_str (ctl, "TERMINATE", 0);
    pthread_join (th, NULL);
    TEST_ASSERT_EQ_INT (0, a.rc);
    zmq_close (in);
    zmq_close (out);
    zmq_close (ctl);
    zmq_close (pull);
    zmq_close (push);
    zmq_close (control);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

/* One socket as both frontend and backend sends each request back where
 * it came from. With REP (pyzmq's single-socket QUEUE device) the proxy
 * must not wait for POLLOUT first: a REP has none until it has received. */
static void single_socket (int type)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *router = test_socket (ctx, type);
    char ep[256];
    bind_ephemeral (router, ep, sizeof ep);
    proxy_args_t a = {router, router, NULL, NULL, 0, 0, 0};
    pthread_t th;
    TEST_ASSERT (pthread_create (&th, NULL, proxy_thread, &a) == 0);
    void *req = test_socket (ctx, ZMQ_REQ);
    TEST_ZMQ_OK (zmq_connect (req, ep));
    for (int i = 0; i < 3; i++) {
        send_str (req, "boomerang", 0);
        RECV_STR (req, "boomerang");
    }
    zmq_close (req);
    TEST_ZMQ_OK (zmq_ctx_shutdown (ctx));
    pthread_join (th, NULL);
    TEST_ASSERT_EQ_INT (ETERM, a.err);
    zmq_close (router);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

static void stalled_backend (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *router = test_socket (ctx, ZMQ_ROUTER);
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    void *control = test_socket (ctx, ZMQ_PAIR);
    char fep[256];
    bind_ephemeral (router, fep, sizeof fep);
    TEST_ZMQ_OK (zmq_bind (dealer, "inproc://stalled-back"));
    TEST_ZMQ_OK (zmq_bind (control, "inproc://stalled-control"));
    proxy_args_t a = {router, dealer, NULL, control, 0, 0, 0};
    pthread_t th;
    TEST_ASSERT (pthread_create (&th, NULL, proxy_thread, &a) == 0);
    void *ctl = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (ctl, "inproc://stalled-control"));
    void *req = test_socket (ctx, ZMQ_REQ);
    TEST_ZMQ_OK (zmq_connect (req, fep));
    send_str (req, "nobody will answer", 0);
    /* The request waits in the frontend for room in the backend: the
     * proxy must wait for that room, not spin on the frontend's input
     * (Debian's libzmq 4.3.4 spins here, a whole core). */
    struct timespec c0, c1;
    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &c0);
    sleep_ms (300);
    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &c1);
    long cpu_ms = (c1.tv_sec - c0.tv_sec) * 1000
                  + (c1.tv_nsec - c0.tv_nsec) / 1000000;
    if (zmq_has ("tls"))
        TEST_ASSERT_MSG (cpu_ms < 60, "proxy burnt %ld ms of CPU in 300 ms",
                         cpu_ms);
    else
        fprintf (stderr, "real libzmq: proxy burnt %ld ms of CPU in 300 ms\n",
                 cpu_ms);
    int64_t t0 = now_ms ();
    send_str (ctl, "TERMINATE", 0);
    pthread_join (th, NULL);
    TEST_ASSERT_EQ_INT (0, a.rc);
    TEST_ASSERT_MSG (now_ms () - t0 < 2000, "TERMINATE took %lld ms",
                     (long long) (now_ms () - t0));
    zmq_close (req);
    zmq_close (ctl);
    zmq_close (router);
    zmq_close (dealer);
    zmq_close (control);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

int main (void)
{
    stalled_backend ();
    single_socket (ZMQ_ROUTER);
    single_socket (ZMQ_REP);
    pubsub_through_proxy ();
    reqrep_through_proxy (0);
    reqrep_through_proxy (1);
    steerable ();
    return 0;
}
