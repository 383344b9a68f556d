/* Raw ZMTP 3.x peers for the wire tests: plain TCP / Unix-domain sockets
 * written by the test, talking to the library under test.
 *
 * Byte builders (rz_build_*) produce greeting / command / frame bytes into a
 * caller buffer so a TLS peer can send them through SSL_write; the fd
 * helpers (rz_*) do the same over a plain socket. Every raw socket made
 * here gets SO_RCVTIMEO and SO_SNDTIMEO so no raw read or write blocks
 * forever; writes use MSG_NOSIGNAL so the raw side itself never raises
 * SIGPIPE (the SIGPIPE tests leave it at its default disposition on
 * purpose).
 *
 * Sections: sockets; ZMTP bytes; frames over an fd (handshake, frame
 * reader); process memory (heap bytes from mallinfo2, VmRSS); PING flood;
 * large sends from the library socket (64 KiB .. 1 MiB, ZMQ_DONTWAIT);
 * peers that go away (input stuffing, FIN then RST). */
#ifndef WIRE_RAWZMTP_H
#define WIRE_RAWZMTP_H

#include "testutil.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

/* ---- sockets ------------------------------------------------------------- */

static inline void rz_set_rcvtimeo (int fd, int ms)
{
    struct timeval tv;
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    TEST_ASSERT (setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
}

static inline void rz_set_sndtimeo (int fd, int ms)
{
    struct timeval tv;
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    TEST_ASSERT (setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0);
}

static inline void rz_set_nonblock (int fd, int on)
{
    int fl = fcntl (fd, F_GETFL, 0);
    TEST_ASSERT (fl >= 0);
    TEST_ASSERT (fcntl (fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK)
                 == 0);
}

/* SO_RCVBUF (bytes, > 0) before connect/listen, so the TCP window stays
 * small; 0 leaves the default. */
static inline void rz_set_rcvbuf (int fd, int bytes)
{
    if (bytes > 0)
        TEST_ASSERT (
          setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) == 0);
}

/* Close with an RST instead of a FIN (SO_LINGER {1, 0}). */
static inline void rz_reset (int fd)
{
    struct linger l = {1, 0};
    TEST_ASSERT (setsockopt (fd, SOL_SOCKET, SO_LINGER, &l, sizeof l) == 0);
    close (fd);
}

/* TCP connection to 127.0.0.1:<port of ep>; SO_RCVTIMEO and SO_SNDTIMEO
 * rcv_timeout_ms. */
static inline int rz_connect_tcp (const char *ep, int rcvbuf,
                                  int rcv_timeout_ms)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    TEST_ASSERT (fd >= 0);
    rz_set_rcvbuf (fd, rcvbuf);
    struct sockaddr_in a;
    memset (&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons ((uint16_t) endpoint_port (ep));
    a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    TEST_ASSERT_MSG (connect (fd, (struct sockaddr *) &a, sizeof a) == 0,
                     "connect to %s: %s", ep, strerror (errno));
    rz_set_rcvtimeo (fd, rcv_timeout_ms);
    rz_set_sndtimeo (fd, rcv_timeout_ms);
    int one = 1;
    setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* TCP listener on 127.0.0.1, port 0; *port receives the port. Accepted
 * sockets inherit rcvbuf (> 0) from it. */
static inline int rz_listen_tcp (int *port, int rcvbuf)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    TEST_ASSERT (fd >= 0);
    rz_set_rcvbuf (fd, rcvbuf);
    struct sockaddr_in a;
    memset (&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    TEST_ASSERT (bind (fd, (struct sockaddr *) &a, sizeof a) == 0);
    TEST_ASSERT (listen (fd, 64) == 0);
    socklen_t len = sizeof a;
    TEST_ASSERT (getsockname (fd, (struct sockaddr *) &a, &len) == 0);
    *port = ntohs (a.sin_port);
    return fd;
}

/* Unix-domain stream listener at path (removed first). */
static inline int rz_listen_unix (const char *path, int rcvbuf)
{
    int fd = socket (AF_UNIX, SOCK_STREAM, 0);
    TEST_ASSERT (fd >= 0);
    rz_set_rcvbuf (fd, rcvbuf);
    struct sockaddr_un a;
    memset (&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    TEST_ASSERT (strlen (path) < sizeof a.sun_path);
    strcpy (a.sun_path, path);
    unlink (path);
    TEST_ASSERT_MSG (bind (fd, (struct sockaddr *) &a, sizeof a) == 0,
                     "bind %s: %s", path, strerror (errno));
    TEST_ASSERT (listen (fd, 64) == 0);
    return fd;
}

/* Accept one connection within timeout_ms: the fd (with SO_RCVTIMEO and
 * SO_SNDTIMEO rcv_timeout_ms), or -1 on timeout. */
static inline int rz_accept (int lfd, int timeout_ms, int rcv_timeout_ms)
{
    struct pollfd p = {lfd, POLLIN, 0};
    int64_t deadline = now_ms () + timeout_ms;
    for (;;) {
        int64_t left = deadline - now_ms ();
        if (left <= 0)
            return -1;
        int rc = poll (&p, 1, (int) left);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc <= 0)
            return -1;
        int fd = accept (lfd, NULL, NULL);
        if (fd < 0)
            continue;
        rz_set_rcvtimeo (fd, rcv_timeout_ms);
        rz_set_sndtimeo (fd, rcv_timeout_ms);
        int one = 1;
        setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return fd;
    }
}

/* Write everything (blocking fd; SO_SNDTIMEO bounds it if set). */
static inline void rz_write (int fd, const void *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *) buf;
    while (len) {
        ssize_t n = send (fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        TEST_ASSERT_MSG (n > 0, "raw send: %s", strerror (errno));
        p += n;
        len -= (size_t) n;
    }
}

/* Read exactly len bytes: 0, or -1 on EOF / error / SO_RCVTIMEO. */
static inline int rz_read (int fd, void *buf, size_t len)
{
    unsigned char *p = (unsigned char *) buf;
    while (len) {
        ssize_t n = recv (fd, p, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t) n;
    }
    return 0;
}

/* True if the peer closes fd (EOF or reset) within timeout_ms; data read
 * meanwhile is discarded. */
static inline int rz_closed_within (int fd, int timeout_ms)
{
    int64_t deadline = now_ms () + timeout_ms;
    unsigned char buf[4096];
    for (;;) {
        int64_t left = deadline - now_ms ();
        if (left <= 0)
            return 0;
        struct pollfd p = {fd, POLLIN, 0};
        int rc = poll (&p, 1, (int) left);
        if (rc <= 0)
            continue;
        ssize_t n = recv (fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0)
            return 1;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return 1; /* ECONNRESET */
    }
}

/* ---- ZMTP bytes ------------------------------------------------------------ */

/* 64-byte NULL-mechanism greeting, ZMTP 3.<minor>. */
static inline void rz_build_greeting (unsigned char g[64], int minor,
                                      const char *mech, int as_server)
{
    memset (g, 0, 64);
    g[0] = 0xFF;
    g[9] = 0x7F;
    g[10] = 3;
    g[11] = (unsigned char) minor;
    memcpy (g + 12, mech, strlen (mech));
    g[32] = (unsigned char) as_server;
}

/* Check a peer greeting: ZMTP 3.x, NULL mechanism. */
static inline void rz_check_greeting (const unsigned char peer[64])
{
    TEST_ASSERT_EQ_INT (0xFF, peer[0]);
    TEST_ASSERT_EQ_INT (0x7F, peer[9]);
    TEST_ASSERT_EQ_INT (3, peer[10]);
    TEST_ASSERT_EQ_MEM ("NULL\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", peer + 12, 20);
}

/* Frame header for a body of len bytes (short form below 256 unless
 * force_long): returns the header length (2 or 9). */
static inline size_t rz_build_header (unsigned char hdr[9], int flags,
                                      uint64_t len, int force_long)
{
    if (len < 256 && !force_long) {
        hdr[0] = (unsigned char) flags;
        hdr[1] = (unsigned char) len;
        return 2;
    }
    hdr[0] = (unsigned char) (flags | 0x02);
    for (int i = 8; i >= 1; i--) {
        hdr[i] = (unsigned char) (len & 0xff);
        len >>= 8;
    }
    return 9;
}

/* Whole command frame (name, data) into out (cap bytes); returns length. */
static inline size_t rz_build_command (unsigned char *out, size_t cap,
                                       const char *name, const void *data,
                                       size_t len)
{
    size_t nl = strlen (name);
    size_t body = 1 + nl + len;
    unsigned char hdr[9];
    size_t hl = rz_build_header (hdr, 0x04, body, 0);
    TEST_ASSERT (hl + body <= cap);
    memcpy (out, hdr, hl);
    out[hl] = (unsigned char) nl;
    memcpy (out + hl + 1, name, nl);
    if (len)
        memcpy (out + hl + 1 + nl, data, len);
    return hl + body;
}

/* READY with one Socket-Type property; returns the frame length. */
static inline size_t rz_build_ready (unsigned char *out, size_t cap,
                                     const char *type)
{
    unsigned char props[300];
    size_t nl = 11, vl = strlen (type);
    TEST_ASSERT (vl < 255);
    props[0] = (unsigned char) nl;
    memcpy (props + 1, "Socket-Type", nl);
    props[1 + nl] = 0;
    props[2 + nl] = 0;
    props[3 + nl] = 0;
    props[4 + nl] = (unsigned char) vl;
    memcpy (props + 5 + nl, type, vl);
    return rz_build_command (out, cap, "READY", props, 5 + nl + vl);
}

/* PING with TTL (deciseconds) and context; returns the frame length. */
static inline size_t rz_build_ping (unsigned char *out, size_t cap,
                                    uint16_t ttl_ds, const void *context,
                                    size_t context_len)
{
    unsigned char data[2 + 255];
    TEST_ASSERT (context_len <= 255 - 2 - 5);
    data[0] = (unsigned char) (ttl_ds >> 8);
    data[1] = (unsigned char) ttl_ds;
    if (context_len)
        memcpy (data + 2, context, context_len);
    return rz_build_command (out, cap, "PING", data, 2 + context_len);
}

/* ---- frames over an fd ------------------------------------------------------- */

#define RZ_FRAME_MAX 4096

typedef struct
{
    int flags;
    uint64_t size;
    unsigned char data[RZ_FRAME_MAX]; /* first RZ_FRAME_MAX bytes of the body */
} rz_frame_t;

/* Read one frame; a body longer than RZ_FRAME_MAX is read and its tail
 * discarded. 0, or -1 on EOF / error / timeout. */
static inline int rz_read_frame (int fd, rz_frame_t *f)
{
    unsigned char hdr[9];
    if (rz_read (fd, hdr, 2) != 0)
        return -1;
    f->flags = hdr[0];
    if (hdr[0] & 0x02) {
        if (rz_read (fd, hdr + 2, 7) != 0)
            return -1;
        uint64_t sz = 0;
        for (int i = 1; i < 9; i++)
            sz = (sz << 8) | hdr[i];
        f->size = sz;
    } else
        f->size = hdr[1];
    uint64_t keep = f->size < RZ_FRAME_MAX ? f->size : RZ_FRAME_MAX;
    if (rz_read (fd, f->data, (size_t) keep) != 0)
        return -1;
    uint64_t rest = f->size - keep;
    unsigned char sink[16384];
    while (rest) {
        size_t n = rest < sizeof sink ? (size_t) rest : sizeof sink;
        if (rz_read (fd, sink, n) != 0)
            return -1;
        rest -= n;
    }
    return 0;
}

static inline int rz_is_command (const rz_frame_t *f, const char *name)
{
    size_t nl = strlen (name);
    return (f->flags & 0x04) && f->size >= 1 + nl && f->data[0] == nl
           && memcmp (f->data + 1, name, nl) == 0;
}

/* Check that f is a READY whose Socket-Type is type. */
static inline void rz_check_ready (const rz_frame_t *f, const char *type)
{
    TEST_ASSERT_MSG (rz_is_command (f, "READY"), "first frame is not READY");
    TEST_ASSERT (f->size <= RZ_FRAME_MAX);
    size_t pos = 6, size = (size_t) f->size;
    int found = 0;
    while (pos + 5 <= size) {
        size_t nl = f->data[pos];
        TEST_ASSERT (pos + 5 + nl <= size);
        const unsigned char *name = f->data + pos + 1;
        size_t vl = ((size_t) f->data[pos + 1 + nl] << 24)
                    | ((size_t) f->data[pos + 2 + nl] << 16)
                    | ((size_t) f->data[pos + 3 + nl] << 8)
                    | f->data[pos + 4 + nl];
        TEST_ASSERT (pos + 5 + nl + vl <= size);
        if (nl == 11 && memcmp (name, "Socket-Type", 11) == 0) {
            TEST_ASSERT_EQ_INT (strlen (type), vl);
            TEST_ASSERT_EQ_MEM (type, name + nl + 4, vl);
            found = 1;
        }
        pos += 5 + nl + vl;
    }
    TEST_ASSERT_EQ_INT (size, pos);
    TEST_ASSERT_MSG (found, "READY without Socket-Type");
}

static inline void rz_send_frame (int fd, int more, const void *data,
                                  size_t len)
{
    unsigned char hdr[9];
    size_t hl = rz_build_header (hdr, more ? 0x01 : 0x00, len, 0);
    rz_write (fd, hdr, hl);
    if (len)
        rz_write (fd, data, len);
}

/* Full NULL handshake on fd: greetings both ways, our READY with
 * my_type, the library's READY with its expected Socket-Type. */
static inline void rz_handshake (int fd, const char *my_type,
                                 const char *lib_type)
{
    unsigned char g[64], peer[64], buf[512];
    rz_build_greeting (g, 1, "NULL", 0);
    rz_write (fd, g, 64);
    TEST_ASSERT_MSG (rz_read (fd, peer, 64) == 0, "no greeting from library");
    rz_check_greeting (peer);
    rz_write (fd, buf, rz_build_ready (buf, sizeof buf, my_type));
    rz_frame_t *f = (rz_frame_t *) malloc (sizeof *f);
    TEST_ASSERT (f != NULL);
    TEST_ASSERT_MSG (rz_read_frame (fd, f) == 0, "no READY from library");
    rz_check_ready (f, lib_type);
    free (f);
}

/* Read frames, skipping commands (PING/PONG), until a message frame whose
 * body is exactly str; other message frames are discarded. 0 when found,
 * -1 on EOF / timeout. */
static inline int rz_read_until_str (int fd, const char *str)
{
    rz_frame_t *f = (rz_frame_t *) malloc (sizeof *f);
    TEST_ASSERT (f != NULL);
    size_t n = strlen (str);
    int rc = -1;
    while (rz_read_frame (fd, f) == 0) {
        if (!(f->flags & 0x04) && f->size == n && memcmp (f->data, str, n) == 0) {
            rc = 0;
            break;
        }
    }
    free (f);
    return rc;
}

/* Send str from s (a socket connected to the raw peer on fd) while the
 * raw peer keeps reading: messages queued behind an HWM are written out as
 * it reads, which makes room for str however the pipe's window stands.
 * Then read on until str arrives. 0 when it did, -1 on EOF / timeout. */
static inline int rz_send_str_reading (void *s, int fd, const char *str,
                                       int max_ms)
{
    rz_frame_t *f = (rz_frame_t *) malloc (sizeof *f);
    TEST_ASSERT (f != NULL);
    int64_t end = now_ms () + max_ms;
    int sent = 0;
    while (!sent && now_ms () < end) {
        if (zmq_send (s, str, strlen (str), ZMQ_DONTWAIT) >= 0) {
            sent = 1;
            break;
        }
        TEST_ASSERT_MSG (zmq_errno () == EAGAIN, "zmq_send: %s",
                         zmq_strerror (zmq_errno ()));
        struct pollfd p = {fd, POLLIN, 0};
        if (poll (&p, 1, 10) == 1 && rz_read_frame (fd, f) != 0)
            break;
    }
    free (f);
    if (!sent)
        return -1;
    return rz_read_until_str (fd, str);
}

/* ---- process memory ---------------------------------------------------------- */

/* Bytes the allocator has handed out (arena + mmapped chunks); counts
 * allocations whose pages were never touched. */
static inline size_t rz_heap_bytes (void)
{
    struct mallinfo2 mi = mallinfo2 ();
    return mi.uordblks + mi.hblkhd;
}

/* VmRSS of pid (0 = self) in KiB, -1 if unreadable. */
static inline long rz_rss_kib (pid_t pid)
{
    char path[64], line[256];
    if (pid == 0)
        snprintf (path, sizeof path, "/proc/self/status");
    else
        snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
    FILE *f = fopen (path, "r");
    if (!f)
        return -1;
    long kib = -1;
    while (fgets (line, sizeof line, f))
        if (strncmp (line, "VmRSS:", 6) == 0) {
            kib = atol (line + 6);
            break;
        }
    fclose (f);
    return kib;
}

/* ---- PING flood -------------------------------------------------------------- */

typedef struct
{
    uint64_t written; /* bytes of PING frames written */
    int64_t elapsed_ms;
    int blocked;      /* stopped because a write was blocked block_ms */
    int closed;       /* stopped because the connection failed */
} rz_flood_t;

/* Write PING commands (TTL 0, 16-byte context) to fd as fast as possible
 * without ever reading, with non-blocking writes and poll; stop after
 * max_bytes, when no byte could be written for block_ms, when the
 * connection fails, or after max_ms. fd is left non-blocking. */
static inline void rz_ping_flood (int fd, uint64_t max_bytes, int block_ms,
                                  int max_ms, rz_flood_t *r)
{
    /* A whole number of PING frames, written cyclically. */
    static unsigned char buf[25 * 2600];
    size_t one = rz_build_ping (buf, sizeof buf, 0, "0123456789abcdef", 16);
    TEST_ASSERT_EQ_INT (25, one);
    for (size_t i = one; i + one <= sizeof buf; i += one)
        memcpy (buf + i, buf, one);
    rz_set_nonblock (fd, 1);
    memset (r, 0, sizeof *r);
    size_t pos = 0;
    int64_t start = now_ms ();
    int64_t last_progress = start;
    while (r->written < max_bytes) {
        int64_t now = now_ms ();
        if (now - start >= max_ms)
            break;
        if (now - last_progress >= block_ms) {
            r->blocked = 1;
            break;
        }
        ssize_t n = send (fd, buf + pos, sizeof buf - pos, MSG_NOSIGNAL);
        if (n > 0) {
            r->written += (uint64_t) n;
            pos = (pos + (size_t) n) % sizeof buf;
            last_progress = now_ms ();
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            struct pollfd p = {fd, POLLOUT, 0};
            poll (&p, 1, 50);
            continue;
        }
        r->closed = 1;
        break;
    }
    r->elapsed_ms = now_ms () - start;
}

/* Fault-4 check shared by the ping-flood tests: with `fd` a raw peer that
 * completed the handshake with `s`, flood PINGs (up to 200 MB, stopping once
 * a write has been blocked 1 s, or after 8 s) without reading the PONGs and
 * assert the process's RSS grew by less than 32 MiB. */
static inline void rz_check_ping_flood (void *s, int fd)
{
    const uint64_t max_bytes = (uint64_t) 200 * 1000 * 1000;
    const long limit_kib = 32 * 1024;
    /* The connection works before the flood. */
    rz_send_frame (fd, 0, "hello", 5);
    RECV_STR (s, "hello");

    rz_flood_t r;
    rz_ping_flood (fd, 1000, 1000, 1000, &r); /* touch the flood buffer */
    sleep_ms (100);
    long rss_before = rz_rss_kib (0);
    TEST_ASSERT (rss_before > 0);
    rz_ping_flood (fd, max_bytes, 1000, 8000, &r);
    sleep_ms (200); /* let the library digest what is in flight */
    long growth = rz_rss_kib (0) - rss_before;
    printf ("flood: %llu bytes of PING in %lld ms (%s); RSS +%ld KiB "
            "(limit %ld KiB)\n",
            (unsigned long long) r.written, (long long) r.elapsed_ms,
            r.blocked  ? "writes blocked"
            : r.closed ? "connection closed"
                       : "cap reached",
            growth, limit_kib);
    fflush (stdout);
    TEST_ASSERT_MSG (growth < limit_kib,
                     "RSS grew by %ld KiB while a peer sent %llu bytes of "
                     "PING without reading the PONGs",
                     growth, (unsigned long long) r.written);
}

/* ---- large sends ----------------------------------------------------------- */

/* Sizes cycled by the large-send helpers: 64 KiB .. 1 MiB. */
static inline size_t rz_big_size (unsigned i)
{
    static const size_t sizes[] = {64 * 1024, 1024 * 1024, 256 * 1024,
                                   96 * 1024, 512 * 1024};
    return sizes[i % (sizeof sizes / sizeof sizes[0])];
}

static inline const unsigned char *rz_big_buf (void)
{
    static unsigned char buf[1024 * 1024];
    if (buf[0] != 'Z')
        memset (buf, 'Z', sizeof buf);
    return buf;
}

/* Send 64 KiB..1 MiB messages with ZMQ_DONTWAIT until the socket has
 * refused every send (EAGAIN) for quiet_ms in a row, or for max_ms in all.
 * Returns the number of messages accepted. */
static inline int rz_send_until_full (void *s, int quiet_ms, int max_ms)
{
    const unsigned char *buf = rz_big_buf ();
    int64_t start = now_ms (), last_ok = start;
    int sent = 0;
    unsigned i = 0;
    while (now_ms () - start < max_ms && now_ms () - last_ok < quiet_ms) {
        int rc = zmq_send (s, buf, rz_big_size (i), ZMQ_DONTWAIT);
        if (rc >= 0) {
            sent++;
            i++;
            last_ok = now_ms ();
        } else {
            TEST_ASSERT_MSG (zmq_errno () == EAGAIN, "zmq_send: %s",
                             zmq_strerror (zmq_errno ()));
            sleep_ms (5);
        }
    }
    return sent;
}

/* Keep offering 64 KiB..1 MiB messages with ZMQ_DONTWAIT for ms (EAGAIN
 * is fine). Returns the number accepted. */
static inline int rz_send_for (void *s, int ms)
{
    const unsigned char *buf = rz_big_buf ();
    int64_t end = now_ms () + ms;
    int sent = 0;
    unsigned i = 0;
    while (now_ms () < end) {
        int rc = zmq_send (s, buf, rz_big_size (i++), ZMQ_DONTWAIT);
        if (rc >= 0)
            sent++;
        else {
            TEST_ASSERT_MSG (zmq_errno () == EAGAIN, "zmq_send: %s",
                             zmq_strerror (zmq_errno ()));
            sleep_ms (2);
        }
    }
    return sent;
}

/* Receive and drop whatever s has queued, until nothing came for quiet_ms
 * (bounded by max_ms). Returns the number of frames dropped. */
static inline int rz_drain (void *s, int quiet_ms, int max_ms)
{
    char buf[256];
    int64_t start = now_ms (), last = start;
    int n = 0;
    while (now_ms () - start < max_ms && now_ms () - last < quiet_ms) {
        if (zmq_recv (s, buf, sizeof buf, ZMQ_DONTWAIT) >= 0) {
            n++;
            last = now_ms ();
        } else {
            TEST_ASSERT_MSG (zmq_errno () == EAGAIN, "zmq_recv: %s",
                             zmq_strerror (zmq_errno ()));
            sleep_ms (2);
        }
    }
    return n;
}

/* ---- peers that go away ------------------------------------------------------ */

/* Unsent + unacknowledged bytes in fd's send queue (SIOCOUTQ). */
static inline int rz_outq (int fd)
{
    int n = -1;
    TEST_ASSERT (ioctl (fd, SIOCOUTQ, &n) == 0);
    return n;
}

/* Send count small (64-byte) message frames: the library's application
 * does not read them, so with a small RCVHWM its engine stops reading. */
static inline void rz_stuff_input (int fd, int count)
{
    unsigned char body[64];
    memset (body, 'i', sizeof body);
    for (int i = 0; i < count; i++)
        rz_send_frame (fd, 0, body, sizeof body);
}

/* TCP: wait (up to 2 s) until the kernel has delivered everything sent on
 * fd to the other side, so that a later FIN is not queued behind data. */
static inline void rz_wait_delivered (int fd)
{
    int64_t deadline = now_ms () + 2000;
    while (rz_outq (fd) > 0 && now_ms () < deadline)
        sleep_ms (5);
    TEST_ASSERT_MSG (rz_outq (fd) == 0, "%d bytes still queued to the library",
                     rz_outq (fd));
}

/* The peer goes away abruptly: FIN first (shutdown SHUT_WR), then, 20 ms
 * later, an RST (SO_LINGER {1, 0} + close). A library socket that has not
 * read the FIN is in CLOSE_WAIT when the RST arrives, and its next write
 * fails with EPIPE - raising SIGPIPE unless the write is protected. */
static inline void rz_fin_then_reset (int fd)
{
    TEST_ASSERT (shutdown (fd, SHUT_WR) == 0);
    sleep_ms (20);
    rz_reset (fd);
}

/* ---- the SIGPIPE scenario -------------------------------------------------- */

/* A DEALER set up to be writing large messages when its peer goes away:
 * small HWMs (its input stops once the peer stuffs it, so the peer's FIN goes
 * unread), a socket buffer the 64 KiB-1 MiB bodies overflow, fast reconnect. */
static inline void *rz_sigpipe_dealer (void *ctx)
{
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    set_int_opt (dealer, ZMQ_SNDHWM, 4);
    set_int_opt (dealer, ZMQ_RCVHWM, 1);
    set_int_opt (dealer, ZMQ_SNDBUF, 64 * 1024);
    set_int_opt (dealer, ZMQ_RECONNECT_IVL, 50);
    return dealer;
}

/* After the peers that went away: the DEALER reconnects to lfd's next peer
 * and works both ways with it. */
static inline void rz_check_dealer_alive (void *dealer, int lfd)
{
    int fd = rz_accept (lfd, 5000, 3000);
    TEST_ASSERT_MSG (fd >= 0, "the DEALER did not reconnect");
    rz_handshake (fd, "DEALER", "DEALER");
    /* Messages queued before the peer went away go out first; reading them
     * makes room for "alive" behind the send HWM. */
    TEST_ASSERT_MSG (rz_send_str_reading (dealer, fd, "alive", 5000) == 0,
                     "\"alive\" never arrived at the new peer");
    rz_send_frame (fd, 0, "final", 5);
    char buf[256];
    int n;
    do
        n = zmq_recv (dealer, buf, sizeof buf, 0);
    while (n >= 0 && !(n == 5 && memcmp (buf, "final", 5) == 0));
    TEST_ASSERT_MSG (n == 5, "\"final\" not received: %s",
                     zmq_strerror (zmq_errno ()));
    close (fd);
}

#endif
