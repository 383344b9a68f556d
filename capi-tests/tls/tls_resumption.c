/* Session resumption (ZMQ_TLS_SESSION_RESUMPTION, on by default): after a
 * first connection, a zmq_disconnect + zmq_connect to the same endpoint
 * resumes the TLS session (message property "TLS-Session-Reused" "1" on
 * both sides; "0" on the first connection), with the peer's identity
 * (User-Id) still there. Off on either side: every connection does a full
 * handshake ("0"). */
#include "tlsutil.h"

/* Receive "hello" and check its TLS-Session-Reused and User-Id. */
static void recv_checked (void *s, const char *reused, const char *uid)
{
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    TEST_ASSERT_EQ_INT (5, zmq_msg_recv (&m, s, 0));
    const char *r = zmq_msg_gets (&m, "TLS-Session-Reused");
    const char *u = zmq_msg_gets (&m, "User-Id");
    printf ("  reused %s, User-Id %s\n", r ? r : "(none)", u ? u : "(none)");
    TEST_ASSERT_MSG (r && strcmp (r, reused) == 0, "TLS-Session-Reused %s, want %s",
                     r ? r : "(none)", reused);
    TEST_ASSERT_MSG (u && strcmp (u, uid) == 0, "User-Id %s, want %s",
                     u ? u : "(none)", uid);
    zmq_msg_close (&m);
}

static void run (int server_on, int client_on, const char *second)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *server = test_socket (ctx, ZMQ_ROUTER);
    tls_creds (server, "ca.crt", "server.crt", "server.key");
    set_int_opt (server, ZMQ_TLS_SESSION_RESUMPTION, server_on);
    char ep[256];
    tls_bind (server, ep, sizeof ep);
    void *client = test_socket (ctx, ZMQ_DEALER);
    tls_creds (client, "ca.crt", "client.crt", "client.key");
    set_int_opt (client, ZMQ_TLS_SESSION_RESUMPTION, client_on);

    for (int round = 0; round < 3; round++) {
        TEST_ZMQ_OK (zmq_connect (client, ep));
        send_str (client, "hello", 0);
        char id[256];
        int idn = zmq_recv (server, id, sizeof id, 0);
        TEST_ASSERT (idn > 0);
        const char *want = round == 0 ? "0" : second;
        printf ("server %d client %d round %d\n", server_on, client_on, round);
        recv_checked (server, want, "client");
        TEST_ZMQ_OK (zmq_send (server, id, (size_t) idn, ZMQ_SNDMORE));
        send_str (server, "hello", 0);
        recv_checked (client, want, "server");
        TEST_ZMQ_OK (zmq_disconnect (client, ep));
        /* the server has seen the old connection go before the next one */
        usleep (50 * 1000);
    }
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    run (1, 1, "1");
    run (0, 1, "0");
    run (1, 0, "0");
    return 0;
}
