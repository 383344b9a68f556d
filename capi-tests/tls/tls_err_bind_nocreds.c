/* A bind side needs a certificate and a key: zmq_bind fails synchronously
 * with ETLSCERT without a certificate (also when nothing or only a CA is
 * set) and with ETLSKEY without a key, not at the first handshake. The
 * socket binds once both are set. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    EXPECT_CFG_ERR (ctx, ETLSCERT, NULL, NULL, NULL, NULL, NULL);
    EXPECT_CFG_ERR (ctx, ETLSCERT, NULL, "ca.crt", NULL, NULL, NULL);
    EXPECT_CFG_ERR (ctx, ETLSCERT, NULL, NULL, NULL, "server.key", NULL);
    EXPECT_CFG_ERR (ctx, ETLSKEY, NULL, NULL, "server.crt", NULL, NULL);
    EXPECT_CFG_ERR (ctx, ETLSKEY, NULL, "ca.crt", "server.crt", NULL, NULL);

    /* the same socket binds once fixed */
    void *s = test_socket (ctx, ZMQ_REP);
    set_str_opt (s, ZMQ_TLS_CERT_FILE, cert ("server.crt"));
    TEST_ZMQ_ERR (ETLSKEY, zmq_bind (s, "tls://127.0.0.1:*"));
    set_str_opt (s, ZMQ_TLS_KEY_FILE, cert ("server.key"));
    char ep[256];
    tls_bind (s, ep, sizeof ep);

    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
