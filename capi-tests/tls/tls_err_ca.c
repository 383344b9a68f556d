/* An unreadable or invalid CA fails zmq_connect / zmq_bind synchronously
 * with ETLSCA: missing file, garbage, empty file, a PEM key instead of
 * certificates, a CA_DIR that does not exist or is a file. Fixing the
 * option makes the same socket connect and work. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *server = tls_server (ctx, ZMQ_REP, ep, sizeof ep);

    /* connect side */
    const char *bad[] = {"does-not-exist.crt", "garbage.pem", "empty.pem",
                         "server.key", "cadir"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        EXPECT_CFG_ERR (ctx, ETLSCA, ep, bad[i], NULL, NULL, NULL);

    /* bind side (with a valid identity) */
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        EXPECT_CFG_ERR (ctx, ETLSCA, NULL, bad[i], "server.crt", "server.key",
                        NULL);

    /* CA_DIR that does not exist / is a regular file */
    const char *bad_dirs[] = {"no-such-dir", "ca.crt"};
    for (size_t i = 0; i < 2; i++) {
        void *c = test_socket (ctx, ZMQ_REQ);
        set_str_opt (c, ZMQ_TLS_CA_DIR, cert (bad_dirs[i]));
        errno = 0;
        int rc = zmq_connect (c, ep);
        TEST_ASSERT_MSG (rc == -1 && zmq_errno () == ETLSCA,
                         "connect with CA_DIR=%s: rc %d errno %d (%s)",
                         bad_dirs[i], rc, zmq_errno (),
                         zmq_strerror (zmq_errno ()));
        TEST_ZMQ_OK (zmq_close (c));
    }

    /* the same socket works once the CA is fixed */
    void *client = test_socket (ctx, ZMQ_REQ);
    set_str_opt (client, ZMQ_TLS_CA_FILE, cert ("garbage.pem"));
    TEST_ZMQ_ERR (ETLSCA, zmq_connect (client, ep));
    set_str_opt (client, ZMQ_TLS_CA_FILE, cert ("ca.crt"));
    TEST_ZMQ_OK (zmq_connect (client, ep));
    req_rep_roundtrip (client, server, "hello", "world");

    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
