/* A bind side with a CA (VERIFY_PEER 1) requires a client certificate: a
 * client without one is rejected (server monitor: HANDSHAKE_FAILED_AUTH /
 * ETLSVERIFY, then DISCONNECTED; the client reports a handshake failure);
 * no message crosses; a client with a certificate still works. */
#include "tlsutil.h"

static void setup_bad (void *s)
{
    tls_creds (s, "ca.crt", NULL, NULL);
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    check_server_refuses (NULL, setup_bad, ETLSVERIFY);
    return 0;
}
