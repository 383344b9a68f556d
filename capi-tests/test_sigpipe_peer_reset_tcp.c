/* A peer that goes away abruptly (FIN, then RST: shutdown SHUT_WR, then
 * SO_LINGER {1, 0} + close) while large messages (64 KiB .. 1 MiB) are
 * being written to it does not kill the process with SIGPIPE, although the
 * application leaves SIGPIPE at its default disposition (this test neither
 * ignores nor blocks it). libzmq writes only from its I/O thread, which
 * blocks all signals: the write fails with EPIPE, the connection is
 * dropped, and the socket reconnects.
 *
 * How the EPIPE comes about: the DEALER under test has a full inbound pipe
 * (RCVHWM 1; the raw peer sent 64 messages the application never reads),
 * so its engine has stopped reading and never sees the FIN; the RST then
 * finds the connection in CLOSE_WAIT, where the kernel reports the next
 * write as EPIPE (with SIGPIPE unless MSG_NOSIGNAL). The raw listener
 * (SO_RCVBUF 4 KiB) completes the handshake and never reads; the
 * application sends with ZMQ_DONTWAIT (SNDHWM 4, SNDBUF 64 KiB) until the
 * socket is full; the peer goes away; the application keeps sending for
 * 300 ms, then reads what the peer had sent (libzmq notices the dead
 * connection only when its stopped input resumes). Five rounds (the
 * DEALER reconnects each time). Then the socket
 * still works both ways with a sixth raw peer, and zmq_close /
 * zmq_ctx_term return. */
#include "rawzmtp.h"

#define ROUNDS 5

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    int port;
    int lfd = rz_listen_tcp (&port, 4096);
    char ep[64];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", port);

    void *dealer = rz_sigpipe_dealer (ctx);
    TEST_ZMQ_OK (zmq_connect (dealer, ep));

    for (int round = 0; round < ROUNDS; round++) {
        int fd = rz_accept (lfd, 5000, 3000);
        TEST_ASSERT_MSG (fd >= 0, "round %d: the DEALER did not (re)connect",
                         round);
        rz_handshake (fd, "DEALER", "DEALER");
        rz_stuff_input (fd, 64);
        rz_wait_delivered (fd);
        rz_send_until_full (dealer, 200, 3000);
        rz_fin_then_reset (fd);
        rz_send_for (dealer, 300);
        /* libzmq notices the dead connection (and reconnects) only once
         * its stopped input resumes: read what the peer sent. */
        rz_drain (dealer, 100, 2000);
    }

    /* Still alive; the socket still works both ways with a new peer. */
    rz_check_dealer_alive (dealer, lfd);

    close (lfd);
    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
