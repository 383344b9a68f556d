/* ZMQ_TLS_CERT_COMMON_NAME "server" on the client, and a server certificate
 * that chains to the trusted CA but is CN=wrongname (SAN DNS:wrongname):
 * ZMQ_EVENT_HANDSHAKE_FAILED_AUTH with value ETLSCNAME on the client, no
 * message crosses. */
#include "tlsutil.h"

static void setup_client (void *s)
{
    tls_creds (s, "ca.crt", NULL, NULL);
    set_str_opt (s, ZMQ_TLS_CERT_COMMON_NAME, "server");
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    check_client_refuses ("wrongname-server.crt", "wrongname-server.key", setup_client,
                          ETLSCNAME);
    return 0;
}
