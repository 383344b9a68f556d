/* DEALER/ROUTER over tls://: the ROUTER sees each DEALER's routing id and
 * routes replies back to the right one. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *router = tls_server (ctx, ZMQ_ROUTER, ep, sizeof ep);

    const char *ids[] = {"alpha", "beta"};
    void *dealer[2];
    for (int i = 0; i < 2; i++) {
        dealer[i] = test_socket (ctx, ZMQ_DEALER);
        TEST_ZMQ_OK (zmq_setsockopt (dealer[i], ZMQ_ROUTING_ID, ids[i],
                                     strlen (ids[i])));
        tls_creds (dealer[i], "ca.crt", NULL, NULL);
        TEST_ZMQ_OK (zmq_connect (dealer[i], ep));
    }
    for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 2; i++) {
            char body[32];
            snprintf (body, sizeof body, "from %s %d", ids[i], round);
            send_str (dealer[i], body, 0);
            const char *frames[] = {ids[i], body, NULL};
            RECV_STRS (router, frames);
            char reply[32];
            snprintf (reply, sizeof reply, "to %s %d", ids[i], round);
            const char *out[] = {ids[i], "x", reply, NULL};
            send_strs (router, out);
            const char *in[] = {"x", reply, NULL};
            RECV_STRS (dealer[i], in);
        }
    }
    for (int i = 0; i < 2; i++)
        TEST_ZMQ_OK (zmq_close (dealer[i]));
    TEST_ZMQ_OK (zmq_close (router));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
