/* A peer that floods PING commands and never reads the PONGs does not make
 * the library buffer PONGs without bound. Library side connects (DEALER)
 * to a raw listener (small SO_RCVBUF, so the library's output to it blocks
 * early), which completes the handshake, then writes PINGs (TTL 0, 16-byte
 * context) as fast as it can: up to 200 MB, stopping early when a write has
 * been blocked for 1 s (or after 8 s). The process's VmRSS must grow by
 * less than 32 MiB.
 *
 * Reference: libzmq keeps at most one pending PONG per connection (a new
 * PING replaces the PONG not yet encoded, zmtp_engine_t::
 * process_heartbeat_message), so its memory stays flat however much the
 * peer sends. The flooder is this process's main thread with a fixed,
 * pre-touched buffer, so it does not disturb the measurement. */
#include "rawzmtp.h"

#define MAX_BYTES ((uint64_t) 200 * 1000 * 1000)
#define LIMIT_KIB (32 * 1024)

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    int port;
    int lfd = rz_listen_tcp (&port, 4096);
    char ep[64];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_connect (dealer, ep));

    int fd = rz_accept (lfd, 5000, 3000);
    TEST_ASSERT_MSG (fd >= 0, "the library did not connect to %s", ep);
    rz_handshake (fd, "DEALER", "DEALER");
    /* The connection works before the flood. */
    rz_send_frame (fd, 0, "hello", 5);
    RECV_STR (dealer, "hello");

    rz_flood_t r;
    rz_ping_flood (fd, 1000, 1000, 1000, &r); /* touch the flood buffer */
    sleep_ms (100);
    long rss_before = rz_rss_kib (0);
    TEST_ASSERT (rss_before > 0);
    rz_ping_flood (fd, MAX_BYTES, 1000, 8000, &r);
    sleep_ms (200); /* let the library digest what is in flight */
    long growth = rz_rss_kib (0) - rss_before;
    printf ("flood: %llu bytes of PING in %lld ms (%s); RSS +%ld KiB "
            "(limit %d KiB)\n",
            (unsigned long long) r.written, (long long) r.elapsed_ms,
            r.blocked  ? "writes blocked"
            : r.closed ? "connection closed"
                       : "cap reached",
            growth, LIMIT_KIB);
    fflush (stdout);
    TEST_ASSERT_MSG (growth < LIMIT_KIB,
                     "RSS grew by %ld KiB while a peer sent %llu bytes of "
                     "PING without reading the PONGs",
                     growth, (unsigned long long) r.written);

    rz_reset (fd);
    close (lfd);
    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
