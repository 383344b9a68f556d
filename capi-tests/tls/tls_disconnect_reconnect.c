/* zmq_disconnect of a tls endpoint closes the connection (the listener's
 * monitor reports DISCONNECTED, nothing more is delivered); connecting again
 * performs a new TLS handshake and messages flow, in order. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_PULL);
    void *smon = mon_open (ctx, server);
    tls_creds (server, NULL, "server.crt", "server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *client = test_socket (ctx, ZMQ_PUSH);
    void *cmon = mon_open (ctx, client);
    tls_creds (client, "ca.crt", NULL, NULL);

    for (int round = 0; round < 3; round++) {
        TEST_ZMQ_OK (zmq_connect (client, ep));
        MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);
        MON_EXPECT_HANDSHAKE (smon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);
        for (int i = 0; i < 20; i++) {
            char buf[32];
            snprintf (buf, sizeof buf, "round %d msg %d", round, i);
            send_str (client, buf, 0);
        }
        for (int i = 0; i < 20; i++) {
            char buf[32];
            snprintf (buf, sizeof buf, "round %d msg %d", round, i);
            RECV_STR (server, buf);
        }
        TEST_ZMQ_OK (zmq_disconnect (client, ep));
        TEST_ZMQ_ERR (ENOENT, zmq_disconnect (client, ep));
        MON_EXPECT (smon, ZMQ_EVENT_DISCONNECTED, 3000);
        /* with no connection a PUSH cannot send */
        TEST_ZMQ_ERR (EAGAIN, zmq_send (client, "x", 1, ZMQ_DONTWAIT));
        EXPECT_NO_MSG (server, 200);
    }

    mon_close (client, cmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
