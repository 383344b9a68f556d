/* ZMQ_HANDSHAKE_IVL covers the TLS handshake: with it at 300 ms, a raw TCP
 * client that sends the start of a TLS ClientHello and stalls, and one that
 * sends nothing at all, are both dropped after about 300 ms (DISCONNECTED
 * on the listener's monitor, EOF on the raw sockets, within 2 s, not
 * before ~250 ms); meanwhile a TLS client is served normally. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_PAIR);
    void *smon = mon_open (ctx, server);
    set_int_opt (server, ZMQ_HANDSHAKE_IVL, 300);
    tls_creds (server, NULL, "server.crt", "server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    int64_t start = now_ms ();
    int partial = raw_connect (ep);
    /* TLS record header: handshake, TLS 1.0 record version, 512 bytes
     * announced; then the first bytes of a ClientHello, then silence. */
    const unsigned char hello[] = {0x16, 0x03, 0x01, 0x02, 0x00,
                                   0x01, 0x00, 0x01, 0xfc, 0x03, 0x03};
    TEST_ASSERT (send (partial, hello, sizeof hello, MSG_NOSIGNAL)
                 == (ssize_t) sizeof hello);
    int silent = raw_connect (ep);

    /* a good client is served while the two stall */
    void *client = test_socket (ctx, ZMQ_PAIR);
    tls_creds (client, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (client, ep));
    bounce (client, server);

    /* Closing times measured from the connects; observed, so never earlier
     * than the real closure. */
    int fds[2] = {partial, silent};
    const char *what[2] = {"partial ClientHello", "silent connection"};
    for (int i = 0; i < 2; i++) {
        int t = raw_wait_closed (fds[i], 2500);
        long long at = (long long) (now_ms () - start);
        TEST_ASSERT_MSG (t >= 0, "%s still open %lld ms after connecting "
                         "(HANDSHAKE_IVL 300 ms)", what[i], at);
        TEST_ASSERT_MSG (at >= 250 && at <= 2300,
                         "%s dropped %lld ms after connecting, expected about "
                         "HANDSHAKE_IVL = 300 ms", what[i], at);
    }

    /* the listener reports both drops */
    char seen[4096] = "";
    mon_event_t ev;
    int disconnected = 0;
    int64_t deadline = now_ms () + 2000;
    while (disconnected < 2 && now_ms () < deadline) {
        if (mon_wait (smon, ZMQ_EVENT_DISCONNECTED,
                      (int) (deadline - now_ms ()), &ev, seen, sizeof seen))
            disconnected++;
    }
    TEST_ASSERT_MSG (disconnected == 2,
                     "%d DISCONNECTED events for 2 stalled peers; events "
                     "seen:%s",
                     disconnected, seen);

    /* the good client is still connected */
    bounce (client, server);

    close (partial);
    close (silent);
    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
