/* ZMQ_TLS_CERT_COMMON_NAME "server" on the client, and a server certificate
 * that chains to the trusted CA but is CN=wrongname (SAN DNS:wrongname):
 * ZMQ_EVENT_HANDSHAKE_FAILED_AUTH with value ETLSCNAME on the client, no
 * message crosses. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_REP);
    void *smon = mon_open (ctx, server);
    tls_creds (server, NULL, "wrongname-server.crt", "wrongname-server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *client = test_socket (ctx, ZMQ_REQ);
    void *cmon = mon_open (ctx, client);
    tls_creds (client, "ca.crt", NULL, NULL);
    set_str_opt (client, ZMQ_TLS_CERT_COMMON_NAME, "server");
    EXPECT_REFUSED (client, cmon, server, smon, ep, "client",
                    ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSCNAME);

    mon_close (client, cmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
