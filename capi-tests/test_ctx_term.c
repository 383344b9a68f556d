/* zmq_ctx_term: a thread blocked in recv, send or zmq_poll on a socket of
 * the context wakes with ETERM; term itself blocks until every socket is
 * closed, then returns 0. */
#include "testutil.h"
#include <pthread.h>

typedef struct
{
    void *ctx;
    int mode; /* 0 recv, 1 send, 2 poll */
    int rc;
    int err;
    int64_t elapsed;
    int closed_rc;
} blocker_t;

static void *blocker (void *arg)
{
    blocker_t *b = (blocker_t *) arg;
    void *s;
    if (b->mode == 1) {
        /* PUSH with no peer: a blocking send waits forever. */
        s = TEST_ZMQ_PTR (zmq_socket (b->ctx, ZMQ_PUSH));
    } else {
        s = TEST_ZMQ_PTR (zmq_socket (b->ctx, ZMQ_PULL));
    }
    set_int_opt (s, ZMQ_LINGER, 0);
    /* Bounded, but much longer than the expected wake-up. */
    set_timeouts (s, 15000);
    int64_t start = now_ms ();
    errno = 0;
    if (b->mode == 0) {
        char buf[16];
        b->rc = zmq_recv (s, buf, sizeof buf, 0);
    } else if (b->mode == 1) {
        b->rc = zmq_send (s, "x", 1, 0);
    } else {
        zmq_pollitem_t item = {s, 0, ZMQ_POLLIN, 0};
        b->rc = zmq_poll (&item, 1, 15000);
    }
    b->err = zmq_errno ();
    b->elapsed = now_ms () - start;
    b->closed_rc = zmq_close (s);
    return NULL;
}

static void run_mode (int mode)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    blocker_t b;
    memset (&b, 0, sizeof b);
    b.ctx = ctx;
    b.mode = mode;
    pthread_t t;
    TEST_ASSERT (pthread_create (&t, NULL, blocker, &b) == 0);
    sleep_ms (300); /* let the thread block */
    int64_t start = now_ms ();
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    int64_t term_ms = now_ms () - start;
    TEST_ASSERT (pthread_join (t, NULL) == 0);
    TEST_ASSERT_MSG (b.rc == -1, "mode %d: rc %d", mode, b.rc);
    TEST_ASSERT_MSG (b.err == ETERM, "mode %d: errno %d (%s)", mode, b.err,
                     zmq_strerror (b.err));
    TEST_ASSERT_MSG (b.elapsed < 5000, "mode %d: woke after %lld ms", mode,
                     (long long) b.elapsed);
    TEST_ASSERT_MSG (term_ms < 5000, "mode %d: term took %lld ms", mode,
                     (long long) term_ms);
    TEST_ASSERT_EQ_INT (0, b.closed_rc);
}

typedef struct
{
    void *ctx;
    volatile int done;
    int rc;
} termer_t;

static void *termer (void *arg)
{
    termer_t *t = (termer_t *) arg;
    t->rc = zmq_ctx_term (t->ctx);
    __atomic_store_n (&t->done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

int main (void)
{
    run_mode (0);
    run_mode (1);
    run_mode (2);

    /* Term blocks while a socket is open; after ETERM the socket still has
     * to be closed, then term returns. */
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_PAIR);
    termer_t tt;
    memset (&tt, 0, sizeof tt);
    tt.ctx = ctx;
    pthread_t t;
    TEST_ASSERT (pthread_create (&t, NULL, termer, &tt) == 0);
    sleep_ms (300);
    TEST_ASSERT_MSG (!__atomic_load_n (&tt.done, __ATOMIC_SEQ_CST),
                     "zmq_ctx_term returned with a socket still open");
    /* Operations on the socket now fail with ETERM. */
    char buf[4];
    TEST_ZMQ_ERR (ETERM, zmq_recv (s, buf, sizeof buf, 0));
    TEST_ZMQ_ERR (ETERM, zmq_send (s, "x", 1, 0));
    TEST_ZMQ_ERR (ETERM, zmq_bind (s, "tcp://127.0.0.1:*"));
    TEST_ZMQ_OK (zmq_close (s));
    int64_t start = now_ms ();
    TEST_ASSERT (pthread_join (t, NULL) == 0);
    TEST_ASSERT (now_ms () - start < 5000);
    TEST_ASSERT_EQ_INT (0, tt.rc);

    /* Term of a context with no sockets is immediate. */
    ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
