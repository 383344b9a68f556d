/* ZMQ_SOCKS_PROXY: tcp connects go through a SOCKS5 proxy (RFC 1928, no
 * authentication). The proxy here is a small one in a thread: it checks the
 * greeting, records the CONNECT request, connects to the destination and
 * relays bytes (or, in refusing mode, answers "connection not allowed").
 * - a PUSH connecting to tcp://localhost:PORT through it reaches the PULL;
 *   the proxy saw a request for the name "localhost" (the proxy resolves
 *   it) and PORT;
 * - a proxy that splits its replies across reads (one byte, then a few,
 *   then the rest), answers with a domain name as the bound address (a
 *   reply of variable length), and sends the destination's first bytes in
 *   the same segment as the end of its reply: the PUSH still gets through;
 * - a refused request: nothing arrives, the PUSH keeps retrying (libzmq
 *   4.3.4 aborts here: "Bad file descriptor (src/epoll.cpp:113)");
 * - getsockopt returns the proxy; an empty value means no proxy. */
#include "testutil.h"

#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>

typedef struct
{
    int lfd, port, refuse, split;
    char host[256];
    int req_port, atyp, requests, coalesced;
} proxy_t;

static int read_n (int fd, unsigned char *b, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = recv (fd, b + got, n - got, 0);
        if (r <= 0)
            return -1;
        got += (size_t) r;
    }
    return 0;
}

static void *proxy_thread (void *arg)
{
    proxy_t *p = (proxy_t *) arg;
    for (;;) {
        int c = accept (p->lfd, NULL, NULL);
        if (c < 0)
            return NULL;
        unsigned char b[300];
        if (read_n (c, b, 3) || b[0] != 5 || b[1] != 1 || b[2] != 0) {
            close (c);
            continue;
        }
        if (p->split) {
            send (c, "\005", 1, MSG_NOSIGNAL);
            usleep (20000);
            send (c, "\000", 1, MSG_NOSIGNAL);
        } else
            send (c, "\005\000", 2, MSG_NOSIGNAL);
        if (read_n (c, b, 4) || b[0] != 5 || b[1] != 1) {
            close (c);
            continue;
        }
        p->atyp = b[3];
        p->requests++;
        struct sockaddr_in to;
        memset (&to, 0, sizeof to);
        to.sin_family = AF_INET;
        to.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
        if (b[3] == 3) {
            unsigned char len;
            read_n (c, &len, 1);
            read_n (c, (unsigned char *) p->host, len);
            p->host[len] = 0;
        } else if (b[3] == 1) {
            read_n (c, b, 4);
            memcpy (&to.sin_addr, b, 4);
        }
        read_n (c, b, 2);
        p->req_port = b[0] << 8 | b[1];
        to.sin_port = htons ((uint16_t) p->req_port);
        if (p->refuse) {
            send (c, "\005\002\000\001\000\000\000\000\000\000", 10, MSG_NOSIGNAL);
            close (c);
            continue;
        }
        int t = socket (AF_INET, SOCK_STREAM, 0);
        if (connect (t, (struct sockaddr *) &to, sizeof to) != 0) {
            send (c, "\005\005\000\001\000\000\000\000\000\000", 10, MSG_NOSIGNAL);
            close (c);
            close (t);
            continue;
        }
        if (p->split) {
            /* BND.ADDR as a name: 5 0 0 3 len "localhost" port. */
            static const char rep[] = "\005\000\000\003\011localhost\000\000";
            const size_t n = sizeof rep - 1;
            send (c, rep, 1, MSG_NOSIGNAL);
            usleep (20000);
            send (c, rep + 1, 4, MSG_NOSIGNAL);
            usleep (20000);
            /* The destination's greeting is there by now: the end of the
             * reply and its first bytes go in one segment. */
            char buf[4096 + 32];
            memcpy (buf, rep + 5, n - 5);
            size_t len = n - 5;
            struct pollfd tp = {t, POLLIN, 0};
            if (poll (&tp, 1, 1000) == 1) {
                ssize_t k = recv (t, buf + len, 4096, 0);
                if (k > 0)
                    len += (size_t) k;
            }
            p->coalesced = len > n - 5;
            send (c, buf, len, MSG_NOSIGNAL);
        } else
            send (c, "\005\000\000\001\000\000\000\000\000\000", 10,
                  MSG_NOSIGNAL);
        struct pollfd fds[2] = {{c, POLLIN, 0}, {t, POLLIN, 0}};
        for (int open = 1; open;) {
            if (poll (fds, 2, 5000) <= 0)
                break;
            for (int i = 0; i < 2; i++)
                if (fds[i].revents) {
                    char buf[4096];
                    ssize_t n = recv (fds[i].fd, buf, sizeof buf, 0);
                    if (n <= 0 || send (fds[1 - i].fd, buf, (size_t) n, MSG_NOSIGNAL) != n)
                        open = 0;
                }
        }
        close (c);
        close (t);
    }
}

static void start_proxy (proxy_t *p, pthread_t *th)
{
    p->lfd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset (&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    TEST_ASSERT (bind (p->lfd, (struct sockaddr *) &sa, sizeof sa) == 0);
    TEST_ASSERT (listen (p->lfd, 8) == 0);
    socklen_t len = sizeof sa;
    getsockname (p->lfd, (struct sockaddr *) &sa, &len);
    p->port = ntohs (sa.sin_port);
    TEST_ASSERT (pthread_create (th, NULL, proxy_thread, p) == 0);
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *pull = test_socket (ctx, ZMQ_PULL);
    char ep[256];
    bind_ephemeral (pull, ep, sizeof ep);
    int port = endpoint_port (ep);

    static proxy_t p;
    pthread_t th;
    start_proxy (&p, &th);
    char proxy[64], dest[64];
    snprintf (proxy, sizeof proxy, "127.0.0.1:%d", p.port);
    snprintf (dest, sizeof dest, "tcp://localhost:%d", port);

    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_setsockopt (push, ZMQ_SOCKS_PROXY, proxy, strlen (proxy)));
    char got[64];
    size_t len = sizeof got;
    TEST_ZMQ_OK (zmq_getsockopt (push, ZMQ_SOCKS_PROXY, got, &len));
    TEST_ASSERT_EQ_STR (proxy, got);
    TEST_ZMQ_OK (zmq_connect (push, dest));
    send_str (push, "through the proxy", 0);
    RECV_STR (pull, "through the proxy");
    TEST_ASSERT_EQ_INT (3, p.atyp);
    TEST_ASSERT_EQ_STR ("localhost", p.host);
    TEST_ASSERT_EQ_INT (port, p.req_port);
    TEST_ZMQ_OK (zmq_close (push));

    /* a proxy that splits its replies and coalesces the last piece with
     * the destination's first bytes */
    p.split = 1;
    push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_setsockopt (push, ZMQ_SOCKS_PROXY, proxy, strlen (proxy)));
    TEST_ZMQ_OK (zmq_connect (push, dest));
    send_str (push, "split replies", 0);
    RECV_STR (pull, "split replies");
    TEST_ASSERT_MSG (p.coalesced, "the proxy did not coalesce");
    TEST_ZMQ_OK (zmq_close (push));
    p.split = 0;

    /* a proxy that refuses */
    p.refuse = 1;
    int before = p.requests;
    push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (push, ZMQ_RECONNECT_IVL, 50);
    set_int_opt (push, ZMQ_LINGER, 0);
    TEST_ZMQ_OK (zmq_setsockopt (push, ZMQ_SOCKS_PROXY, proxy, strlen (proxy)));
    TEST_ZMQ_OK (zmq_connect (push, dest));
    zmq_send (push, "must not arrive", 15, ZMQ_DONTWAIT);
    set_int_opt (pull, ZMQ_RCVTIMEO, 500);
    char buf[32];
    TEST_ASSERT_EQ_INT (-1, zmq_recv (pull, buf, sizeof buf, 0));
    TEST_ASSERT_MSG (p.requests >= before + 2, "no retry through the proxy (%d)",
                     p.requests - before);
    TEST_ZMQ_OK (zmq_close (push));

    if (zmq_has ("tls")) {
        /* ours: tls:// through a proxy is refused, not done directly */
        push = test_socket (ctx, ZMQ_PUSH);
        TEST_ZMQ_OK (zmq_setsockopt (push, ZMQ_SOCKS_PROXY, proxy, strlen (proxy)));
        TEST_ZMQ_ERR (EINVAL, zmq_connect (push, "tls://localhost:5555"));
        TEST_ZMQ_OK (zmq_close (push));
    }
    shutdown (p.lfd, SHUT_RDWR);
    close (p.lfd);
    pthread_join (th, NULL);
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
