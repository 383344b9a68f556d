/* Policy knobs narrow the secure set, never widen it:
 * - ZMQ_TLS_MIN_VERSION: ZMQ_TLS_VERSION_1_2 (default) or _1_3; anything
 *   else EINVAL. A bind side at 1.3 refuses a TLS 1.2-only client (an
 *   OpenSSL client here); at the default it serves it with TLS 1.2 and a
 *   forward-secret AEAD suite ("TLS-Version" "TLSv1.2", "TLS-Cipher");
 * - ZMQ_TLS_CIPHERS: a TLS 1.2 list; any list selecting something that is
 *   not ECDHE + AEAD (CBC, static RSA, ALL, eNULL) or nothing, or that
 *   lowers the security level (@SECLEVEL), is EINVAL and leaves the old
 *   value; "ECDHE-ECDSA-CHACHA20-POLY1305" is what a 1.2
 *   client then gets;
 * - ZMQ_TLS_CIPHERSUITES: TLS 1.3 names, unknown ones, TLS 1.2 names and
 *   TLS_AES_128_CCM_8_SHA256 (8-byte tag) EINVAL;
 *   "TLS_CHACHA20_POLY1305_SHA256" on both sides is what is negotiated. */
#include "rawzmtp.h"
#include "tlsutil.h"
#include "tlsraw.h"

static void expect_einval_int (void *s, int opt, int v)
{
    TEST_ASSERT_EQ_INT (-1, zmq_setsockopt (s, opt, &v, sizeof v));
    TEST_ASSERT_EQ_INT (EINVAL, zmq_errno ());
}

static void expect_einval_str (void *s, int opt, const char *v)
{
    TEST_ASSERT_MSG (zmq_setsockopt (s, opt, v, strlen (v)) == -1
                       && zmq_errno () == EINVAL,
                     "option %d \"%s\" accepted", opt, v);
}

/* A TLS 1.2-only OpenSSL client against a server with MIN_VERSION and
 * CIPHERS as given; returns 1 if served, and checks the cipher. */
static int tls12_client (const char *min13, const char *ciphers,
                         const char *want_cipher)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *router = test_socket (ctx, ZMQ_ROUTER);
    tls_creds (router, NULL, "server.crt", "server.key");
    if (min13)
        set_int_opt (router, ZMQ_TLS_MIN_VERSION, ZMQ_TLS_VERSION_1_3);
    if (ciphers)
        set_str_opt (router, ZMQ_TLS_CIPHERS, ciphers);
    char ep[256];
    tls_bind (router, ep, sizeof ep);
    int fd;
    SSL *ssl = tr_connect (ep, NULL, NULL, TLS1_2_VERSION, &fd);
    int served = ssl != NULL;
    if (ssl) {
        unsigned char props[64];
        size_t len = 0;
        tr_prop (props, sizeof props, &len, "Socket-Type", "DEALER");
        TEST_ASSERT (tr_zmtp (ssl, props, len, "ROUTER") == 0);
        ssl_send_frame (ssl, "hello", 5);
        char id[256];
        TEST_ASSERT (zmq_recv (router, id, sizeof id, 0) > 0);
        zmq_msg_t m;
        TEST_ZMQ_OK (zmq_msg_init (&m));
        TEST_ASSERT_EQ_INT (5, zmq_msg_recv (&m, router, 0));
        TEST_ASSERT_EQ_STR ("TLSv1.2", zmq_msg_gets (&m, "TLS-Version"));
        const char *c = zmq_msg_gets (&m, "TLS-Cipher");
        printf ("TLS 1.2 client got %s\n", c);
        if (want_cipher)
            TEST_ASSERT_EQ_STR (want_cipher, c);
        else
            TEST_ASSERT_MSG (strncmp (c, "ECDHE-", 6) == 0
                               && (strstr (c, "GCM") || strstr (c, "CHACHA")),
                             "weak cipher %s", c);
        zmq_msg_close (&m);
        SSL_free (ssl);
        close (fd);
    }
    TEST_ZMQ_OK (zmq_close (router));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return served;
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_REQ);
    int v = 0;
    size_t sz = sizeof v;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_TLS_MIN_VERSION, &v, &sz));
    TEST_ASSERT_EQ_INT (ZMQ_TLS_VERSION_1_2, v);
    expect_einval_int (s, ZMQ_TLS_MIN_VERSION, 0x0302);
    expect_einval_int (s, ZMQ_TLS_MIN_VERSION, 12);
    expect_einval_int (s, ZMQ_TLS_MIN_VERSION, 0x0305);
    set_int_opt (s, ZMQ_TLS_MIN_VERSION, ZMQ_TLS_VERSION_1_3);
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_TLS_MIN_VERSION, &v, &sz));
    TEST_ASSERT_EQ_INT (ZMQ_TLS_VERSION_1_3, v);

    set_str_opt (s, ZMQ_TLS_CIPHERS, "ECDHE-ECDSA-CHACHA20-POLY1305");
    expect_einval_str (s, ZMQ_TLS_CIPHERS, "ECDHE-RSA-AES128-SHA");
    expect_einval_str (s, ZMQ_TLS_CIPHERS, "AES128-GCM-SHA256");
    expect_einval_str (s, ZMQ_TLS_CIPHERS, "ALL");
    expect_einval_str (s, ZMQ_TLS_CIPHERS, "eNULL");
    expect_einval_str (s, ZMQ_TLS_CIPHERS, "nothing-at-all");
    expect_einval_str (s, ZMQ_TLS_CIPHERS,
                       "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA");
    /* every cipher fine, but the security level lowered */
    expect_einval_str (s, ZMQ_TLS_CIPHERS, "ECDHE+AESGCM:@SECLEVEL=0");
    char buf[256];
    sz = sizeof buf;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_TLS_CIPHERS, buf, &sz));
    TEST_ASSERT_EQ_STR ("ECDHE-ECDSA-CHACHA20-POLY1305", buf);
    set_str_opt (s, ZMQ_TLS_CIPHERSUITES,
                 "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256");
    expect_einval_str (s, ZMQ_TLS_CIPHERSUITES, "TLS_BOGUS");
    expect_einval_str (s, ZMQ_TLS_CIPHERSUITES, "ECDHE-RSA-AES128-GCM-SHA256");
    /* a TLS 1.2 IANA name OpenSSL would take here, and an 8-byte tag */
    expect_einval_str (s, ZMQ_TLS_CIPHERSUITES, "TLS_RSA_WITH_NULL_SHA256");
    expect_einval_str (s, ZMQ_TLS_CIPHERSUITES, "TLS_AES_128_CCM_8_SHA256");
    TEST_ZMQ_OK (zmq_close (s));

    TEST_ASSERT_MSG (!tls12_client ("1.3", NULL, NULL),
                     "MIN_VERSION 1.3 served a TLS 1.2 client");
    TEST_ASSERT (tls12_client (NULL, NULL, NULL));
    TEST_ASSERT (tls12_client (NULL, "ECDHE-ECDSA-CHACHA20-POLY1305",
                               "ECDHE-ECDSA-CHACHA20-POLY1305"));

    /* TLS 1.3 suites chosen on both sides */
    char ep[256];
    void *server = test_socket (ctx, ZMQ_REP);
    tls_creds (server, NULL, "server.crt", "server.key");
    set_str_opt (server, ZMQ_TLS_CIPHERSUITES, "TLS_CHACHA20_POLY1305_SHA256");
    set_int_opt (server, ZMQ_TLS_MIN_VERSION, ZMQ_TLS_VERSION_1_3);
    tls_bind (server, ep, sizeof ep);
    void *client = test_socket (ctx, ZMQ_REQ);
    tls_creds (client, "ca.crt", NULL, NULL);
    set_str_opt (client, ZMQ_TLS_CIPHERSUITES, "TLS_CHACHA20_POLY1305_SHA256");
    TEST_ZMQ_OK (zmq_connect (client, ep));
    send_str (client, "hello", 0);
    TEST_ASSERT (RECV_STR_PROP (server, "hello", "TLS-Cipher", buf, sizeof buf));
    TEST_ASSERT_EQ_STR ("TLS_CHACHA20_POLY1305_SHA256", buf);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
