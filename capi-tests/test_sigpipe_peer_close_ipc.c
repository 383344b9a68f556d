/* ipc:// variant of test_sigpipe_peer_reset_tcp.c: a peer that closes its
 * Unix-domain connection while large messages (64 KiB .. 1 MiB) are being
 * written to it does not kill the process with SIGPIPE, although the
 * application leaves SIGPIPE at its default disposition (this test neither
 * ignores nor blocks it). On a Unix stream socket whose peer is gone every
 * write fails with EPIPE (and raises SIGPIPE unless MSG_NOSIGNAL); libzmq
 * writes only from its I/O thread, which blocks all signals, drops the
 * connection and reconnects.
 *
 * A DEALER (SNDHWM 4, RCVHWM 1, SNDBUF 64 KiB) connects to a raw Unix
 * listener that completes the handshake, sends 64 small messages the
 * application never reads (so the engine stops reading), and never reads;
 * the application sends with ZMQ_DONTWAIT until the socket is full; the
 * peer closes; the application keeps sending for 300 ms, then reads what
 * the peer had sent (libzmq notices the dead connection only when its
 * stopped input resumes). Five rounds (the DEALER reconnects each time).
 * Then the socket still works both ways with a sixth raw peer, and
 * zmq_close / zmq_ctx_term return. */
#include "rawzmtp.h"

#define ROUNDS 5

int main (void)
{
    char path[108], ep[128];
    snprintf (path, sizeof path, "/tmp/wire-sigpipe-ipc-%d.sock",
              (int) getpid ());
    snprintf (ep, sizeof ep, "ipc://%s", path);
    int lfd = rz_listen_unix (path, 4096);

    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *dealer = rz_sigpipe_dealer (ctx);
    int rc = zmq_connect (dealer, ep);
    int en = zmq_errno ();
    if (rc != 0)
        unlink (path);
    TEST_ASSERT_MSG (rc == 0, "zmq_connect (\"%s\"): errno %d (%s)", ep, en,
                     zmq_strerror (en));

    for (int round = 0; round < ROUNDS; round++) {
        int fd = rz_accept (lfd, 5000, 3000);
        TEST_ASSERT_MSG (fd >= 0, "round %d: the DEALER did not (re)connect",
                         round);
        rz_handshake (fd, "DEALER", "DEALER");
        rz_stuff_input (fd, 64);
        rz_send_until_full (dealer, 200, 3000);
        close (fd);
        rz_send_for (dealer, 300);
        rz_drain (dealer, 100, 2000);
    }

    /* Still alive; the socket still works both ways with a new peer. */
    rz_check_dealer_alive (dealer, lfd);

    close (lfd);
    unlink (path);
    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
