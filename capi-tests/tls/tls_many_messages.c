/* 10,000 small messages over tls (PUSH in a sender thread -> PULL), and
 * 10,000 more the other way over DEALER/DEALER: nothing lost, duplicated or
 * reordered. */
#include "tlsutil.h"

#define COUNT 10000

typedef struct
{
    void *s;
    int failed_at; /* -1 when all were sent */
    int err;
} sender_t;

static void *sender (void *arg)
{
    sender_t *st = (sender_t *) arg;
    st->failed_at = -1;
    for (int i = 0; i < COUNT; i++) {
        char buf[32];
        int n = snprintf (buf, sizeof buf, "msg-%05d", i);
        if (zmq_send (st->s, buf, (size_t) n, 0) != n) {
            st->failed_at = i;
            st->err = zmq_errno ();
            break;
        }
    }
    return NULL;
}

static void receive_all (void *s, const char *phase)
{
    for (int i = 0; i < COUNT; i++) {
        char buf[32], expected[32];
        int n = zmq_recv (s, buf, sizeof buf - 1, 0);
        TEST_ASSERT_MSG (n >= 0, "%s: message %d of %d: %s", phase, i, COUNT,
                         zmq_strerror (zmq_errno ()));
        buf[n] = '\0';
        snprintf (expected, sizeof expected, "msg-%05d", i);
        TEST_ASSERT_MSG (strcmp (buf, expected) == 0,
                         "%s: message %d: got \"%s\"", phase, i, buf);
    }
    EXPECT_NO_MSG (s, 200);
}

static void run (void *from, void *to, const char *phase)
{
    sender_t st = {from, -1, 0};
    pthread_t th;
    TEST_ASSERT (pthread_create (&th, NULL, sender, &st) == 0);
    receive_all (to, phase);
    TEST_ASSERT (pthread_join (th, NULL) == 0);
    TEST_ASSERT_MSG (st.failed_at < 0, "%s: send %d failed: %s", phase,
                     st.failed_at,
                     zmq_strerror (st.err));
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];

    void *pull = tls_server (ctx, ZMQ_PULL, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    tls_creds (push, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    run (push, pull, "connected PUSH -> bound PULL");
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));

    void *a = tls_server (ctx, ZMQ_DEALER, ep, sizeof ep);
    void *b = test_socket (ctx, ZMQ_DEALER);
    tls_creds (b, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (b, ep));
    bounce (b, a);
    run (a, b, "bound DEALER -> connected DEALER");
    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
