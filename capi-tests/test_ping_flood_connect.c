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
    rz_check_ping_flood (dealer, fd);

    rz_reset (fd);
    close (lfd);
    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
