/* Defaults of the TLS options on a fresh socket of every type:
 * ZMQ_TLS_VERIFY_PEER, ZMQ_TLS_VERIFY_HOSTNAME, ZMQ_TLS_SESSION_RESUMPTION
 * and ZMQ_TLS_RELOAD are 1, ZMQ_TLS_MIN_VERSION is ZMQ_TLS_VERSION_1_2,
 * every string option (paths, names, PEM text, cipher lists) is the empty
 * string, returned NUL-terminated (length 1) like libzmq's string
 * options. */
#include "tlsutil.h"

static const int str_opts[] = {ZMQ_TLS_CA_DIR,   ZMQ_TLS_CA_FILE,
                               ZMQ_TLS_CERT_FILE, ZMQ_TLS_KEY_FILE,
                               ZMQ_TLS_CERT_PASSWORD,
                               ZMQ_TLS_CERT_COMMON_NAME,
                               ZMQ_TLS_CA_PEM,    ZMQ_TLS_CERT_PEM,
                               ZMQ_TLS_KEY_PEM,   ZMQ_TLS_CRL_FILE};

int main (int argc, char **argv)
{
    (void) argc;
    (void) argv;
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    const int types[] = {ZMQ_PAIR, ZMQ_REQ, ZMQ_REP, ZMQ_DEALER,
                         ZMQ_ROUTER, ZMQ_PUSH, ZMQ_PULL};
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        void *s = test_socket (ctx, types[t]);
        TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_TLS_VERIFY_PEER));
        TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_TLS_VERIFY_HOSTNAME));
        TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_TLS_SESSION_RESUMPTION));
        TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_TLS_RELOAD));
        TEST_ASSERT_EQ_INT (ZMQ_TLS_VERSION_1_2,
                            get_int_opt (s, ZMQ_TLS_MIN_VERSION));
        const int lists[] = {ZMQ_TLS_CIPHERS, ZMQ_TLS_CIPHERSUITES};
        for (size_t i = 0; i < 2; i++) {
            char buf[8] = "xxxxxxx";
            size_t len = sizeof buf;
            TEST_ZMQ_OK (zmq_getsockopt (s, lists[i], buf, &len));
            TEST_ASSERT_EQ_INT (1, len);
            TEST_ASSERT_EQ_INT (0, buf[0]);
        }
        for (size_t i = 0; i < sizeof str_opts / sizeof str_opts[0]; i++) {
            char buf[256];
            memset (buf, 'x', sizeof buf);
            size_t len = sizeof buf;
            TEST_ZMQ_OK (zmq_getsockopt (s, str_opts[i], buf, &len));
            TEST_ASSERT_MSG (len == 1 && buf[0] == '\0',
                             "option %d default: len %zu, first byte %d",
                             str_opts[i], len, buf[0]);
        }
        TEST_ZMQ_OK (zmq_close (s));
    }
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
