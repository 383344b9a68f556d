/* A client trusting only an unrelated CA rejects the server's certificate:
 * the client's monitor reports ZMQ_EVENT_HANDSHAKE_FAILED_AUTH with value
 * ETLSVERIFY, then DISCONNECTED, and it keeps retrying; the server reports a
 * handshake failure; no message crosses. */
#include "tlsutil.h"

static void setup_client (void *s)
{
    tls_creds (s, "other-ca.crt", NULL, NULL);
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    check_client_refuses ("server.crt", "server.key", setup_client,
                          ETLSVERIFY);
    return 0;
}
