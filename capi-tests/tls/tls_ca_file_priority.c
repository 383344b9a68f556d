/* ZMQ_TLS_CA_FILE wins over ZMQ_TLS_CA_DIR: with CA_FILE = an unrelated CA
 * and CA_DIR = a directory holding the right CA, the server's certificate
 * is verified against CA_FILE only and rejected (HANDSHAKE_FAILED_AUTH /
 * ETLSVERIFY). */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_REP);
    void *smon = mon_open (ctx, server);
    tls_creds (server, NULL, "server.crt", "server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *client = test_socket (ctx, ZMQ_REQ);
    void *cmon = mon_open (ctx, client);
    tls_creds (client, "other-ca.crt", NULL, NULL);
    set_str_opt (client, ZMQ_TLS_CA_DIR, cert ("cadir"));
    EXPECT_REFUSED (client, cmon, server, smon, ep, "client",
                    ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSVERIFY);

    mon_close (client, cmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
