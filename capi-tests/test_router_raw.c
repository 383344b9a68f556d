/* ZMQ_ROUTER_RAW (deprecated in libzmq, still honoured): a ROUTER whose
 * connections carry raw bytes and which routes as STREAM does: a plain TCP
 * client's connection is announced with [id, ""], its bytes arrive as
 * [id, bytes], [id, bytes] writes to it and [id, ""] closes it. Not
 * readable back (EINVAL, as libzmq). Sending keeps ROUTER's rules: a
 * message for an unknown id, or for a peer that does not read, is dropped
 * (the send succeeds and never blocks) unless ROUTER_MANDATORY, which
 * makes them EHOSTUNREACH and EAGAIN. Ours only: refused after the first
 * bind/connect (libzmq applies it to later connections) and on REP. */
#include "testutil.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *r = test_socket (ctx, ZMQ_ROUTER);
    set_int_opt (r, ZMQ_ROUTER_RAW, 1);
    int v;
    size_t len = sizeof v;
    TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (r, ZMQ_ROUTER_RAW, &v, &len));
    char ep[64];
    bind_ephemeral (r, ep, sizeof ep);

    int fd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset (&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    a.sin_port = htons ((uint16_t) endpoint_port (ep));
    TEST_ASSERT (connect (fd, (struct sockaddr *) &a, sizeof a) == 0);

    unsigned char id[256];
    char d[64];
    int n = TEST_ZMQ_OK (zmq_recv (r, id, sizeof id, 0));
    TEST_ASSERT_EQ_INT (1, rcvmore (r));
    TEST_ASSERT_EQ_INT (0, zmq_recv (r, d, sizeof d, 0));
    TEST_ASSERT_EQ_INT (5, (int) send (fd, "hello", 5, 0));
    TEST_ASSERT_EQ_INT (n, zmq_recv (r, id, sizeof id, 0));
    TEST_ASSERT_EQ_INT (5, zmq_recv (r, d, sizeof d, 0));
    TEST_ASSERT_EQ_MEM ("hello", d, 5);

    TEST_ZMQ_OK (zmq_send (r, id, (size_t) n, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (r, "world", 5, 0));
    struct pollfd p = {fd, POLLIN, 0};
    TEST_ASSERT_EQ_INT (1, poll (&p, 1, 5000));
    TEST_ASSERT_EQ_INT (5, (int) recv (fd, d, sizeof d, 0));
    TEST_ASSERT_EQ_MEM ("world", d, 5);

    /* ROUTER's rules: dropped, never blocking (SNDTIMEO is infinite). */
    set_int_opt (r, ZMQ_SNDHWM, 2);
    TEST_ASSERT_EQ_INT (6, zmq_send (r, "nobody", 6, ZMQ_SNDMORE));
    TEST_ASSERT_EQ_INT (1, zmq_send (r, "x", 1, 0));
    set_int_opt (r, ZMQ_SNDTIMEO, -1);
    static char chunk[65536];
    for (int i = 0; i < 200; i++) {
        TEST_ASSERT_EQ_INT (n, zmq_send (r, id, (size_t) n, ZMQ_SNDMORE));
        TEST_ASSERT_EQ_INT ((int) sizeof chunk,
                            zmq_send (r, chunk, sizeof chunk, 0));
    }
    set_int_opt (r, ZMQ_ROUTER_MANDATORY, 1);
    set_int_opt (r, ZMQ_SNDTIMEO, 100);
    TEST_ZMQ_ERR (EHOSTUNREACH, zmq_send (r, "nobody", 6, ZMQ_SNDMORE));
    int full = 0;
    for (int i = 0; i < 200 && !full; i++) {
        if (zmq_send (r, id, (size_t) n, ZMQ_SNDMORE) < 0) {
            TEST_ASSERT_EQ_INT (EAGAIN, zmq_errno ());
            full = 1;
        } else
            TEST_ZMQ_OK (zmq_send (r, chunk, sizeof chunk, 0));
    }
    TEST_ASSERT_MSG (full, "a peer that never reads took 200 x 64 KiB");
    set_int_opt (r, ZMQ_ROUTER_MANDATORY, 0);
    /* The client reads all that was taken, until nothing comes for 300 ms;
     * then the pipe has room again for the close (a full one would drop
     * it like any message). */
    while (poll (&p, 1, 300) == 1)
        TEST_ASSERT (recv (fd, chunk, sizeof chunk, 0) > 0);
    TEST_ZMQ_OK (zmq_send (r, id, (size_t) n, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (r, "", 0, 0));
    int64_t deadline;
    /* Drain what was delivered before the close, then EOF (libzmq closes
     * inside a zmq call: keep making one). */
    ssize_t got = 1;
    deadline = now_ms () + 10000;
    while (got != 0) {
        TEST_ASSERT_MSG (now_ms () < deadline, "not closed");
        if (poll (&p, 1, 20) == 1) {
            got = recv (fd, chunk, sizeof chunk, 0);
            TEST_ASSERT (got >= 0);
        } else
            get_int_opt (r, ZMQ_EVENTS);
    }
    close (fd);

    if (zmq_has ("tls")) {
        int one = 1;
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (r, ZMQ_ROUTER_RAW, &one, sizeof one));
        void *rep = test_socket (ctx, ZMQ_REP);
        TEST_ZMQ_ERR (EINVAL,
                      zmq_setsockopt (rep, ZMQ_ROUTER_RAW, &one, sizeof one));
        TEST_ZMQ_OK (zmq_close (rep));
        /* PROBE_ROUTER's empty message would close raw connections. */
        void *pr = test_socket (ctx, ZMQ_ROUTER);
        set_int_opt (pr, ZMQ_PROBE_ROUTER, 1);
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (pr, ZMQ_ROUTER_RAW, &one, sizeof one));
        set_int_opt (pr, ZMQ_PROBE_ROUTER, 0);
        set_int_opt (pr, ZMQ_ROUTER_RAW, 1);
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (pr, ZMQ_PROBE_ROUTER, &one, sizeof one));
        TEST_ZMQ_OK (zmq_close (pr));
        /* Off again before any endpoint: a ROUTER speaking ZMTP. */
        void *r2 = test_socket (ctx, ZMQ_ROUTER);
        set_int_opt (r2, ZMQ_ROUTER_RAW, 1);
        set_int_opt (r2, ZMQ_ROUTER_RAW, 0);
        bind_ephemeral (r2, ep, sizeof ep);
        void *dealer = test_socket (ctx, ZMQ_DEALER);
        TEST_ZMQ_OK (zmq_setsockopt (dealer, ZMQ_ROUTING_ID, "D", 1));
        TEST_ZMQ_OK (zmq_connect (dealer, ep));
        send_str (dealer, "zmtp", 0);
        const char *frames[] = {"D", "zmtp", NULL};
        RECV_STRS (r2, frames);
        TEST_ZMQ_OK (zmq_close (dealer));
        TEST_ZMQ_OK (zmq_close (r2));
    }
    TEST_ZMQ_OK (zmq_close (r));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
