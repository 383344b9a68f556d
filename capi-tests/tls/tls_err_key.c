/* An unreadable or invalid private key fails zmq_bind / zmq_connect
 * synchronously with ETLSKEY: missing file, garbage, empty file, a
 * certificate instead of a key. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *server = tls_server (ctx, ZMQ_REP, ep, sizeof ep);

    const char *bad[] = {"does-not-exist.key", "garbage.pem", "empty.pem",
                         "server.crt"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        EXPECT_CFG_ERR (ctx, ETLSKEY, NULL, NULL, "server.crt", bad[i],
                        NULL);
        EXPECT_CFG_ERR (ctx, ETLSKEY, ep, "ca.crt", "client.crt", bad[i],
                        NULL);
    }

    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
