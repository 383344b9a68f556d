/* ZMQ_TLS_CA_DIR: a directory whose only file is the CA as "myca.pem" (not
 * an OpenSSL hash name) is used, on the connect side to verify the server
 * and on the bind side to require and verify client certificates. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_REP);
    set_str_opt (server, ZMQ_TLS_CA_DIR, cert ("cadir"));
    tls_creds (server, NULL, "server.crt", "server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    /* client verifying the server with CA_DIR, presenting its own cert */
    void *client = test_socket (ctx, ZMQ_REQ);
    void *cmon = mon_open (ctx, client);
    set_str_opt (client, ZMQ_TLS_CA_DIR, cert ("cadir"));
    tls_creds (client, NULL, "client.crt", "client.key");
    TEST_ZMQ_OK (zmq_connect (client, ep));
    MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);
    char uid[256];
    send_str (client, "hello", 0);
    TEST_ASSERT (RECV_STR_UID (server, "hello", uid, sizeof uid));
    TEST_ASSERT_EQ_STR ("client", uid);
    send_str (server, "world", 0);
    TEST_ASSERT (RECV_STR_UID (client, "world", uid, sizeof uid));
    TEST_ASSERT_EQ_STR ("server", uid);
    mon_close (client, cmon);
    TEST_ZMQ_OK (zmq_close (client));

    /* the CA_DIR server still requires a client certificate */
    void *anon = test_socket (ctx, ZMQ_REQ);
    set_str_opt (anon, ZMQ_TLS_CA_DIR, cert ("cadir"));
    TEST_ZMQ_OK (zmq_connect (anon, ep));
    send_str (anon, "must not arrive", 0);
    EXPECT_NO_MSG (server, 1000);
    TEST_ZMQ_OK (zmq_close (anon));

    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
