/* IPv6 over tcp with ZMQ_IPV6=1: bind tcp://[::1]:* reads back as
 * tcp://[::1]:P, the wildcard "*:*" as tcp://[::]:P, lo:* as tcp://[::1]:P; a
 * connect to [::1] exchanges messages and Peer-Address is "::1"; an
 * IPv6-enabled socket still talks to an IPv4 one; without ZMQ_IPV6 a
 * connect to [::1]:P returns 0 but never connects. Skipped (exit 77) when
 * the host has no IPv6 loopback. */
#include "testutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

static int have_ipv6_loopback (void)
{
    int fd = socket (AF_INET6, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in6 a;
    memset (&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    int ok = bind (fd, (struct sockaddr *) &a, sizeof a) == 0;
    close (fd);
    return ok;
}

static int starts_with (const char *s, const char *prefix)
{
    return strncmp (s, prefix, strlen (prefix)) == 0;
}

int main (void)
{
    if (!have_ipv6_loopback ()) {
        printf ("no IPv6 loopback: skipped\n");
        return 77;
    }
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256], ep2[256];

    void *b = test_socket (ctx, ZMQ_PAIR);
    set_int_opt (b, ZMQ_IPV6, 1);
    bind_ephemeral_at (b, "tcp://[::1]:*", ep, sizeof ep);
    TEST_ASSERT_MSG (starts_with (ep, "tcp://[::1]:"), "%s", ep);
    TEST_ASSERT (endpoint_port (ep) > 0);

    void *c = test_socket (ctx, ZMQ_PAIR);
    set_int_opt (c, ZMQ_IPV6, 1);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    bounce (c, b);
    send_str (c, "v6", 0);
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    TEST_ASSERT_EQ_INT (2, zmq_msg_recv (&m, b, 0));
    TEST_ASSERT_EQ_STR ("::1", zmq_msg_gets (&m, "Peer-Address"));
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ZMQ_OK (zmq_close (c));

    /* Without ZMQ_IPV6 the connect call itself succeeds (the address is
     * resolved asynchronously), but no connection is ever made. */
    c = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    TEST_ZMQ_OK (zmq_send (c, "lost", 4, ZMQ_DONTWAIT));
    set_int_opt (b, ZMQ_RCVTIMEO, 300);
    char buf[8];
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (b, buf, sizeof buf, 0));
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (b));

    /* Wildcard with IPv6 on: tcp://[::]:P, reachable over IPv4 and v6. */
    b = test_socket (ctx, ZMQ_PAIR);
    set_int_opt (b, ZMQ_IPV6, 1);
    bind_ephemeral_at (b, "tcp://*:*", ep, sizeof ep);
    TEST_ASSERT_MSG (starts_with (ep, "tcp://[::]:"), "%s", ep);
    c = test_socket (ctx, ZMQ_PAIR); /* plain IPv4 socket */
    snprintf (ep2, sizeof ep2, "tcp://127.0.0.1:%d", endpoint_port (ep));
    TEST_ZMQ_OK (zmq_connect (c, ep2));
    bounce (c, b);
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (b));

    /* Interface name with IPv6 on. */
    b = test_socket (ctx, ZMQ_PAIR);
    set_int_opt (b, ZMQ_IPV6, 1);
    bind_ephemeral_at (b, "tcp://lo:*", ep, sizeof ep);
    TEST_ASSERT_MSG (starts_with (ep, "tcp://[::1]:"), "%s", ep);
    TEST_ZMQ_OK (zmq_close (b));

    /* ZMQ_IPV6 from the context. */
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IPV6, 1));
    b = test_socket (ctx, ZMQ_PAIR);
    bind_ephemeral_at (b, "tcp://[::1]:*", ep, sizeof ep);
    c = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    bounce (c, b);
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (b));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
