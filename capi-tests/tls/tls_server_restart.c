/* Server restart: the bound socket is closed and a new one binds the same
 * tls endpoint; the client (monitor: DISCONNECTED, then a new successful
 * handshake) reconnects by itself and messages flow again both ways. */
#include "tlsutil.h"

static void *start_server (void *ctx, const char *ep)
{
    void *s = test_socket (ctx, ZMQ_PAIR);
    tls_creds (s, NULL, "server.crt", "server.key");
    int64_t deadline = now_ms () + 5000;
    while (zmq_bind (s, ep) != 0) {
        TEST_ASSERT_MSG (zmq_errno () == EADDRINUSE && now_ms () < deadline,
                         "bind %s: %s", ep, zmq_strerror (zmq_errno ()));
        sleep_ms (50);
    }
    return s;
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    char ep[256];
    void *server = tls_server (ctx, ZMQ_PAIR, ep, sizeof ep);
    void *client = test_socket (ctx, ZMQ_PAIR);
    void *cmon = mon_open (ctx, client);
    set_int_opt (client, ZMQ_RECONNECT_IVL, 100);
    tls_creds (client, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (client, ep));
    MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);
    bounce (client, server);

    for (int round = 0; round < 3; round++) {
        TEST_ZMQ_OK (zmq_close (server));
        MON_EXPECT (cmon, ZMQ_EVENT_DISCONNECTED, 3000);
        sleep_ms (200); /* a few failed reconnect attempts */
        server = start_server (ctx, ep);
        MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);
        wait_link (client, server, 5000);
        wait_link (server, client, 5000);
        for (int i = 0; i < 5; i++)
            bounce (client, server);
    }

    mon_close (client, cmon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
