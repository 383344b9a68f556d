/* CURVE runs unchanged inside tls://: TLS for the channel, CURVE for the
 * application's keys. A DEALER with the server's CURVE key talks to a
 * ROUTER over tls://; with the wrong CURVE key nothing gets through even
 * though TLS is fine. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    char sp[41], ss[41], cp[41], cs[41];
    TEST_ZMQ_OK (zmq_curve_keypair (sp, ss));
    TEST_ZMQ_OK (zmq_curve_keypair (cp, cs));
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *r = test_socket (ctx, ZMQ_ROUTER);
    tls_creds (r, NULL, "server.crt", "server.key");
    set_int_opt (r, ZMQ_CURVE_SERVER, 1);
    TEST_ZMQ_OK (zmq_setsockopt (r, ZMQ_CURVE_SECRETKEY, ss, 40));
    char ep[256];
    tls_bind (r, ep, sizeof ep);

    for (int wrong = 0; wrong < 2; wrong++) {
        void *d = test_socket (ctx, ZMQ_DEALER);
        tls_creds (d, "ca.crt", NULL, NULL);
        TEST_ZMQ_OK (zmq_setsockopt (d, ZMQ_ROUTING_ID, "D", 1));
        TEST_ZMQ_OK (zmq_setsockopt (d, ZMQ_CURVE_SERVERKEY, wrong ? cp : sp, 40));
        TEST_ZMQ_OK (zmq_setsockopt (d, ZMQ_CURVE_PUBLICKEY, cp, 40));
        TEST_ZMQ_OK (zmq_setsockopt (d, ZMQ_CURVE_SECRETKEY, cs, 40));
        TEST_ZMQ_OK (zmq_connect (d, ep));
        zmq_send (d, "over both", 9, ZMQ_DONTWAIT);
        set_int_opt (r, ZMQ_RCVTIMEO, wrong ? 500 : 5000);
        char buf[16];
        int n = zmq_recv (r, buf, sizeof buf, 0);
        if (wrong) {
            TEST_ASSERT_EQ_INT (-1, n);
        } else {
            TEST_ASSERT_EQ_INT (1, n);
            RECV_STR (r, "over both");
            send_str (r, "D", ZMQ_SNDMORE);
            send_str (r, "back", 0);
            RECV_STR (d, "back");
        }
        TEST_ZMQ_OK (zmq_close (d));
    }
    TEST_ZMQ_OK (zmq_close (r));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
