/* A connect side with only half a client identity is a configuration
 * error reported by zmq_connect: a certificate without a key -> ETLSKEY,
 * a key without a certificate -> ETLSCERT. (Otherwise the client would
 * silently present no certificate.) */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *server = tls_server (ctx, ZMQ_REP, ep, sizeof ep);

    EXPECT_CFG_ERR (ctx, ETLSKEY, ep, "ca.crt", "client.crt", NULL, NULL);
    EXPECT_CFG_ERR (ctx, ETLSCERT, ep, "ca.crt", NULL, "client.key", NULL);

    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
