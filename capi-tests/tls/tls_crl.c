/* ZMQ_TLS_CRL_FILE: the bind side with the CA's CRL refuses the revoked
 * client certificate (HANDSHAKE_FAILED_AUTH / ETLSVERIFY) and still
 * serves client.crt; the connect side with the CRL accepts server.crt and
 * refuses revoked-server.crt (AUTH / ETLSVERIFY); a CRL file that is
 * missing, not a CRL, or a good CRL followed by one cut short: ETLSCA at
 * zmq_bind; a CRL where no chain is verified (bind side without CA,
 * connect side with VERIFY_PEER 0) would check nothing: ETLSCA. */
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

    /* the connect side checks the server against the CRL */
    server = test_socket (ctx, ZMQ_REP);
    smon = mon_open (ctx, server);
    tls_creds (server, NULL, "revoked-server.crt", "revoked-server.key");
    tls_bind (server, ep, sizeof ep);
    void *client = test_socket (ctx, ZMQ_REQ);
    void *cmon = mon_open (ctx, client);
    tls_creds (client, "ca.crt", NULL, NULL);
    set_str_opt (client, ZMQ_TLS_CRL_FILE, cert ("ca.crl"));
    EXPECT_REFUSED (client, cmon, server, smon, ep, "client",
                    ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSVERIFY);
    mon_close (client, cmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));

    /* a good CRL followed by a truncated one */
    char trunc[] = "/tmp/zmq-tls-crl-XXXXXX";
    int fd = mkstemp (trunc);
    TEST_ASSERT (fd >= 0);
    size_t n;
    char *crl = tls_slurp ("ca.crl", &n);
    TEST_ASSERT (write (fd, crl, n) == (ssize_t) n);
    free (crl);
    const char *cut = "-----BEGIN X509 CRL-----\nMIIB\n";
    TEST_ASSERT (write (fd, cut, strlen (cut)) == (ssize_t) strlen (cut));
    close (fd);

    const char *bad_crls[] = {cert ("no-such.crl"), cert ("garbage.pem"),
                              cert ("ca.crt"), trunc};
    for (int i = 0; i < 4; i++) {
        void *s = test_socket (ctx, ZMQ_REP);
        tls_creds (s, "ca.crt", "server.crt", "server.key");
        set_str_opt (s, ZMQ_TLS_CRL_FILE, bad_crls[i]);
        TEST_ASSERT_MSG (zmq_bind (s, "tls://127.0.0.1:*") == -1
                           && zmq_errno () == ETLSCA,
                         "CRL %s: expected ETLSCA", bad_crls[i]);
        TEST_ZMQ_OK (zmq_close (s));
    }
    unlink (trunc);

    /* a CRL with nothing verified */
    void *s = test_socket (ctx, ZMQ_REP);
    tls_creds (s, NULL, "server.crt", "server.key");
    set_str_opt (s, ZMQ_TLS_CRL_FILE, cert ("ca.crl"));
    TEST_ASSERT_EQ_INT (-1, zmq_bind (s, "tls://127.0.0.1:*"));
    TEST_ASSERT_EQ_INT (ETLSCA, zmq_errno ());
    TEST_ZMQ_OK (zmq_close (s));
    s = test_socket (ctx, ZMQ_REQ);
    tls_creds (s, "ca.crt", NULL, NULL);
    set_int_opt (s, ZMQ_TLS_VERIFY_PEER, 0);
    set_str_opt (s, ZMQ_TLS_CRL_FILE, cert ("ca.crl"));
    TEST_ASSERT_EQ_INT (-1, zmq_connect (s, "tls://127.0.0.1:5555"));
    TEST_ASSERT_EQ_INT (ETLSCA, zmq_errno ());
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
