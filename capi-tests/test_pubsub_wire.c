/* Subscriptions on the wire, against a raw ZMTP peer acting as PUB:
 * - to a ZMTP 3.1 peer a SUB subscribes with a SUBSCRIBE command and
 *   cancels with a CANCEL command (RFC 37);
 * - to a ZMTP 3.0 peer (greeting minor version 0) it sends the message
 *   form: a frame 0x01 + topic, and 0x00 + topic;
 * - a raw peer acting as SUB may subscribe either way to our PUB, and gets
 *   the matching messages;
 * - a peer the SUB refuses (it claims to be a REP) is not tried again, as
 *   libzmq ends a connecter after a protocol failure;
 * - (ours) handshakes cut short (the peer closes after the greetings) do
 *   not make the SUB queue its subscriptions again and again: when a real
 *   PUB finally answers, the subscription arrives once;
 * - a peer's 1 MiB subscription (a million-byte-deep path in the PUB's
 *   tree), cancelled and then left with another, does not bring the
 *   process down (nothing walks the tree recursively). */
#include "rawzmtp.h"

/* Accept the SUB's connection as a PUB speaking ZMTP 3.<minor>. */
static int accept_as (int lfd, int minor, const char *type, int check_ready)
{
    int fd = rz_accept (lfd, 5000, 3000);
    TEST_ASSERT (fd >= 0);
    unsigned char g[64], peer[64], buf[512];
    rz_build_greeting (g, minor, "NULL", 1);
    rz_write (fd, g, 64);
    TEST_ASSERT (rz_read (fd, peer, 64) == 0);
    rz_check_greeting (peer);
    rz_write (fd, buf, rz_build_ready (buf, sizeof buf, type));
    if (!check_ready)
        return fd; /* it may close before its READY reaches us */
    rz_frame_t *f = (rz_frame_t *) malloc (sizeof *f);
    TEST_ASSERT (rz_read_frame (fd, f) == 0);
    rz_check_ready (f, "SUB");
    free (f);
    return fd;
}

static int accept_as_pub (int lfd, int minor)
{
    return accept_as (lfd, minor, "PUB", 1);
}

/* The next frame is a subscription (on) or cancel for topic, as a command
 * (minor 1) or a message (minor 0). */
static void expect_subscription (int fd, int minor, int on, const char *topic)
{
    rz_frame_t *f = (rz_frame_t *) malloc (sizeof *f);
    TEST_ASSERT (rz_read_frame (fd, f) == 0);
    size_t tl = strlen (topic);
    if (minor >= 1) {
        const char *name = on ? "SUBSCRIBE" : "CANCEL";
        size_t nl = strlen (name);
        TEST_ASSERT_MSG (rz_is_command (f, name), "expected a %s command", name);
        TEST_ASSERT_EQ_INT (1 + nl + tl, f->size);
        TEST_ASSERT_EQ_MEM (topic, f->data + 1 + nl, tl);
    } else {
        TEST_ASSERT_MSG (!(f->flags & 0x04), "a command to a ZMTP 3.0 peer");
        TEST_ASSERT_EQ_INT (1 + tl, f->size);
        TEST_ASSERT_EQ_INT (on, f->data[0]);
        TEST_ASSERT_EQ_MEM (topic, f->data + 1, tl);
    }
    free (f);
}

/* A SUB to "news", reconnecting every 20 ms, connected to a new raw
 * listener (*lfd). */
static void *sub_to_listener (void *ctx, int *lfd)
{
    int port;
    *lfd = rz_listen_tcp (&port, 0);
    char ep[64];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    void *sub = test_socket (ctx, ZMQ_SUB);
    set_int_opt (sub, ZMQ_RECONNECT_IVL, 20);
    TEST_ZMQ_OK (zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "news", 4));
    TEST_ZMQ_OK (zmq_connect (sub, ep));
    return sub;
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    for (int minor = 1; minor >= 0; minor--) {
        int port;
        int lfd = rz_listen_tcp (&port, 0);
        char ep[64];
        snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", port);
        void *sub = test_socket (ctx, ZMQ_SUB);
        TEST_ZMQ_OK (zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "news", 4));
        TEST_ZMQ_OK (zmq_connect (sub, ep));
        int fd = accept_as_pub (lfd, minor);
        expect_subscription (fd, minor, 1, "news");
        TEST_ZMQ_OK (zmq_setsockopt (sub, ZMQ_UNSUBSCRIBE, "news", 4));
        expect_subscription (fd, minor, 0, "news");
        close (fd);
        close (lfd);
        TEST_ZMQ_OK (zmq_close (sub));
    }

    /* a peer that is refused (it claims to be a REP) is not tried again:
     * libzmq ends a connecter after a protocol failure */
    {
        int lfd;
        void *sub = sub_to_listener (ctx, &lfd);
        int fd = accept_as (lfd, 1, "REP", 0);
        TEST_ASSERT (rz_closed_within (fd, 3000) >= 0);
        close (fd);
        fd = rz_accept (lfd, 500, 500);
        TEST_ASSERT_MSG (fd < 0, "the SUB reconnected to a peer that broke the protocol");
        close (lfd);
        TEST_ZMQ_OK (zmq_close (sub));
    }

    /* five handshakes cut short (the peer closes after the greetings),
     * then a PUB: one subscription, not six */
    if (zmq_has ("tls")) {
        int lfd;
        void *sub = sub_to_listener (ctx, &lfd);
        for (int i = 0; i < 5; i++) {
            int fd = rz_accept (lfd, 5000, 3000);
            TEST_ASSERT (fd >= 0);
            unsigned char g[64], peer[64];
            rz_build_greeting (g, 1, "NULL", 1);
            rz_write (fd, g, 64);
            TEST_ASSERT (rz_read (fd, peer, 64) == 0);
            close (fd);
            /* the SUB's application uses it meanwhile (its mail is read) */
            sleep_ms (10);
            get_int_opt (sub, ZMQ_EVENTS);
        }
        int fd = accept_as_pub (lfd, 1);
        expect_subscription (fd, 1, 1, "news");
        rz_set_rcvtimeo (fd, 300);
        rz_frame_t *f = (rz_frame_t *) malloc (sizeof *f);
        TEST_ASSERT_MSG (rz_read_frame (fd, f) != 0,
                         "a second subscription frame (size %d) arrived",
                         (int) f->size);
        free (f);
        close (fd);
        close (lfd);
        TEST_ZMQ_OK (zmq_close (sub));
    }

    /* raw subscribers to our PUB: the command form and the message form */
    void *pub = test_socket (ctx, ZMQ_PUB);
    char ep[256];
    bind_ephemeral (pub, ep, sizeof ep);
    for (int form = 0; form < 2; form++) {
        int fd = rz_connect_tcp (ep, 0, 3000);
        rz_handshake (fd, "SUB", "PUB");
        unsigned char buf[64];
        if (form == 0)
            rz_write (fd, buf, rz_build_command (buf, sizeof buf, "SUBSCRIBE", "t", 1));
        else
            rz_send_frame (fd, 0, "\001t", 2);
        /* publish until it arrives: the subscription is asynchronous */
        int got = 0;
        rz_frame_t *f = (rz_frame_t *) malloc (sizeof *f);
        rz_set_rcvtimeo (fd, 50);
        for (int i = 0; i < 100 && !got; i++) {
            send_str (pub, "x-not", 0);
            send_str (pub, "t-yes", 0);
            while (!got && rz_read_frame (fd, f) == 0) {
                TEST_ASSERT_MSG (!(f->size == 5 && !memcmp (f->data, "x-not", 5)),
                                 "unsubscribed topic delivered");
                got = f->size == 5 && !memcmp (f->data, "t-yes", 5);
            }
        }
        free (f);
        TEST_ASSERT_MSG (got, "form %d: subscription never took effect", form);
        close (fd);
    }
    /* a 1 MiB topic: subscribe, cancel, subscribe again, disconnect */
    {
        int fd = rz_connect_tcp (ep, 0, 3000);
        rz_handshake (fd, "SUB", "PUB");
        size_t len = (1 << 20) + 1;
        unsigned char *big = (unsigned char *) malloc (len);
        TEST_ASSERT (big != NULL);
        memset (big, 'z', len);
        big[0] = 1;
        rz_send_frame (fd, 0, big, len);
        big[0] = 0;
        rz_send_frame (fd, 0, big, len);
        big[0] = 1;
        rz_send_frame (fd, 0, big, len);
        free (big);
        for (int i = 0; i < 20; i++) {
            send_str (pub, "tick", 0); /* makes the PUB read them */
            sleep_ms (20);
        }
        close (fd);
        for (int i = 0; i < 20; i++) {
            send_str (pub, "tick", 0); /* and notice the peer left */
            sleep_ms (20);
        }
    }
    TEST_ZMQ_OK (zmq_close (pub));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
