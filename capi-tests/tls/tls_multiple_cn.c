/* A client certificate whose subject has two CNs ("CN=admin, CN=client"),
 * validly signed by the trusted CA, is refused by a verifying bind side
 * that requires the name "client" (HANDSHAKE_FAILED_AUTH / ETLSVERIFY):
 * OpenSSL's name check accepts it because one CN matches, and its
 * User-Id would then read "admin". A good client is still served. */
#include "tlsutil.h"

static void setup_bad (void *s)
{
    tls_creds (s, "ca.crt", "twocn-client.crt", "twocn-client.key");
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    check_server_refuses ("client", setup_bad, ETLSVERIFY);
    check_server_refuses (NULL, setup_bad, ETLSVERIFY);
    return 0;
}
