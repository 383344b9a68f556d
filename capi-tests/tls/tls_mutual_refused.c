/* Mutual TLS refused: the bind side requires a client certificate from its
 * CA; a client presenting a certificate from an unrelated CA is rejected.
 * The server's monitor reports ZMQ_EVENT_HANDSHAKE_FAILED_AUTH / ETLSVERIFY
 * then DISCONNECTED, the client reports a handshake failure and retries, no
 * message crosses, and a good client on the same listener still works. */
#include "tlsutil.h"

static void setup_bad (void *s)
{
    tls_creds (s, "ca.crt", "other-client.crt", "other-client.key");
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    check_server_refuses (NULL, setup_bad, ETLSVERIFY);
    return 0;
}
