/* Credentials as PEM text in memory (ZMQ_TLS_CA_PEM, ZMQ_TLS_CERT_PEM,
 * ZMQ_TLS_KEY_PEM), read here from the test files:
 * - a mutual-TLS REQ/REP with every credential given as PEM (the key of
 *   one side encrypted, with ZMQ_TLS_CERT_PASSWORD): served, User-Id
 *   "client-enc" on the bind side and "server" on the connect side;
 * - zmq_getsockopt returns the text as set (NUL-terminated);
 * - the file and the PEM form of the same credential both set: EINVAL at
 *   zmq_bind / zmq_connect;
 * - PEM that is not a certificate / key: ETLSCERT / ETLSKEY; an encrypted
 *   key without its password: ETLSPASS; a key of another certificate:
 *   ETLSKEYINVALID; CA PEM that holds no certificate: ETLSCA. */
#include "tlsutil.h"

/* File NAME as text; kept until the program ends. */
static char *slurp (const char *name)
{
    return tls_slurp (name, NULL);
}

static void pem (void *s, int opt, const char *text)
{
    TEST_ZMQ_OK (zmq_setsockopt (s, opt, text, strlen (text)));
}

static void bind_err (void *ctx, const char *crt, const char *key,
                      const char *pass, int err)
{
    void *s = test_socket (ctx, ZMQ_REP);
    pem (s, ZMQ_TLS_CERT_PEM, crt);
    pem (s, ZMQ_TLS_KEY_PEM, key);
    if (pass)
        set_str_opt (s, ZMQ_TLS_CERT_PASSWORD, pass);
    TEST_ASSERT_EQ_INT (-1, zmq_bind (s, "tls://127.0.0.1:*"));
    TEST_ASSERT_MSG (zmq_errno () == err, "errno %d (%s), expected %s",
                     zmq_errno (), tls_errno_name (zmq_errno ()),
                     tls_errno_name (err));
    TEST_ZMQ_OK (zmq_close (s));
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *server = test_socket (ctx, ZMQ_REP);
    pem (server, ZMQ_TLS_CA_PEM, slurp ("ca.crt"));
    pem (server, ZMQ_TLS_CERT_PEM, slurp ("server.crt"));
    pem (server, ZMQ_TLS_KEY_PEM, slurp ("server.key"));
    char ep[256];
    tls_bind (server, ep, sizeof ep);

    void *client = test_socket (ctx, ZMQ_REQ);
    const char *ca = slurp ("ca.crt");
    pem (client, ZMQ_TLS_CA_PEM, ca);
    pem (client, ZMQ_TLS_CERT_PEM, slurp ("client-enc.crt"));
    pem (client, ZMQ_TLS_KEY_PEM, slurp ("client-enc.key"));
    set_str_opt (client, ZMQ_TLS_CERT_PASSWORD, "secret");
    char got[65536];
    size_t sz = sizeof got;
    TEST_ZMQ_OK (zmq_getsockopt (client, ZMQ_TLS_CA_PEM, got, &sz));
    TEST_ASSERT_EQ_INT (strlen (ca) + 1, sz);
    TEST_ASSERT_EQ_STR (ca, got);
    TEST_ZMQ_OK (zmq_connect (client, ep));
    char uid[256];
    send_str (client, "hello", 0);
    TEST_ASSERT (RECV_STR_UID (server, "hello", uid, sizeof uid));
    TEST_ASSERT_EQ_STR ("client-enc", uid);
    send_str (server, "world", 0);
    TEST_ASSERT (RECV_STR_UID (client, "world", uid, sizeof uid));
    TEST_ASSERT_EQ_STR ("server", uid);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));

    /* file and PEM of the same credential: ambiguous */
    void *s = test_socket (ctx, ZMQ_REP);
    tls_creds (s, NULL, "server.crt", "server.key");
    pem (s, ZMQ_TLS_CERT_PEM, slurp ("server.crt"));
    TEST_ASSERT_EQ_INT (-1, zmq_bind (s, "tls://127.0.0.1:*"));
    TEST_ASSERT_EQ_INT (EINVAL, zmq_errno ());
    TEST_ZMQ_OK (zmq_close (s));
    s = test_socket (ctx, ZMQ_REQ);
    tls_creds (s, "ca.crt", NULL, NULL);
    pem (s, ZMQ_TLS_CA_PEM, ca);
    TEST_ASSERT_EQ_INT (-1, zmq_connect (s, "tls://127.0.0.1:5555"));
    TEST_ASSERT_EQ_INT (EINVAL, zmq_errno ());
    TEST_ZMQ_OK (zmq_close (s));

    /* bad PEM */
    bind_err (ctx, "not a certificate", slurp ("server.key"), NULL, ETLSCERT);
    bind_err (ctx, slurp ("server.crt"), "not a key", NULL, ETLSKEY);
    bind_err (ctx, slurp ("client-enc.crt"), slurp ("client-enc.key"), NULL,
              ETLSPASS);
    bind_err (ctx, slurp ("server.crt"), slurp ("client.key"), NULL,
              ETLSKEYINVALID);
    s = test_socket (ctx, ZMQ_REQ);
    pem (s, ZMQ_TLS_CA_PEM, slurp ("server.key"));
    TEST_ASSERT_EQ_INT (-1, zmq_connect (s, "tls://127.0.0.1:5555"));
    TEST_ASSERT_EQ_INT (ETLSCA, zmq_errno ());
    TEST_ZMQ_OK (zmq_close (s));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
