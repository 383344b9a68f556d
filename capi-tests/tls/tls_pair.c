/* PAIR over tls://: bind on tls://127.0.0.1:* (ZMQ_LAST_ENDPOINT gives
 * tls://127.0.0.1:PORT), connect with the CA, both monitors report the
 * handshake as succeeded, single and multi-frame messages both ways. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_PAIR);
    void *smon = mon_open (ctx, server);
    tls_creds (server, NULL, "server.crt", "server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);
    MON_EXPECT (smon, ZMQ_EVENT_LISTENING, 2000);

    void *client = test_socket (ctx, ZMQ_PAIR);
    void *cmon = mon_open (ctx, client);
    tls_creds (client, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (client, ep));
    char cep[256];
    get_last_endpoint (client, cep, sizeof cep);
    TEST_ASSERT_EQ_STR (ep, cep);

    MON_EXPECT (cmon, ZMQ_EVENT_CONNECTED, 5000);
    MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);
    MON_EXPECT (smon, ZMQ_EVENT_ACCEPTED, 5000);
    MON_EXPECT_HANDSHAKE (smon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 5000);

    bounce (client, server);
    for (int i = 0; i < 20; i++) {
        char buf[32];
        snprintf (buf, sizeof buf, "c2s-%d", i);
        send_str (client, buf, 0);
        snprintf (buf, sizeof buf, "s2c-%d", i);
        send_str (server, buf, 0);
    }
    for (int i = 0; i < 20; i++) {
        char buf[32];
        snprintf (buf, sizeof buf, "c2s-%d", i);
        RECV_STR (server, buf);
        snprintf (buf, sizeof buf, "s2c-%d", i);
        RECV_STR (client, buf);
    }
    const char *frames[] = {"one", "", "three", NULL};
    send_strs (client, frames);
    RECV_STRS (server, frames);
    send_strs (server, frames);
    RECV_STRS (client, frames);

    mon_close (client, cmon);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
