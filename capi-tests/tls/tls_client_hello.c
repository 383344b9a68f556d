/* What the connect side offers, read from its ClientHello by a raw TCP
 * listener: TLS 1.2 minimum (every supported_versions entry >= TLS 1.2, or
 * a TLS 1.2 client_version without that extension), only forward-secret
 * AEAD cipher suites (TLS 1.3 suites; ECDHE/DHE with GCM, CHACHA20-POLY1305
 * or CCM; the renegotiation SCSV); SNI carrying the host name when the
 * endpoint names a DNS host (tls://localhost:PORT) and no SNI for an IP
 * address (tls://127.0.0.1:PORT). */
#include "tlsutil.h"

static int listen_any (int *port)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    TEST_ASSERT (fd >= 0);
    struct sockaddr_in sa;
    memset (&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    TEST_ASSERT (bind (fd, (struct sockaddr *) &sa, sizeof sa) == 0);
    TEST_ASSERT (listen (fd, 4) == 0);
    socklen_t len = sizeof sa;
    TEST_ASSERT (getsockname (fd, (struct sockaddr *) &sa, &len) == 0);
    *port = ntohs (sa.sin_port);
    return fd;
}

static int read_full (int fd, unsigned char *buf, size_t n, int timeout_ms)
{
    size_t got = 0;
    int64_t deadline = now_ms () + timeout_ms;
    while (got < n) {
        int64_t left = deadline - now_ms ();
        if (left <= 0)
            return -1;
        struct pollfd p = {fd, POLLIN, 0};
        if (poll (&p, 1, (int) left) <= 0)
            continue;
        ssize_t r = recv (fd, buf + got, n - got, 0);
        if (r <= 0)
            return -1;
        got += (size_t) r;
    }
    return 0;
}

/* Read one ClientHello handshake message (possibly over several records)
 * into msg; returns its length. */
static size_t read_client_hello (int fd, unsigned char *msg, size_t cap)
{
    size_t have = 0, need = 4;
    while (have < need) {
        unsigned char hdr[5];
        TEST_ASSERT_MSG (read_full (fd, hdr, 5, 5000) == 0,
                         "no TLS record from the client");
        TEST_ASSERT_MSG (hdr[0] == 0x16, "first record type %d, not "
                         "handshake", hdr[0]);
        size_t rlen = ((size_t) hdr[3] << 8) | hdr[4];
        TEST_ASSERT (have + rlen <= cap);
        TEST_ASSERT (read_full (fd, msg + have, rlen, 5000) == 0);
        have += rlen;
        if (have >= 4) {
            TEST_ASSERT_MSG (msg[0] == 1, "handshake type %d, not "
                             "ClientHello", msg[0]);
            need = 4 + (((size_t) msg[1] << 16) | ((size_t) msg[2] << 8)
                        | msg[3]);
            TEST_ASSERT (need <= cap);
        }
    }
    return need;
}

static int allowed_suite (unsigned s)
{
    static const unsigned ok[] = {
      0x1301, 0x1302, 0x1303, 0x1304, 0x1305, /* TLS 1.3 */
      0xC02B, 0xC02C, 0xC02F, 0xC030,         /* ECDHE GCM */
      0x009E, 0x009F, 0x00A2, 0x00A3,         /* DHE GCM */
      0xCCA8, 0xCCA9, 0xCCAA,                 /* (EC)DHE CHACHA20 */
      0xC09E, 0xC09F, 0xC0A2, 0xC0A3,         /* DHE CCM */
      0xC0AC, 0xC0AD, 0xC0AE, 0xC0AF,         /* ECDHE CCM */
      0x00FF                                  /* renegotiation SCSV */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (ok[i] == s)
            return 1;
    return 0;
}

typedef struct
{
    char sni[256]; /* "" when absent */
} hello_info_t;

static void check_hello (const unsigned char *m, size_t n, hello_info_t *info)
{
    size_t p = 4;
    TEST_ASSERT (p + 2 + 32 + 1 <= n);
    unsigned client_version = ((unsigned) m[p] << 8) | m[p + 1];
    p += 2 + 32;
    p += 1 + m[p]; /* session id */
    TEST_ASSERT (p + 2 <= n);
    size_t cs_len = ((size_t) m[p] << 8) | m[p + 1];
    p += 2;
    TEST_ASSERT (p + cs_len <= n);
    for (size_t i = 0; i < cs_len; i += 2) {
        unsigned s = ((unsigned) m[p + i] << 8) | m[p + i + 1];
        TEST_ASSERT_MSG (allowed_suite (s),
                         "ClientHello offers cipher suite 0x%04X, not a "
                         "forward-secret AEAD suite",
                         s);
    }
    p += cs_len;
    p += 1 + m[p]; /* compression methods */
    int has_supported_versions = 0;
    info->sni[0] = '\0';
    if (p + 2 <= n) {
        size_t ext_end = p + 2 + (((size_t) m[p] << 8) | m[p + 1]);
        TEST_ASSERT (ext_end <= n);
        p += 2;
        while (p + 4 <= ext_end) {
            unsigned type = ((unsigned) m[p] << 8) | m[p + 1];
            size_t len = ((size_t) m[p + 2] << 8) | m[p + 3];
            const unsigned char *e = m + p + 4;
            TEST_ASSERT (p + 4 + len <= ext_end);
            if (type == 43) { /* supported_versions */
                has_supported_versions = 1;
                size_t vl = len > 0 ? e[0] : 0; /* bytes of versions */
                for (size_t i = 1; i + 1 <= vl && i + 1 < len; i += 2) {
                    unsigned v = ((unsigned) e[i] << 8) | e[i + 1];
                    if ((v & 0x0F0F) == 0x0A0A)
                        continue; /* GREASE */
                    TEST_ASSERT_MSG (v >= 0x0303,
                                     "ClientHello offers version 0x%04X "
                                     "(< TLS 1.2)",
                                     v);
                }
            } else if (type == 0 && len >= 5) { /* server_name */
                TEST_ASSERT_EQ_INT (0, e[2]);   /* host_name */
                size_t nl = ((size_t) e[3] << 8) | e[4];
                TEST_ASSERT (5 + nl <= len && nl < sizeof info->sni);
                memcpy (info->sni, e + 5, nl);
                info->sni[nl] = '\0';
            }
            p += 4 + len;
        }
    }
    if (!has_supported_versions)
        TEST_ASSERT_MSG (client_version >= 0x0303,
                         "client_version 0x%04X without supported_versions",
                         client_version);
}

static void capture (void *ctx, int lfd, const char *ep, hello_info_t *info)
{
    void *c = test_socket (ctx, ZMQ_DEALER);
    tls_creds (c, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    struct pollfd p = {lfd, POLLIN, 0};
    TEST_ASSERT_MSG (poll (&p, 1, 5000) == 1, "no connection from %s", ep);
    int fd = accept (lfd, NULL, NULL);
    TEST_ASSERT (fd >= 0);
    static unsigned char msg[65536];
    size_t n = read_client_hello (fd, msg, sizeof msg);
    check_hello (msg, n, info);
    TEST_ZMQ_OK (zmq_close (c));
    close (fd);
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    int port;
    int lfd = listen_any (&port);
    char ep[256];
    hello_info_t info;

    snprintf (ep, sizeof ep, "tls://localhost:%d", port);
    capture (ctx, lfd, ep, &info);
    TEST_ASSERT_EQ_STR ("localhost", info.sni);

    snprintf (ep, sizeof ep, "tls://127.0.0.1:%d", port);
    capture (ctx, lfd, ep, &info);
    TEST_ASSERT_MSG (info.sni[0] == '\0', "SNI \"%s\" sent for an IP address",
                     info.sni);

    close (lfd);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
