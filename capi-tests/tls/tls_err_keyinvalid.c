/* A private key that does not match the certificate fails zmq_bind /
 * zmq_connect synchronously with ETLSKEYINVALID. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *server = tls_server (ctx, ZMQ_REP, ep, sizeof ep);

    EXPECT_CFG_ERR (ctx, ETLSKEYINVALID, NULL, NULL, "server.crt",
                    "nomatch.key", NULL);
    EXPECT_CFG_ERR (ctx, ETLSKEYINVALID, NULL, NULL, "server.crt",
                    "client.key", NULL);
    EXPECT_CFG_ERR (ctx, ETLSKEYINVALID, ep, "ca.crt", "client.crt",
                    "nomatch.key", NULL);
    EXPECT_CFG_ERR (ctx, ETLSKEYINVALID, ep, "ca.crt", "client.crt",
                    "server.key", NULL);

    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
