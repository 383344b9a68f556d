/* ZMQ_TLS_VERIFY_PEER 0 on the connect side: encryption without
 * authentication. A client with no CA at all connects to a server with a
 * self-signed certificate and messages flow both ways. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_PAIR);
    tls_creds (server, NULL, "selfsigned-server.crt", "selfsigned-server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *client = test_socket (ctx, ZMQ_PAIR);
    void *cmon = mon_open (ctx, client);
    set_int_opt (client, ZMQ_TLS_VERIFY_PEER, 0);
    TEST_ZMQ_OK (zmq_connect (client, ep));
    MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);
    for (int i = 0; i < 5; i++)
        bounce (client, server);

    mon_close (client, cmon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
