/* zmq_unbind of a tls endpoint closes the listener and its connections (the
 * client's monitor reports DISCONNECTED; connecting to the port is refused);
 * binding the same endpoint again lets the client reconnect on its own and
 * messages flow again. */
#include "tlsutil.h"

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

    for (int round = 0; round < 2; round++) {
        TEST_ZMQ_OK (zmq_unbind (server, ep));
        TEST_ZMQ_ERR (ENOENT, zmq_unbind (server, ep));
        MON_EXPECT (cmon, ZMQ_EVENT_DISCONNECTED, 3000);

        /* nothing listens on the port any more */
        int fd = socket (AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in sa;
        memset (&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_port = htons ((uint16_t) endpoint_port (ep));
        sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
        TEST_ASSERT_MSG (connect (fd, (struct sockaddr *) &sa, sizeof sa)
                           == -1,
                         "port %d still accepts after zmq_unbind",
                         endpoint_port (ep));
        close (fd);

        /* rebind the same endpoint (port may linger briefly) */
        int64_t deadline = now_ms () + 5000;
        while (zmq_bind (server, ep) != 0) {
            TEST_ASSERT_MSG (zmq_errno () == EADDRINUSE
                               && now_ms () < deadline,
                             "rebind %s: %s", ep,
                             zmq_strerror (zmq_errno ()));
            sleep_ms (50);
        }
        char again[256];
        get_last_endpoint (server, again, sizeof again);
        TEST_ASSERT_EQ_STR (ep, again);

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
