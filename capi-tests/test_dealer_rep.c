/* DEALER -> REP over tcp: the DEALER must supply the empty delimiter; REP
 * hides it and puts it back on the reply; pipelined requests are answered
 * in order; a request without a delimiter is silently dropped by REP;
 * a DEALER fans requests out round-robin to two REPs. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256], ep2[256];

    void *rep = test_socket (ctx, ZMQ_REP);
    bind_ephemeral (rep, ep, sizeof ep);
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_connect (dealer, ep));

    const char *req1[] = {"", "hello", NULL};
    send_strs (dealer, req1);
    RECV_STR (rep, "hello");
    TEST_ASSERT_EQ_INT (0, rcvmore (rep));
    send_str (rep, "world", 0);
    const char *rep1[] = {"", "world", NULL};
    RECV_STRS (dealer, rep1);

    /* Pipelining: several requests before any reply. */
    for (int i = 0; i < 5; i++) {
        char m[16];
        snprintf (m, sizeof m, "p%d", i);
        const char *r[] = {"", m, NULL};
        send_strs (dealer, r);
    }
    for (int i = 0; i < 5; i++) {
        char m[16], a[16];
        snprintf (m, sizeof m, "p%d", i);
        snprintf (a, sizeof a, "a%d", i);
        RECV_STR (rep, m);
        send_str (rep, a, 0);
    }
    for (int i = 0; i < 5; i++) {
        char a[16];
        snprintf (a, sizeof a, "a%d", i);
        const char *r[] = {"", a, NULL};
        RECV_STRS (dealer, r);
    }

    /* Multi-frame envelope (as a proxy would add): all of it comes back. */
    const char *env[] = {"hop2", "hop1", "", "body", NULL};
    send_strs (dealer, env);
    RECV_STR (rep, "body");
    send_str (rep, "answer", 0);
    const char *envr[] = {"hop2", "hop1", "", "answer", NULL};
    RECV_STRS (dealer, envr);

    /* No delimiter: REP discards the malformed request. */
    send_str (dealer, "no-delimiter", 0);
    const char *good[] = {"", "good", NULL};
    send_strs (dealer, good);
    RECV_STR (rep, "good");
    send_str (rep, "ok", 0);
    const char *okr[] = {"", "ok", NULL};
    RECV_STRS (dealer, okr);

    /* Round-robin to two REPs. */
    void *rep2 = test_socket (ctx, ZMQ_REP);
    bind_ephemeral (rep2, ep2, sizeof ep2);
    TEST_ZMQ_OK (zmq_connect (dealer, ep2));
    settle ();
    for (int i = 0; i < 4; i++)
        send_strs (dealer, req1);
    RECV_STR (rep, "hello");
    RECV_STR (rep2, "hello");
    send_str (rep, "1", 0);
    send_str (rep2, "2", 0);
    RECV_STR (rep, "hello");
    RECV_STR (rep2, "hello");
    send_str (rep, "1", 0);
    send_str (rep2, "2", 0);
    char buf[8];
    int ones = 0, twos = 0;
    for (int i = 0; i < 4; i++) {
        RECV_STR (dealer, "");
        TEST_ASSERT_EQ_INT (1, zmq_recv (dealer, buf, sizeof buf, 0));
        if (buf[0] == '1')
            ones++;
        else if (buf[0] == '2')
            twos++;
    }
    TEST_ASSERT_EQ_INT (2, ones);
    TEST_ASSERT_EQ_INT (2, twos);

    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_close (rep));
    TEST_ZMQ_OK (zmq_close (rep2));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
