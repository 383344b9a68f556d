/* A plaintext ZMTP peer (an ordinary tcp:// ZMQ socket) connecting to a tls
 * listener is dropped: the listener's monitor reports
 * ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL with value ETLS, then DISCONNECTED;
 * its message never arrives; a TLS client on the same listener still works
 * while the plaintext peer keeps retrying. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_PULL);
    void *smon = mon_open (ctx, server);
    tls_creds (server, NULL, "server.crt", "server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    char tcp_ep[256];
    snprintf (tcp_ep, sizeof tcp_ep, "tcp://127.0.0.1:%d", endpoint_port (ep));
    void *plain = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (plain, ZMQ_RECONNECT_IVL, 100);
    TEST_ZMQ_OK (zmq_connect (plain, tcp_ep));
    TEST_ZMQ_OK (zmq_send (plain, "plaintext", 9, ZMQ_DONTWAIT));

    MON_EXPECT (smon, ZMQ_EVENT_ACCEPTED, 5000);
    MON_EXPECT_HANDSHAKE (smon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ETLS,
                          5000);
    MON_EXPECT (smon, ZMQ_EVENT_DISCONNECTED, 2000);
    EXPECT_NO_MSG (server, 500);

    void *good = test_socket (ctx, ZMQ_PUSH);
    tls_creds (good, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (good, ep));
    for (int i = 0; i < 10; i++) {
        char buf[16];
        snprintf (buf, sizeof buf, "tls %d", i);
        send_str (good, buf, 0);
        RECV_STR (server, buf);
    }
    EXPECT_NO_MSG (server, 300);
    mon_expect_none_ (__FILE__, __LINE__, smon,
                      ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
                        | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                      "AUTH/PROTOCOL failure for a plaintext peer", 0);

    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (plain));
    TEST_ZMQ_OK (zmq_close (good));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
