/* ZMQ_STREAM over tls://: the connection carries the application's bytes
 * inside TLS, with no ZMTP. A plain OpenSSL client (no ZeroMQ) with a
 * client certificate talks to a STREAM bound on tls:// that asks for one:
 * the connect notification carries "User-Id" (the certificate's CN) and
 * "TLS-Version"; bytes go both ways; an empty frame closes the connection
 * with a TLS close_notify (SSL_read returns 0 cleanly). A STREAM that
 * connects over tls:// (host name checked) exchanges bytes with it too. */
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
