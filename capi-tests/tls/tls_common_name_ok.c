/* ZMQ_TLS_CERT_COMMON_NAME matching the server certificate is accepted:
 * by subject CN ("server") and by a DNS subjectAltName ("localhost"). */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *server = tls_server (ctx, ZMQ_REP, ep, sizeof ep);

    const char *names[] = {"server", "localhost"};
    for (int i = 0; i < 2; i++) {
        void *client = test_socket (ctx, ZMQ_REQ);
        void *cmon = mon_open (ctx, client);
        tls_creds (client, "ca.crt", NULL, NULL);
        set_str_opt (client, ZMQ_TLS_CERT_COMMON_NAME, names[i]);
        TEST_ZMQ_OK (zmq_connect (client, ep));
        MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);
        req_rep_roundtrip (client, server, names[i], "ok");
        mon_close (client, cmon);
        TEST_ZMQ_OK (zmq_close (client));
    }

    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
