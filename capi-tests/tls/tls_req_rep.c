/* REQ/REP over tls://: 50 request/reply round trips, with two REQ clients
 * served by one REP. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *rep = tls_server (ctx, ZMQ_REP, ep, sizeof ep);

    void *req[2];
    for (int i = 0; i < 2; i++) {
        req[i] = test_socket (ctx, ZMQ_REQ);
        tls_creds (req[i], "ca.crt", NULL, NULL);
        TEST_ZMQ_OK (zmq_connect (req[i], ep));
    }
    for (int n = 0; n < 50; n++) {
        char q[32], a[32];
        snprintf (q, sizeof q, "request %d/%d", n % 2, n);
        snprintf (a, sizeof a, "reply %d/%d", n % 2, n);
        req_rep_roundtrip (req[n % 2], rep, q, a);
    }
    for (int i = 0; i < 2; i++)
        TEST_ZMQ_OK (zmq_close (req[i]));
    TEST_ZMQ_OK (zmq_close (rep));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
