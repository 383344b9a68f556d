/* ZMQ_SOCKS_PROXY's values, as libzmq takes them (libzmq's own
 * test_socks_proxy_options):
 * - NULL (length 0) means no proxy: getsockopt returns "";
 * - "host:port" is kept and returned;
 * - an empty value ("" with length 0) is EINVAL and leaves the option
 *   as it was; only NULL clears it. */
#include "testutil.h"

static void expect_proxy (void *s, const char *want)
{
    char got[256];
    size_t len = sizeof got;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_SOCKS_PROXY, got, &len));
    TEST_ASSERT_EQ_INT (strlen (want) + 1, len);
    TEST_ASSERT_EQ_STR (want, got);
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_SUB);

    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_SOCKS_PROXY, NULL, 0));
    expect_proxy (s, "");

    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_SOCKS_PROXY, "", 0));
    expect_proxy (s, "");

    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_SOCKS_PROXY, "somehost:1080", 13));
    expect_proxy (s, "somehost:1080");

    /* refused: the proxy stays set */
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_SOCKS_PROXY, "", 0));
    expect_proxy (s, "somehost:1080");

    /* NULL clears it */
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_SOCKS_PROXY, NULL, 0));
    expect_proxy (s, "");

    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
