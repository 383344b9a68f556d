/* PUSH/PULL over tls://: a bound PUSH distributes round-robin to two
 * connected PULLs; a bound PULL fair-queues two connected PUSHes. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    /* bound PUSH, two PULLs */
    char ep[256];
    void *push = tls_server (ctx, ZMQ_PUSH, ep, sizeof ep);
    void *pull[2];
    for (int i = 0; i < 2; i++) {
        pull[i] = test_socket (ctx, ZMQ_PULL);
        tls_creds (pull[i], "ca.crt", NULL, NULL);
        TEST_ZMQ_OK (zmq_connect (pull[i], ep));
    }
    /* both links up: wait until each PULL got a probe */
    for (int i = 0; i < 2; i++) {
        set_int_opt (pull[i], ZMQ_RCVTIMEO, 50);
    }
    int got[2] = {0, 0};
    int64_t deadline = now_ms () + 5000;
    while ((!got[0] || !got[1]) && now_ms () < deadline) {
        int rc = zmq_send (push, "probe", 5, ZMQ_DONTWAIT);
        TEST_ASSERT (rc == 5 || zmq_errno () == EAGAIN);
        char buf[16];
        for (int i = 0; i < 2; i++)
            if (zmq_recv (pull[i], buf, sizeof buf, 0) == 5)
                got[i] = 1;
    }
    TEST_ASSERT_MSG (got[0] && got[1], "both PULLs connected: %d %d", got[0],
                     got[1]);
    for (int i = 0; i < 2; i++) {
        char buf[16];
        while (zmq_recv (pull[i], buf, sizeof buf, 0) >= 0) {
        }
        set_int_opt (pull[i], ZMQ_RCVTIMEO, TEST_TIMEOUT_MS);
    }
    for (int n = 0; n < 100; n++) {
        char buf[16];
        snprintf (buf, sizeof buf, "m%d", n);
        send_str (push, buf, 0);
    }
    int count[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        set_int_opt (pull[i], ZMQ_RCVTIMEO, 500);
        char buf[16];
        int last = -1;
        int n;
        while ((n = zmq_recv (pull[i], buf, sizeof buf - 1, 0)) >= 0) {
            buf[n] = '\0';
            int v = atoi (buf + 1);
            TEST_ASSERT_MSG (v > last, "PULL %d: m%d after m%d", i, v, last);
            last = v;
            count[i]++;
        }
    }
    TEST_ASSERT_EQ_INT (100, count[0] + count[1]);
    TEST_ASSERT_MSG (count[0] > 0 && count[1] > 0, "round-robin: %d / %d",
                     count[0], count[1]);
    for (int i = 0; i < 2; i++)
        TEST_ZMQ_OK (zmq_close (pull[i]));
    TEST_ZMQ_OK (zmq_close (push));

    /* bound PULL, two PUSHes */
    void *sink = tls_server (ctx, ZMQ_PULL, ep, sizeof ep);
    void *src[2];
    for (int i = 0; i < 2; i++) {
        src[i] = test_socket (ctx, ZMQ_PUSH);
        tls_creds (src[i], "ca.crt", NULL, NULL);
        TEST_ZMQ_OK (zmq_connect (src[i], ep));
        for (int n = 0; n < 50; n++) {
            char buf[16];
            snprintf (buf, sizeof buf, "%d:%d", i, n);
            send_str (src[i], buf, 0);
        }
    }
    int next[2] = {0, 0};
    for (int n = 0; n < 100; n++) {
        char buf[16];
        int len = zmq_recv (sink, buf, sizeof buf - 1, 0);
        TEST_ASSERT_MSG (len > 0, "message %d: %s", n,
                         zmq_strerror (zmq_errno ()));
        buf[len] = '\0';
        int who = buf[0] - '0';
        TEST_ASSERT (who == 0 || who == 1);
        TEST_ASSERT_EQ_INT (next[who], atoi (buf + 2));
        next[who]++;
    }
    TEST_ASSERT_EQ_INT (50, next[0]);
    TEST_ASSERT_EQ_INT (50, next[1]);
    for (int i = 0; i < 2; i++)
        TEST_ZMQ_OK (zmq_close (src[i]));
    TEST_ZMQ_OK (zmq_close (sink));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
