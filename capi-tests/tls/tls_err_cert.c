/* An unreadable or invalid certificate fails zmq_bind / zmq_connect
 * synchronously with ETLSCERT: missing file, garbage, empty file, a PEM key
 * instead of a certificate. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *server = tls_server (ctx, ZMQ_REP, ep, sizeof ep);

    const char *bad[] = {"does-not-exist.crt", "garbage.pem", "empty.pem",
                         "server.key"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        EXPECT_CFG_ERR (ctx, ETLSCERT, NULL, NULL, bad[i], "server.key",
                        NULL);
        EXPECT_CFG_ERR (ctx, ETLSCERT, ep, "ca.crt", bad[i], "client.key",
                        NULL);
    }

    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
