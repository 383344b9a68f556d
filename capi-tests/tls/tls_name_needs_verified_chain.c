/* A required peer name proves nothing on a certificate whose chain nobody
 * verifies, so such configurations are refused up front with ETLSCA:
 * - bind side: ZMQ_TLS_CERT_COMMON_NAME without a CA (a self-signed client
 *   certificate with that name would pass), and with a CA but
 *   ZMQ_TLS_VERIFY_PEER 0;
 * - connect side: ZMQ_TLS_CERT_COMMON_NAME with ZMQ_TLS_VERIFY_PEER 0.
 * (With a CA and verification on, see tls_common_name_server_side.) */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    void *s = test_socket (ctx, ZMQ_REP);
    tls_creds (s, NULL, "server.crt", "server.key");
    set_str_opt (s, ZMQ_TLS_CERT_COMMON_NAME, "client");
    TEST_ASSERT_EQ_INT (-1, zmq_bind (s, "tls://127.0.0.1:*"));
    TEST_ASSERT_EQ_INT (ETLSCA, zmq_errno ());
    tls_creds (s, "ca.crt", NULL, NULL);
    set_int_opt (s, ZMQ_TLS_VERIFY_PEER, 0);
    TEST_ASSERT_EQ_INT (-1, zmq_bind (s, "tls://127.0.0.1:*"));
    TEST_ASSERT_EQ_INT (ETLSCA, zmq_errno ());
    TEST_ZMQ_OK (zmq_close (s));

    void *c = test_socket (ctx, ZMQ_REQ);
    tls_creds (c, "ca.crt", NULL, NULL);
    set_str_opt (c, ZMQ_TLS_CERT_COMMON_NAME, "server");
    set_int_opt (c, ZMQ_TLS_VERIFY_PEER, 0);
    TEST_ASSERT_EQ_INT (-1, zmq_connect (c, "tls://127.0.0.1:5555"));
    TEST_ASSERT_EQ_INT (ETLSCA, zmq_errno ());
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
