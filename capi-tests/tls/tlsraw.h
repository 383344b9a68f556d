/* A ZMTP peer written with OpenSSL directly, for tls:// tests that need a
 * peer our library would never be: one that speaks an older TLS version,
 * forges READY properties, or vanishes mid-stream. Include after
 * rawzmtp.h and tlsutil.h; link with -lssl -lcrypto (tests.cmake does for
 * the tests that include this file). Blocking I/O, bounded by the fd's
 * SO_RCVTIMEO/SO_SNDTIMEO. */
#ifndef CAPI_TLSRAW_H
#define CAPI_TLSRAW_H

#include <openssl/err.h>
#include <openssl/ssl.h>

static inline void ssl_write_all (SSL *ssl, const void *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *) buf;
    while (len) {
        int n = SSL_write (ssl, p, (int) len);
        TEST_ASSERT_MSG (n > 0, "SSL_write: error %d", SSL_get_error (ssl, n));
        p += n;
        len -= (size_t) n;
    }
}

/* Read exactly len bytes: 0 or -1. */
static inline int ssl_read_all (SSL *ssl, void *buf, size_t len)
{
    unsigned char *p = (unsigned char *) buf;
    while (len) {
        int n = SSL_read (ssl, p, (int) (len > 16384 ? 16384 : len));
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t) n;
    }
    return 0;
}

/* Read one frame (body beyond RZ_FRAME_MAX discarded): 0 or -1. */
static inline int ssl_read_frame (SSL *ssl, rz_frame_t *f)
{
    unsigned char hdr[9];
    if (ssl_read_all (ssl, hdr, 2) != 0)
        return -1;
    f->flags = hdr[0];
    f->size = hdr[1];
    if (hdr[0] & 0x02) {
        if (ssl_read_all (ssl, hdr + 2, 7) != 0)
            return -1;
        f->size = 0;
        for (int i = 1; i < 9; i++)
            f->size = (f->size << 8) | hdr[i];
    }
    uint64_t keep = f->size < RZ_FRAME_MAX ? f->size : RZ_FRAME_MAX;
    if (ssl_read_all (ssl, f->data, (size_t) keep) != 0)
        return -1;
    unsigned char sink[16384];
    for (uint64_t rest = f->size - keep; rest;) {
        size_t n = rest < sizeof sink ? (size_t) rest : sizeof sink;
        if (ssl_read_all (ssl, sink, n) != 0)
            return -1;
        rest -= n;
    }
    return 0;
}

static inline void ssl_send_frame (SSL *ssl, const void *data, size_t len)
{
    unsigned char hdr[9];
    size_t hl = rz_build_header (hdr, 0x00, len, 0);
    ssl_write_all (ssl, hdr, hl);
    if (len)
        ssl_write_all (ssl, data, len);
}

/* Append one ZMTP property (name, value) to a READY body at *len. */
static inline void tr_prop (unsigned char *buf, size_t cap, size_t *len,
                            const char *name, const char *value)
{
    size_t nl = strlen (name), vl = strlen (value);
    TEST_ASSERT (*len + 5 + nl + vl <= cap);
    unsigned char *p = buf + *len;
    p[0] = (unsigned char) nl;
    memcpy (p + 1, name, nl);
    p[1 + nl] = (unsigned char) (vl >> 24);
    p[2 + nl] = (unsigned char) (vl >> 16);
    p[3 + nl] = (unsigned char) (vl >> 8);
    p[4 + nl] = (unsigned char) vl;
    memcpy (p + 5 + nl, value, vl);
    *len += 5 + nl + vl;
}

/* A TLS client connection to the tls://127.0.0.1:PORT endpoint EP: trusts
 * nothing (the tests judge the server elsewhere), presents CRT/KEY (names
 * in the certificate directory) when not NULL, and speaks at most
 * MAX_VERSION (0: any). Returns NULL when the handshake fails; *fd_out
 * gets the socket. */
static inline SSL *tr_connect (const char *ep, const char *crt,
                               const char *key, int max_version,
                               int *fd_out)
{
    SSL_CTX *c = SSL_CTX_new (TLS_client_method ());
    TEST_ASSERT (c != NULL);
    if (max_version)
        TEST_ASSERT (SSL_CTX_set_max_proto_version (c, max_version) == 1);
    if (crt) {
        TEST_ASSERT (SSL_CTX_use_certificate_chain_file (c, cert (crt)) == 1);
        TEST_ASSERT (
          SSL_CTX_use_PrivateKey_file (c, cert (key), SSL_FILETYPE_PEM) == 1);
    }
    int fd = rz_connect_tcp (ep, 0, 3000);
    TEST_ASSERT_MSG (fd >= 0, "cannot connect to %s", ep);
    SSL *ssl = SSL_new (c);
    SSL_CTX_free (c); /* the SSL keeps its own reference */
    TEST_ASSERT (ssl != NULL);
    TEST_ASSERT (SSL_set_fd (ssl, fd) == 1);
    *fd_out = fd;
    if (SSL_connect (ssl) != 1) {
        SSL_free (ssl);
        close (fd);
        return NULL;
    }
    return ssl;
}

/* The ZMTP NULL handshake inside SSL, sending READY with the properties
 * in PROPS (built with tr_prop) and checking the library's READY. Returns
 * 0, or -1 when the library closed the connection instead. */
static inline int tr_zmtp (SSL *ssl, const unsigned char *props, size_t len,
                           const char *lib_type)
{
    unsigned char g[64], peer[64], buf[1024];
    rz_build_greeting (g, 1, "NULL", 0);
    ssl_write_all (ssl, g, 64);
    if (ssl_read_all (ssl, peer, 64) != 0)
        return -1;
    rz_check_greeting (peer);
    ssl_write_all (ssl, buf,
                   rz_build_command (buf, sizeof buf, "READY", props, len));
    rz_frame_t *f = (rz_frame_t *) malloc (sizeof *f);
    TEST_ASSERT (f != NULL);
    int rc = ssl_read_frame (ssl, f);
    if (rc == 0)
        rz_check_ready (f, lib_type);
    free (f);
    return rc;
}

#endif
