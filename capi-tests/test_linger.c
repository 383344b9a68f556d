/* ZMQ_LINGER and zmq_ctx_term with undelivered messages:
 * LINGER 0 -> term returns at once; LINGER 300 -> term waits ~300 ms;
 * LINGER -1 (default) -> term waits until the message is delivered to a
 * peer that shows up later. */
#include "testutil.h"
#include <pthread.h>

/* A tcp endpoint on which nothing listens right now (a port just freed). */
static void dead_endpoint (char *ep, size_t cap)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (s, ep, cap);
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

static int64_t term_with_pending (int linger, const char *ep)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *push = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_PUSH));
    set_int_opt (push, ZMQ_LINGER, linger);
    TEST_ASSERT_EQ_INT (linger, get_int_opt (push, ZMQ_LINGER));
    TEST_ZMQ_OK (zmq_connect (push, ep));
    for (int i = 0; i < 10; i++)
        TEST_ZMQ_OK (zmq_send (push, "pending", 7, ZMQ_DONTWAIT));
    TEST_ZMQ_OK (zmq_close (push));
    int64_t start = now_ms ();
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return now_ms () - start;
}

typedef struct
{
    void *ctx;
    volatile int done;
} termer_t;

static void *termer (void *arg)
{
    termer_t *t = (termer_t *) arg;
    TEST_ZMQ_OK (zmq_ctx_term (t->ctx));
    __atomic_store_n (&t->done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

int main (void)
{
    char ep[256];
    dead_endpoint (ep, sizeof ep);

    int64_t ms = term_with_pending (0, ep);
    TEST_ASSERT_MSG (ms < 1000, "LINGER 0: term took %lld ms", (long long) ms);

    ms = term_with_pending (300, ep);
    TEST_ASSERT_MSG (ms >= 250 && ms < 3000, "LINGER 300: term took %lld ms",
                     (long long) ms);

    /* LINGER -1: term waits for delivery. */
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *push = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_PUSH));
    TEST_ASSERT_EQ_INT (-1, get_int_opt (push, ZMQ_LINGER));
    set_int_opt (push, ZMQ_RECONNECT_IVL, 50);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    TEST_ZMQ_OK (zmq_send (push, "late", 4, ZMQ_DONTWAIT));
    TEST_ZMQ_OK (zmq_close (push));
    termer_t tt;
    memset (&tt, 0, sizeof tt);
    tt.ctx = ctx;
    pthread_t t;
    TEST_ASSERT (pthread_create (&t, NULL, termer, &tt) == 0);
    sleep_ms (300);
    TEST_ASSERT_MSG (!__atomic_load_n (&tt.done, __ATOMIC_SEQ_CST),
                     "term returned with an undelivered message, LINGER -1");

    void *ctx2 = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *pull = test_socket (ctx2, ZMQ_PULL);
    TEST_ZMQ_OK (zmq_bind (pull, ep));
    RECV_STR (pull, "late");
    int64_t start = now_ms ();
    TEST_ASSERT (pthread_join (t, NULL) == 0);
    TEST_ASSERT (now_ms () - start < 5000);
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx2));
    return 0;
}
