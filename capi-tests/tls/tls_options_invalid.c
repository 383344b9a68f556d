/* Wrong sizes and values for the TLS options fail with EINVAL and leave the
 * option unchanged: the int options (ZMQ_TLS_VERIFY_PEER, _VERIFY_HOSTNAME,
 * _SESSION_RESUMPTION, _RELOAD, _MIN_VERSION) with a size other than
 * sizeof(int), a value they do not take, NULL with size 0; string options
 * with a NUL inside; getsockopt into a too small buffer (string options:
 * smaller than value + NUL). (NULL with a non-zero
 * size is left out: libzmq crashes or gives EINVAL, this library gives
 * EFAULT for every option.) */
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
    void *s = test_socket (ctx, ZMQ_PAIR);

    const int flags[] = {ZMQ_TLS_VERIFY_PEER, ZMQ_TLS_VERIFY_HOSTNAME,
                         ZMQ_TLS_SESSION_RESUMPTION, ZMQ_TLS_RELOAD,
                         ZMQ_TLS_MIN_VERSION};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        int opt = flags[i];
        int keep = opt == ZMQ_TLS_MIN_VERSION ? ZMQ_TLS_VERSION_1_3 : 0;
        set_int_opt (s, opt, keep);
        /* sizes */
        int64_t big = 1;
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, opt, &big, sizeof big));
        int16_t small = 1;
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, opt, &small, sizeof small));
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, opt, NULL, 0));
        /* values */
        const int bad[] = {2, -1, 0x0302, 0x0305};
        for (size_t b = 0; b < 4; b++)
            TEST_ZMQ_ERR (EINVAL,
                          zmq_setsockopt (s, opt, &bad[b], sizeof bad[b]));
        TEST_ASSERT_EQ_INT (keep, get_int_opt (s, opt));
        /* getsockopt into a too small buffer */
        char two[2];
        size_t len = sizeof two;
        TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, opt, two, &len));
    }
    size_t len;

    /* string options */
    for (size_t i = 0; i < sizeof str_opts / sizeof str_opts[0]; i++) {
        int opt = str_opts[i];
        TEST_ZMQ_OK (zmq_setsockopt (s, opt, "keep", 4));
        char buf[16];
        len = sizeof buf;
        TEST_ZMQ_OK (zmq_getsockopt (s, opt, buf, &len));
        TEST_ASSERT_EQ_INT (5, len);
        TEST_ASSERT_EQ_STR ("keep", buf);
        /* too small for value + NUL */
        len = 4;
        TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, opt, buf, &len));
        /* a NUL inside the value */
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, opt, "ke\0ep", 5));
        len = sizeof buf;
        TEST_ZMQ_OK (zmq_getsockopt (s, opt, buf, &len));
        TEST_ASSERT_EQ_STR ("keep", buf);
    }

    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
