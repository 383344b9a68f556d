/* Certificate chains: the server's CERT_FILE holds its leaf (signed by an
 * intermediate CA) followed by the intermediate; a client trusting only the
 * root verifies it, so the intermediate was sent. Control: with the leaf
 * alone the same client rejects the server (HANDSHAKE_FAILED_AUTH /
 * ETLSVERIFY). */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    /* leaf + intermediate */
    void *server = test_socket (ctx, ZMQ_REP);
    tls_creds (server, NULL, "chain-server.crt", "chain-server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);
    void *client = test_socket (ctx, ZMQ_REQ);
    void *cmon = mon_open (ctx, client);
    tls_creds (client, "ca.crt", NULL, NULL);
    set_str_opt (client, ZMQ_TLS_CERT_COMMON_NAME, "server");
    TEST_ZMQ_OK (zmq_connect (client, ep));
    MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);
    send_str (client, "hello", 0);
    RECV_STR (server, "hello");
    send_str (server, "world", 0);
    char uid[256];
    TEST_ASSERT (RECV_STR_UID (client, "world", uid, sizeof uid));
    TEST_ASSERT_EQ_STR ("server", uid);
    mon_close (client, cmon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));

    /* leaf only: cannot be verified */
    server = test_socket (ctx, ZMQ_REP);
    void *smon = mon_open (ctx, server);
    tls_creds (server, NULL, "chain-server-leaf.crt", "chain-server.key");
    tls_bind (server, ep, sizeof ep);
    client = test_socket (ctx, ZMQ_REQ);
    cmon = mon_open (ctx, client);
    tls_creds (client, "ca.crt", NULL, NULL);
    EXPECT_REFUSED (client, cmon, server, smon, ep, "client",
                    ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSVERIFY);
    mon_close (client, cmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
