/* Wrong sizes and values for the TLS options fail with EINVAL and leave the
 * option unchanged: ZMQ_TLS_VERIFY_PEER with a size other than sizeof(int),
 * a value other than 0/1, NULL with size 0; getsockopt into a too small
 * buffer (string options: smaller than value + NUL). (NULL with a non-zero
 * size is left out: libzmq crashes or gives EINVAL, this library gives
 * EFAULT for every option.) */
#include "tlsutil.h"

static const int str_opts[] = {ZMQ_TLS_CA_DIR, ZMQ_TLS_CA_FILE,
                               ZMQ_TLS_CERT_FILE, ZMQ_TLS_KEY_FILE,
                               ZMQ_TLS_CERT_PASSWORD,
                               ZMQ_TLS_CERT_COMMON_NAME};

int main (int argc, char **argv)
{
    (void) argc;
    (void) argv;
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_PAIR);

    /* VERIFY_PEER: sizes */
    set_int_opt (s, ZMQ_TLS_VERIFY_PEER, 0);
    int64_t big = 1;
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_TLS_VERIFY_PEER, &big,
                                          sizeof big));
    int16_t small = 1;
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_TLS_VERIFY_PEER, &small,
                                          sizeof small));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_TLS_VERIFY_PEER, NULL, 0));
    /* VERIFY_PEER: values */
    int v = 2;
    TEST_ZMQ_ERR (EINVAL,
                  zmq_setsockopt (s, ZMQ_TLS_VERIFY_PEER, &v, sizeof v));
    v = -1;
    TEST_ZMQ_ERR (EINVAL,
                  zmq_setsockopt (s, ZMQ_TLS_VERIFY_PEER, &v, sizeof v));
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_TLS_VERIFY_PEER));
    /* VERIFY_PEER: getsockopt into a too small buffer */
    char two[2];
    size_t len = sizeof two;
    TEST_ZMQ_ERR (EINVAL,
                  zmq_getsockopt (s, ZMQ_TLS_VERIFY_PEER, two, &len));

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
    }

    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
