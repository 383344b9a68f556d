/* A client identity with an AES-256 encrypted key: a wrong password fails
 * zmq_connect with ETLSPASS; the right one (set through the
 * ZMQ_TLS_CERT_PASSWD alias) decrypts it, the mutual-TLS server accepts the
 * client and sees User-Id "client-enc". */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_REP);
    tls_creds (server, "ca.crt", "server.crt", "server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *client = test_socket (ctx, ZMQ_REQ);
    tls_creds (client, "ca.crt", "client-enc.crt", "client-enc.key");
    set_str_opt (client, ZMQ_TLS_CERT_PASSWD, "not-the-password");
    TEST_ZMQ_ERR (ETLSPASS, zmq_connect (client, ep));
    set_str_opt (client, ZMQ_TLS_CERT_PASSWD, "secret");
    TEST_ZMQ_OK (zmq_connect (client, ep));

    send_str (client, "hello", 0);
    char uid[256];
    TEST_ASSERT (RECV_STR_UID (server, "hello", uid, sizeof uid));
    TEST_ASSERT_EQ_STR ("client-enc", uid);
    send_str (server, "world", 0);
    RECV_STR (client, "world");

    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
