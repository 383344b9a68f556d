/* An expired server certificate (valid 2020-01-01..2020-01-02, signed by
 * the trusted CA) is rejected: ZMQ_EVENT_HANDSHAKE_FAILED_AUTH / ETLSVERIFY on
 * the client, no message crosses. */
#include "tlsutil.h"

static void setup_client (void *s)
{
    tls_creds (s, "ca.crt", NULL, NULL);
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    check_client_refuses ("expired-server.crt", "expired-server.key", setup_client,
                          ETLSVERIFY);
    return 0;
}
