/* Mutual TLS: the bind side has a CA (and VERIFY_PEER defaults to 1), so
 * it requires a client certificate; a client with a certificate from that
 * CA is accepted. Each received message carries the verified peer's
 * certificate CN as "User-Id": "client" on the server, "server" on the
 * client. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_REP);
    void *smon = mon_open (ctx, server);
    tls_creds (server, "ca.crt", "server.crt", "server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *client = test_socket (ctx, ZMQ_REQ);
    void *cmon = mon_open (ctx, client);
    tls_creds (client, "ca.crt", "client.crt", "client.key");
    TEST_ZMQ_OK (zmq_connect (client, ep));

    MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);
    MON_EXPECT_HANDSHAKE (smon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);

    char uid[256];
    for (int i = 0; i < 3; i++) {
        send_str (client, "hello", 0);
        TEST_ASSERT_MSG (RECV_STR_UID (server, "hello", uid, sizeof uid),
                         "server: message without User-Id");
        TEST_ASSERT_EQ_STR ("client", uid);
        send_str (server, "world", 0);
        TEST_ASSERT_MSG (RECV_STR_UID (client, "world", uid, sizeof uid),
                         "client: message without User-Id");
        TEST_ASSERT_EQ_STR ("server", uid);
    }

    mon_close (client, cmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
