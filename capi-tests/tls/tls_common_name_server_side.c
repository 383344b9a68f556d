/* ZMQ_TLS_CERT_COMMON_NAME on the bind side checks the client's
 * certificate: with "client" expected, a client certificate CN=client-enc
 * (valid, same CA) is rejected with HANDSHAKE_FAILED_AUTH / ETLSCNAME on the
 * server; no message crosses; the CN=client certificate is accepted. */
#include "tlsutil.h"

static void setup_bad (void *s)
{
    tls_creds (s, "ca.crt", "client-enc.crt", "client-enc.key");
    set_str_opt (s, ZMQ_TLS_CERT_PASSWORD, "secret");
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    check_server_refuses ("client", setup_bad, ETLSCNAME);
    return 0;
}
