/* ZMQ_MAXMSGSIZE works on tls as on tcp: messages up to the limit are
 * delivered; a larger one makes the receiver drop the connection
 * (DISCONNECTED on its monitor) without delivering it. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_PULL);
    void *smon = mon_open (ctx, server);
    int64_t max = 1000;
    TEST_ZMQ_OK (zmq_setsockopt (server, ZMQ_MAXMSGSIZE, &max, sizeof max));
    tls_creds (server, NULL, "server.crt", "server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *client = test_socket (ctx, ZMQ_PUSH);
    tls_creds (client, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (client, ep));
    MON_EXPECT_HANDSHAKE (smon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);

    static char buf[2000];
    memset (buf, 'a', sizeof buf);
    TEST_ZMQ_OK (zmq_send (client, buf, 1000, 0));
    char in[2000];
    TEST_ASSERT_EQ_INT (1000, zmq_recv (server, in, sizeof in, 0));
    TEST_ZMQ_OK (zmq_send (client, buf, 2000, 0));
    MON_EXPECT (smon, ZMQ_EVENT_DISCONNECTED, 3000);
    EXPECT_NO_MSG (server, 300);

    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
