/* A TLS 1.3 peer that floods KeyUpdate messages asking for an update in
 * return, and never reads, does not make the library buffer its answers
 * without bound. The peer (OpenSSL, this process's main thread, small
 * SO_RCVBUF) completes the TLS and ZMTP handshakes with a DEALER bound by
 * the library, then sends KeyUpdate(update_requested) records for up to
 * 8 s (stopping early when a write has been blocked for 1 s): each one
 * obliges the library to send a KeyUpdate of its own. The library must
 * stop reading once its unread answers pile up (the peer's writes then
 * block), so the process's VmRSS grows by less than 3 MiB (unbounded, it
 * grew by 3.3 MiB in 4 s and 8 MiB in 12 s here, with every byte the peer
 * sent), and the DEALER still works with another peer afterwards.
 * FLOOD_MS overrides the flood's length (default 8000 ms). */
#include "rawzmtp.h"
#include "tlsutil.h"
#include "tlsraw.h"

#include <fcntl.h>

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    tls_creds (dealer, NULL, "server.crt", "server.key");
    char ep[256];
    tls_bind (dealer, ep, sizeof ep);

    int fd;
    SSL *ssl = tr_connect (ep, NULL, NULL, 0, &fd);
    TEST_ASSERT_MSG (ssl != NULL, "TLS handshake failed");
    TEST_ASSERT_EQ_INT (TLS1_3_VERSION, SSL_version (ssl));
    unsigned char props[64];
    size_t len = 0;
    tr_prop (props, sizeof props, &len, "Socket-Type", "DEALER");
    TEST_ASSERT (tr_zmtp (ssl, props, len, "DEALER") == 0);
    rz_set_rcvbuf (fd, 4096);

    long rss_before = rz_rss_kib (0);
    /* Non-blocking from here: a blocked write ends the flood. */
    TEST_ASSERT (fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK) == 0);
    int64_t start = now_ms (), blocked_since = 0;
    unsigned long updates = 0;
    const char *fm = getenv ("FLOOD_MS");
    int64_t flood_ms = fm ? atoi (fm) : 8000;
    while (now_ms () - start < flood_ms) {
        if (!blocked_since
            && SSL_key_update (ssl, SSL_KEY_UPDATE_REQUESTED) != 1)
            break;
        int rc = SSL_do_handshake (ssl);
        if (rc == 1) {
            updates++;
            blocked_since = 0;
            continue;
        }
        int err = SSL_get_error (ssl, rc);
        TEST_ASSERT_MSG (err == SSL_ERROR_WANT_WRITE
                           || err == SSL_ERROR_WANT_READ,
                         "SSL_do_handshake: error %d", err);
        if (!blocked_since)
            blocked_since = now_ms ();
        else if (now_ms () - blocked_since > 1000)
            break;
        usleep (1000);
    }
    sleep_ms (200);
    long growth = rz_rss_kib (0) - rss_before;
    printf ("%lu KeyUpdate requests in %lld ms (%s); RSS +%ld KiB\n", updates,
            (long long) (now_ms () - start),
            blocked_since ? "writes blocked" : "time up", growth);
    TEST_ASSERT_MSG (updates > 1000, "the flood did not get going");
    TEST_ASSERT_MSG (growth < 3 * 1024,
                     "RSS grew by %ld KiB answering %lu KeyUpdates that were "
                     "never read",
                     growth, updates);
    SSL_free (ssl);
    close (fd);

    /* the DEALER still serves a well-behaved peer */
    void *peer = test_socket (ctx, ZMQ_DEALER);
    tls_creds (peer, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (peer, ep));
    send_str (peer, "alive", 0);
    RECV_STR (dealer, "alive");
    TEST_ZMQ_OK (zmq_close (peer));
    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
