/* An encrypted private key with a wrong or missing ZMQ_TLS_CERT_PASSWORD
 * fails zmq_connect / zmq_bind synchronously with ETLSPASS; with the right
 * password both succeed. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *server = tls_server (ctx, ZMQ_REP, ep, sizeof ep);

    /* connect side */
    EXPECT_CFG_ERR (ctx, ETLSPASS, ep, "ca.crt", "client-enc.crt",
                    "client-enc.key", NULL);
    EXPECT_CFG_ERR (ctx, ETLSPASS, ep, "ca.crt", "client-enc.crt",
                    "client-enc.key", "wrong");
    EXPECT_CFG_ERR (ctx, ETLSPASS, ep, "ca.crt", "client-enc.crt",
                    "client-enc.key", "secreT");
    /* bind side */
    EXPECT_CFG_ERR (ctx, ETLSPASS, NULL, NULL, "client-enc.crt",
                    "client-enc.key", NULL);
    EXPECT_CFG_ERR (ctx, ETLSPASS, NULL, NULL, "client-enc.crt",
                    "client-enc.key", "wrong");

    /* right password */
    void *c = test_socket (ctx, ZMQ_REQ);
    tls_creds (c, "ca.crt", "client-enc.crt", "client-enc.key");
    set_str_opt (c, ZMQ_TLS_CERT_PASSWORD, "secret");
    TEST_ZMQ_OK (zmq_connect (c, ep));
    void *b = test_socket (ctx, ZMQ_REP);
    tls_creds (b, NULL, "client-enc.crt", "client-enc.key");
    set_str_opt (b, ZMQ_TLS_CERT_PASSWORD, "secret");
    char ep2[256];
    tls_bind (b, ep2, sizeof ep2);

    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
