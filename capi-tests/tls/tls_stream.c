/* ZMQ_STREAM over tls://: the connection carries the application's bytes
 * inside TLS, with no ZMTP. A plain OpenSSL client (no ZeroMQ) with a
 * client certificate talks to a STREAM bound on tls:// that asks for one:
 * the connect notification carries "User-Id" (the certificate's CN) and
 * "TLS-Version"; bytes go both ways; an empty frame closes the connection
 * with a TLS close_notify (SSL_read returns 0 cleanly). A STREAM that
 * connects over tls:// (host name checked) exchanges bytes with it too.
 * - closing right after 8 MiB with a small ZMQ_SNDBUF, to a client that
 *   reads slowly: every byte arrives, then a clean close_notify (the
 *   records OpenSSL had made but the kernel had not taken were cut off);
 * - ZMQ_HANDSHAKE_IVL bounds the TLS handshake: a client that connects and
 *   never speaks is dropped. */
#include "rawzmtp.h"
#include "tlsutil.h"
#include "tlsraw.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *st = test_socket (ctx, ZMQ_STREAM);
    tls_creds (st, "ca.crt", "server.crt", "server.key");
    char ep[256];
    tls_bind (st, ep, sizeof ep);

    int fd;
    SSL *ssl = tr_connect (ep, "client.crt", "client.key", 0, &fd);
    TEST_ASSERT_MSG (ssl != NULL, "TLS handshake failed");

    zmq_msg_t m;
    zmq_msg_init (&m);
    TEST_ZMQ_OK (zmq_msg_recv (&m, st, 0));
    TEST_ASSERT (zmq_msg_more (&m));
    unsigned char id[256];
    size_t id_len = zmq_msg_size (&m);
    memcpy (id, zmq_msg_data (&m), id_len);
    const char *uid = zmq_msg_gets (&m, "User-Id");
    TEST_ASSERT_MSG (uid && strcmp (uid, "client") == 0, "User-Id %s",
                     uid ? uid : "(none)");
    const char *ver = zmq_msg_gets (&m, "TLS-Version");
    TEST_ASSERT (ver && strncmp (ver, "TLSv1.", 6) == 0);
    TEST_ZMQ_OK (zmq_msg_recv (&m, st, 0));
    TEST_ASSERT_EQ_INT (0, (int) zmq_msg_size (&m));

    ssl_write_all (ssl, "hello", 5);
    TEST_ZMQ_OK (zmq_msg_recv (&m, st, 0));
    TEST_ASSERT_EQ_INT ((int) id_len, (int) zmq_msg_size (&m));
    TEST_ZMQ_OK (zmq_msg_recv (&m, st, 0));
    TEST_ASSERT_EQ_INT (5, (int) zmq_msg_size (&m));
    TEST_ASSERT_EQ_MEM ("hello", zmq_msg_data (&m), 5);
    zmq_msg_close (&m);

    TEST_ZMQ_OK (zmq_send (st, id, id_len, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (st, "world", 5, 0));
    TEST_ZMQ_OK (zmq_send (st, id, id_len, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (st, "", 0, 0));
    char buf[16];
    TEST_ASSERT_EQ_INT (0, ssl_read_all (ssl, buf, 5));
    TEST_ASSERT_EQ_MEM ("world", buf, 5);
    int n = SSL_read (ssl, buf, sizeof buf);
    TEST_ASSERT_EQ_INT (0, n);
    TEST_ASSERT_EQ_INT (SSL_ERROR_ZERO_RETURN, SSL_get_error (ssl, n));
    SSL_free (ssl);
    close (fd);

    /* Close after much data, a small send buffer, a slow reader. */
    {
        void *big_st = test_socket (ctx, ZMQ_STREAM);
        tls_creds (big_st, NULL, "server.crt", "server.key");
        int sb = 20000;
        TEST_ZMQ_OK (zmq_setsockopt (big_st, ZMQ_SNDBUF, &sb, sizeof sb));
        char bep[256];
        tls_bind (big_st, bep, sizeof bep);
        int bfd;
        SSL *bssl = tr_connect (bep, NULL, NULL, 0, &bfd);
        TEST_ASSERT (bssl != NULL);
        unsigned char bid[256];
        int bidn = TEST_ZMQ_OK (zmq_recv (big_st, bid, sizeof bid, 0));
        TEST_ASSERT_EQ_INT (0, zmq_recv (big_st, buf, sizeof buf, 0));
        static char chunk[1 << 20];
        memset (chunk, 'x', sizeof chunk);
        for (int i = 0; i < 8; i++) {
            TEST_ZMQ_OK (zmq_send (big_st, bid, (size_t) bidn, ZMQ_SNDMORE));
            TEST_ZMQ_OK (zmq_send (big_st, chunk, sizeof chunk, 0));
        }
        TEST_ZMQ_OK (zmq_send (big_st, bid, (size_t) bidn, ZMQ_SNDMORE));
        TEST_ZMQ_OK (zmq_send (big_st, "", 0, 0));
        sleep_ms (300);
        size_t total = 0;
        int k = 0, r;
        char rb[4096];
        while ((r = SSL_read (bssl, rb, sizeof rb)) > 0) {
            total += (size_t) r;
            if (++k % 8 == 0)
                sleep_ms (1);
        }
        TEST_ASSERT_MSG (total == 8u << 20, "got %zu of %u bytes", total,
                         8u << 20);
        TEST_ASSERT_EQ_INT (SSL_ERROR_ZERO_RETURN, SSL_get_error (bssl, r));
        SSL_free (bssl);
        close (bfd);
        TEST_ZMQ_OK (zmq_close (big_st));
    }

    /* A client that never starts the TLS handshake. */
    {
        void *hs = test_socket (ctx, ZMQ_STREAM);
        tls_creds (hs, NULL, "server.crt", "server.key");
        set_int_opt (hs, ZMQ_HANDSHAKE_IVL, 300);
        char hep[256];
        tls_bind (hs, hep, sizeof hep);
        int sfd = rz_connect_tcp (hep, 0, 3000);
        TEST_ASSERT (sfd >= 0);
        struct pollfd p = {sfd, POLLIN, 0};
        TEST_ASSERT_MSG (poll (&p, 1, 3000) == 1, "silent client kept");
        char c;
        TEST_ASSERT (recv (sfd, &c, 1, 0) <= 0);
        close (sfd);
        TEST_ZMQ_OK (zmq_close (hs));
    }

    /* STREAM to STREAM over tls://localhost (the name is checked). */
    void *cl = test_socket (ctx, ZMQ_STREAM);
    tls_creds (cl, "ca.crt", "client.crt", "client.key");
    char cep[256];
    snprintf (cep, sizeof cep, "tls://localhost:%d", endpoint_port (ep));
    TEST_ZMQ_OK (zmq_connect (cl, cep));
    unsigned char cid[256];
    size_t cid_len = sizeof cid;
    TEST_ZMQ_OK (zmq_getsockopt (cl, ZMQ_ROUTING_ID, cid, &cid_len));
    TEST_ZMQ_OK (zmq_send (cl, cid, cid_len, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (cl, "over tls", 8, 0));
    /* Server: notification, then the bytes (perhaps in pieces). */
    TEST_ZMQ_OK (zmq_recv (st, id, sizeof id, 0));
    TEST_ASSERT_EQ_INT (0, zmq_recv (st, buf, sizeof buf, 0));
    char got[16] = {0};
    size_t len = 0;
    while (len < 8) {
        TEST_ZMQ_OK (zmq_recv (st, id, sizeof id, 0));
        len += (size_t) TEST_ZMQ_OK (zmq_recv (st, got + len, 8 - len, 0));
    }
    TEST_ASSERT_EQ_MEM ("over tls", got, 8);
    TEST_ZMQ_OK (zmq_close (cl));
    TEST_ZMQ_OK (zmq_close (st));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
