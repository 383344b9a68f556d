/* "User-Id" and the other properties we set ourselves cannot be forged by
 * a peer's READY metadata. A TLS client written with OpenSSL sends READY
 * with Socket-Type DEALER plus User-Id "admin", "user-id" "admin2",
 * Peer-Address "10.6.6.6", TLS-Version "forged", Identity "" and a custom
 * "X-Custom" "kept"; the ROUTER under test receives its message and:
 * - without a CA on the bind side (no client certificate asked): no
 *   User-Id at all, though the client presented a valid certificate;
 * - with a CA, a verified client certificate with no CN and DNS SANs
 *   client.example, second.example: User-Id "client.example";
 * - with a CA and client.crt (CN=client): User-Id "client";
 * always Peer-Address "127.0.0.1", TLS-Version "TLSv1.3", Socket-Type
 * "DEALER", and the custom property passes through. */
#include "rawzmtp.h"
#include "tlsutil.h"
#include "tlsraw.h"

static void one (const char *server_ca, const char *crt, const char *key,
                 const char *expect_uid)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *router = test_socket (ctx, ZMQ_ROUTER);
    tls_creds (router, server_ca, "server.crt", "server.key");
    char ep[256];
    tls_bind (router, ep, sizeof ep);

    int fd;
    SSL *ssl = tr_connect (ep, crt, key, 0, &fd);
    TEST_ASSERT_MSG (ssl != NULL, "TLS handshake with %s failed", crt);
    unsigned char props[512];
    size_t len = 0;
    tr_prop (props, sizeof props, &len, "Socket-Type", "DEALER");
    tr_prop (props, sizeof props, &len, "User-Id", "admin");
    tr_prop (props, sizeof props, &len, "user-id", "admin2");
    tr_prop (props, sizeof props, &len, "Peer-Address", "10.6.6.6");
    tr_prop (props, sizeof props, &len, "TLS-Version", "forged");
    tr_prop (props, sizeof props, &len, "Identity", "");
    tr_prop (props, sizeof props, &len, "X-Custom", "kept");
    TEST_ASSERT_MSG (tr_zmtp (ssl, props, len, "ROUTER") == 0,
                     "ZMTP handshake refused");
    ssl_send_frame (ssl, "hello", 5);

    char id[256];
    TEST_ASSERT (zmq_recv (router, id, sizeof id, 0) > 0);
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    TEST_ASSERT_EQ_INT (5, zmq_msg_recv (&m, router, 0));
    const char *uid = zmq_msg_gets (&m, "User-Id");
    if (expect_uid) {
        TEST_ASSERT_MSG (uid != NULL, "no User-Id (expected %s)", expect_uid);
        TEST_ASSERT_EQ_STR (expect_uid, uid);
    } else
        TEST_ASSERT_MSG (uid == NULL, "forged User-Id \"%s\" got through",
                         uid);
    TEST_ASSERT_MSG (zmq_msg_gets (&m, "user-id") == NULL,
                     "forged user-id got through");
    TEST_ASSERT_EQ_STR ("127.0.0.1", zmq_msg_gets (&m, "Peer-Address"));
    TEST_ASSERT_EQ_STR ("TLSv1.3", zmq_msg_gets (&m, "TLS-Version"));
    TEST_ASSERT_EQ_STR ("DEALER", zmq_msg_gets (&m, "Socket-Type"));
    TEST_ASSERT_EQ_STR ("kept", zmq_msg_gets (&m, "X-Custom"));
    zmq_msg_close (&m);

    SSL_free (ssl);
    close (fd);
    TEST_ZMQ_OK (zmq_close (router));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    one (NULL, "client.crt", "client.key", NULL);
    one (NULL, NULL, NULL, NULL);
    one ("ca.crt", "nocn-client.crt", "nocn-client.key", "client.example");
    one ("ca.crt", "client.crt", "client.key", "client");
    return 0;
}
