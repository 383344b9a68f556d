/* ZMQ_TLS_VERIFY_PEER 0 on the bind side: no client certificate is
 * requested even though a CA is configured, so a client without a
 * certificate is served. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_REP);
    void *smon = mon_open (ctx, server);
    tls_creds (server, "ca.crt", "server.crt", "server.key");
    set_int_opt (server, ZMQ_TLS_VERIFY_PEER, 0);
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *client = test_socket (ctx, ZMQ_REQ);
    tls_creds (client, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (client, ep));
    MON_EXPECT_HANDSHAKE (smon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);
    req_rep_roundtrip (client, server, "hello", "world");

    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
