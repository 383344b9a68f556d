/* Our ZMTP greeting goes out in the stages libzmq uses (RFC 23's version
 * detection), as a raw peer sees it, with the library connecting and
 * binding:
 * - first the 10-byte signature only, and nothing more until the peer's
 *   signature is in;
 * - then the major version (3) only, until the peer's major version is in;
 * - then the rest (minor 1, "NULL", as-server 0, filler: 53 bytes), and
 *   READY only once the peer's whole greeting is in;
 * - the handshake then completes and a message goes through.
 * A peer that reads exactly the signature before answering (libzmq's
 * test_stream does this over a STREAM socket) sees the same bytes as from
 * libzmq; we used to send all 64 bytes at once. */
#include "rawzmtp.h"

/* Nothing arrives within ms. */
static void expect_quiet (int fd, int ms, const char *what)
{
    struct pollfd p = {fd, POLLIN, 0};
    int rc = poll (&p, 1, ms);
    TEST_ASSERT_MSG (rc == 0, "bytes arrived %s", what);
}

static void play (int fd, void *dealer)
{
    unsigned char g[64], in[64];
    rz_build_greeting (g, 1, "NULL", 0);

    TEST_ASSERT_MSG (rz_read (fd, in, 10) == 0, "no signature");
    TEST_ASSERT_EQ_INT (0xFF, in[0]);
    TEST_ASSERT_EQ_INT (0x7F, in[9]);
    expect_quiet (fd, 100, "before our signature");

    rz_write (fd, g, 10);
    TEST_ASSERT_MSG (rz_read (fd, in + 10, 1) == 0, "no major version");
    TEST_ASSERT_EQ_INT (3, in[10]);
    expect_quiet (fd, 100, "before our major version");

    rz_write (fd, g + 10, 1);
    TEST_ASSERT_MSG (rz_read (fd, in + 11, 53) == 0, "no rest of greeting");
    rz_check_greeting (in);
    TEST_ASSERT_EQ_INT (1, in[11]);
    TEST_ASSERT_EQ_INT (0, in[32]);
    expect_quiet (fd, 100, "(READY) before our whole greeting");

    rz_write (fd, g + 11, 53);
    unsigned char buf[512];
    rz_write (fd, buf, rz_build_ready (buf, sizeof buf, "ROUTER"));
    rz_frame_t *f = (rz_frame_t *) malloc (sizeof *f);
    TEST_ASSERT (f != NULL);
    TEST_ASSERT_MSG (rz_read_frame (fd, f) == 0, "no READY");
    rz_check_ready (f, "DEALER");
    send_str (dealer, "hello", 0);
    TEST_ASSERT_MSG (rz_read_frame (fd, f) == 0, "no message");
    TEST_ASSERT_EQ_INT (5, f->size);
    TEST_ASSERT_EQ_MEM ("hello", f->data, 5);
    rz_send_frame (fd, 0, "world", 5);
    RECV_STR (dealer, "world");
    free (f);
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    /* the library connects */
    int port;
    int lfd = rz_listen_tcp (&port, 0);
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    char ep[64];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    TEST_ZMQ_OK (zmq_connect (dealer, ep));
    int fd = rz_accept (lfd, 5000, 5000);
    TEST_ASSERT_MSG (fd >= 0, "no connection from the library");
    play (fd, dealer);
    close (fd);
    close (lfd);
    TEST_ZMQ_OK (zmq_close (dealer));

    /* the library binds */
    dealer = test_socket (ctx, ZMQ_DEALER);
    bind_ephemeral (dealer, ep, sizeof ep);
    fd = rz_connect_tcp (ep, 0, 5000);
    play (fd, dealer);
    close (fd);
    TEST_ZMQ_OK (zmq_close (dealer));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
