/* PUB/SUB over tls://: subscriptions travel inside the TLS session (as
 * SUBSCRIBE commands), filtering works, multipart messages arrive whole,
 * and a SUB on XPUB gets through to the application as a subscription
 * message. */
#include "tlsutil.h"
#include "../pubsub.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *pub = tls_server (ctx, ZMQ_PUB, (char[256]){0}, 256);
    char ep[256];
    get_last_endpoint (pub, ep, sizeof ep);
    void *sub = test_socket (ctx, ZMQ_SUB);
    tls_creds (sub, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (sub, ep));
    subscribe (sub, "news");
    SUB_SYNC (pub, sub, "news.sync");
    send_str (pub, "sport.1", 0);
    const char *multi[] = {"news.1", "body", NULL};
    send_strs (pub, multi);
    RECV_STRS (sub, multi);
    EXPECT_NOTHING (sub, 100);
    TEST_ZMQ_OK (zmq_close (sub));
    TEST_ZMQ_OK (zmq_close (pub));

    void *xpub = tls_server (ctx, ZMQ_XPUB, (char[256]){0}, 256);
    get_last_endpoint (xpub, ep, sizeof ep);
    sub = test_socket (ctx, ZMQ_SUB);
    tls_creds (sub, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (sub, ep));
    subscribe (sub, "t");
    char buf[8];
    TEST_ASSERT_EQ_INT (2, zmq_recv (xpub, buf, sizeof buf, 0));
    TEST_ASSERT_EQ_MEM ("\001t", buf, 2);
    TEST_ZMQ_OK (zmq_close (sub));
    TEST_ZMQ_OK (zmq_close (xpub));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
