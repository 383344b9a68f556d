/* A raw TCP client spewing garbage at a tls listener is dropped: the
 * listener's monitor reports ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL with value
 * ETLS, then DISCONNECTED; the garbage client's connection is closed (its
 * sends fail) within a few seconds; nothing is delivered; a TLS client on
 * the same listener still works. */
#include "tlsutil.h"

typedef struct
{
    int fd;
    int closed_after_ms; /* -1: still open when the spewer gave up */
    long sent;
} spewer_t;

static void *spew (void *arg)
{
    spewer_t *sp = (spewer_t *) arg;
    unsigned char buf[1024];
    uint32_t x = 2463534242u;
    int64_t start = now_ms ();
    sp->closed_after_ms = -1;
    while (now_ms () - start < 8000) {
        for (size_t i = 0; i < sizeof buf; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf[i] = (unsigned char) x;
        }
        buf[0] = 'G'; /* never a valid TLS record type */
        ssize_t n = send (sp->fd, buf, sizeof buf, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            sp->closed_after_ms = (int) (now_ms () - start);
            break;
        }
        sp->sent += n;
        sleep_ms (5);
    }
    return NULL;
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_PULL);
    void *smon = mon_open (ctx, server);
    tls_creds (server, NULL, "server.crt", "server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    spewer_t sp = {raw_connect (ep), -1, 0};
    pthread_t th;
    TEST_ASSERT (pthread_create (&th, NULL, spew, &sp) == 0);

    MON_EXPECT (smon, ZMQ_EVENT_ACCEPTED, 5000);
    MON_EXPECT_HANDSHAKE (smon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ETLS,
                          5000);
    MON_EXPECT (smon, ZMQ_EVENT_DISCONNECTED, 2000);

    TEST_ASSERT (pthread_join (th, NULL) == 0);
    TEST_ASSERT_MSG (sp.closed_after_ms >= 0,
                     "garbage client still connected after 8 s (%ld bytes "
                     "sent)",
                     sp.sent);
    TEST_ASSERT_MSG (sp.closed_after_ms < 5000,
                     "garbage client dropped only after %d ms",
                     sp.closed_after_ms);
    close (sp.fd);
    EXPECT_NO_MSG (server, 200);

    void *good = test_socket (ctx, ZMQ_PUSH);
    tls_creds (good, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (good, ep));
    for (int i = 0; i < 10; i++) {
        char buf[16];
        snprintf (buf, sizeof buf, "tls %d", i);
        send_str (good, buf, 0);
        RECV_STR (server, buf);
    }

    mon_close (server, smon);
    TEST_ZMQ_OK (zmq_close (good));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
