/* tls:// over IPv6 (ZMQ_IPV6 1): bind tls://[::1]:* (LAST_ENDPOINT
 * tls://[::1]:PORT) and connect to it. Skipped (77) without IPv6 loopback. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    int probe = socket (AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 sa;
    memset (&sa, 0, sizeof sa);
    sa.sin6_family = AF_INET6;
    sa.sin6_addr = in6addr_loopback;
    if (probe < 0 || bind (probe, (struct sockaddr *) &sa, sizeof sa) != 0) {
        printf ("no IPv6 loopback: skipped\n");
        return 77;
    }
    close (probe);

    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *server = test_socket (ctx, ZMQ_REP);
    set_int_opt (server, ZMQ_IPV6, 1);
    tls_creds (server, NULL, "server.crt", "server.key");
    char ep[256];
    bind_ephemeral_at (server, "tls://[::1]:*", ep, sizeof ep);
    TEST_ASSERT_MSG (strncmp (ep, "tls://[::1]:", 12) == 0
                       && endpoint_port (ep) > 0,
                     "LAST_ENDPOINT = \"%s\"", ep);

    void *client = test_socket (ctx, ZMQ_REQ);
    set_int_opt (client, ZMQ_IPV6, 1);
    tls_creds (client, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (client, ep));
    req_rep_roundtrip (client, server, "hello6", "world6");

    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
