/* tls:// variant of test_sigpipe_peer_reset_tcp.c (our library only; real
 * libzmq has no tls://, so the test is skipped with 77 when built against
 * its header or run against a library without zmq_has ("tls")).
 *
 * A peer that goes away abruptly (FIN, then RST on the TCP connection
 * under the TLS session: shutdown SHUT_WR, then SO_LINGER {1, 0} + close,
 * no close_notify) while large messages (64 KiB .. 1 MiB) are being
 * written to it does not kill the process with SIGPIPE, although the
 * application leaves SIGPIPE at its default disposition (tls_test_init
 * ignores SIGPIPE; this test puts the default back).
 *
 * The peer is a TLS server written here with OpenSSL (server.crt from
 * mkcerts.sh; the DEALER under test trusts ca.crt), speaking ZMTP inside
 * TLS. As in the tcp test: the DEALER (SNDHWM 4, RCVHWM 1, SNDBUF 64 KiB)
 * has a full inbound pipe, so its engine stops reading and never sees the
 * FIN; the RST then finds the connection in CLOSE_WAIT, where the next
 * write fails with EPIPE. Five rounds, then the socket still works both
 * ways with a sixth peer, and zmq_close / zmq_ctx_term return.
 *
 * Usage: test_sigpipe_peer_reset_tls CERTDIR (or $ZMQ_TLS_TEST_CERTS);
 * CERTDIR is written by capi-tests/tls/mkcerts.sh. */
#include "rawzmtp.h"

#if defined ZMQ_HEADER_IS_REAL || !defined ZMQ_TLS_CA_FILE

int main (void)
{
    printf ("header under test has no tls://: skipped\n");
    return 77;
}

#else

#include "tlsutil.h"

#include "tlsraw.h"
#include <signal.h>

#define ROUNDS 5

/* Accept the next connection, run the TLS handshake as server and the
 * ZMTP NULL handshake inside it. */
static SSL *tls_peer_accept (SSL_CTX *sctx, int lfd, int *fd_out)
{
    int fd = rz_accept (lfd, 5000, 3000);
    TEST_ASSERT_MSG (fd >= 0, "the DEALER did not (re)connect");
    SSL *ssl = SSL_new (sctx);
    TEST_ASSERT (ssl != NULL);
    TEST_ASSERT (SSL_set_fd (ssl, fd) == 1);
    int rc = SSL_accept (ssl);
    TEST_ASSERT_MSG (rc == 1, "SSL_accept: error %d", SSL_get_error (ssl, rc));

    unsigned char g[64], peer[64], buf[512];
    rz_build_greeting (g, 1, "NULL", 0);
    ssl_write_all (ssl, g, 64);
    TEST_ASSERT_MSG (ssl_read_all (ssl, peer, 64) == 0, "no greeting");
    rz_check_greeting (peer);
    ssl_write_all (ssl, buf, rz_build_ready (buf, sizeof buf, "DEALER"));
    rz_frame_t *f = (rz_frame_t *) malloc (sizeof *f);
    TEST_ASSERT (f != NULL);
    TEST_ASSERT_MSG (ssl_read_frame (ssl, f) == 0, "no READY");
    rz_check_ready (f, "DEALER");
    free (f);
    *fd_out = fd;
    return ssl;
}

int main (int argc, char **argv)
{
    if (!zmq_has ("tls")) {
        printf ("library under test has no tls://: skipped\n");
        return 77;
    }
    tls_test_init (argc, argv);
    /* tls_test_init ignores SIGPIPE; this test is about not needing that. */
    signal (SIGPIPE, SIG_DFL);

    SSL_CTX *sctx = SSL_CTX_new (TLS_server_method ());
    TEST_ASSERT (sctx != NULL);
    TEST_ASSERT (SSL_CTX_use_certificate_chain_file (sctx, cert ("server.crt"))
                 == 1);
    TEST_ASSERT (
      SSL_CTX_use_PrivateKey_file (sctx, cert ("server.key"), SSL_FILETYPE_PEM)
      == 1);

    int port;
    int lfd = rz_listen_tcp (&port, 4096);
    char ep[64];
    snprintf (ep, sizeof ep, "tls://127.0.0.1:%d", port);

    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    tls_creds (dealer, "ca.crt", NULL, NULL);
    set_int_opt (dealer, ZMQ_SNDHWM, 4);
    set_int_opt (dealer, ZMQ_RCVHWM, 1);
    set_int_opt (dealer, ZMQ_SNDBUF, 64 * 1024);
    set_int_opt (dealer, ZMQ_RECONNECT_IVL, 50);
    TEST_ZMQ_OK (zmq_connect (dealer, ep));

    unsigned char small[64];
    memset (small, 'i', sizeof small);
    for (int round = 0; round < ROUNDS; round++) {
        int fd;
        SSL *ssl = tls_peer_accept (sctx, lfd, &fd);
        for (int i = 0; i < 64; i++)
            ssl_send_frame (ssl, small, sizeof small);
        rz_wait_delivered (fd);
        rz_send_until_full (dealer, 200, 3000);
        rz_fin_then_reset (fd); /* no close_notify: the peer just vanishes */
        SSL_free (ssl);
        rz_send_for (dealer, 300);
        rz_drain (dealer, 100, 2000);
    }

    /* Still alive; the socket still works both ways with a new peer. */
    int fd;
    SSL *ssl = tls_peer_accept (sctx, lfd, &fd);
    rz_frame_t *f = (rz_frame_t *) malloc (sizeof *f);
    TEST_ASSERT (f != NULL);
    /* Messages queued before the peer went away go out first; reading them
     * makes room for "alive" behind the send HWM, however the pipe's window
     * stands (the sender learns of reads in steps, as in libzmq), as
     * rz_send_str_reading does in the tcp test. */
    int64_t end = now_ms () + 5000;
    int sent = 0;
    while (!sent && now_ms () < end) {
        if (zmq_send (dealer, "alive", 5, ZMQ_DONTWAIT) == 5) {
            sent = 1;
            break;
        }
        TEST_ASSERT_MSG (zmq_errno () == EAGAIN, "zmq_send: %s",
                         zmq_strerror (zmq_errno ()));
        struct pollfd p = {fd, POLLIN, 0};
        if ((SSL_pending (ssl) > 0 || poll (&p, 1, 10) == 1)
            && ssl_read_frame (ssl, f) != 0)
            break;
    }
    TEST_ASSERT_MSG (sent, "\"alive\" could not be sent");
    int found = 0;
    while (!found && ssl_read_frame (ssl, f) == 0)
        found = !(f->flags & 0x04) && f->size == 5
                && memcmp (f->data, "alive", 5) == 0;
    free (f);
    TEST_ASSERT_MSG (found, "\"alive\" never arrived at the new peer");
    ssl_send_frame (ssl, "final", 5);
    char buf[256];
    int n;
    do
        n = zmq_recv (dealer, buf, sizeof buf, 0);
    while (n >= 0 && !(n == 5 && memcmp (buf, "final", 5) == 0));
    TEST_ASSERT_MSG (n == 5, "\"final\" not received: %s",
                     zmq_strerror (zmq_errno ()));

    SSL_free (ssl);
    close (fd);
    close (lfd);
    SSL_CTX_free (sctx);
    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}

#endif
