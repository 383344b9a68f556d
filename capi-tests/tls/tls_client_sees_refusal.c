/* When the bind side refuses the client's certificate, the connect side
 * reports it as HANDSHAKE_FAILED_AUTH / ETLSVERIFY (not as a reset), also
 * under TLS 1.3 where the server's alert arrives after the client's own
 * handshake finished:
 * - a client certificate from an unknown CA (alert unknown_ca);
 * - no client certificate to a bind side that requires one (alert
 *   certificate_required);
 * - a revoked client certificate to a bind side with ZMQ_TLS_CRL_FILE. */
#include "tlsutil.h"

static void refused (const char *crt, const char *key, int crl)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *server = test_socket (ctx, ZMQ_REP);
    void *smon = mon_open (ctx, server);
    tls_creds (server, "ca.crt", "server.crt", "server.key");
    if (crl)
        set_str_opt (server, ZMQ_TLS_CRL_FILE, cert ("ca.crl"));
    char ep[256];
    tls_bind (server, ep, sizeof ep);
    void *client = test_socket (ctx, ZMQ_REQ);
    void *cmon = mon_open (ctx, client);
    tls_creds (client, "ca.crt", crt, key);
    printf ("client %s\n", crt ? crt : "(no certificate)");
    EXPECT_REFUSED (client, cmon, server, smon, ep, "client",
                    ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSVERIFY);
    mon_close (client, cmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    refused ("other-client.crt", "other-client.key", 0);
    refused (NULL, NULL, 0);
    refused ("revoked-client.crt", "revoked-client.key", 1);
    return 0;
}
