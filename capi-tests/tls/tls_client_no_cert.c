/* A bind side with a CA (VERIFY_PEER 1) requires a client certificate: a
 * client without one is rejected (server monitor: HANDSHAKE_FAILED_AUTH /
 * ETLSVERIFY, then DISCONNECTED; the client reports a handshake failure);
 * no message crosses; a client with a certificate still works. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_REP);
    void *smon = mon_open (ctx, server);
    tls_creds (server, "ca.crt", "server.crt", "server.key");

    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *bad = test_socket (ctx, ZMQ_REQ);
    void *bmon = mon_open (ctx, bad);
    tls_creds (bad, "ca.crt", NULL, NULL);
    EXPECT_REFUSED (bad, bmon, server, smon, ep, "server",
                    ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSVERIFY);

    /* the bind side keeps serving everyone else */
    void *good = test_socket (ctx, ZMQ_REQ);
    tls_creds (good, "ca.crt", "client.crt", "client.key");
    TEST_ZMQ_OK (zmq_connect (good, ep));
    send_str (good, "hello", 0);
    char uid[256];
    TEST_ASSERT (RECV_STR_UID (server, "hello", uid, sizeof uid));
    TEST_ASSERT_EQ_STR ("client", uid);
    send_str (server, "world", 0);
    RECV_STR (good, "world");
    /* and still nothing from the refused client */
    EXPECT_NO_MSG (server, 300);
    EXPECT_NO_MSG (bad, 100);

    mon_close (bad, bmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (good));
    TEST_ZMQ_OK (zmq_close (bad));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
