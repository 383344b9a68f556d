/* A 1 MiB message crosses a tls connection intact in both directions
 * (several times, so TLS records are split and reassembled), together with
 * a multi-frame message mixing large and empty frames. */
#include "tlsutil.h"

#define BIG (1024 * 1024)

static void fill (unsigned char *b, size_t n, unsigned seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b[i] = (unsigned char) x;
    }
}

static void check_recv (void *s, const unsigned char *expected, size_t n,
                        int more)
{
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    int rc = zmq_msg_recv (&m, s, 0);
    TEST_ASSERT_MSG (rc >= 0, "recv: %s", zmq_strerror (zmq_errno ()));
    TEST_ASSERT_EQ_INT (n, zmq_msg_size (&m));
    TEST_ASSERT_MSG (n == 0 || memcmp (zmq_msg_data (&m), expected, n) == 0,
                     "payload differs");
    TEST_ASSERT_EQ_INT (more, zmq_msg_more (&m));
    zmq_msg_close (&m);
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *server = tls_server (ctx, ZMQ_PAIR, ep, sizeof ep);
    void *client = test_socket (ctx, ZMQ_PAIR);
    tls_creds (client, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (client, ep));

    unsigned char *big = (unsigned char *) malloc (BIG);
    TEST_ASSERT (big != NULL);
    for (unsigned round = 0; round < 4; round++) {
        fill (big, BIG, round);
        void *from = round % 2 ? server : client;
        void *to = round % 2 ? client : server;
        TEST_ASSERT_EQ_INT (BIG, TEST_ZMQ_OK (zmq_send (from, big, BIG, 0)));
        check_recv (to, big, BIG, 0);
    }
    fill (big, BIG, 99);
    TEST_ZMQ_OK (zmq_send (client, big, BIG, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (client, "", 0, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (client, big, 1000, 0));
    check_recv (server, big, BIG, 1);
    check_recv (server, big, 0, 1);
    check_recv (server, big, 1000, 0);
    free (big);

    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
