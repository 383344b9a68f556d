/* Set/get round trips of the TLS options: string options accepted with or
 * without a trailing NUL, returned NUL-terminated (length strlen + 1);
 * an empty value clears; ZMQ_TLS_CERT_PASSWD is an alias of
 * ZMQ_TLS_CERT_PASSWORD; ZMQ_TLS_VERIFY_PEER takes 0 and 1; options are
 * per socket. */
#include "tlsutil.h"

static const int str_opts[] = {ZMQ_TLS_CA_DIR,   ZMQ_TLS_CA_FILE,
                               ZMQ_TLS_CERT_FILE, ZMQ_TLS_KEY_FILE,
                               ZMQ_TLS_CERT_PASSWORD,
                               ZMQ_TLS_CERT_COMMON_NAME,
                               ZMQ_TLS_CA_PEM,    ZMQ_TLS_CERT_PEM,
                               ZMQ_TLS_KEY_PEM,   ZMQ_TLS_CRL_FILE};

#define CHECK_STR(s, opt, expected)                                            \
    check_str_ (__FILE__, __LINE__, (s), (opt), (expected))
static void check_str_ (const char *file, int line, void *s, int opt,
                        const char *expected)
{
    char buf[512];
    memset (buf, 'x', sizeof buf);
    size_t len = sizeof buf;
    if (zmq_getsockopt (s, opt, buf, &len) != 0)
        test_fail_ (file, line, "getsockopt(%d): %s", opt,
                    zmq_strerror (zmq_errno ()));
    if (len != strlen (expected) + 1 || buf[len - 1] != '\0'
        || memcmp (buf, expected, strlen (expected)) != 0)
        test_fail_ (file, line,
                    "option %d: expected \"%s\" (len %zu), got len %zu "
                    "\"%.*s\"",
                    opt, expected, strlen (expected) + 1, len, (int) len,
                    buf);
}

int main (int argc, char **argv)
{
    (void) argc;
    (void) argv;
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_DEALER);
    void *other = test_socket (ctx, ZMQ_DEALER);

    for (size_t i = 0; i < sizeof str_opts / sizeof str_opts[0]; i++) {
        int opt = str_opts[i];
        const char *v1 = "/some/where/file one.pem";
        const char *v2 = "x";

        /* without trailing NUL */
        TEST_ZMQ_OK (zmq_setsockopt (s, opt, v1, strlen (v1)));
        CHECK_STR (s, opt, v1);
        /* with trailing NUL: same value, not one with an embedded NUL */
        TEST_ZMQ_OK (zmq_setsockopt (s, opt, v2, strlen (v2) + 1));
        CHECK_STR (s, opt, v2);
        TEST_ZMQ_OK (zmq_setsockopt (s, opt, v1, strlen (v1) + 1));
        CHECK_STR (s, opt, v1);

        /* the buffer may be exactly strlen + 1; one byte less is EINVAL */
        char exact[64];
        size_t len = strlen (v1) + 1;
        TEST_ZMQ_OK (zmq_getsockopt (s, opt, exact, &len));
        TEST_ASSERT_EQ_INT (strlen (v1) + 1, len);
        TEST_ASSERT_EQ_STR (v1, exact);

        /* empty clears: "" with size 0, NULL with size 0, "\0" with size 1 */
        TEST_ZMQ_OK (zmq_setsockopt (s, opt, "", 0));
        CHECK_STR (s, opt, "");
        TEST_ZMQ_OK (zmq_setsockopt (s, opt, v1, strlen (v1)));
        TEST_ZMQ_OK (zmq_setsockopt (s, opt, NULL, 0));
        CHECK_STR (s, opt, "");
        TEST_ZMQ_OK (zmq_setsockopt (s, opt, v1, strlen (v1)));
        TEST_ZMQ_OK (zmq_setsockopt (s, opt, "", 1));
        CHECK_STR (s, opt, "");

        /* per socket */
        TEST_ZMQ_OK (zmq_setsockopt (s, opt, v1, strlen (v1)));
        CHECK_STR (other, opt, "");
    }

    /* ZMQ_TLS_CERT_PASSWD is the same option as ZMQ_TLS_CERT_PASSWORD */
    TEST_ASSERT_EQ_INT (ZMQ_TLS_CERT_PASSWORD, ZMQ_TLS_CERT_PASSWD);
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_TLS_CERT_PASSWD, "secret", 6));
    CHECK_STR (s, ZMQ_TLS_CERT_PASSWORD, "secret");
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_TLS_CERT_PASSWORD, "other", 6));
    CHECK_STR (s, ZMQ_TLS_CERT_PASSWD, "other");

    /* ZMQ_TLS_VERIFY_PEER */
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_TLS_VERIFY_PEER));
    set_int_opt (s, ZMQ_TLS_VERIFY_PEER, 0);
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_TLS_VERIFY_PEER));
    TEST_ASSERT_EQ_INT (1, get_int_opt (other, ZMQ_TLS_VERIFY_PEER));
    set_int_opt (s, ZMQ_TLS_VERIFY_PEER, 1);
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_TLS_VERIFY_PEER));

    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_close (other));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
