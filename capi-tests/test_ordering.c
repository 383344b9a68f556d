/* 10,000 messages over tcp arrive complete and in order (content carries
 * the sequence number): PUSH -> PULL streaming, DEALER <-> DEALER both
 * directions at once, PAIR with 2-frame messages, and REQ/REP lock-step. */
#include "testutil.h"

#define COUNT 10000

static void send_seq (void *s, int i, int flags)
{
    char buf[32];
    int n = snprintf (buf, sizeof buf, "seq-%08d", i);
    TEST_ASSERT_EQ_INT (n, zmq_send (s, buf, (size_t) n, flags));
}

static void recv_seq (void *s, int i)
{
    char buf[32], exp[32];
    int n = snprintf (exp, sizeof exp, "seq-%08d", i);
    int got = zmq_recv (s, buf, sizeof buf, 0);
    TEST_ASSERT_MSG (got == n && memcmp (buf, exp, (size_t) n) == 0,
                     "expected %s, got %d bytes \"%.*s\" (%s)", exp, got,
                     got > 0 ? got : 0, buf,
                     got < 0 ? zmq_strerror (zmq_errno ()) : "");
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];

    /* PUSH -> PULL: the sender blocks on HWM, nothing is dropped. */
    void *pull = test_socket (ctx, ZMQ_PULL);
    bind_ephemeral (pull, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    int sent = 0, recvd = 0;
    while (recvd < COUNT) {
        /* Interleave to avoid relying on buffer sizes. */
        while (sent < COUNT && sent - recvd < 500)
            send_seq (push, sent++, 0);
        recv_seq (pull, recvd++);
    }
    char tmp[8];
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (pull, tmp, sizeof tmp, ZMQ_DONTWAIT));
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));

    /* DEALER <-> DEALER, both directions at once. */
    void *a = test_socket (ctx, ZMQ_DEALER);
    void *b = test_socket (ctx, ZMQ_DEALER);
    bind_ephemeral (a, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (b, ep));
    int sa = 0, sb = 0, ra = 0, rb = 0;
    while (ra < COUNT || rb < COUNT) {
        while (sa < COUNT && sa - rb < 300)
            send_seq (a, sa++, 0);
        while (sb < COUNT && sb - ra < 300)
            send_seq (b, sb++, 0);
        if (rb < COUNT)
            recv_seq (b, rb++);
        if (ra < COUNT)
            recv_seq (a, ra++);
    }
    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));

    /* PAIR, two frames per message. */
    a = test_socket (ctx, ZMQ_PAIR);
    b = test_socket (ctx, ZMQ_PAIR);
    bind_ephemeral (a, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (b, ep));
    sent = recvd = 0;
    while (recvd < COUNT) {
        while (sent < COUNT && sent - recvd < 500) {
            send_seq (b, sent, ZMQ_SNDMORE);
            send_seq (b, COUNT - sent, 0);
            sent++;
        }
        recv_seq (a, recvd);
        TEST_ASSERT_EQ_INT (1, rcvmore (a));
        recv_seq (a, COUNT - recvd);
        TEST_ASSERT_EQ_INT (0, rcvmore (a));
        recvd++;
    }
    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));

    /* REQ/REP lock-step. */
    void *rep = test_socket (ctx, ZMQ_REP);
    bind_ephemeral (rep, ep, sizeof ep);
    void *req = test_socket (ctx, ZMQ_REQ);
    TEST_ZMQ_OK (zmq_connect (req, ep));
    for (int i = 0; i < COUNT; i++) {
        send_seq (req, i, 0);
        recv_seq (rep, i);
        send_seq (rep, i + 1, 0);
        recv_seq (req, i + 1);
    }
    TEST_ZMQ_OK (zmq_close (req));
    TEST_ZMQ_OK (zmq_close (rep));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
