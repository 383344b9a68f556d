/* ZMQ_TLS_CRL_FILE: the bind side with the CA's CRL refuses the revoked
 * client certificate (HANDSHAKE_FAILED_AUTH / ETLSVERIFY) and still
 * serves client.crt; the connect side with the CRL still accepts
 * server.crt; a CRL file that is missing or not a CRL: ETLSCA at
 * zmq_bind. */
#include "tlsutil.h"

static void setup_revoked (void *s)
{
    tls_creds (s, "ca.crt", "revoked-client.crt", "revoked-client.key");
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *server = test_socket (ctx, ZMQ_REP);
    void *smon = mon_open (ctx, server);
    tls_creds (server, "ca.crt", "server.crt", "server.key");
    set_str_opt (server, ZMQ_TLS_CRL_FILE, cert ("ca.crl"));
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *bad = test_socket (ctx, ZMQ_REQ);
    void *bmon = mon_open (ctx, bad);
    setup_revoked (bad);
    EXPECT_REFUSED (bad, bmon, server, smon, ep, "server",
                    ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSVERIFY);
    mon_close (bad, bmon);
    TEST_ZMQ_OK (zmq_close (bad));

    void *good = test_socket (ctx, ZMQ_REQ);
    tls_creds (good, "ca.crt", "client.crt", "client.key");
    set_str_opt (good, ZMQ_TLS_CRL_FILE, cert ("ca.crl"));
    TEST_ZMQ_OK (zmq_connect (good, ep));
    req_rep_roundtrip (good, server, "hello", "world");
    TEST_ZMQ_OK (zmq_close (good));
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (server));

    const char *bad_crls[] = {"no-such.crl", "garbage.pem", "ca.crt"};
    for (int i = 0; i < 3; i++) {
        void *s = test_socket (ctx, ZMQ_REP);
        tls_creds (s, "ca.crt", "server.crt", "server.key");
        set_str_opt (s, ZMQ_TLS_CRL_FILE, cert (bad_crls[i]));
        TEST_ASSERT_MSG (zmq_bind (s, "tls://127.0.0.1:*") == -1
                           && zmq_errno () == ETLSCA,
                         "CRL %s: expected ETLSCA", bad_crls[i]);
        TEST_ZMQ_OK (zmq_close (s));
    }
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
