/* A self-signed server certificate (CN=server) is rejected by a client that
 * trusts the test CA: ZMQ_EVENT_HANDSHAKE_FAILED_AUTH / ETLSVERIFY on the
 * client, no message crosses. */
#include "tlsutil.h"

static void setup_client (void *s)
{
    tls_creds (s, "ca.crt", NULL, NULL);
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    check_client_refuses ("selfsigned-server.crt", "selfsigned-server.key", setup_client,
                          ETLSVERIFY);
    return 0;
}
