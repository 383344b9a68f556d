/* ZMQ_STREAM interop between two libzmq implementations (two processes).
 *
 *   interop_stream server <endpoint-file>
 *   interop_stream client <endpoint-file>
 *
 * server: a STREAM socket binds tcp://127.0.0.1:* and writes its
 * ZMQ_LAST_ENDPOINT to <endpoint-file> (atomically, via a rename). It
 * expects the connect notification [id, ""] first, then echoes every data
 * chunk [id, data] back unchanged as [id, data], checking on the way that
 * the bytes it got are the client's pattern, in order. When the peer's
 * disconnect notification [id, ""] arrives it checks that the whole
 * pattern came in, writes <endpoint-file>.done and exits 0.
 *
 * client: waits (at most 10 s) for <endpoint-file>, connects a STREAM
 * socket, takes the routing id from its connect notification [id, ""],
 * sends the pattern (about 1.3 MiB) in chunks of various sizes (1 byte,
 * 300 bytes, 64 KiB, 1 MiB, ...), draining echoes between sends, then reads
 * echoes until the whole pattern is back. TCP may re-chunk, so only the
 * concatenated byte stream is compared. Then it closes the connection by
 * sending [id, ""] and waits (at most 10 s) for <endpoint-file>.done with
 * its socket still open (and nothing arriving on it), so the server's
 * disconnect notification must come from that close, not from the client's
 * process ending; then it exits 0.
 *
 * Every blocking call is bounded (ZMQ_RCVTIMEO / ZMQ_SNDTIMEO 10 s); any
 * mismatch prints what differed and exits 1.
 *
 * Built against each library; like interop_peer, each build checks at
 * start-up that it runs on the library it expects (EXPECTED_ZMQ_LIB).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "interop_util.h"

#define MAX_ID 256

static const char *role = "?";

/* ---- the byte pattern ---------------------------------------------------- */

/* Chunk sizes the client sends, in order (none may be 0: an empty data
 * frame closes the connection). */
static const size_t chunks[] = {1,     300,   65536, 1,    7,     1048576,
                                300,   1,     65536, 8191, 8192,  8193,
                                2,     3,     100000, 1,   255,   4096};
#define NCHUNKS (sizeof chunks / sizeof chunks[0])
#define SMALL_TAIL 100 /* then this many 13-byte chunks */

static size_t total_len (void)
{
    size_t t = 13 * SMALL_TAIL;
    for (size_t i = 0; i < NCHUNKS; i++)
        t += chunks[i];
    return t;
}

/* Byte i of the stream: depends on the position, so a lost, duplicated or
 * reordered chunk shows. */
static unsigned char pattern_at (size_t i)
{
    uint32_t x = (uint32_t) i * 2654435761u;
    return (unsigned char) ((x >> 24) ^ (x >> 11) ^ (uint32_t) (i >> 16));
}

static unsigned char *pattern;

static void init_pattern (void)
{
    size_t n = total_len ();
    pattern = malloc (n);
    CHECK (pattern != NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        pattern[i] = pattern_at (i);
}

/* Compare <len> received bytes with the pattern at offset <off>. */
static void check_bytes (const char *what, size_t off, const unsigned char *p,
                         size_t len)
{
    size_t total = total_len ();
    CHECK (off + len <= total,
           "%s: %zu bytes at offset %zu run past the end of the %zu-byte "
           "pattern",
           what, len, off, total);
    if (memcmp (pattern + off, p, len) != 0) {
        size_t k = 0;
        while (p[k] == pattern[off + k])
            k++;
        die ("%s: byte %zu of the stream is 0x%02x, expected 0x%02x (chunk "
             "of %zu bytes at offset %zu)",
             what, off + k, p[k], pattern[off + k], len, off);
    }
}

/* ---- STREAM frames ------------------------------------------------------- */

typedef struct
{
    unsigned char id[MAX_ID];
    size_t id_len;
    zmq_msg_t data; /* initialised; caller closes */
} stream_msg_t;

/* Receive one [id, data] message. Returns 0, or -1 with EAGAIN when
 * <flags> has ZMQ_DONTWAIT and nothing is there; fails on anything else. */
static int recv_stream (void *s, stream_msg_t *m, int flags, const char *what)
{
    zmq_msg_t id;
    zmq_msg_init (&id);
    if (zmq_msg_recv (&id, s, flags) == -1) {
        int e = zmq_errno ();
        zmq_msg_close (&id);
        if (e == EAGAIN && (flags & ZMQ_DONTWAIT))
            return -1;
        die ("%s: receiving the routing id frame: %s", what,
             zmq_strerror (e));
    }
    CHECK (zmq_msg_more (&id), "%s: routing id frame without ZMQ_RCVMORE",
           what);
    CHECK (zmq_msg_size (&id) > 0 && zmq_msg_size (&id) <= MAX_ID,
           "%s: routing id of %zu bytes", what, zmq_msg_size (&id));
    m->id_len = zmq_msg_size (&id);
    memcpy (m->id, zmq_msg_data (&id), m->id_len);
    zmq_msg_close (&id);

    zmq_msg_init (&m->data);
    /* The second frame follows the first atomically. */
    if (zmq_msg_recv (&m->data, s, 0) == -1)
        die ("%s: receiving the data frame: %s", what,
             zmq_strerror (zmq_errno ()));
    CHECK (!zmq_msg_more (&m->data),
           "%s: data frame has ZMQ_RCVMORE (STREAM messages have 2 frames)",
           what);
    return 0;
}

static void send_stream (void *s, const unsigned char *id, size_t id_len,
                         const void *data, size_t len, const char *what)
{
    if (zmq_send (s, id, id_len, ZMQ_SNDMORE) != (int) id_len)
        die ("%s: sending the routing id frame: %s", what,
             zmq_strerror (zmq_errno ()));
    if (zmq_send (s, data, len, 0) != (int) len)
        die ("%s: sending %zu data bytes: %s", what, len,
             zmq_strerror (zmq_errno ()));
}

static int same_id (const stream_msg_t *m, const unsigned char *id,
                    size_t id_len)
{
    return m->id_len == id_len && memcmp (m->id, id, id_len) == 0;
}

/* The connect notification [id, ""] each side gets first: the id, in
 * id[MAX_ID]; returns its length. */
static size_t recv_connect_notification (void *s, unsigned char *id)
{
    stream_msg_t m;
    recv_stream (s, &m, 0, "connect notification");
    CHECK (zmq_msg_size (&m.data) == 0,
           "expected the connect notification [id, \"\"], got %zu data bytes",
           zmq_msg_size (&m.data));
    zmq_msg_close (&m.data);
    memcpy (id, m.id, m.id_len);
    return m.id_len;
}

/* ---- roles ----------------------------------------------------------------- */

static void run_server (void *s, const char *epfile)
{
    char ep[256];
    size_t eplen = sizeof ep;
    ZCHECK (zmq_bind (s, "tcp://127.0.0.1:*"));
    ZCHECK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, ep, &eplen));
    write_endpoint (epfile, ep);
    fprintf (stderr, "interop_stream server: bound %s\n", ep);

    stream_msg_t m;
    unsigned char id[MAX_ID];
    size_t id_len = recv_connect_notification (s, id);

    size_t total = total_len (), got = 0, nmsg = 0;
    for (;;) {
        recv_stream (s, &m, 0, "data");
        CHECK (same_id (&m, id, id_len),
               "message from a routing id (%zu bytes) other than the "
               "connection's (%zu bytes)",
               m.id_len, id_len);
        size_t len = zmq_msg_size (&m.data);
        if (len == 0) {
            zmq_msg_close (&m.data);
            break; /* disconnect notification */
        }
        check_bytes ("server received", got,
                     (const unsigned char *) zmq_msg_data (&m.data), len);
        send_stream (s, id, id_len, zmq_msg_data (&m.data), len, "echo");
        got += len;
        nmsg++;
        zmq_msg_close (&m.data);
    }
    CHECK (got == total,
           "disconnect notification after %zu of %zu bytes", got, total);
    char done[PATH_MAX];
    snprintf (done, sizeof done, "%s.done", epfile);
    write_endpoint (done, "done");
    fprintf (stderr,
             "interop_stream server: echoed %zu bytes in %zu messages, then "
             "got the disconnect notification\n",
             got, nmsg);
}

/* Take every echo that is there (or, with <block>, the next one) and check
 * it; returns the new count of echoed bytes. */
static size_t take_echoes (void *s, const unsigned char *id, size_t id_len,
                           size_t echoed, int block, size_t *nmsg)
{
    stream_msg_t m;
    int flags = block ? 0 : ZMQ_DONTWAIT;
    while (recv_stream (s, &m, flags, "echo") == 0) {
        CHECK (same_id (&m, id, id_len),
               "echo from a routing id (%zu bytes) other than the "
               "connection's (%zu bytes)",
               m.id_len, id_len);
        size_t len = zmq_msg_size (&m.data);
        CHECK (len > 0,
               "disconnect notification from the server after %zu of %zu "
               "echoed bytes",
               echoed, total_len ());
        check_bytes ("client echo", echoed,
                     (const unsigned char *) zmq_msg_data (&m.data), len);
        echoed += len;
        (*nmsg)++;
        zmq_msg_close (&m.data);
        if (block)
            break;
    }
    return echoed;
}

static void run_client (void *s, const char *epfile)
{
    char ep[256];
    read_endpoint (epfile, ep, sizeof ep);
    ZCHECK (zmq_connect (s, ep));
    fprintf (stderr, "interop_stream client: connecting to %s\n", ep);

    stream_msg_t m;
    unsigned char id[MAX_ID];
    size_t id_len = recv_connect_notification (s, id);

    size_t total = total_len (), sent = 0, echoed = 0, nmsg = 0;
    for (size_t i = 0; i < NCHUNKS + SMALL_TAIL; i++) {
        size_t len = i < NCHUNKS ? chunks[i] : 13;
        send_stream (s, id, id_len, pattern + sent, len, "send");
        sent += len;
        echoed = take_echoes (s, id, id_len, echoed, 0, &nmsg);
    }
    CHECK (sent == total, "sent %zu of %zu bytes", sent, total);
    while (echoed < total)
        echoed = take_echoes (s, id, id_len, echoed, 1, &nmsg);

    /* Close the connection: [id, ""]. The socket stays open until the
     * server has seen the disconnect. Real libzmq closes the TCP connection
     * only once the socket processes its commands again (the pipe's
     * termination handshake), so keep calling into it, as an application
     * would: nothing may arrive any more. */
    send_stream (s, id, id_len, "", 0, "close");
    char done[PATH_MAX];
    snprintf (done, sizeof done, "%s.done", epfile);
    int64_t deadline = now_ms () + TIMEOUT_MS;
    while (access (done, F_OK) != 0) {
        CHECK (now_ms () < deadline,
               "%s not written %d ms after the close [id, \"\"]: the server "
               "saw no disconnect",
               done, TIMEOUT_MS);
        if (recv_stream (s, &m, ZMQ_DONTWAIT, "after close") == 0)
            die ("after close: received [id of %zu bytes, %zu data bytes]",
                 m.id_len, zmq_msg_size (&m.data));
        sleep_ms (20);
    }
    fprintf (stderr,
             "interop_stream client: sent %zu bytes in %zu chunks, got them "
             "back in %zu messages, closed the connection\n",
             sent, (size_t) (NCHUNKS + SMALL_TAIL), nmsg);
}

int main (int argc, char **argv)
{
    if (argc != 3
        || (strcmp (argv[1], "server") != 0
            && strcmp (argv[1], "client") != 0)) {
        fprintf (stderr, "usage: %s server|client <endpoint-file>\n",
                 argv[0]);
        return 2;
    }
    role = argv[1];
    snprintf (interop_who, sizeof interop_who, "interop_stream %s", role);
    check_library ();
    init_pattern ();

    void *ctx = zmq_ctx_new ();
    CHECK (ctx != NULL, "zmq_ctx_new: %s", zmq_strerror (zmq_errno ()));
    void *s = zmq_socket (ctx, ZMQ_STREAM);
    CHECK (s != NULL, "zmq_socket(ZMQ_STREAM): %s",
           zmq_strerror (zmq_errno ()));
    int timeout = TIMEOUT_MS, linger = 5000;
    ZCHECK (zmq_setsockopt (s, ZMQ_RCVTIMEO, &timeout, sizeof timeout));
    ZCHECK (zmq_setsockopt (s, ZMQ_SNDTIMEO, &timeout, sizeof timeout));
    ZCHECK (zmq_setsockopt (s, ZMQ_LINGER, &linger, sizeof linger));

    if (strcmp (role, "server") == 0)
        run_server (s, argv[2]);
    else
        run_client (s, argv[2]);

    ZCHECK (zmq_close (s));
    ZCHECK (zmq_ctx_term (ctx));
    free (pattern);
    fprintf (stderr, "interop_stream %s: OK\n", role);
    return 0;
}
