/* ZMTP 3.x on the wire, against a raw TCP peer written here:
 *  - greeting: 0xFF..0x7F signature, version 3, mechanism "NULL";
 *  - READY carries "Socket-Type"; a ZMTP 3.0 peer (minor 0) is accepted;
 *  - short, long (8-byte size) and MORE frames are decoded;
 *  - outgoing message frames are well-formed;
 *  - a PING with context gets a PONG echoing the context;
 *  - with HEARTBEAT_IVL set the socket sends PINGs, and with
 *    HEARTBEAT_TIMEOUT a silent peer is disconnected;
 *  - a peer that sends no greeting is dropped after HANDSHAKE_IVL (kept
 *    when it is 0);
 *  - an unknown mechanism, a message before READY, or a READY with an
 *    incompatible Socket-Type makes the socket drop that connection only. */
#include "testutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

static int raw_connect (const char *ep, int rcv_timeout_ms)
{
    int port = endpoint_port (ep);
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    TEST_ASSERT (fd >= 0);
    struct sockaddr_in a;
    memset (&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons ((uint16_t) port);
    a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    TEST_ASSERT (connect (fd, (struct sockaddr *) &a, sizeof a) == 0);
    struct timeval tv;
    tv.tv_sec = rcv_timeout_ms / 1000;
    tv.tv_usec = (rcv_timeout_ms % 1000) * 1000;
    TEST_ASSERT (setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
    int one = 1;
    setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static void raw_write (int fd, const void *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *) buf;
    while (len) {
        ssize_t n = send (fd, p, len, MSG_NOSIGNAL);
        TEST_ASSERT_MSG (n > 0, "send: %s", strerror (errno));
        p += n;
        len -= (size_t) n;
    }
}

/* Read exactly len bytes; returns 0 on success, -1 on EOF/error/timeout. */
static int raw_read (int fd, void *buf, size_t len)
{
    unsigned char *p = (unsigned char *) buf;
    while (len) {
        ssize_t n = recv (fd, p, len, 0);
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t) n;
    }
    return 0;
}

static void make_greeting (unsigned char g[64], int minor, const char *mech)
{
    memset (g, 0, 64);
    g[0] = 0xFF;
    g[9] = 0x7F;
    g[10] = 3;
    g[11] = (unsigned char) minor;
    memcpy (g + 12, mech, strlen (mech));
    g[32] = 0; /* as-server */
}

/* Exchange greetings; check the socket's. */
static void do_greeting (int fd, int minor)
{
    unsigned char g[64], peer[64];
    make_greeting (g, minor, "NULL");
    raw_write (fd, g, 64);
    TEST_ASSERT_MSG (raw_read (fd, peer, 64) == 0, "no greeting");
    TEST_ASSERT_EQ_INT (0xFF, peer[0]);
    TEST_ASSERT_EQ_INT (0x7F, peer[9]);
    TEST_ASSERT_EQ_INT (3, peer[10]);
    TEST_ASSERT_EQ_MEM ("NULL\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", peer + 12, 20);
}

/* Send a command frame (short form). */
static void send_command (int fd, const char *name, const void *data,
                          size_t len)
{
    unsigned char buf[512];
    size_t nl = strlen (name);
    size_t body = 1 + nl + len;
    TEST_ASSERT (body < 256);
    buf[0] = 0x04;
    buf[1] = (unsigned char) body;
    buf[2] = (unsigned char) nl;
    memcpy (buf + 3, name, nl);
    memcpy (buf + 3 + nl, data, len);
    raw_write (fd, buf, 2 + body);
}

static size_t put_prop (unsigned char *p, const char *name, const char *value)
{
    size_t nl = strlen (name), vl = strlen (value);
    p[0] = (unsigned char) nl;
    memcpy (p + 1, name, nl);
    p[1 + nl] = (unsigned char) (vl >> 24);
    p[2 + nl] = (unsigned char) (vl >> 16);
    p[3 + nl] = (unsigned char) (vl >> 8);
    p[4 + nl] = (unsigned char) vl;
    memcpy (p + 5 + nl, value, vl);
    return 5 + nl + vl;
}

static void send_ready (int fd, const char *type)
{
    unsigned char props[256];
    size_t n = put_prop (props, "Socket-Type", type);
    send_command (fd, "READY", props, n);
}

typedef struct
{
    int flags;
    size_t size;
    unsigned char data[4096];
} frame_t;

static int read_frame (int fd, frame_t *f)
{
    unsigned char hdr[9];
    if (raw_read (fd, hdr, 2) != 0)
        return -1;
    f->flags = hdr[0];
    if (hdr[0] & 0x02) {
        if (raw_read (fd, hdr + 2, 7) != 0)
            return -1;
        uint64_t sz = 0;
        for (int i = 1; i < 9; i++)
            sz = (sz << 8) | hdr[i];
        f->size = (size_t) sz;
    } else
        f->size = hdr[1];
    TEST_ASSERT_MSG (f->size <= sizeof f->data, "frame of %zu bytes", f->size);
    return raw_read (fd, f->data, f->size);
}

static int is_command (const frame_t *f, const char *name)
{
    size_t nl = strlen (name);
    return (f->flags & 0x04) && f->size >= 1 + nl && f->data[0] == nl
           && memcmp (f->data + 1, name, nl) == 0;
}

/* Read the READY and check its Socket-Type. */
static void expect_ready (int fd, const char *type)
{
    frame_t f;
    TEST_ASSERT_MSG (read_frame (fd, &f) == 0, "no READY");
    TEST_ASSERT_MSG (is_command (&f, "READY"), "first frame is not READY");
    size_t pos = 6;
    int found = 0;
    while (pos < f.size) {
        size_t nl = f.data[pos];
        const unsigned char *name = f.data + pos + 1;
        size_t vl = ((size_t) f.data[pos + 1 + nl] << 24)
                    | ((size_t) f.data[pos + 2 + nl] << 16)
                    | ((size_t) f.data[pos + 3 + nl] << 8)
                    | f.data[pos + 4 + nl];
        const unsigned char *value = name + nl + 4;
        if (nl == 11 && memcmp (name, "Socket-Type", 11) == 0) {
            TEST_ASSERT_EQ_INT (strlen (type), vl);
            TEST_ASSERT_EQ_MEM (type, value, vl);
            found = 1;
        }
        pos += 5 + nl + vl;
    }
    TEST_ASSERT_EQ_INT (f.size, pos);
    TEST_ASSERT_MSG (found, "READY without Socket-Type");
}

/* Read frames, skipping PING commands, until a message frame. */
static void read_message_frame (int fd, frame_t *f)
{
    for (;;) {
        TEST_ASSERT_MSG (read_frame (fd, f) == 0, "connection closed");
        if (!(f->flags & 0x04))
            return;
        TEST_ASSERT_MSG (is_command (f, "PING"), "unexpected command");
    }
}

/* True if the peer closes the connection within timeout_ms (any data read
 * in the meantime is discarded). */
static int closed_within (int fd, int timeout_ms)
{
    int64_t deadline = now_ms () + timeout_ms;
    unsigned char buf[256];
    for (;;) {
        int64_t left = deadline - now_ms ();
        if (left <= 0)
            return 0;
        struct pollfd p = {fd, POLLIN, 0};
        int rc = poll (&p, 1, (int) left);
        if (rc <= 0)
            continue;
        ssize_t n = recv (fd, buf, sizeof buf, 0);
        if (n == 0)
            return 1;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return 1; /* ECONNRESET */
    }
}

static void send_frame (int fd, int more, const void *data, size_t len)
{
    unsigned char hdr[9];
    if (len < 256) {
        hdr[0] = (unsigned char) (more ? 0x01 : 0x00);
        hdr[1] = (unsigned char) len;
        raw_write (fd, hdr, 2);
    } else {
        hdr[0] = (unsigned char) (0x02 | (more ? 0x01 : 0x00));
        uint64_t sz = len;
        for (int i = 8; i >= 1; i--) {
            hdr[i] = (unsigned char) (sz & 0xff);
            sz >>= 8;
        }
        raw_write (fd, hdr, 9);
    }
    raw_write (fd, data, len);
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];

    void *dealer = test_socket (ctx, ZMQ_DEALER);
    bind_ephemeral (dealer, ep, sizeof ep);

    /* --- a well-behaved ZMTP 3.1 peer ------------------------------- */
    int fd = raw_connect (ep, 3000);
    do_greeting (fd, 1);
    send_ready (fd, "DEALER");
    expect_ready (fd, "DEALER");

    send_frame (fd, 0, "hello", 5);
    RECV_STR (dealer, "hello");
    send_frame (fd, 1, "a", 1);
    send_frame (fd, 1, "", 0);
    send_frame (fd, 0, "c", 1);
    const char *abc[] = {"a", "", "c", NULL};
    RECV_STRS (dealer, abc);
    char big[300];
    memset (big, 'L', sizeof big);
    send_frame (fd, 0, big, sizeof big); /* long frame */
    char buf[512];
    TEST_ASSERT_EQ_INT (300, zmq_recv (dealer, buf, sizeof buf, 0));
    TEST_ASSERT_EQ_MEM (big, buf, 300);

    /* Outgoing frames. */
    const char *out[] = {"x", "yy", NULL};
    send_strs (dealer, out);
    frame_t f;
    read_message_frame (fd, &f);
    TEST_ASSERT_EQ_INT (0x01, f.flags);
    TEST_ASSERT_EQ_INT (1, f.size);
    TEST_ASSERT_EQ_INT ('x', f.data[0]);
    read_message_frame (fd, &f);
    TEST_ASSERT_EQ_INT (0x00, f.flags);
    TEST_ASSERT_EQ_INT (2, f.size);
    TEST_ZMQ_OK (zmq_send (dealer, big, sizeof big, 0));
    read_message_frame (fd, &f);
    TEST_ASSERT_EQ_INT (0x02, f.flags); /* long form, last frame */
    TEST_ASSERT_EQ_INT (300, f.size);

    /* PING -> PONG with the same context. */
    unsigned char ping[4] = {0x00, 0x0a, 'c', 'x'}; /* TTL 1 s, ctx "cx" */
    send_command (fd, "PING", ping, sizeof ping);
    TEST_ASSERT (read_frame (fd, &f) == 0);
    TEST_ASSERT_MSG (is_command (&f, "PONG"), "expected PONG");
    TEST_ASSERT_EQ_INT (7, f.size);
    TEST_ASSERT_EQ_MEM ("cx", f.data + 5, 2);
    close (fd);

    /* --- a ZMTP 3.0 peer is accepted -------------------------------- */
    fd = raw_connect (ep, 3000);
    do_greeting (fd, 0);
    send_ready (fd, "DEALER");
    expect_ready (fd, "DEALER");
    send_frame (fd, 0, "v30", 3);
    RECV_STR (dealer, "v30");
    close (fd);

    /* --- heartbeats -------------------------------------------------- */
    void *hb = test_socket (ctx, ZMQ_DEALER);
    set_int_opt (hb, ZMQ_HEARTBEAT_IVL, 100);
    set_int_opt (hb, ZMQ_HEARTBEAT_TIMEOUT, 500);
    set_int_opt (hb, ZMQ_HEARTBEAT_TTL, 2000);
    char hbep[256];
    bind_ephemeral (hb, hbep, sizeof hbep);
    fd = raw_connect (hbep, 3000);
    do_greeting (fd, 1);
    send_ready (fd, "DEALER");
    expect_ready (fd, "DEALER");
    /* A PING arrives within a second; its TTL is HEARTBEAT_TTL in ds. */
    TEST_ASSERT (read_frame (fd, &f) == 0);
    TEST_ASSERT_MSG (is_command (&f, "PING"), "expected PING");
    TEST_ASSERT (f.size >= 7);
    TEST_ASSERT_EQ_INT (20, (f.data[5] << 8) | f.data[6]);
    /* Then we stay silent: dropped after about HEARTBEAT_TIMEOUT. */
    int64_t t0 = now_ms ();
    TEST_ASSERT_MSG (closed_within (fd, 5000),
                     "silent peer not dropped within 5 s");
    int64_t dt = now_ms () - t0;
    TEST_ASSERT_MSG (dt < 3000, "dropped after %lld ms", (long long) dt);
    close (fd);
    TEST_ZMQ_OK (zmq_close (hb));

    /* --- HANDSHAKE_IVL ----------------------------------------------- */
    /* A peer that never sends its greeting is dropped after HANDSHAKE_IVL;
     * with 0 (disabled) it is kept. */
    void *hs = test_socket (ctx, ZMQ_DEALER);
    set_int_opt (hs, ZMQ_HANDSHAKE_IVL, 300);
    char hsep[256];
    bind_ephemeral (hs, hsep, sizeof hsep);
    fd = raw_connect (hsep, 3000);
    t0 = now_ms ();
    TEST_ASSERT_MSG (closed_within (fd, 5000), "mute peer not dropped");
    dt = now_ms () - t0;
    TEST_ASSERT_MSG (dt >= 150 && dt < 3000, "dropped after %lld ms",
                     (long long) dt);
    close (fd);
    TEST_ZMQ_OK (zmq_close (hs));
    hs = test_socket (ctx, ZMQ_DEALER);
    set_int_opt (hs, ZMQ_HANDSHAKE_IVL, 0);
    bind_ephemeral (hs, hsep, sizeof hsep);
    fd = raw_connect (hsep, 3000);
    TEST_ASSERT_MSG (!closed_within (fd, 800),
                     "dropped although HANDSHAKE_IVL is 0");
    close (fd);
    TEST_ZMQ_OK (zmq_close (hs));

    /* --- protocol errors drop only the offending connection --------- */
    void *good = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_connect (good, ep));
    bounce (good, dealer);

    /* Unknown mechanism. */
    fd = raw_connect (ep, 3000);
    unsigned char g[64];
    make_greeting (g, 1, "XYZZY");
    raw_write (fd, g, 64);
    TEST_ASSERT_MSG (closed_within (fd, 3000), "bad mechanism not dropped");
    close (fd);

    /* A message frame instead of READY. */
    fd = raw_connect (ep, 3000);
    do_greeting (fd, 1);
    send_frame (fd, 0, "too-early", 9);
    TEST_ASSERT_MSG (closed_within (fd, 3000), "early message not dropped");
    close (fd);

    /* Incompatible socket type (PUB cannot talk to DEALER). */
    fd = raw_connect (ep, 3000);
    do_greeting (fd, 1);
    send_ready (fd, "PUB");
    TEST_ASSERT_MSG (closed_within (fd, 3000), "PUB peer not dropped");
    close (fd);

    /* Malformed READY: property length runs past the end. */
    fd = raw_connect (ep, 3000);
    do_greeting (fd, 1);
    unsigned char badprops[] = {11, 'S', 'o', 'c', 'k', 'e', 't', '-',
                                'T', 'y', 'p', 'e', 0, 0, 0, 200, 'D'};
    send_command (fd, "READY", badprops, sizeof badprops);
    TEST_ASSERT_MSG (closed_within (fd, 3000), "malformed READY not dropped");
    close (fd);

    /* The good connection never noticed. */
    bounce (good, dealer);
    bounce (dealer, good);

    TEST_ZMQ_OK (zmq_close (good));
    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
